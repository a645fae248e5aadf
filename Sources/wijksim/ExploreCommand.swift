// `wijksim explore`: every design in every plausible world (Experiments/Exploration.swift).

import Foundation
import Experiments
import Reporting
import ScenarioKit
import SimCore
import SocialDomain

enum ExploreCommand {
    static let options = [
        OptionSpec(name: "parameters", valueName: "FILE", help: "A parameters file (as the parameters of a targets file: per field path a range and its source); the worlds are a maximin Latin hypercube over the ranges."),
        OptionSpec(name: "plausible", valueName: "CSV", help: "A calibration's plausible.csv; the worlds are its rows (N of them drawn without replacement when there are more)."),
        OptionSpec(name: "worlds", valueName: "N", help: "The number of worlds."),
    ] + StudyCommand.options(replications: 5, what: "design and world") + [languageOption]

    static let usage = "wijksim explore FILE... (--parameters FILE | --plausible CSV) --worlds N [--replications R] [--seed S] [--threads T] [--out DIR] [--shard K/N | --merge] [--quiet] [--lang nl|en]"

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: usage, summary: """
                Exploratory modelling: runs every design (the first file is the baseline) in each of N parameter
                worlds, R replications each, with common random numbers within a world. A world sets the uncertain
                fields of every design, except a field a design sets to its own value (then that is part of the design).
                Writes DIR/decision.csv (per measure and design: the probability of being best, the mean regret, the
                paired difference to the first file with the 2.5-97.5% range over worlds, and the share of that spread
                due to the parameters rather than the replications), DIR/discovery.csv (the parameter box, by PRIM,
                where a design beats the first or is best, in words), DIR/worlds.csv, DIR/world-results.csv,
                DIR/exploration.html and DIR/explore.json.
                """, options: options))
            return 0
        }
        let args = try parse(arguments, command: "explore", options: options)
        let language = try parseLanguage(args)
        guard !args.positionals.isEmpty else {
            throw UsageError(description: "'explore' needs scenario files (the first is the baseline), e.g. 'wijksim explore Scenarios/default-city.json5 Scenarios/tandem-scale-down.json5 --parameters Scenarios/uncertainty/assumptions.json5 --worlds 40'.")
        }
        let parametersFile = args.last("parameters"), plausibleFile = args.last("plausible")
        guard (parametersFile == nil) != (plausibleFile == nil) else {
            throw UsageError(description: "'explore' takes --parameters FILE (a Latin hypercube over its ranges) or --plausible CSV (a calibration's plausible set): one of the two.")
        }
        guard args.last("worlds") != nil else {
            throw UsageError(description: "'explore' needs --worlds N, e.g. --worlds 40.")
        }
        let count = try args.integer("worlds", range: 2...100_000)
        let replications = try args.integer("replications", default: 5, range: 1...10_000)
        let seed = try args.seed()
        let designs = try ScenarioCommands.loadAll(args.positionals)
        let worlds: Worlds
        if let file = parametersFile {
            let spec = try StudyCommand.parameters(file, scenario: designs[0])
            worlds = Worlds.latinHypercube(spec.parameters, count: count, seed: seed,
                                           origin: "a maximin Latin hypercube of \(count) worlds over the ranges of \(file)")
        } else {
            let file = plausibleFile!
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                printError("\(file): no such file, or it cannot be read"); throw InvalidInput()
            }
            do { worlds = try Worlds.plausible(file, text: text, scenario: designs[0], count: count, seed: seed) } catch {
                for issue in error.issues { printError(issue.description) }
                throw InvalidInput()
            }
            if worlds.count < count { print("note: \(file) has \(worlds.count) points; exploring those \(worlds.count) worlds") }
        }
        let (sharing, configs) = try StudyCommand.configs(worlds, designs, at: "in every world")
        let study = Study(kind: "explore", configs: configs, replications: replications, seed: seed,
                          streamOffsets: configs.indices.map { $0 / designs.count * replications },
                          fingerprint: StudyCommand.fingerprint("explore", worlds.describe(designs), seed: seed, replications: replications))
        let names = designs.map(\.name)
        let out = args.last("out") ?? "Results/\(ExperimentCommands.runName(names))-explore"
        let started = Date()
        switch try StudyCommand.execute(study, args, out: out, what: "\(designs.count) designs × \(worlds.count) worlds") {
        case .finished(let code): return code
        case .results(let results, let output):
            let exploration = Exploration(designs: names, worlds: worlds, sharing: sharing, replications: replications, results: results)
            let decisions = exploration.decisions()
            let discoveries = exploration.discoveries()
            let files: [(String, String)] = [
                ("decision.csv", Exploration.decisionCSV(decisions)),
                ("discovery.csv", exploration.discoveryCSV(discoveries)),
                ("worlds.csv", exploration.worldsCSV()),
                ("world-results.csv", exploration.worldResultsCSV()),
                ("exploration.html", ExplorationReport.html(exploration, decisions: decisions, discoveries: discoveries, seed: seed,
                                                            version: version, language: language)),
                ("explore.json", provenance(designs, worlds, sharing, seed: seed, replications: replications, started: started, merged: args.has("merge"))),
            ]
            try output.publish(files, command: "explore", version: version)
            printSummary(exploration, decisions, discoveries)
            print("\nwritten to \(out)/ (" + files.map(\.0).joined(separator: ", ") + ")")
            return 0
        }
    }

    static func provenance(_ designs: [Scenario], _ worlds: Worlds, _ sharing: [[Bool]], seed: UInt64, replications: Int,
                           started: Date, merged: Bool) -> String {
        let iso = ISO8601DateFormatter()
        return JSONValue.object([
            ("command", .string("explore")), ("seed", .unsigned(seed)), ("replications", .integer(replications)),
            ("worlds", .integer(worlds.count)), ("origin", .string(worlds.origin)),
            ("parameters", .array(worlds.parameters.map { p in
                .object([("path", .string(p.path)), ("lower", .number(p.lower)), ("upper", .number(p.upper)),
                         ("scale", .string(p.logScale ? "log" : "linear")), ("source", .string(p.source))])
            })),
            ("scenarios", .array(designs.enumerated().map { d, s in
                .object([("name", .string(s.name)), ("file", .string(s.file)), ("sha256", .array(s.hashes.map { .string($0) })),
                         ("keeps_own", .array(worlds.parameters.indices.filter { !sharing[d][$0] }.map { .string(worlds.parameters[$0].path) }))])
            })),
            ("merged_from_parts", .bool(merged)), ("wijksim_version", .string(version)),
            ("started", .string(iso.string(from: started))), ("finished", .string(iso.string(from: Date()))),
        ]).text + "\n"
    }

    static func printSummary(_ e: Exploration, _ decisions: [Exploration.DecisionLine], _ discoveries: [Exploration.Discovery]) {
        let width = max(12, e.designs.map(\.count).max() ?? 12) + 2
        for measure in ["total_cost_eur_per_year", "outflow_to_work_per_benefit_year", "escalations_per_100_household_years"] {
            let lines = decisions.filter { $0.measure == measure }
            guard !lines.isEmpty else { continue }
            print("\n\(measure) over \(e.worlds.count) worlds × \(e.replications) replications:")
            print("scenario".padding(toLength: width, withPad: " ", startingAt: 0) + "p_best  mean_regret   diff vs \(e.designs[0]) [2.5%, 97.5% of worlds]   parameter share")
            for l in lines {
                let r = l.row
                var line = l.scenario.padding(toLength: width, withPad: " ", startingAt: 0)
                let regret = fmtNumber(r.meanRegret)
                line += String(format: "%6.2f  ", r.pBest) + String(repeating: " ", count: max(0, 11 - regret.count)) + regret
                if l.scenario != e.designs[0] {
                    line += "   \(r.diffMean >= 0 ? "+" : "")\(fmtNumber(r.diffMean)) [\(fmtNumber(r.diffLow)), \(fmtNumber(r.diffHigh))]"
                    if r.parameterShare.isFinite { line += String(format: "   %.0f%%", 100 * r.parameterShare) }
                }
                print(line)
            }
        }
        let shown = discoveries.filter { $0.measure == "total_cost_eur_per_year" && $0.question == "beats" }
        if !shown.isEmpty { print("\nwhere each design is cheaper than \(e.designs[0]):") }
        for d in shown { print("- " + d.words) }
    }
}
