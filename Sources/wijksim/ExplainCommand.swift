// `wijksim explain A B`: the paired difference B − A attributed to the groups of fields they differ in,
// by Shapley values (Experiments/Explanation.swift).

import Foundation
import Experiments
import Reporting
import ScenarioKit
import SimCore
import SocialDomain
import Uncertainty

enum ExplainCommand {
    static let options = [
        OptionSpec(name: "measure", valueName: "M", help: "The measure the waterfall and the printed table show (default total_cost_eur_per_year); explain.csv holds every measure."),
        OptionSpec(name: "groups", valueName: "field|entry|auto", help: "One group per changed field, per team/service/profile/crisis entry and top-level section, or auto (default): per field when at most 10, else per entry."),
        OptionSpec(name: "orderings", valueName: "K", help: "Above 10 groups: the number of sampled orderings (default 200, in antithetic pairs)."),
    ] + StudyCommand.options(replications: 10, what: "coalition") + [languageOption]

    static let usage = "wijksim explain A B [--measure M] [--groups field|entry|auto] [--orderings K] [--replications R] [--seed S] [--threads T] [--out DIR] [--shard K/N | --merge] [--lang nl|en]"

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: usage, summary: """
                Attributes the paired difference B − A to the fields in which B differs from A: each coalition of
                groups of fields (A with B's values for those groups) runs R replications with common random numbers,
                and each group gets its Shapley value, exact up to 10 groups, over sampled orderings above. Writes
                DIR/explain.csv (measure, group, fields, contribution, ci95_low, ci95_high; per measure the
                contributions add up to the mean_diff of DIR/comparison.csv), DIR/comparison.csv (B against A),
                DIR/explain.html (a waterfall) and DIR/explain.json.
                """, options: options))
            return 0
        }
        let args = try parse(arguments, command: "explain", options: options)
        let language = try parseLanguage(args)
        guard args.positionals.count == 2 else {
            throw UsageError(description: "'explain' takes two scenario files A and B, e.g. 'wijksim explain Scenarios/default-city.json5 Scenarios/tandem-scale-down.json5'.")
        }
        let grouping: ExplainGrouping
        switch args.last("groups") ?? "auto" {
        case "field": grouping = .field
        case "entry": grouping = .entry
        case "auto": grouping = .auto
        case let other: throw UsageError(description: "--groups takes field, entry or auto, not '\(other)'.")
        }
        let replications = try args.integer("replications", default: 10, range: 1...10_000)
        let orderings = try args.integer("orderings", default: 200, range: 2...100_000)
        let seed = try args.seed()
        let measure = args.last("measure") ?? "total_cost_eur_per_year"
        let scenarios = try ScenarioCommands.loadAll(args.positionals)
        let (a, b) = (scenarios[0], scenarios[1])
        let groups = Explanation.groups(a, b, by: grouping)
        guard !groups.isEmpty else {
            printError("wijksim explain: \(b.file) and \(a.file) set every field alike; there is no difference to explain")
            return 1
        }
        guard groups.count <= 64 else {
            throw UsageError(description: "\(groups.count) groups of fields differ; at most 64: use --groups entry.")
        }
        var rng = StreamKey(seed: seed, purpose: 0x5A9E).makeGenerator()
        let design = ShapleyDesign(players: groups.count, exactLimit: 10, permutations: orderings, using: &rng)
        let configs: [ModelConfig]
        do { configs = try Explanation.configs(a, b, groups, design: design) } catch {
            printError("wijksim explain: \(error.description)")
            return 1
        }
        let known = TargetsLoader.measureNames(b.config)
        guard known.contains(measure) else {
            let near = closestMatch(to: measure, among: known).map { " Did you mean '\($0)'?" } ?? ""
            throw UsageError(description: "--measure: \(b.name) reports no measure '\(measure)'.\(near)")
        }
        let inputs = groups.map { "\($0.name): \($0.fields.joined(separator: ","))" }.joined(separator: "\n") + "\n"
            + design.coalitions.map(String.init).joined(separator: ",") + "\n"
            + ScenarioLoader.statingCollections(a.tree).canonicalText + "\n" + ScenarioLoader.statingCollections(b.tree).canonicalText
        let study = Study(kind: "explain", configs: configs, replications: replications, seed: seed,
                          streamOffsets: configs.map { _ in 0 },
                          fingerprint: StudyCommand.fingerprint("explain", inputs, seed: seed, replications: replications))
        let out = args.last("out") ?? "Results/\(b.name)-vs-\(a.name)-explain"
        print("\(groups.count) groups of fields differ; \(design.isExact ? "exact Shapley values over all \(design.coalitions.count) coalitions" : "\(design.orderings.count) sampled orderings, \(design.coalitions.count) coalitions"), \(replications) replications each")
        let started = Date()
        switch try StudyCommand.execute(study, args, out: out, what: "\(b.name) vs \(a.name): \(configs.count) coalitions") {
        case .finished(let code): return code
        case .results(let results, let output):
            let e = Explanation(a: a.name, b: b.name, groups: groups, design: design, replications: replications, results: results)
            guard e.measures.contains(measure) else {
                output.abandon()
                printError("wijksim explain: \(measure) is not a number in every coalition (no household reached it); choose another --measure")
                return 1
            }
            let iso = ISO8601DateFormatter()
            let provenance = JSONValue.object([
                ("command", .string("explain")), ("a", .string(a.file)), ("b", .string(b.file)),
                ("sha256", .object([("a", .array(a.hashes.map { .string($0) })), ("b", .array(b.hashes.map { .string($0) }))])),
                ("seed", .unsigned(seed)), ("replications", .integer(replications)),
                ("groups", .array(groups.map { .object([("name", .string($0.name)), ("fields", .array($0.fields.map { .string($0) }))]) })),
                ("exact", .bool(design.isExact)), ("coalitions", .integer(design.coalitions.count)),
                ("merged_from_parts", .bool(args.has("merge"))), ("wijksim_version", .string(version)),
                ("started", .string(iso.string(from: started))), ("finished", .string(iso.string(from: Date()))),
            ]).text + "\n"
            let files = [("explain.csv", e.explainCSV()), ("comparison.csv", e.comparisonCSV()),
                         ("explain.html", ExplanationReport.html(e, measure: measure, seed: seed, version: version, language: language)),
                         ("explain.json", provenance)]
            try output.publish(files, command: "explain", version: version)
            let total = e.difference(measure)
            print("\n\(measure): \(b.name) − \(a.name) = \(fmtNumber(total.mean)) [\(fmtNumber(total.low)), \(fmtNumber(total.high))] (95% CI, \(replications) paired replications)")
            let width = max(12, groups.map { $0.name.count }.max() ?? 12) + 2
            for c in e.contributions(measure).sorted(by: { abs($0.summary.mean) > abs($1.summary.mean) }) {
                let s = c.summary
                print("  " + c.group.name.padding(toLength: width, withPad: " ", startingAt: 0)
                      + "\(s.mean >= 0 ? "+" : "")\(fmtNumber(s.mean)) [\(fmtNumber(s.low)), \(fmtNumber(s.high))]")
            }
            print("\nwritten to \(out)/ (" + files.map(\.0).joined(separator: ", ") + ")")
            return 0
        }
    }
}
