// `wijksim bench city` and `wijksim run`: the social-domain model on the built-in default city.

import Foundation
import Experiments
import Reporting
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
        let scenario = try args.positionals.first.map { try ScenarioCommands.loadAll([$0])[0] }
        if let scenario { try ExperimentCommands.refuseIfTooLarge(scenario, command: "bench city") }
        let config = scenario?.config ?? ModelConfig.defaultCity
        var model = CityModel(config: config, key: StreamKey(seed: seed))
        var scheduler = Scheduler<CityEvent>(reservingCapacity: 4_096)
        let clock = ContinuousClock()
        let start = clock.now
        let result = model.runReplication(&scheduler)
        let wall = BenchCommand.seconds(clock.now - start)
        if let reason = result.limitReached {
            printError("wijksim bench city: the replication stopped at a safety limit: \(reason); no benchmark figures for an exploding scenario.")
            return 3
        }
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

func fmtNumber(_ x: Double) -> String {
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1000 { return String(format: "%.0f", x) }
    if magnitude >= 10 { return String(format: "%.2f", x) }
    return String(format: "%.4f", x)
}
