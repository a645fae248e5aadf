// No inert lever: every numeric and true/false field of a scenario is perturbed in turn (halved and
// doubled within its allowed range, or toggled; ScenarioField.perturbations) on a short run with a
// common seed, and every output of the run (every summary measure to the last bit, the monthly
// series, the safety-limit message) is compared with the unperturbed run's. Identical
// configurations give identical outputs, so any difference at all is the field's doing. A field
// whose perturbations change no output is inert; `InertFields` says which fields legitimately are
// (and why), and a field it lists that does change an output means its explanation is wrong.
//
// Run lengths: the probe sets the scenario's `warmup` and `measure` to its own short lengths and
// perturbs those like any other field. Output-only fields (`price_year`, `inhabitants`) are probed
// like the others: `inhabitants` changes the per-1,000-inhabitants measure and so is live;
// `price_year` changes nothing and is listed by `InertFields`. The seed is not a scenario field.

import Dispatch
import Foundation
import ScenarioKit
import SimCore
import SocialDomain
import Synchronization

/// How long and how often the probe runs.
public struct LeverSettings: Sendable {
    public var warmupYears: Double = 3
    public var measureYears: Double = 2
    public var replications: Int = 2
    public var seed: UInt64 = 1
    public var threads: Int = 1
    /// Probe only these paths (all levers when nil).
    public var only: Set<String>? = nil

    public init(warmupYears: Double = 3, measureYears: Double = 2, replications: Int = 2, seed: UInt64 = 1,
                threads: Int = 1, only: Set<String>? = nil) {
        self.warmupYears = warmupYears; self.measureYears = measureYears; self.replications = replications
        self.seed = seed; self.threads = threads; self.only = only
    }
}

/// What the probe found for one field.
public struct LeverResult: Sendable {
    public var path: String
    /// The value in the scenario (with the probe's run lengths).
    public var value: String
    /// The perturbed values run, in order; values the loader refused are not run and are listed in `refused`.
    public var tried: [String]
    public var refused: [String]
    /// The first output that differed from the unperturbed run; nil when none did (inert).
    public var changed: String?
    /// Why the field legitimately changes nothing here, if `InertFields` says so.
    public var explanation: InertField?
    /// Not probed here, and why: an earlier file of the same check showed it live, or showed it
    /// inert for the same reason.
    public var skipped: String? = nil
    /// Inert here, but live in this other file of the same check: the lever works where it applies
    /// (a waiting list that forms, a dropout that happens, only in some designs).
    public var actsIn: String? = nil

    public var isInert: Bool { changed == nil && skipped == nil }
    /// Inert with no reason known and live in no other file checked: a lever that does nothing.
    public var isUnexplained: Bool { isInert && explanation == nil && actsIn == nil }
    /// Listed as inert, yet an output changed: the explanation (and `validate`'s warning) is wrong.
    public var isWronglyExplained: Bool { changed != nil && explanation != nil }
    public var isProblem: Bool { isUnexplained || isWronglyExplained }
}

/// The probe of one scenario.
public struct LeverReport: Sendable {
    public var file: String
    public var scenario: String
    public var results: [LeverResult]
    /// Replications run, perturbed and unperturbed.
    public var runs: Int
    public var seconds: Double
    public var settings: LeverSettings
    /// Runs on the longer confirmation runs (`LeverProbe.probeAll`'s `confirm`).
    public var confirmRuns: Int = 0

    public var problems: [LeverResult] { results.filter(\.isProblem) }
}

public enum LeverProbe {
    /// Probes every lever of `scenario` (or those in `settings.only`). `explanations` replaces
    /// `InertFields`' list (for tests); a field whose every perturbation the loader refuses is
    /// reported with no values tried and counts as inert.
    public static func probe(_ scenario: Scenario, settings: LeverSettings = LeverSettings(),
                             explanations: [InertField]? = nil, skip: [String: String] = [:],
                             skipVerified: [String: String] = [:]) throws(ScenarioErrors) -> LeverReport {
        let start = Date()
        let files = scenario.chain + ["(levers)"]
        var tree = ScenarioLoader.statingCollections(scenario.tree)
        tree = tree.setting(["warmup"], to: Node(.string(weeksText(settings.warmupYears * 52))))
        tree = tree.setting(["measure"], to: Node(.string(weeksText(settings.measureYears * 52))))
        let base = try ScenarioLoader.build(tree, files: files, defaultName: scenario.name, file: scenario.file)
        let fields = ScenarioLoader.fields(of: tree).filter { $0.isLever && (settings.only?.contains($0.path) ?? true) }
        let explained = explanations ?? InertFields.list(config: base.config, fields: ScenarioLoader.fields(of: tree))
        var reasons: [String: InertField] = [:]
        for e in explained { reasons[e.path] = e }

        // The perturbed configurations, validated by the same reads as a file.
        var configs: [[ModelConfig]] = []
        var results: [LeverResult] = []
        for field in fields {
            var row: [ModelConfig] = []
            var tried: [String] = [], refused: [String] = []
            let reason = reasons[field.path]
            if let note = reason.map({ skipVerified[Self.key(field.path, $0)] }) ?? skip[field.path] {
                // Live in an earlier file and not said to be inert here, or said to be inert for a
                // reason an earlier file confirmed: nothing new to check.
                configs.append([])
                results.append(LeverResult(path: field.path, value: field.valueText, tried: [], refused: [], changed: nil,
                                           explanation: reason, skipped: note))
                continue
            }
            for p in field.perturbations() {
                var node = p.node
                node.file = files.count - 1
                do {
                    let s = try ScenarioLoader.build(tree.setting(field.path.split(separator: ".").map(String.init), to: node),
                                                     files: files, defaultName: scenario.name, file: scenario.file)
                    row.append(s.config)
                    tried.append(p.label)
                } catch {
                    refused.append(p.label)
                }
            }
            configs.append(row)
            results.append(LeverResult(path: field.path, value: field.valueText, tried: tried, refused: refused,
                                       changed: nil, explanation: reasons[field.path]))
        }

        let perturbed = configs
        // The unperturbed replications.
        let reps = max(1, settings.replications)
        let keys = (0..<reps).map { StreamKey(seed: settings.seed, replication: UInt64($0)) }
        let baseline = parallel(Array(0..<reps), threads: settings.threads) { r in
            Outputs(CityModel.replicate(base.config, key: keys[r]))
        }
        var runs = reps
        // Rounds: each field not yet seen to change runs its next (perturbation, replication) pair,
        // first every perturbation on replication 0, then on replication 1 …; a live field usually
        // stops after one run.
        var next = [Int](repeating: 0, count: fields.count)
        while true {
            var jobs: [(field: Int, config: Int, rep: Int)] = []
            for i in fields.indices where results[i].changed == nil && next[i] < perturbed[i].count * reps {
                let k = next[i]
                jobs.append((i, k % perturbed[i].count, k / perturbed[i].count))
                next[i] += 1
            }
            if jobs.isEmpty { break }
            let found = parallel(jobs, threads: settings.threads) { job in
                baseline[job.rep].firstDifference(CityModel.replicate(perturbed[job.field][job.config], key: keys[job.rep]))
            }
            runs += jobs.count
            for (job, difference) in zip(jobs, found) where difference != nil {
                results[job.field].changed = difference
            }
        }
        // Values tried: those run (a live field stops at its first change).
        for i in fields.indices where !perturbed[i].isEmpty {
            results[i].tried = Array(results[i].tried.prefix(min(perturbed[i].count, next[i])))
        }
        return LeverReport(file: scenario.file, scenario: scenario.name, results: results, runs: runs,
                           seconds: Date().timeIntervalSince(start), settings: settings)
    }

    static func key(_ path: String, _ reason: InertField) -> String { path + "\u{1F}" + reason.reason }

    /// Probes several scenarios as one check: the first file in full; in each later file only the
    /// fields not yet seen live and those said to be inert there for a reason no earlier file
    /// confirmed (every field with `everyFile`). A field inert in one file but live in another acts
    /// where it applies and is no problem. A field inert in every file with no reason known is
    /// probed again on the longer runs of `confirm` (a waiting list that forms only once the city
    /// has filled), file by file until it acts; if it never does, it is a problem.
    public static func probeAll(_ scenarios: [Scenario], settings: LeverSettings = LeverSettings(), everyFile: Bool = false,
                                confirm: LeverSettings? = nil, explanations: [InertField]? = nil) throws(ScenarioErrors) -> [LeverReport] {
        var liveIn: [String: String] = [:]
        var skip: [String: String] = [:], skipVerified: [String: String] = [:]
        var reports: [LeverReport] = []
        for scenario in scenarios {
            let report = try probe(scenario, settings: settings, explanations: explanations, skip: everyFile ? [:] : skip,
                                   skipVerified: everyFile ? [:] : skipVerified)
            for r in report.results where r.changed != nil && liveIn[r.path] == nil {
                liveIn[r.path] = scenario.file
                skip[r.path] = "live in \(scenario.file)"
            }
            for r in report.results where r.isInert {
                if let e = r.explanation, skipVerified[key(r.path, e)] == nil { skipVerified[key(r.path, e)] = "inert for the same reason in \(scenario.file)" }
            }
            reports.append(report)
        }
        for i in reports.indices {
            for j in reports[i].results.indices where reports[i].results[j].isInert && reports[i].results[j].explanation == nil {
                let path = reports[i].results[j].path
                if let other = reports.first(where: { $0.file != reports[i].file && $0.results.contains { $0.path == path && $0.changed != nil } }) {
                    reports[i].results[j].actsIn = other.file
                }
            }
        }
        guard var long = confirm else { return reports }
        var pending = Set(reports.flatMap { $0.results.filter(\.isUnexplained).map(\.path) })
        for scenario in scenarios where !pending.isEmpty {
            long.only = pending
            let report = try probe(scenario, settings: long, explanations: explanations)
            for r in report.results where r.changed != nil {
                pending.remove(r.path)
                let note = "\(scenario.file) over \(formatYears(long.warmupYears)) + \(formatYears(long.measureYears)) years"
                for i in reports.indices {
                    for j in reports[i].results.indices where reports[i].results[j].path == r.path && reports[i].results[j].isUnexplained {
                        reports[i].results[j].actsIn = note
                    }
                }
            }
            reports[reports.firstIndex { $0.file == scenario.file }!].confirmRuns += report.runs
        }
        return reports
    }

    static func formatYears(_ y: Double) -> String { y == y.rounded() ? String(Int(y)) : String(y) }

    static func weeksText(_ weeks: Double) -> String {
        (weeks == weeks.rounded() ? String(Int64(weeks)) : String(weeks)) + "w"
    }

    /// `work` over `items` on `threads` threads; results in item order.
    static func parallel<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ work: @Sendable (T) -> R) -> [R] {
        let slots = Mutex<[R?]>(Array(repeating: nil, count: items.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, items.count))) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < items.count else { break }
                let r = work(items[i])
                slots.withLock { $0[i] = r }
            }
        }
        return slots.withLock { $0.map { $0! } }
    }
}

/// Everything a replication outputs, for comparison to the last bit.
struct Outputs: Sendable {
    var names: [String]
    var values: [Double]
    var timeseries: [TimeseriesRow]
    var limitReached: String?

    init(_ r: ReplicationResult) {
        names = r.measures.map(\.name)
        values = r.measures.map(\.value)
        timeseries = r.timeseries
        limitReached = r.limitReached
    }

    /// The first output of `r` that differs from these: a measure's name, a monthly series, or the
    /// safety limit; nil when every output is identical.
    func firstDifference(_ r: ReplicationResult) -> String? {
        let other = Outputs(r)
        if other.names != names {
            return other.names.first { !names.contains($0) }.map { "measure \($0)" } ?? "the set of measures"
        }
        for i in values.indices where values[i].bitPattern != other.values[i].bitPattern { return names[i] }
        if other.timeseries.count != timeseries.count { return "timeseries" }
        for (a, b) in zip(timeseries, other.timeseries) where a.month != b.month || a.series != b.series || a.value.bitPattern != b.value.bitPattern {
            return "timeseries \(a.series) (month \(a.month))"
        }
        if other.limitReached != limitReached { return "safety limit" }
        return nil
    }
}
