// `wijksim run`, `sweep`, `paradox` and `merge`: plan, run on all cores (or one shard), write the
// run directory, print the headline figures.

import Dispatch
import Experiments
import Reporting
import Foundation
import ScenarioKit
import SimCore
import SocialDomain

/// The signal handlers of a running command; `cancel` restores the default behaviour.
struct InterruptHandler {
    let sources: [DispatchSourceSignal]
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

enum ExperimentCommands {
    static let commonOptions = [
        OptionSpec(name: "replications", valueName: "N", help: "Replications per scenario and point (default 30)."),
        OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1). The same seed gives the same results on any thread count or sharding."),
        OptionSpec(name: "threads", valueName: "T", help: "Worker threads (default: number of cores)."),
        OptionSpec(name: "out", valueName: "DIR", help: "Run directory (default Results/<name>). Results already there are replaced only with --force."),
        forceOption,
        OptionSpec(name: "shard", valueName: "K/N", help: "Run only part K of N of the jobs and write DIR/part-K-of-N.json; combine with 'wijksim merge'. K may be 'env' (SLURM_ARRAY_TASK_ID, 1-based, or JOB_COMPLETION_INDEX, 0-based)."),
        OptionSpec(name: "quiet", valueName: nil, help: "No progress bar; print only the results."),
        languageOption,
    ] + mkbaOptions
    static let mkbaOptions = [
        OptionSpec(name: "discount-rate", valueName: "R", help: "mkba.csv: the yearly real discount rate (default 0.0225, the Dutch standard rate for MKBAs since 2021)."),
        OptionSpec(name: "horizon", valueName: "YEARS", help: "mkba.csv: the years counted (default 4, as the LPBL MKBA of the Leeuwarden front-line teams; an assumption)."),
    ]

    static func mkbaSettings(_ args: ParsedArguments) throws -> MKBASettings {
        let rate = try args.double("discount-rate", default: MKBASettings.standard.discountRate)
        guard rate > -0.5 && rate < 1 else { throw UsageError(description: "--discount-rate takes a yearly rate between -0.5 and 1 (e.g. 0.0225 for 2.25%), not \(rate).") }
        let years = try args.integer("horizon", default: MKBASettings.standard.horizonYears, range: 1...100)
        return MKBASettings(discountRate: rate, horizonYears: years)
    }
    /// The largest sweep grid planned (each point is a validated scenario).
    static let maxGridPoints = 10_000
    static let varyOption = OptionSpec(name: "vary", valueName: "PATH=VALUES",
                                       help: "A field and its values: a list (teams.wijkteam.workers=10,12,14) or a grid lo:hi:step (path.own_strength_trial=0w:26w:2w). Repeat for a grid over several fields.")

    static let headline = ["total_cost_eur_per_year", "care_cost_eur_per_year", "benefit_cost_eur_per_year",
                           "category_cost_eur_per_year.first_line", "category_cost_eur_per_year.second_line", "category_cost_eur_per_year.crisis",
                           "outflow_to_work_per_benefit_year", "households_on_benefit_mean", "escalations_per_100_household_years",
                           "escalations_per_year.eviction", "first_help_days_mean", "professionals_per_household_mean"]

    static func run(_ arguments: [String], kind: ExperimentKind) throws -> Int32 {
        let usage: String
        let summary: String
        var options = commonOptions
        switch kind {
        case .run:
            usage = "wijksim run FILE... [--replications N] [--seed S] [--threads T] [--out DIR] [--shard K/N] [--quiet] [--lang nl|en]"
            summary = """
                Runs every scenario file with N replications on all cores. Writes DIR/summary.csv and summary.json (mean, sd,
                95% CI per measure), replications.csv, timeseries.csv, stationarity.csv (per monthly series: level, trend per
                year with 95% CI, steady/rising/falling, MSER-5 warm-up), comparison.csv (each scenario against the first:
                paired differences with 95% CIs, common random numbers) and run.json, and prints the headline figures.
                """
        case .sweep:
            usage = "wijksim sweep FILE --vary PATH=VALUES [--vary ...] [--replications N] [--seed S] [--threads T] [--out DIR] [--shard K/N] [--quiet] [--lang nl|en]"
            summary = "Runs the scenario at every point of a grid; each point is compared with the first (paired 95% CIs)."
            options.insert(varyOption, at: 0)
        case .paradox:
            usage = "wijksim paradox FILE [--vary PATH=VALUES] [--replications N] [--seed S] [--threads T] [--out DIR] [--shard K/N] [--quiet] [--lang nl|en]"
            summary = """
                The intervention paradox (004:L143): sweeps the own-strength trial (default path.own_strength_trial=0w:26w:2w)
                and reports per point first-line, second-line, crisis and total cost and escalations with 95% CIs, the
                cost-minimising point, and whether first-line cost falls while total cost rises (paired 95% CIs).
                """
            options.insert(varyOption, at: 0)
        }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: usage, summary: summary, options: options))
            return 0
        }
        let command = kind.rawValue
        let args = try parse(arguments, command: command, options: options)
        let replications = try args.integer("replications", default: 30, range: 1...100_000)
        let threads = try args.integer("threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let seed = try args.seed()
        let shard = try parseShard(args.last("shard"))
        let language = try parseLanguage(args)
        let mkba = try mkbaSettings(args)
        guard !args.positionals.isEmpty else {
            throw UsageError(description: "'\(command)' needs \(kind == .run ? "one or more scenario files" : "a scenario file"), e.g. 'wijksim \(command) Scenarios/default-city.json5\(kind == .sweep ? " --vary teams.wijkteam.workers=10,12,14" : "")'.")
        }
        if let spaced = args.all("vary").first(where: { !$0.contains("=") }), args.positionals.count > 1 {
            // '--vary PATH VALUES': the shell split what must be one word.
            let at = arguments.firstIndex(of: spaced).map { $0 + 1 } ?? arguments.endIndex
            let values = at < arguments.endIndex ? arguments[at] : args.positionals[1]
            throw UsageError(description: "--vary takes PATH=VALUES as one word: write --vary \(spaced)=\(values)")
        }
        if kind != .run && args.positionals.count > 1 {
            throw UsageError(description: "'\(command)' takes one scenario file, not \(args.positionals.count).")
        }
        var varySpecs = args.all("vary")
        if kind == .sweep && varySpecs.isEmpty {
            throw UsageError(description: "'sweep' needs --vary PATH=VALUES, e.g. --vary teams.wijkteam.workers=10,12,14.")
        }
        if kind == .paradox && varySpecs.isEmpty { varySpecs = ["path.own_strength_trial=0w:26w:2w"] }
        var axes: [SweepAxis] = []
        for spec in varySpecs {
            switch parseVary(spec) {
            case .success(let axis):
                if axes.contains(where: { $0.path == axis.path }) {
                    throw UsageError(description: "--vary \(axis.path) is given twice; give one list of values per field.")
                }
                axes.append(axis)
            case .failure(let error): throw UsageError(description: error.description)
            }
        }
        // The grid's size from the axes, before any point is planned.
        let gridPoints = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard gridPoints <= Double(maxGridPoints) else {
            throw UsageError(description: "the grid has \(formatNumber(gridPoints)) points (" + axes.map { "\($0.values.count)" }.joined(separator: " × ")
                             + "); allowed: at most \(maxGridPoints). Use fewer values per --vary, fewer --vary, or several sweeps.")
        }
        let scenarios = try ScenarioCommands.loadAll(args.positionals)
        var plan: ExperimentPlan
        do {
            plan = try ExperimentPlan(kind: kind, scenarios: scenarios, axes: axes, replications: replications, seed: seed, version: version)
            plan.info.mkba = mkba
        } catch {
            for issue in error.issues { printError(issue.description) }
            throw InvalidInput()
        }
        guard plan.info.points.count * scenarios.count * replications <= 10_000_000 else {
            throw UsageError(description: "\(plan.info.jobCount) replications in all; at most 10,000,000 per run (use --shard).")
        }
        let jobCount = shard.map { plan.info.shard($0.0, of: $0.1).count } ?? plan.info.jobCount
        let estimate = MemoryEstimate(plan, jobs: jobCount, threads: threads)
        if let refusal = estimate.refusal(memory: Double(ProcessInfo.processInfo.physicalMemory)) {
            printError("wijksim: refused before running: \(refusal)")
            throw InvalidInput()
        }
        let defaultName = kind == .run ? runName(plan.info.scenarios) : "\(plan.info.scenarios[0])-\(kind.rawValue)"
        let out = args.last("out") ?? "Results/\(defaultName)"
        // Before any replication: a shard's folder must take its part file; a whole run's folder is
        // locked, cleared of stale temporaries and staged beside the old one (OutputDirectory).
        var output: OutputDirectory? = nil
        if shard != nil { try makeDirectory(out); try checkWritable(out) } else { output = try openOutput(out, force: args.has("force")) }

        let jobs = shard.map { plan.info.shard($0.0, of: $0.1) } ?? 0..<plan.info.jobCount
        let started = Date()
        let stop = StopFlag()
        let interrupt = installInterruptHandler(stop)
        let progress = Progress(total: jobs.count, what: describe(plan.info), enabled: !args.has("quiet"))
        let results = Runner.run(plan, jobs: jobs, threads: threads, stop: stop) { progress.update($0) }
        progress.finish()
        interrupt.cancel()
        if let exploded = results.first(where: { $0.limitReached != nil }) {
            let (p, s, r) = plan.info.job(exploded.index)
            printError("wijksim: \(plan.info.label(point: p, scenario: s)), replication \(r): stopped at a safety limit: \(exploded.limitReached!). "
                       + "The scenario's rates make the system explode (arrivals far above what teams and services can close, or deterioration far above improvement); nothing written to \(out).")
            return 3
        }
        if results.count < jobs.count {
            printError("wijksim: interrupted after \(results.count) of \(jobs.count) replications; nothing written to \(out) (files already there are untouched).")
            return 3
        }
        let finished = Date()
        if let (k, n) = shard {
            try RunDirectory.writeAtomically(RunDirectory.partJSON(plan.info, shard: (k, n), results: results,
                                                                   provenance: RunDirectory.provenance(version: version, threads: threads, started: started, finished: finished)),
                                             to: out + "/" + RunDirectory.partName(k, n))
            print("shard \(k)/\(n): \(results.count) of \(plan.info.jobCount) replications written to \(out)/\(RunDirectory.partName(k, n)); combine the parts with 'wijksim merge DIR... --out DIR'")
            return 0
        }
        try writeRun(plan.info, results, to: output!, threads: threads, started: started, finished: finished, language: language)
        printHeadlines(plan.info, results)
        print("\nwritten to \(out)/ (report.html, results.xlsx, summary.csv, summary-wide.csv, summary.json, comparison.csv\(plan.info.scenarios.count * plan.info.points.count > 1 ? ", mkba.csv" : ""), replications.csv, timeseries.csv, stationarity.csv, run.json)")
        return 0
    }

    static func writeRun(_ info: PlanInfo, _ results: [JobResult], to output: OutputDirectory, threads: Int?, started: Date, finished: Date,
                         mergedParts: Int? = nil, partProvenance: [String] = [], language: Language = .en) throws {
        try output.publish(RunDirectory.files(info, results, language: language)
                           + [("run.json", RunDirectory.runJSON(info, threads: threads, shard: nil, started: started, finished: finished,
                                                               mergedParts: mergedParts, partProvenance: partProvenance))],
                           data: RunDirectory.dataFiles(info, results), command: info.kind.rawValue, version: version)
    }

    /// Opens a run's output folder before anything runs (OutputDirectory): refused with one line and
    /// exit 2 when it cannot be written, is locked by another run or is not a WijkSim folder.
    /// `--force`: the one way to replace results already in --out (never silently).
    static let forceOption = OptionSpec(name: "force", valueName: nil,
                                        help: "Replace the results already in --out (without it, a folder holding results is refused; part files and your own files there are kept).")

    static func openOutput(_ out: String, force: Bool, continuing: String? = nil) throws -> OutputDirectory {
        do { return try OutputDirectory(out, force: force, continuing: continuing, note: { printError("wijksim: " + $0) }) } catch {
            throw UsageError(description: error.description)
        }
    }

    /// The memory guard of `run` for a command that runs one replication of one scenario (trace,
    /// bench city): refused before running, with the estimate and what to change.
    static func refuseIfTooLarge(_ scenario: Scenario, command: String) throws {
        guard let plan = try? ExperimentPlan(kind: .run, scenarios: [scenario], axes: [], replications: 1, seed: 1, version: version) else { return }
        if let refusal = MemoryEstimate(plan, jobs: 1, threads: 1).refusal(memory: Double(ProcessInfo.processInfo.physicalMemory)) {
            printError("wijksim \(command): refused before running: \(refusal)")
            throw InvalidInput()
        }
    }

    /// Whether a file can be created in `directory` (a shard's part goes there); checked before running.
    static func checkWritable(_ directory: String) throws {
        let probe = directory + "/.wijksim-probe-\(getpid())"
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
            throw UsageError(description: "cannot write in \(directory) (\(String(cString: strerror(errno)))); choose an --out where you may write")
        }
        try? FileManager.default.removeItem(atPath: probe)
    }

    static func runName(_ names: [String]) -> String {
        names.count <= 3 ? names.joined(separator: "+") : "\(names[0])-and-\(names.count - 1)-more"
    }

    static func describe(_ info: PlanInfo) -> String {
        let names = info.scenarios.count <= 2 ? info.scenarios.joined(separator: ", ") : "\(info.scenarios.count) scenarios"
        return info.points.count > 1 ? "\(names) × \(info.points.count) points" : names
    }

    static func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UsageError(description: "--out \(path) is a file, not a directory.") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        catch { throw UsageError(description: "cannot create the run directory \(path): \(error.localizedDescription)") }
    }

    /// "K/N", or "env/N" to take K from SLURM_ARRAY_TASK_ID (1-based) or JOB_COMPLETION_INDEX (0-based).
    static func parseShard(_ text: String?) throws -> (Int, Int)? {
        guard let text else { return nil }
        let parts = text.split(separator: "/").map(String.init)
        guard parts.count == 2, let n = Int(parts[1]), n >= 1, n <= 100_000 else {
            throw UsageError(description: "--shard takes K/N with 1 ≤ K ≤ N (e.g. 3/10, or env/10 under Slurm or Kubernetes), not '\(text)'.")
        }
        var k: Int?
        if parts[0] == "env" {
            let environment = ProcessInfo.processInfo.environment
            if let slurm = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) { k = slurm }
            else if let index = environment["JOB_COMPLETION_INDEX"].flatMap(Int.init) { k = index + 1 }
            guard k != nil else {
                throw UsageError(description: "--shard env/\(n): neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set.")
            }
        } else {
            k = Int(parts[0])
        }
        guard let k, k >= 1, k <= n else {
            throw UsageError(description: "--shard takes K/N with 1 ≤ K ≤ N (e.g. 3/10), not '\(text)'.")
        }
        return (k, n)
    }

    /// Millions with one decimal ("88.0M"), thousands with a separator-free whole number below.
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if abs(x) >= 1_000_000 { return String(format: "%.1fM", x / 1_000_000) }
        if abs(x) >= 10_000 { return String(format: "%.0fk", x / 1_000) }
        return fmtNumber(x)
    }

    /// More than two scenarios or points: one line each, the headline measures in columns, the sweep's
    /// values in columns of their own (the label with every value is in the files).
    static func printCompactTable(_ info: PlanInfo, _ all: [Cell]) {
        let paths = info.sweptPaths
        let against = info.points.count > 1 && info.kind != .run ? "the first point (\(info.points[0].map { "\($0.path)=\($0.value)" }.joined(separator: ", ")))"
            : info.scenarios[0]
        print("\(all.count) \(info.points.count > 1 ? "points" : "scenarios") × \(info.replications) replication\(info.replications == 1 ? "" : "s"), seed \(info.seed); means, and the paired difference in total cost with \(against) [95% CI]")
        var rows: [[String]] = [["scenario"] + paths.map { String($0.split(separator: ".").last ?? "") }
                                + ["total €/y", "Δ total €/y [95% CI]", "to work/benefit-y", "escal./100 hh-y", "on bijstand"]]
        for (i, cell) in all.enumerated() {
            let summaries = Dictionary(cell.summaries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            var delta = "(baseline)"
            if let b = baselineIndex(info, all, of: i), let d = pairedDifferences(cell, baseline: all[b]).first(where: { $0.name == "total_cost_eur_per_year" }) {
                delta = (d.mean >= 0 ? "+" : "") + short(d.mean) + (d.low.isFinite ? " [\(short(d.low)), \(short(d.high))]" : " [no CI]")
            }
            let values = paths.map { path in info.points[cell.point].first { $0.path == path }?.value ?? "" }
            rows.append([info.scenarios[cell.scenario]] + values
                        + [short(summaries["total_cost_eur_per_year"]?.mean ?? .nan), delta,
                           summaries["outflow_to_work_per_benefit_year"].map { String(format: "%.3f", $0.mean) } ?? "–",
                           summaries["escalations_per_100_household_years"].map { String(format: "%.2f", $0.mean) } ?? "–",
                           summaries["households_on_benefit_mean"].map { String(format: "%.0f", $0.mean) } ?? "–"])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        for row in rows {
            print(row.indices.map { c in c == 0 || c <= paths.count ? row[c].padding(toLength: widths[c], withPad: " ", startingAt: 0)
                                                                    : String(repeating: " ", count: widths[c] - row[c].count) + row[c] }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func printHeadlines(_ info: PlanInfo, _ results: [JobResult]) {
        let all = cells(info, results)
        if all.count > 2 {
            printCompactTable(info, all)
            print("every measure with its CI: summary.csv, results.xlsx; differences: comparison.csv")
        } else {
            printBlocks(info, all)
        }
        if info.kind == .paradox, let verdict = paradoxVerdict(info, all) {
            print("\ncost-minimising point: " + verdict.minimumAt.map { "\($0.path)=\($0.value)" }.joined(separator: ", "))
            print("intervention paradox \(verdict.shows ? "shows" : "does not show"): \(verdict.reason)")
        }
    }

    /// One or two scenarios: a block each, the headline measures with CIs and the paired difference.
    static func printBlocks(_ info: PlanInfo, _ all: [Cell]) {
        let width = headline.map(\.count).max()! + 2
        for (index, cell) in all.enumerated() {
            print((index == 0 ? "" : "\n") + "\(cell.label): \(cell.values.count) replication\(cell.values.count == 1 ? "" : "s"), seed \(info.seed); mean [95% CI]")
            let summaries = cell.summaries
            let baseline = baselineIndex(info, all, of: index)
            let diffs = baseline.map { pairedDifferences(cell, baseline: all[$0]) } ?? []
            for name in headline {
                guard let s = summaries.first(where: { $0.name == name }) else { continue }
                func interval(_ m: MeasureSummary) -> String { m.low.isFinite ? "[\(fmtNumber(m.low)), \(fmtNumber(m.high))]" : "[no CI: 1 replication]" }
                var line = name.padding(toLength: width, withPad: " ", startingAt: 0) + "\(fmtNumber(s.mean)) " + interval(s)
                if let d = diffs.first(where: { $0.name == name }) {
                    line = line.padding(toLength: width + 34, withPad: " ", startingAt: 0)
                        + "vs \(baseline.map { all[$0].label } ?? ""): \(d.mean >= 0 ? "+" : "")\(fmtNumber(d.mean)) " + interval(d)
                }
                print(line)
            }
        }
    }

    static func merge(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim merge DIR... --out DIR",
                           summary: "Combines the part-K-of-N.json files of a sharded run into the run directory one unsharded run writes.",
                           options: [OptionSpec(name: "out", valueName: "DIR", help: "The run directory to write."), forceOption, languageOption] + mkbaOptions))
            return 0
        }
        let args = try parse(arguments, command: "merge", options: [OptionSpec(name: "out", valueName: "DIR", help: ""), forceOption, languageOption] + mkbaOptions)
        let language = try parseLanguage(args)
        let mkba = try mkbaSettings(args)
        guard !args.positionals.isEmpty else { throw UsageError(description: "'merge' needs the directories (or part files) to merge.") }
        let out = try args.string("out")
        var paths: [String] = []
        for p in args.positionals {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else {
                printError("\(p): no such file or directory"); throw InvalidInput()
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
                paths += names.filter { $0.hasPrefix("part-") && $0.hasSuffix(".json") }.sorted().map { p + "/" + $0 }
            } else {
                paths.append(p)
            }
        }
        var parts: [(path: String, info: PlanInfo, shard: (Int, Int), results: [JobResult])] = []
        var provenance: [String] = []
        do {
            for path in paths {
                let part = try RunDirectory.readSealedPart(path)
                parts.append((path, part.info, part.shard, part.results))
                provenance.append(part.provenance)
            }
            var (info, results) = try RunDirectory.merge(parts)
            info.mkba = mkba
            let output = try openOutput(out, force: args.has("force"))
            try writeRun(info, results, to: output, threads: nil, started: Date(), finished: Date(), mergedParts: parts.count, partProvenance: provenance,
                         language: language)
            printHeadlines(info, results)
            print("\nmerged \(parts.count) parts (\(results.count) replications) into \(out)/")
            return 0
        } catch let error as RunDirectory.MergeError {
            printError("wijksim merge: \(error.description)")
            return 1
        }
    }

    /// Ctrl-C (SIGINT) and SIGTERM (what `scancel`, `kill` and a pod eviction send) stop handing out
    /// replications; the command then reports what was kept and exits 3. A second Ctrl-C quits at once.
    static func installInterruptHandler(_ stop: StopFlag) -> InterruptHandler {
        var sources: [DispatchSourceSignal] = []
        for (number, name) in [(SIGINT, "Ctrl-C"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stop.stop()
                printError("\nwijksim: \(name): stopping after the replications under way" + (number == SIGINT ? " (Ctrl-C again to quit at once)" : ""))
                if number == SIGINT { signal(SIGINT, SIG_DFL) }
            }
            source.resume()
            sources.append(source)
        }
        return InterruptHandler(sources: sources)
    }
}

/// A progress bar on stderr: only on a terminal, only after a second, never with --quiet.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let what: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(total: Int, what: String, enabled: Bool) {
        self.total = total; self.what = what
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// Called serially by the runner.
    func update(_ done: Int) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 1, now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        let fraction = Double(done) / Double(max(1, total))
        let width = 24
        let filled = Int(fraction * Double(width))
        let left = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(bar) \(done)/\(total) replications · \(what) · \(Self.duration(left)) left".utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? "\(Int(seconds.rounded())) s" : "\(Int(seconds / 60)) min \(Int(seconds.truncatingRemainder(dividingBy: 60))) s"
    }
}
