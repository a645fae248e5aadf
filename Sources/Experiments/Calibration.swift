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
    /// Stop when a wave's region keeps more than this share of the previous one's volume.
    public var stopWhenShrinkAbove = 0.9

    public init(waves: Int = 3, points: Int = 200, replications: Int = 10, seed: UInt64 = 1, threads: Int = 1) {
        self.waves = waves; self.points = points; self.replications = replications; self.seed = seed; self.threads = threads
    }
}

/// One point of one wave: its parameter values, the model's mean per target and the implausibilities.
public struct CalibrationPoint: Sendable {
    public var wave: Int
    public var index: Int
    public var values: [Double]
    public var means: [Double]
    public var implausibility: [Double]
    public var kept: Bool
    public var maxImplausibility: Double { implausibility.max() ?? 0 }
}

public struct CalibrationResult: Sendable {
    public var parameters: [ParameterSpec]
    public var targets: [TargetSpec]
    public var points: [CalibrationPoint]
    /// The region each wave sampled (the first is the parameters' ranges).
    public var boxes: [ParameterBox]
    /// The kept points of the last wave that kept any: the non-implausible set.
    public var plausible: [CalibrationPoint] {
        guard let last = points.filter(\.kept).map(\.wave).max() else { return [] }
        return points.filter { $0.kept && $0.wave == last }
    }
    /// The kept point with the lowest largest implausibility.
    public var best: CalibrationPoint? { plausible.min { $0.maxImplausibility < $1.maxImplausibility } }
}

public enum Calibration {
    /// Runs the waves. Deterministic: the same seed gives the same points and implausibilities on any
    /// number of threads (each replication's stream is a function of the seed, the wave, the point
    /// and the replication only, and common across the points of a wave).
    public static func run(_ scenario: Scenario, _ file: TargetsFile, _ settings: CalibrationSettings) throws(ScenarioErrors) -> CalibrationResult {
        let parameters = file.parameters, targets = file.targets
        let start = ParameterBox(lower: parameters.map(\.lower), upper: parameters.map(\.upper))
        let matchers = targets.map { Target(name: $0.name, mean: $0.value, observationSD: $0.sd, discrepancySD: $0.discrepancySD) }
        let rule = KeepRule.standard(targets: targets.count)
        var box = start
        var boxes = [start]
        var all: [CalibrationPoint] = []
        for wave in 1...max(1, settings.waves) {
            var rng = StreamKey(seed: settings.seed, purpose: 0xCA1B, index: UInt64(wave)).makeGenerator()
            let design = LatinHypercube.maximin(points: settings.points, dimensions: parameters.count, using: &rng)
                .map { u in zip(box.point(fromUnit: u), parameters).map { v, p in p.integer ? min(p.upper, v.rounded()) : v } }
            var configs: [ModelConfig] = []
            for (i, values) in design.enumerated() {
                configs.append(try ScenarioLoader.applying(values, to: parameters, in: scenario, name: "\(scenario.name)[wave \(wave) point \(i)]").config)
            }
            let outputs = runAll(configs, measures: targets.map(\.measure), replications: settings.replications,
                                 seed: settings.seed, threads: settings.threads)
            var wavePoints: [CalibrationPoint] = []
            for (i, values) in design.enumerated() {
                var means: [Double] = [], implausibility: [Double] = []
                for (t, target) in matchers.enumerated() {
                    let xs = outputs[i].map { $0[t] }
                    let mean = xs.reduce(0, +) / Double(xs.count)
                    let variance = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1) : 0
                    means.append(mean)
                    implausibility.append(target.implausibility(mean: mean, variance: variance, replications: xs.count))
                }
                wavePoints.append(CalibrationPoint(wave: wave, index: i, values: values, means: means, implausibility: implausibility,
                                                   kept: rule.keeps(implausibility)))
            }
            all += wavePoints
            let kept = wavePoints.filter(\.kept).map(\.values)
            guard wave < settings.waves else { break }
            // Nothing kept: the plausible region may be small against the points' spacing; the next
            // wave samples the same region afresh (a new design) rather than giving up.
            guard let next = ParameterBox.around(kept, margin: 0.1, pad: box.spacing(points: settings.points), within: start)
            else { continue }
            let shrink = box.volume > 0 ? next.volume / box.volume : 1
            box = next
            boxes.append(next)
            if shrink > settings.stopWhenShrinkAbove { break }
        }
        return CalibrationResult(parameters: parameters, targets: targets, points: all, boxes: boxes)
    }

    /// Every configuration for `replications` replications, threads sharing the jobs; per
    /// configuration and replication the values of `measures`, in job order.
    static func runAll(_ configs: [ModelConfig], measures: [String], replications: Int, seed: UInt64, threads: Int) -> [[[Double]]] {
        let count = configs.count * replications
        let slots = Mutex<[[Double]?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while true {
                let job = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard job < count else { break }
                let (c, r) = job.quotientAndRemainder(dividingBy: replications)
                let result = CityModel.replicate(configs[c], key: StreamKey(seed: seed, replication: UInt64(r)))
                let values = measures.map { result.value($0) ?? .nan }
                slots.withLock { $0[job] = values }
            }
        }
        let flat = slots.withLock { $0.map { $0 ?? [] } }
        return (0..<configs.count).map { c in Array(flat[(c * replications)..<((c + 1) * replications)]) }
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

    /// plausible.csv: the non-implausible points, the parameters by path.
    public static func plausibleCSV(_ r: CalibrationResult) -> String {
        var lines = [r.parameters.map(\.path).joined(separator: ",")]
        for p in r.plausible { lines.append(p.values.map { String($0) }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
