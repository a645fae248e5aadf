// `wijksim calibrate`: history matching of a scenario to a targets file (Experiments/Calibration.swift).

import Foundation
import Experiments
import Reporting
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
        OptionSpec(name: "out", valueName: "DIR", help: "Output directory (default Results/<name>-calibration). A calibration stopped part-way resumes from DIR/calibration-state.json."),
        ExperimentCommands.forceOption,
        OptionSpec(name: "shard", valueName: "K/N", help: "Run only part K of N of the next wave's replications and write DIR/calibration-wave-W-part-K-of-N.json; when all N are in DIR, run the same command with --merge instead. K may be 'env' (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)."),
        OptionSpec(name: "check", valueName: nil, help: "Only check the scenario as it is against the targets (R replications, the same implausibility and keep rule); writes DIR/check.csv."),
        OptionSpec(name: "merge", valueName: nil, help: "Combine the parts of the next wave in DIR, score it and write the results so far; run the shards of the next wave after it."),
    ]

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim calibrate FILE --targets TARGETS [--waves W] [--points P] [--replications R] [--seed S] [--threads T] [--out DIR] [--shard K/N | --merge | --check]",
                           summary: """
                               History matching (Craig et al. 1997): per wave a maximin Latin hypercube of P points in the
                               current region of the parameters, R replications each; the implausibility of a point for a
                               target is |mean − target| / sqrt(ensemble variance / R + observation variance + discrepancy
                               variance); a point is kept when its largest implausibility is under 3 (with five or more
                               targets: the second largest under 3 and the largest under 3.5). Targets marked monitor_only
                               are reported, not used to rule out. The next wave samples the box that holds, with 95%
                               confidence per parameter, the region of every point kept so far; the run stops after W
                               waves, or when the region stops shrinking once 10 points are kept. Writes DIR/waves.csv
                               (every point: parameters by path, implausibility per target, the largest, kept),
                               DIR/plausible.csv (the kept points of every wave), DIR/parameters.csv (per parameter its range, the
                               non-implausible range and the best point, in the scenario's units), DIR/targets.csv (per target
                               the model's mean at the best point and over the non-implausible set), DIR/calibrated.json5 (extends the scenario with the point of lowest largest
                               implausibility, each value with its plausible range and source), DIR/calibration.html
                               (targets per wave, the kept region in two dimensions, which target rules out which range)
                               and DIR/calibration-state.json (to resume, and to shard: per wave, run the shards with
                               --shard K/N, then the same command with --merge; repeat until it says the calibration is done).
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
        let shard = try ExperimentCommands.parseShard(args.last("shard"))
        if shard != nil && args.has("merge") {
            throw UsageError(description: "'calibrate' takes --shard K/N (run one part of a wave) or --merge (combine a wave's parts), not both.")
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
        guard targets.targets.contains(where: { $0.monitorOnly == nil }), !targets.parameters.isEmpty else {
            printError("\(targetsFile): needs at least one target that is not monitor_only, and one parameter to calibrate")
            throw InvalidInput()
        }
        if let logged = targets.parameters.first(where: \.logScale) {
            printError("\(targetsFile): parameters.\(logged.path).scale: calibration samples every range linearly; allowed here: \"linear\" (remove scale: \"log\", which only explore and sensitivity use)")
            throw InvalidInput()
        }
        let out = args.last("out") ?? "Results/\(scenario.name)-calibration"
        // A shard only adds its part file (shards of one wave run at once on a cluster); every other use
        // locks the folder for the whole command, and stages its result files to swap them in whole.
        var output: OutputDirectory? = nil
        if shard != nil {
            try ExperimentCommands.makeDirectory(out)
            try ExperimentCommands.checkWritable(out)
        } else {
            output = try ExperimentCommands.openOutput(out, force: args.has("force"), continuing: "calibrate")
            try ExperimentCommands.makeDirectory(out)
        }
        if args.has("check") {
            let point = Calibration.check(scenario, targets, settings)
            for (t, target) in targets.targets.enumerated() {
                print(target.name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "model %12.4g  target %10.4g  I %6.2f", point.means[t], target.value, point.implausibility[t])
                      + (target.monitorOnly == nil ? "" : "  (monitored)"))
            }
            print(String(format: "largest implausibility %.2f: ", point.maxImplausibility) + (point.kept ? "non-implausible (kept)" : "ruled out"))
            try output!.publish([("check.csv", Calibration.checkCSV(point, targets.targets))], command: "calibrate --check", version: version)
            print("written to \(out)/check.csv")
            return 0
        }
        let statePath = out + "/" + CalibrationFiles.stateName
        let fresh = Calibration.start(scenario, targets, settings, version: version)
        var result = fresh
        do {
            if FileManager.default.fileExists(atPath: statePath) {
                result = try CalibrationFiles.readState(statePath, into: fresh)
                if !result.finished && shard == nil && !args.has("merge") {
                    print("resuming from \(statePath): \(result.waves.count) wave\(result.waves.count == 1 ? "" : "s") done")
                }
            }
            if let (k, n) = shard {
                guard !result.finished else {
                    print("the calibration in \(out) is done (\(result.stopReason ?? "")); nothing to run")
                    return 0
                }
                let design = Calibration.design(result, settings)
                let configs = try Calibration.configurations(scenario, result, design.points)
                guard n <= configs.count * settings.replications else {
                    throw UsageError(description: "--shard \(k)/\(n): a wave has \(configs.count * settings.replications) replications (points × replications); use at most that many shards.")
                }
                let jobs = shardRange(k, of: n, jobs: configs.count * settings.replications)
                let outputs = Calibration.evaluate(configs, measures: result.targets.map(\.measure), settings: settings, jobs: jobs)
                let name = CalibrationFiles.partName(wave: result.nextWave, k, n)
                try RunDirectory.writeAtomically(CalibrationFiles.partJSON(result, shard: (k, n), jobs: jobs, outputs: outputs), to: out + "/" + name)
                print("wave \(result.nextWave), shard \(k)/\(n): \(jobs.count) of \(configs.count * settings.replications) replications written to \(out)/\(name); when all \(n) parts are there, run the same command with --merge instead of --shard")
                return 0
            }
            if args.has("merge") {
                if !result.finished {
                    let design = Calibration.design(result, settings)
                    let outputs = try CalibrationFiles.mergeParts(in: out, for: result, jobs: design.points.count * settings.replications)
                    Calibration.complete(&result, design: design, outputs: outputs, settings: settings)
                    try RunDirectory.writeAtomically(CalibrationFiles.stateJSON(result), to: statePath)
                    printWave(result.waves.last!)
                } else {
                    print("the calibration in \(out) is done; nothing to merge")
                }
            } else {
                result = try Calibration.run(scenario, targets, settings, from: result) { state in
                    try RunDirectory.writeAtomically(CalibrationFiles.stateJSON(state), to: statePath)
                    printWave(state.waves.last!)
                }
            }
        } catch let error as CalibrationFiles.MergeError {
            printError("wijksim calibrate: \(error.description)")
            return 1
        } catch let error as ScenarioErrors {
            for issue in error.issues { printError(issue.description) }
            throw InvalidInput()
        }
        try writeResults(result, scenarioFile: args.positionals[0], output: output!)
        if result.finished {
            print("done \(result.stopReason ?? ""); plausible points: \(result.plausible.count)" + (result.best.map { String(format: "; best largest implausibility %.2f", $0.maxImplausibility) } ?? "; none: no point is non-implausible (targets incompatible, or too few points)"))
        } else {
            print("wave \(result.nextWave) is next: run its shards (--shard K/N), then --merge")
        }
        print("written to \(out)/ (waves.csv, plausible.csv, parameters.csv, targets.csv\(result.best == nil ? "" : ", calibrated.json5"), calibration.html)")
        return 0
    }

    static func printWave(_ w: CalibrationWave) {
        let kept = w.points.filter(\.kept).count
        let screening = w.candidates > 0 ? " (chosen from \(w.screened) of \(w.candidates) candidates the emulators did not rule out)" : ""
        print("wave \(w.wave): \(w.points.count) points\(screening), \(kept) kept")
    }

    /// The result files, staged and swapped in whole; the state and part files already in the folder
    /// are carried over.
    static func writeResults(_ result: CalibrationResult, scenarioFile: String, output: OutputDirectory) throws {
        var files = [("waves.csv", Calibration.wavesCSV(result)), ("plausible.csv", Calibration.plausibleCSV(result)),
                     ("parameters.csv", Calibration.parametersCSV(result)), ("targets.csv", Calibration.targetsCSV(result))]
        if let best = result.best {
            files.append(("calibrated.json5", calibratedJSON5(result, best: best, scenarioFile: scenarioFile, out: output.path)))
        }
        files.append(("calibration.html", CalibrationReport.html(result, version: version)))
        try output.publish(files, command: "calibrate", version: version)
    }

    /// A scenario file that extends the input with the best point, each value commented.
    static func calibratedJSON5(_ r: CalibrationResult, best: CalibrationPoint, scenarioFile: String, out: String) -> String {
        let base = URL(fileURLWithPath: scenarioFile).standardizedFileURL.path
        let worst = zip(r.targets, best.implausibility).filter { $0.0.monitorOnly == nil }.max { $0.1 < $1.1 }
        var lines = ["// Calibrated by 'wijksim calibrate' (history matching): the point of lowest largest implausibility",
                     "// (" + String(format: "%.2f", best.maxImplausibility) + ", for \(worst?.0.name ?? "-")) of the non-implausible set (plausible.csv, \(r.plausible.count) point\(r.plausible.count == 1 ? "" : "s")). Per value: the range",
                     "// of the non-implausible points, the targets that rule out part of its range in the first wave, the range's source.",
                     "{", "  extends: \"\(base)\","]
        let constraining = CalibrationReport.constraining(r)
        var entries: [(parts: [String], text: String)] = []
        for (j, (p, v)) in zip(r.parameters, best.values).enumerated() {
            let node = p.node(for: v)
            let text: String
            if case .string(let t) = node.value { text = "\"\(t)\"" } else { text = p.display(v) }
            let lo = r.plausible.map { $0.values[j] }.min() ?? v
            let hi = r.plausible.map { $0.values[j] }.max() ?? v
            entries.append((p.path.split(separator: ".").map(String.init),
                            "\(text),  // non-implausible \(p.display(lo, significant: 4)) to \(p.display(hi, significant: 4)); constrained by \(constraining[j].isEmpty ? "no target alone" : constraining[j].joined(separator: ", ")); range from \(p.source)"))
        }
        // Nested objects, one per path prefix (services.ggz and services.youth_care share one services).
        func emit(_ group: [(parts: [String], text: String)], depth: Int, indent: String) {
            var order: [String] = []
            for e in group where !order.contains(e.parts[depth]) { order.append(e.parts[depth]) }
            for key in order {
                let members = group.filter { $0.parts[depth] == key }
                if let leaf = members.first(where: { $0.parts.count == depth + 1 }) {
                    lines.append("\(indent)\(key): \(leaf.text)")
                } else {
                    lines.append("\(indent)\(key): {")
                    emit(members, depth: depth + 1, indent: indent + "  ")
                    lines.append("\(indent)},")
                }
            }
        }
        emit(entries, depth: 0, indent: "  ")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
