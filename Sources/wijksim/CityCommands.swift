// `wijksim bench city` and `wijksim run`: the social-domain model on the built-in default city.

import Foundation
import ScenarioKit
import SimCore
import SocialDomain

enum CityCommands {
    static let benchOptions = [OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1).")]

    static func benchCity(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim bench city [FILE] [--seed S]",
                           summary: "Runs one replication of a scenario (default: the built-in default city) and prints events per second.",
                           options: benchOptions))
            return 0
        }
        let args = try parse(arguments, command: "bench city", options: benchOptions)
        guard args.positionals.count <= 1 else {
            throw UsageError(description: "'bench city' takes at most one scenario file, not \(args.positionals.count).")
        }
        let seed = try args.seed()
        let config = try args.positionals.first.map { try ScenarioCommands.loadAll([$0])[0].config } ?? ModelConfig.defaultCity
        var model = CityModel(config: config, key: StreamKey(seed: seed))
        var scheduler = Scheduler<CityEvent>(reservingCapacity: 4_096)
        let clock = ContinuousClock()
        let start = clock.now
        let result = model.runReplication(&scheduler)
        let wall = BenchCommand.seconds(clock.now - start)
        print(JSONValue.object([
            ("households", .integer(result.householdsArrived)),
            ("events", .integer(Int(result.events))),
            ("wall_seconds", .number(wall)),
            ("events_per_second", .number(Double(result.events) / wall)),
            ("peak_pending", .integer(result.peakPending)),
            ("stale_events_skipped", .integer(Int(scheduler.eventsSkipped))),
        ]).text)
        return 0
    }
}

extension CityCommands {
    static let runOptions = [
        OptionSpec(name: "replications", valueName: "N", help: "Replications (default 30)."),
        OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1)."),
        OptionSpec(name: "threads", valueName: "T", help: "Worker threads (default: number of cores)."),
        OptionSpec(name: "quiet", valueName: nil, help: "Print nothing but the results."),
    ]

    /// Runs the built-in default city and prints every measure with its 95% confidence interval.
    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim run FILE... [--replications N] [--seed S] [--threads T]",
                           summary: "Runs replications of each scenario file and prints each measure's mean and 95% CI.",
                           options: runOptions))
            return 0
        }
        let args = try parse(arguments, command: "run", options: runOptions)
        guard !args.positionals.isEmpty else {
            throw UsageError(description: "'run' needs one or more scenario files, e.g. 'wijksim run Scenarios/default-city.json5'.")
        }
        let scenarios = try ScenarioCommands.loadAll(args.positionals)
        let replications = try args.integer("replications", default: 30, range: 1...100_000)
        let threads = try args.integer("threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let seed = try args.seed()
        for scenario in scenarios { printSummary(scenario.config, replications: replications, seed: seed, threads: threads) }
        return 0
    }

    static func printSummary(_ config: ModelConfig, replications: Int, seed: UInt64, threads: Int) {
        let results = runReplications(config, replications: replications, seed: seed, threads: threads)
        let names = results[0].measures.map(\.name)
        let width = names.map(\.count).max() ?? 10
        print("scenario \(config.name): \(replications) replications, seed \(seed), \(fmtNumber(config.measureWeeks / 52)) measured years each")
        print("measure".padding(toLength: width, withPad: " ", startingAt: 0) + "  mean          95% CI")
        for (i, name) in names.enumerated() {
            let ci = ConfidenceInterval(values: results.map { $0.measures[i].value })
            let interval = replications > 1 ? "[\(fmtNumber(ci.lower)), \(fmtNumber(ci.upper))]" : ""
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                  + fmtNumber(ci.mean).padding(toLength: 12, withPad: " ", startingAt: 0) + "  " + interval)
        }
    }

    /// Runs replications on `threads` threads; results come back in replication order, whatever thread ran them.
    static func runReplications(_ config: ModelConfig, replications: Int, seed: UInt64, threads: Int) -> [ReplicationResult] {
        let box = ResultBox(count: replications)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: min(threads, replications)) { _ in
            while let r = next.take(below: replications) {
                box.set(r, CityModel.replicate(config, key: StreamKey(seed: seed, replication: UInt64(r))))
            }
        }
        return box.results()
    }
}

/// Results gathered by index from several threads.
final class ResultBox: @unchecked Sendable {
    private var slots: [ReplicationResult?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: ReplicationResult) { lock.lock(); slots[index] = result; lock.unlock() }
    func results() -> [ReplicationResult] { slots.map { $0! } }
}

/// A shared counter handing out work items.
final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

func fmtNumber(_ x: Double) -> String {
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1000 { return String(format: "%.0f", x) }
    if magnitude >= 10 { return String(format: "%.2f", x) }
    return String(format: "%.4f", x)
}
