// `wijksim calibrate`: history matching of a scenario to a targets file (Experiments/Calibration.swift).

import Foundation
import Experiments
import ScenarioKit
import SimCore

enum CalibrateCommand {
    static let options = [
        OptionSpec(name: "targets", valueName: "FILE", help: "The targets file: targets (band, or value and sd, with a source) and parameters (ranges in the scenario's units)."),
        OptionSpec(name: "waves", valueName: "W", help: "Waves at most (default 3); the run stops earlier when the region stops shrinking."),
        OptionSpec(name: "points", valueName: "P", help: "Points per wave (default 200), a maximin Latin hypercube in the current region."),
        OptionSpec(name: "replications", valueName: "R", help: "Replications per point (default 10), common random numbers across points."),
        OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1). The same seed gives the same waves on any thread count."),
        OptionSpec(name: "threads", valueName: "T", help: "Worker threads (default: number of cores)."),
        OptionSpec(name: "out", valueName: "DIR", help: "Output directory (default Results/<name>-calibration)."),
    ]

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim calibrate FILE --targets TARGETS [--waves W] [--points P] [--replications R] [--seed S] [--threads T] [--out DIR]",
                           summary: """
                               History matching (Craig et al. 1997): per wave a maximin Latin hypercube of P points in the
                               current region of the parameters, R replications each; the implausibility of a point for a
                               target is |mean − target| / sqrt(ensemble variance / R + observation variance + discrepancy
                               variance); a point is kept when its largest implausibility is under 3 (with five or more
                               targets: the second largest under 3 and the largest under 3.5). The next wave samples the box
                               around the kept points, widened by the wave's point spacing. Writes DIR/waves.csv (every point:
                               parameters by path, implausibility per target, the largest, kept), DIR/plausible.csv (the
                               non-implausible points of the last wave that kept any) and DIR/calibrated.json5 (extends the
                               scenario with the point of lowest largest implausibility, each value with its source).
                               Not yet: sharding waves, calibration.html (issue 13).
                               """, options: options))
            return 0
        }
        let args = try parse(arguments, command: "calibrate", options: options)
        guard args.positionals.count == 1 else {
            throw UsageError(description: "'calibrate' takes one scenario file, e.g. 'wijksim calibrate Scenarios/default-city.json5 --targets Scenarios/targets/city-150k.json5'.")
        }
        guard let targetsFile = args.last("targets") else {
            throw UsageError(description: "'calibrate' needs --targets FILE, e.g. --targets Scenarios/targets/city-150k.json5.")
        }
        let settings = CalibrationSettings(waves: try args.integer("waves", default: 3, range: 1...20),
                                           points: try args.integer("points", default: 200, range: 2...100_000),
                                           replications: try args.integer("replications", default: 10, range: 1...10_000),
                                           seed: try args.seed(),
                                           threads: try args.integer("threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024))
        let scenario = try ScenarioCommands.loadAll(args.positionals)[0]
        let targets: TargetsFile
        do { targets = try TargetsLoader.load(targetsFile, scenario: scenario) } catch {
            for issue in error.issues { printError(issue.description) }
            throw InvalidInput()
        }
        guard !targets.targets.isEmpty, !targets.parameters.isEmpty else {
            printError("\(targetsFile): needs at least one target and one parameter to calibrate")
            throw InvalidInput()
        }
        let out = args.last("out") ?? "Results/\(scenario.name)-calibration"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result: CalibrationResult
        do { result = try Calibration.run(scenario, targets, settings) } catch {
            for issue in error.issues { printError(issue.description) }
            throw InvalidInput()
        }
        try RunDirectory.writeAtomically(Calibration.wavesCSV(result), to: out + "/waves.csv")
        try RunDirectory.writeAtomically(Calibration.plausibleCSV(result), to: out + "/plausible.csv")
        if let best = result.best {
            try RunDirectory.writeAtomically(calibratedJSON5(result, best: best, scenarioFile: args.positionals[0], out: out), to: out + "/calibrated.json5")
        }
        for wave in 1...(result.points.map(\.wave).max() ?? 1) {
            let points = result.points.filter { $0.wave == wave }
            print("wave \(wave): \(points.count) points, \(points.filter(\.kept).count) kept")
        }
        print("plausible points: \(result.plausible.count)" + (result.best.map { String(format: "; best largest implausibility %.2f", $0.maxImplausibility) } ?? "; none: no point is non-implausible (targets incompatible, or too few points)"))
        print("written to \(out)/ (waves.csv, plausible.csv\(result.best == nil ? "" : ", calibrated.json5"))")
        return 0
    }

    /// A scenario file that extends the input with the best point, each value commented.
    static func calibratedJSON5(_ r: CalibrationResult, best: CalibrationPoint, scenarioFile: String, out: String) -> String {
        let base = URL(fileURLWithPath: scenarioFile).standardizedFileURL.path
        var lines = ["// Calibrated by 'wijksim calibrate' (history matching): the point of lowest largest implausibility",
                     String(format: "// (%.2f) of the non-implausible set (plausible.csv, %d points).", best.maxImplausibility, r.plausible.count),
                     "{", "  extends: \"\(base)\","]
        var tree: [String: [(String, String)]] = [:]
        var order: [String] = []
        for (j, (p, v)) in zip(r.parameters, best.values).enumerated() {
            let parts = p.path.split(separator: ".").map(String.init)
            let head = parts.dropLast().joined(separator: ".")
            if tree[head] == nil { order.append(head) }
            let node = p.node(for: v)
            let text: String
            switch node.value {
            case .string(let s): text = "\"\(s)\""
            case .number(let x): text = x == x.rounded() ? String(Int(x)) : String(x)
            default: text = node.shortDescription
            }
            let lo = r.plausible.map { $0.values[j] }.min() ?? v
            let hi = r.plausible.map { $0.values[j] }.max() ?? v
            tree[head, default: []].append((parts.last!, "\(text),  // plausible \(String(format: "%.4g", lo)) to \(String(format: "%.4g", hi)) (stored units); range from \(p.source)"))
        }
        for head in order {
            let parts = head.split(separator: ".").map(String.init)
            var indent = "  "
            for part in parts { lines.append("\(indent)\(part): {"); indent += "  " }
            for (key, value) in tree[head]! { lines.append("\(indent)\(key): \(value)") }
            for _ in parts { indent.removeLast(2); lines.append("\(indent)},") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
