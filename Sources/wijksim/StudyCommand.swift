// What `explore`, `sensitivity` and `explain` share: the options that run a study (replications,
// seed, threads, output directory, shards, merge) and running it whole, as one shard, or merging the
// shards' parts, with the progress bar, Ctrl-C and the safety limits of `run`.

import Foundation
import Experiments
import Reporting
import ScenarioKit
import SimCore
import SocialDomain

enum StudyCommand {
    static func options(replications: Int, what: String) -> [OptionSpec] {
        [
            OptionSpec(name: "replications", valueName: "R", help: "Replications per \(what) (default \(replications)); common random numbers as stated above."),
            OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1). The same seed gives the same results on any thread count or sharding."),
            OptionSpec(name: "threads", valueName: "T", help: "Worker threads (default: number of cores)."),
            OptionSpec(name: "out", valueName: "DIR", help: "Output directory."),
            ExperimentCommands.forceOption,
            OptionSpec(name: "shard", valueName: "K/N", help: "Run only part K of N of the replications and write DIR/<command>-part-K-of-N.json; when all N are in DIR, run the same command with --merge. K may be 'env' (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)."),
            OptionSpec(name: "merge", valueName: nil, help: "Combine the parts in DIR (written with --shard by the same command and options) and write the results."),
            OptionSpec(name: "quiet", valueName: nil, help: "No progress bar."),
        ]
    }

    enum Outcome {
        /// The results, and the output folder (locked and staged) to write them into.
        case results([JobResult], OutputDirectory)
        case finished(Int32)
    }

    /// The fingerprint of a study: a digest of its kind, the inputs' canonical text, seed, replications and version.
    static func fingerprint(_ kind: String, _ inputs: String, seed: UInt64, replications: Int) -> String {
        SHA256.hex(Data("\(kind)\n\(version)\nseed \(seed)\nreplications \(replications)\n\(inputs)".utf8))
    }

    /// Runs `study` whole, one shard of it (writes the part; `.finished(0)`), or merges the parts in `out`.
    static func execute(_ study: Study, _ args: ParsedArguments, out: String, what: String) throws -> Outcome {
        let shard = try ExperimentCommands.parseShard(args.last("shard"))
        if shard != nil && args.has("merge") {
            throw UsageError(description: "'\(study.kind)' takes --shard K/N (run one part) or --merge (combine the parts), not both.")
        }
        guard study.jobCount <= 10_000_000 else {
            throw UsageError(description: "\(study.jobCount) replications in all; at most 10,000,000 per command (fewer worlds, samples or replications).")
        }
        let threads = try args.integer("threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        if !args.has("merge") {
            if let refusal = MemoryEstimate(configs: study.configs, jobs: study.jobCount, threads: threads)
                .refusal(memory: Double(ProcessInfo.processInfo.physicalMemory)) {
                printError("wijksim \(study.kind): refused before running: \(refusal)")
                throw InvalidInput()
            }
        }
        if args.has("merge") {
            let output = try ExperimentCommands.openOutput(out, force: args.has("force"))
            do { return .results(try study.readParts(in: out), output) } catch {
                output.abandon()
                printError("wijksim \(study.kind): \(error.description)")
                return .finished(1)
            }
        }
        // Before any replication: a shard's folder must take its part; a whole study's folder is
        // locked and staged (OutputDirectory).
        var output: OutputDirectory? = nil
        if shard != nil { try ExperimentCommands.makeDirectory(out); try ExperimentCommands.checkWritable(out) }
        else { output = try ExperimentCommands.openOutput(out, force: args.has("force")) }
        if let (k, n) = shard, n > study.jobCount {
            throw UsageError(description: "--shard \(k)/\(n): the \(study.kind) has \(study.jobCount) replications; use at most that many shards.")
        }
        let jobs = shard.map { shardRange($0.0, of: $0.1, jobs: study.jobCount) } ?? 0..<study.jobCount
        let stop = StopFlag()
        let interrupt = ExperimentCommands.installInterruptHandler(stop)
        let progress = Progress(total: jobs.count, what: what, enabled: !args.has("quiet"))
        let results = study.run(jobs: jobs, threads: threads, stop: stop) { progress.update($0) }
        progress.finish()
        interrupt.cancel()
        if results.count < jobs.count || results.contains(where: { $0.limitReached != nil }) { output?.abandon() }
        if let exploded = results.first(where: { $0.limitReached != nil }) {
            let (c, r) = study.job(exploded.index)
            printError("wijksim: \(study.configs[c].name), replication \(r): stopped at a safety limit: \(exploded.limitReached!). "
                       + "These values make the system explode (arrivals far above what teams and services can close); narrow the ranges. Nothing written to \(out).")
            return .finished(3)
        }
        if results.count < jobs.count {
            printError("wijksim: interrupted after \(results.count) of \(jobs.count) replications; nothing written to \(out) (files already there are untouched).")
            return .finished(3)
        }
        if let (k, n) = shard {
            let name = Study.partName(study.kind, k, n)
            try RunDirectory.writeAtomically(study.partJSON(shard: (k, n), results: results), to: out + "/" + name)
            print("shard \(k)/\(n): \(results.count) of \(study.jobCount) replications written to \(out)/\(name); when all \(n) parts are there, run the same command with --merge instead of --shard")
            return .finished(0)
        }
        return .results(results, output!)
    }

    /// Every design in every world (Worlds.configs), with a note per design that keeps its own value of
    /// a parameter; a world that makes a design invalid is reported per problem (exit 1).
    static func configs(_ worlds: Worlds, _ designs: [Scenario], at place: String) throws -> ([[Bool]], [ModelConfig]) {
        let sharing = worlds.sharing(designs)
        for (d, design) in designs.enumerated() {
            let own = worlds.parameters.indices.filter { !sharing[d][$0] }.map { worlds.parameters[$0].path }
            if !own.isEmpty { print("note: \(design.name) sets \(own.joined(separator: ", ")) itself; it keeps its own value \(place)") }
        }
        do { return (sharing, try worlds.configs(designs, sharing: sharing)) } catch {
            for issue in error.issues { printError(issue.description) }
            throw InvalidInput()
        }
    }

    /// Loads a parameters file (targets-style, `parameters` only) against `scenario`; problems printed, exit 1.
    static func parameters(_ file: String, scenario: Scenario) throws -> TargetsFile {
        do { return try TargetsLoader.load(file, scenario: scenario, parametersOnly: true) } catch {
            for issue in error.issues { printError(issue.description) }
            throw InvalidInput()
        }
    }
}
