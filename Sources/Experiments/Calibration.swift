// Calibration by history matching (issue 13): wave after wave, a maximin Latin hypercube of points in
// the current region of parameter space, each run for R replications with common random numbers;
// a point is kept when its implausibility against the targets is low enough; the next wave samples
// the box around the kept points, widened by the wave's point spacing. The methods are generic
// (Sources/Uncertainty); this file runs the model for them.

import Foundation
import Synchronization
import ScenarioKit
import SimCore
import SocialDomain
import Uncertainty

public struct CalibrationSettings: Sendable {
    public var waves = 3
    public var points = 200
    public var replications = 10
    public var seed: UInt64 = 1
    public var threads = 1
    /// Stop when the next region would keep more than this share of the current one's volume ...
    public var stopWhenShrinkAbove = 0.9
    /// ... and at least this many points have been kept: with fewer, the bound on the region's width
    /// is more than 1.65 times the kept points' range (ParameterBox.support), too loose to tell
    /// whether the region has settled, so the next wave samples it again.
    public var keptToJudgeShrinking = 10

    public init(waves: Int = 3, points: Int = 200, replications: Int = 10, seed: UInt64 = 1, threads: Int = 1) {
        self.waves = waves; self.points = points; self.replications = replications; self.seed = seed; self.threads = threads
    }
}

/// One point of one wave: its parameter values, the model's mean per target and the implausibilities.
public struct CalibrationPoint: Sendable, Equatable {
    public var wave: Int
    public var index: Int
    public var values: [Double]
    public var means: [Double]
    public var implausibility: [Double]
    public var kept: Bool
    /// The largest implausibility over the targets used to rule out (monitored targets left out).
    public var maxImplausibility: Double
}

/// One wave: the region it sampled, how its points were chosen, and its points.
public struct CalibrationWave: Sendable, Equatable {
    public var wave: Int
    public var box: ParameterBox
    /// Candidate points the emulators screened, and how many of them passed (0 and 0 in the first
    /// wave, which is a Latin hypercube of the ranges).
    public var candidates = 0
    public var screened = 0
    public var points: [CalibrationPoint]
}

/// The points a wave runs, and how they were chosen.
public struct WaveDesign: Sendable {
    public var points: [[Double]]
    public var candidates = 0
    public var screened = 0
}

/// A calibration's progress: the waves done and the region the next wave samples (nil when done).
/// Written to DIR/calibration-state.json after every wave, so that a run resumes and shards of one
/// wave can be merged on another machine.
public struct CalibrationResult: Sendable {
    public var parameters: [ParameterSpec]
    public var targets: [TargetSpec]
    /// What the waves belong to: the scenario apart from the calibrated values, the targets file and
    /// the settings (hashed).
    public var fingerprint: String
    public var waves: [CalibrationWave] = []
    public var next: ParameterBox?
    /// Why the calibration ended, once it has.
    public var stopReason: String?

    public var finished: Bool { next == nil }
    public var nextWave: Int { (waves.last?.wave ?? 0) + 1 }
    public var points: [CalibrationPoint] { waves.flatMap(\.points) }
    /// The region each wave sampled (the first is the parameters' ranges).
    public var boxes: [ParameterBox] { waves.map(\.box) }
    /// The kept points of every wave: the non-implausible set. (Without an emulator a point's
    /// implausibility does not change from wave to wave: each comes from R runs of the model, so a
    /// point kept in the first wave is as plausible as one kept in the last.)
    public var plausible: [CalibrationPoint] { points.filter(\.kept) }
    /// The kept point with the lowest largest implausibility.
    public var best: CalibrationPoint? { plausible.min { $0.maxImplausibility < $1.maxImplausibility } }
    /// Which targets rule points out (the others are monitored only).
    public var used: [Bool] { targets.map { $0.monitorOnly == nil } }
}

public enum Calibration {
    /// A calibration that has run no wave yet: the first wave samples the parameters' ranges.
    public static func start(_ scenario: Scenario, _ file: TargetsFile, _ settings: CalibrationSettings, version: String = "") -> CalibrationResult {
        // What the waves depend on: the scenario apart from the calibrated values, the targets file
        // and the settings (not the thread count, which changes nothing).
        let inputs = [ScenarioLoader.contentOutside(file.parameters, of: scenario), file.sha256, String(settings.seed), String(settings.points),
                      String(settings.replications), String(settings.waves), version].joined(separator: "\n")
        return CalibrationResult(parameters: file.parameters, targets: file.targets, fingerprint: SHA256.hex(Data(inputs.utf8)),
                                 next: ParameterBox(lower: file.parameters.map(\.lower), upper: file.parameters.map(\.upper)))
    }

    /// Runs the waves still to run. Deterministic: the same seed gives the same points and
    /// implausibilities on any number of threads and with any sharding (each replication's stream is
    /// a function of the seed and the replication only, common across the points of a wave; a
    /// wave's design is a function of the seed, the wave and its region).
    public static func run(_ scenario: Scenario, _ file: TargetsFile, _ settings: CalibrationSettings,
                           from state: CalibrationResult? = nil,
                           afterWave: (CalibrationResult) throws -> Void = { _ in }) throws -> CalibrationResult {
        var result = state ?? start(scenario, file, settings)
        while !result.finished {
            let design = design(result, settings)
            let configs = try configurations(scenario, result, design.points)
            let outputs = evaluate(configs, measures: result.targets.map(\.measure), settings: settings,
                                   jobs: 0..<(configs.count * settings.replications))
            complete(&result, design: design, outputs: outputs, settings: settings)
            try afterWave(result)
        }
        return result
    }

    /// The next wave's points. The first wave: a maximin Latin hypercube of the ranges. Later waves
    /// (history matching with emulators, Vernon et al. 2010): per target a regression emulator of the
    /// model's mean, fitted to every point run so far (RegressionEmulator), gives each of many random
    /// candidates in the region an emulated implausibility; the wave runs the first candidates the
    /// keep rule does not rule out (a uniform sample of the emulated non-implausible region), topped
    /// up from a maximin Latin hypercube of the region when too few pass. Integer parameters whole.
    public static func design(_ r: CalibrationResult, _ settings: CalibrationSettings) -> WaveDesign {
        guard let box = r.next else { return WaveDesign(points: []) }
        var rng = StreamKey(seed: settings.seed, purpose: 0xCA1B, index: UInt64(r.nextWave)).makeGenerator()
        func whole(_ x: [Double]) -> [Double] {
            zip(x, r.parameters).map { v, p in p.integer ? min(p.upper, v.rounded()) : v }
        }
        let lhs = { (rng: inout Xoshiro256StarStar) in
            LatinHypercube.maximin(points: settings.points, dimensions: r.parameters.count, using: &rng).map { whole(box.point(fromUnit: $0)) }
        }
        guard let ranges = r.waves.first?.box else { return WaveDesign(points: lhs(&rng)) }
        let run = r.points
        let inputs = run.map(\.values)
        let rule = KeepRule.standard(targets: r.used.filter { $0 }.count)
        var screens: [(emulator: RegressionEmulator, value: Double, sd: Double)] = []
        for (t, target) in r.targets.enumerated() where target.monitorOnly == nil {
            let offset = 0.01 * max(abs(target.value), target.sd)
            guard let emulator = RegressionEmulator.fitBest(inputs: inputs, outputs: run.map { $0.means[t] }, box: ranges, offset: offset)
            else { continue }
            screens.append((emulator, target.value, (target.sd * target.sd + target.discrepancySD * target.discrepancySD).squareRoot()))
        }
        let count = max(5_000, 50 * settings.points)
        let candidates = LatinHypercube.random(points: count, dimensions: r.parameters.count, using: &rng).map { whole(box.point(fromUnit: $0)) }
        let passed = candidates.filter { x in rule.keeps(screens.map { $0.emulator.implausibility(x, target: $0.value, sd: $0.sd) }) }
        var points = Array(passed.prefix(settings.points))
        if points.count < settings.points { points += lhs(&rng).prefix(settings.points - points.count) }
        return WaveDesign(points: points, candidates: count, screened: passed.count)
    }

    /// The scenario at each point of a design.
    public static func configurations(_ scenario: Scenario, _ r: CalibrationResult, _ design: [[Double]]) throws(ScenarioErrors) -> [ModelConfig] {
        var configs: [ModelConfig] = []
        for (i, values) in design.enumerated() {
            configs.append(try ScenarioLoader.applying(values, to: r.parameters, in: scenario,
                                                       name: "\(scenario.name)[wave \(r.nextWave) point \(i)]").config)
        }
        return configs
    }

    /// Job j runs replication j mod R of point j ÷ R; per job in `jobs` the value of every target's
    /// measure, in job order. Threads share the jobs.
    public static func evaluate(_ configs: [ModelConfig], measures: [String], settings: CalibrationSettings, jobs: Range<Int>) -> [[Double]] {
        let replications = settings.replications
        let slots = Mutex<[[Double]?]>(Array(repeating: nil, count: jobs.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(settings.threads, jobs.count))) { _ in
            while true {
                let slot = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard slot < jobs.count else { break }
                let (c, r) = (jobs.lowerBound + slot).quotientAndRemainder(dividingBy: replications)
                let result = CityModel.replicate(configs[c], key: StreamKey(seed: settings.seed, replication: UInt64(r)))
                let values = measures.map { result.value($0) ?? .nan }
                slots.withLock { $0[slot] = values }
            }
        }
        return slots.withLock { $0.map { $0 ?? [] } }
    }

    /// One point scored from its replications' values (per replication, the value of every target's
    /// measure): the mean and the implausibility per target, and whether the keep rule keeps it
    /// (monitored targets left out).
    static func score(_ targets: [TargetSpec], values: [Double], runs: [[Double]], wave: Int, index: Int) -> CalibrationPoint {
        var means: [Double] = [], implausibility: [Double] = []
        for (t, spec) in targets.enumerated() {
            let target = Target(name: spec.name, mean: spec.value, observationSD: spec.sd, discrepancySD: spec.discrepancySD)
            let xs = runs.map { $0[t] }
            let mean = xs.reduce(0, +) / Double(xs.count)
            let variance = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1) : 0
            means.append(mean)
            implausibility.append(target.implausibility(mean: mean, variance: variance, replications: xs.count))
        }
        let used = targets.map { $0.monitorOnly == nil }
        let ruling = zip(implausibility, used).filter(\.1).map(\.0)
        let rule = KeepRule.standard(targets: used.filter { $0 }.count)
        return CalibrationPoint(wave: wave, index: index, values: values, means: means, implausibility: implausibility,
                                kept: rule.keeps(ruling), maxImplausibility: ruling.max() ?? 0)
    }

    /// The scenario as it is, against the targets: R replications, the same implausibilities and keep
    /// rule as a wave's points (is the scenario's own point non-implausible?).
    public static func check(_ scenario: Scenario, _ file: TargetsFile, _ settings: CalibrationSettings) -> CalibrationPoint {
        let runs = evaluate([scenario.config], measures: file.targets.map(\.measure), settings: settings, jobs: 0..<settings.replications)
        return score(file.targets, values: [], runs: runs, wave: 0, index: 0)
    }

    /// check.csv: per target the scenario's mean, the target, the implausibility, and whether it rules out.
    public static func checkCSV(_ point: CalibrationPoint, _ targets: [TargetSpec]) -> String {
        var lines = ["target,measure,model_mean,value,sd,implausibility,role"]
        for (t, target) in targets.enumerated() {
            lines.append([target.name, target.measure, String(point.means[t]), String(target.value), String(target.sd),
                          String(point.implausibility[t]), target.monitorOnly == nil ? "rules out" : "monitored"].map(RunDirectory.csv).joined(separator: ","))
        }
        lines.append(["(the point)", "", "", "", "", String(point.maxImplausibility), point.kept ? "kept" : "ruled out"].joined(separator: ","))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Scores a wave from the values of all its jobs and decides the next region: the box that holds
    /// the region of every kept point so far with 95% confidence per parameter (ParameterBox.support;
    /// one point: widened by the wave's point spacing); the same region afresh when nothing has been
    /// kept (the plausible region may be small against the spacing); done after the last wave, or
    /// when the region stops shrinking once enough points are kept to tell.
    public static func complete(_ r: inout CalibrationResult, design: WaveDesign, outputs: [[Double]], settings: CalibrationSettings) {
        guard let box = r.next else { return }
        let wave = r.nextWave
        let replications = settings.replications
        let points = design.points.enumerated().map { i, values in
            score(r.targets, values: values, runs: Array(outputs[(i * replications)..<((i + 1) * replications)]), wave: wave, index: i)
        }
        r.waves.append(CalibrationWave(wave: wave, box: box, candidates: design.candidates, screened: design.screened, points: points))
        let start = r.waves[0].box
        let kept = r.plausible.map(\.values)
        if wave >= settings.waves {
            r.next = nil
            r.stopReason = "after \(wave) wave\(wave == 1 ? "" : "s"), the most asked for"
        } else if let region = ParameterBox.support(of: kept, fallbackPad: box.spacing(points: settings.points), within: start) {
            let shrink = box.volume > 0 ? region.volume / box.volume : 1
            if shrink > settings.stopWhenShrinkAbove && kept.count >= settings.keptToJudgeShrinking {
                r.next = nil
                r.stopReason = String(format: "after wave %d: the region stopped shrinking (the next would hold %.0f%% of this wave's)", wave, 100 * shrink)
            } else {
                r.next = region
            }
        }
    }

    /// waves.csv: wave, point, the parameters by path, the implausibility per target, the largest, kept.
    public static func wavesCSV(_ r: CalibrationResult) -> String {
        var lines = [(["wave", "point"] + r.parameters.map(\.path) + r.targets.map { "I." + $0.name } + ["max_I", "kept"]).joined(separator: ",")]
        for p in r.points {
            lines.append(([String(p.wave), String(p.index)] + p.values.map { String($0) } + p.implausibility.map { String($0) }
                          + [String(p.maxImplausibility), p.kept ? "1" : "0"]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// parameters.csv: per parameter its range, the non-implausible range and the best point, as the
    /// scenario file writes them ("0.0035/w", "26w", 67; 4 significant digits: plausible.csv and
    /// calibrated.json5 hold the exact values), and the range's source.
    public static func parametersCSV(_ r: CalibrationResult) -> String {
        var lines = ["parameter,range_low,range_high,plausible_low,plausible_high,best,source"]
        let plausible = r.plausible
        for (j, p) in r.parameters.enumerated() {
            let values = plausible.map { $0.values[j] }
            let show = { (x: Double?) in x.map { p.display($0, significant: 4) } ?? "" }
            lines.append([p.path, show(p.lower), show(p.upper), show(values.min()), show(values.max()),
                          show(r.best?.values[j]), p.source].map(RunDirectory.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// targets.csv: per target its value and sds, whether it rules points out or is monitored (and
    /// why), and the model's mean at the best point and over the non-implausible points.
    public static func targetsCSV(_ r: CalibrationResult) -> String {
        var lines = ["target,measure,value,sd,discrepancy_sd,role,model_best,model_plausible_low,model_plausible_high,source,monitor_only"]
        let plausible = r.plausible
        for (t, target) in r.targets.enumerated() {
            let means = plausible.map { $0.means[t] }.filter(\.isFinite)
            let show = { (x: Double?) in x.map { String($0) } ?? "" }
            lines.append([target.name, target.measure, String(target.value), String(target.sd), String(target.discrepancySD),
                          target.monitorOnly == nil ? "rules out" : "monitored", show(r.best?.means[t]), show(means.min()), show(means.max()),
                          target.source, target.monitorOnly ?? ""].map(RunDirectory.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// plausible.csv: the non-implausible points, the parameters by path.
    public static func plausibleCSV(_ r: CalibrationResult) -> String {
        var lines = [r.parameters.map(\.path).joined(separator: ",")]
        for p in r.plausible { lines.append(p.values.map { String($0) }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
