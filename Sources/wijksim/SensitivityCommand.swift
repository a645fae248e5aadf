// `wijksim sensitivity`: Sobol or Morris indices of a measure over a parameters file, of the paired
// difference to a baseline, or of the Ishigami test function (Experiments/SensitivityStudy.swift).

import Foundation
import Experiments
import Reporting
import ScenarioKit
import SimCore
import SocialDomain
import Uncertainty

enum SensitivityCommand {
    static let options = [
        OptionSpec(name: "parameters", valueName: "FILE", help: "A parameters file (per field path a range and its source), as for explore."),
        OptionSpec(name: "measure", valueName: "M", help: "The measure (default total_cost_eur_per_year)."),
        OptionSpec(name: "baseline", valueName: "FILE", help: "Analyse the paired difference FILE − baseline instead of the measure itself (common random numbers; the same parameter values in both)."),
        OptionSpec(name: "method", valueName: "sobol|morris", help: "Sobol indices (Saltelli design; default) or Morris screening."),
        OptionSpec(name: "samples", valueName: "N", help: "Sobol: N base rows, N(d + 2) points (default 64; 1024 for the test function). Morris: N trajectories, N(d + 1) points (default 10; 100)."),
        OptionSpec(name: "test-function", valueName: "ishigami", help: "Run the estimators on the Ishigami function (a = 7, b = 0.1), whose indices are known, instead of a scenario."),
    ] + StudyCommand.options(replications: 3, what: "design point") + [languageOption]

    static let usage = "wijksim sensitivity FILE --parameters FILE [--measure M] [--baseline FILE] [--method sobol|morris] [--samples N] [--replications R] [--seed S] [--threads T] [--out DIR] [--shard K/N | --merge]\n       wijksim sensitivity --test-function ishigami [--method sobol|morris] [--samples N] [--seed S] [--out DIR]"

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: usage, summary: """
                Global sensitivity analysis. Sobol: first-order (S1) and total (ST) indices from a Saltelli design,
                with bootstrap 95% CIs; Morris: μ*, μ and σ of the elementary effects on a 4-level grid. Each design
                point of a scenario is the mean of R replications with common random numbers across points. Writes
                DIR/sensitivity.csv (parameter, index, value, ci95_low, ci95_high), DIR/sensitivity.html and
                DIR/design.csv (every point's parameter values and output).
                """, options: options))
            return 0
        }
        let args = try parse(arguments, command: "sensitivity", options: options)
        let language = try parseLanguage(args)
        let method: SensitivityMethod
        switch args.last("method") ?? "sobol" {
        case "sobol": method = .sobol
        case "morris": method = .morris
        case let other: throw UsageError(description: "--method takes sobol or morris, not '\(other)'.")
        }
        let seed = try args.seed()
        if let function = args.last("test-function") {
            guard function == "ishigami" else { throw UsageError(description: "--test-function takes ishigami, not '\(function)'.") }
            guard args.positionals.isEmpty, args.last("parameters") == nil else {
                throw UsageError(description: "--test-function ishigami needs no scenario file and no --parameters.")
            }
            return try ishigami(method: method, samples: try args.integer("samples", default: method == .sobol ? 1024 : 100, range: 2...1_000_000),
                                seed: seed, out: args.last("out") ?? "Results/ishigami-\(method.rawValue)", force: args.has("force"), language: language)
        }
        guard args.positionals.count == 1 else {
            throw UsageError(description: "'sensitivity' takes one scenario file, e.g. 'wijksim sensitivity Scenarios/default-city.json5 --parameters Scenarios/uncertainty/assumptions.json5', or --test-function ishigami.")
        }
        guard let parametersFile = args.last("parameters") else {
            throw UsageError(description: "'sensitivity' needs --parameters FILE, e.g. --parameters Scenarios/uncertainty/assumptions.json5.")
        }
        let samples = try args.integer("samples", default: method == .sobol ? 64 : 10, range: 2...1_000_000)
        let replications = try args.integer("replications", default: 3, range: 1...10_000)
        let measure = args.last("measure") ?? "total_cost_eur_per_year"
        var designs = try ScenarioCommands.loadAll(args.positionals)
        if let baseline = args.last("baseline") { designs.insert(contentsOf: try ScenarioCommands.loadAll([baseline]), at: 0) }
        let spec = try StudyCommand.parameters(parametersFile, scenario: designs[0])
        let known = TargetsLoader.measureNames(designs.last!.config)
        guard known.contains(measure) else {
            let near = closestMatch(to: measure, among: known).map { " Did you mean '\($0)'?" } ?? ""
            throw UsageError(description: "--measure: \(designs.last!.name) reports no measure '\(measure)'.\(near) See 'wijksim fields' and the README's measures.")
        }
        let d = spec.parameters.count
        guard SensitivityDesign.pointCount(method, samples: samples, dimensions: d) * designs.count * replications <= 10_000_000 else {
            throw UsageError(description: "--samples \(samples): too many replications in all; at most 10,000,000.")
        }
        let design = SensitivityDesign(method, samples: samples, dimensions: d, seed: seed)
        let worlds = Worlds(parameters: spec.parameters, values: design.points.map { Worlds.scale($0, spec.parameters) },
                            origin: "a \(method == .sobol ? "Saltelli" : "Morris") design of \(design.points.count) points over \(parametersFile)")
        let (_, configs) = try StudyCommand.configs(worlds, designs, at: "at every point")
        let study = Study(kind: "sensitivity", configs: configs, replications: replications, seed: seed,
                          streamOffsets: configs.map { _ in 0 },
                          fingerprint: StudyCommand.fingerprint("sensitivity \(method.rawValue) \(samples) \(measure)", worlds.describe(designs),
                                                                seed: seed, replications: replications))
        let what = designs.count == 2 ? "\(designs[1].name) − \(designs[0].name)" : designs[0].name
        let out = args.last("out") ?? "Results/\(designs.last!.name)-sensitivity"
        switch try StudyCommand.execute(study, args, out: out, what: "\(what): \(design.points.count) points") {
        case .finished(let code): return code
        case .results(let results, let output):
            let values = Study.values(results, of: measure, configs: configs.count, replications: replications)
            let D = designs.count
            let outputs: [Double] = design.points.indices.map { i in
                let runs = D == 2 ? zip(values[i * D + 1], values[i * D]).map { $0 - $1 } : values[i * D]
                return runs.reduce(0, +) / Double(runs.count)
            }
            guard outputs.allSatisfy(\.isFinite) else {
                output.abandon()
                printError("wijksim sensitivity: \(measure) is not a number at some points (no household reached it); choose another measure")
                return 1
            }
            let names = spec.parameters.map(\.path)
            let result = SensitivityResult(design, outputs: outputs, parameters: names, seed: seed)
            var designCSV = names.map { RunDirectory.csv($0) }.joined(separator: ",") + ",output\n"
            for (i, world) in worlds.values.enumerated() { designCSV += world.map { String($0) }.joined(separator: ",") + ",\(outputs[i])\n" }
            let subject = D == 2 ? "\(measure): \(designs[1].name) − \(designs[0].name)" : "\(measure) of \(designs[0].name)"
            let subtitle = "\(subject); \(design.points.count) points (\(method == .sobol ? "N = \(samples)" : "r = \(samples)")), \(replications) replications each (common random numbers), seed \(seed); WijkSim \(version)."
            try write(result, designCSV: designCSV, title: "Sensitivity: \(subject)", subtitle: subtitle, output: output, language: language, analytic: [:])
            return 0
        }
    }

    static func write(_ result: SensitivityResult, designCSV: String, title: String, subtitle: String, output: OutputDirectory,
                      language: Language, analytic: [String: Double]) throws {
        let out = output.path
        try output.publish([("sensitivity.csv", result.csv()), ("design.csv", designCSV),
                                ("sensitivity.html", result.html(title: title, subtitle: subtitle, version: version, language: language, analytic: analytic))],
                           command: "sensitivity", version: version)
        print(subtitle)
        let width = max(10, result.parameters.map(\.count).max() ?? 10) + 2
        let indices = result.method == .sobol ? ["S1", "ST"] : ["mu_star", "sigma"]
        print("parameter".padding(toLength: width, withPad: " ", startingAt: 0) + indices.map { $0.padding(toLength: 46, withPad: " ", startingAt: 0) }.joined())
        for p in result.ranked {
            var line = p.padding(toLength: width, withPad: " ", startingAt: 0)
            for index in indices {
                guard let r = result.row(p, index) else { continue }
                var cell = fmtNumber(r.value) + (r.low.isFinite ? " [\(fmtNumber(r.low)), \(fmtNumber(r.high))]" : "")
                if let truth = analytic["\(p) \(index)"] { cell += " (exact \(fmtNumber(truth)))" }
                line += cell.padding(toLength: 46, withPad: " ", startingAt: 0)
            }
            print(line)
        }
        print("\nwritten to \(out)/ (sensitivity.csv, sensitivity.html, design.csv)")
    }

    static func ishigami(method: SensitivityMethod, samples: Int, seed: UInt64, out: String, force: Bool, language: Language) throws -> Int32 {
        let design = SensitivityDesign(method, samples: samples, dimensions: 3, seed: seed)
        let outputs = design.points.map { Ishigami.value($0) }
        let names = ["x1", "x2", "x3"]
        let result = SensitivityResult(design, outputs: outputs, parameters: names, seed: seed)
        var analytic: [String: Double] = [:]
        if method == .sobol {
            for (j, v) in Ishigami.analyticFirst().enumerated() { analytic["\(names[j]) S1"] = v }
            for (j, v) in Ishigami.analyticTotal().enumerated() { analytic["\(names[j]) ST"] = v }
        } else {
            for (j, e) in Ishigami.exactMorris().enumerated() {
                analytic["\(names[j]) mu_star"] = e.muStar; analytic["\(names[j]) sigma"] = e.sigma
            }
        }
        var designCSV = "x1,x2,x3,output\n"
        for (p, y) in zip(design.points, outputs) { designCSV += p.map { String($0) }.joined(separator: ",") + ",\(y)\n" }
        let subtitle = "The Ishigami function (a = 7, b = 0.1) on [−π, π]³: \(design.points.count) points (\(method == .sobol ? "N = \(samples)" : "r = \(samples)")), seed \(seed); red lines: the \(method == .sobol ? "analytic indices" : "exact values for this grid"); WijkSim \(version)."
        try write(result, designCSV: designCSV, title: "Sensitivity: the Ishigami test function (\(method.rawValue))", subtitle: subtitle,
                  output: try ExperimentCommands.openOutput(out, force: force), language: language, analytic: analytic)
        return 0
    }
}
