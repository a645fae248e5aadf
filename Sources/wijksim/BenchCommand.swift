// `wijksim bench mmc|hold`: engine benchmarks that print one JSON object (CONTRACT.md).

import Foundation
import Experiments
import Reporting
import ScenarioKit
import SimCore

enum BenchCommand {
    static let mmcOptions = [
        OptionSpec(name: "arrival-rate", valueName: "L", help: "Arrivals per time unit (λ)."),
        OptionSpec(name: "service-rate", valueName: "M", help: "Services per time unit per server (μ)."),
        OptionSpec(name: "servers", valueName: "C", help: "Number of servers (c)."),
        OptionSpec(name: "customers", valueName: "N", help: "Customers to simulate."),
        OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1)."),
    ]
    static let holdOptions = [
        OptionSpec(name: "pending", valueName: "N", help: "Events kept pending in the event set."),
        OptionSpec(name: "events", valueName: "M", help: "Events to handle."),
        OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1)."),
    ]

    static let help = """
        USAGE: wijksim bench <mmc|hold|city> [options]

        Engine benchmarks. Each prints one JSON object on stdout; wall_seconds covers the simulation only.

          mmc   An M/M/c waiting list built from the engine's WaitingList and CapacityPool,
                with the Erlang C mean wait beside the simulated one.
          hold  The hold model: a constant number of pending events, each handled event schedules one more.
          city  One replication of the default city (the social-domain model).

        See 'wijksim bench mmc --help' and 'wijksim bench hold --help'.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let sub = arguments.first, !sub.hasPrefix("-") else {
            if arguments.contains("--help") || arguments.contains("-h") { print(help); return 0 }
            throw UsageError(description: "'bench' needs a benchmark: mmc, hold or city. Try 'wijksim bench --help'.")
        }
        let rest = Array(arguments.dropFirst())
        switch sub {
        case "mmc":
            if rest.contains("--help") || rest.contains("-h") {
                print(helpText(usage: "wijksim bench mmc --arrival-rate L --service-rate M --servers C --customers N [--seed S]",
                               summary: "Simulates an M/M/c waiting list and prints speed and the mean wait beside Erlang C.",
                               options: mmcOptions))
                return 0
            }
            return try mmc(parse(rest, command: "bench mmc", options: mmcOptions))
        case "hold":
            if rest.contains("--help") || rest.contains("-h") {
                print(helpText(usage: "wijksim bench hold --pending N --events M [--seed S]",
                               summary: "Runs the hold model of the simulation literature and prints events per second.",
                               options: holdOptions))
                return 0
            }
            return try hold(parse(rest, command: "bench hold", options: holdOptions))
        case "city":
            return try CityCommands.benchCity(rest)
        default:
            var message = "unknown benchmark '\(sub)'."
            if let near = closestMatch(to: sub, among: ["mmc", "hold", "city"]) { message += " Did you mean '\(near)'?" }
            throw UsageError(description: message + " Try 'wijksim bench --help'.")
        }
    }

    static func mmc(_ args: ParsedArguments) throws -> Int32 {
        try rejectPositionals(args)
        let lambda = try args.double("arrival-rate", positive: true)
        let mu = try args.double("service-rate", positive: true)
        let servers = try args.integer("servers", range: 1...1_000_000)
        let customers = try args.integer("customers", range: 1...2_000_000_000)
        let seed = try args.seed()
        var model = MMcModel(arrivalRate: lambda, serviceRate: mu, servers: servers, customers: customers,
                             key: StreamKey(seed: seed))
        var scheduler = Scheduler<MMcModel.Event>(reservingCapacity: servers + 2)
        let clock = ContinuousClock()
        let start = clock.now
        model.start(&scheduler)
        model.run(scheduler: &scheduler)
        let wall = seconds(clock.now - start)
        let events = scheduler.eventsHandled
        print(JSONValue.object([
            ("customers", .integer(model.waits.count)),
            ("events", .integer(Int(events))),
            ("wall_seconds", .number(wall)),
            ("events_per_second", .number(Double(events) / wall)),
            ("customers_per_second", .number(Double(model.waits.count) / wall)),
            ("mean_wait", .number(model.waits.mean)),
            ("erlang_c_mean_wait", .number(QueueingTheory.mmcMeanWait(arrivalRate: lambda, serviceRate: mu, servers: servers))),
        ]).text)
        return 0
    }

    static func hold(_ args: ParsedArguments) throws -> Int32 {
        try rejectPositionals(args)
        let pending = try args.integer("pending", range: 1...100_000_000)
        let events = try args.integer("events", range: 1...Int.max)
        let seed = try args.seed()
        var model = HoldModel(key: StreamKey(seed: seed))
        var scheduler = Scheduler<HoldModel.Event>(reservingCapacity: pending + 1)
        model.start(pending: pending, &scheduler)
        let clock = ContinuousClock()
        let start = clock.now
        let handled = model.run(scheduler: &scheduler, maxEvents: UInt64(events))
        let wall = seconds(clock.now - start)
        print(JSONValue.object([
            ("pending", .integer(pending)),
            ("events", .integer(Int(handled))),
            ("wall_seconds", .number(wall)),
            ("events_per_second", .number(Double(handled) / wall)),
        ]).text)
        return 0
    }

    static func rejectPositionals(_ args: ParsedArguments) throws {
        if let extra = args.positionals.first {
            throw UsageError(description: "unexpected argument '\(extra)' for '\(args.command)'. Try 'wijksim \(args.command) --help'.")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
