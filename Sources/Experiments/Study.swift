// A study: a list of model configurations, each run R times, the engine shared by `explore`,
// `sensitivity` and `explain`. Job k runs replication k mod R of configuration k ÷ R, with the
// random streams of replication (offset of the configuration + k mod R): configurations that share an
// offset meet the same households with the same luck (common random numbers). Results land in job
// order, so the same seed gives the same bytes on any number of threads; a shard runs a contiguous
// block of jobs and writes them to a part file that `merge` reads back to the last digit.

import Foundation
import ScenarioKit
import SimCore
import SocialDomain

public struct Study: Sendable {
    /// "explore", "sensitivity", "explain": named in part files so that parts of one kind are never
    /// merged into another.
    public var kind: String
    public var configs: [ModelConfig]
    public var replications: Int
    public var seed: UInt64
    /// Per configuration, the replication index its first replication uses.
    public var streamOffsets: [Int]
    /// A digest of everything the results depend on (inputs, seed, replications, version).
    public var fingerprint: String

    public init(kind: String, configs: [ModelConfig], replications: Int, seed: UInt64, streamOffsets: [Int], fingerprint: String) {
        precondition(streamOffsets.count == configs.count, "one stream offset per configuration")
        self.kind = kind; self.configs = configs; self.replications = replications; self.seed = seed
        self.streamOffsets = streamOffsets; self.fingerprint = fingerprint
    }

    public var jobCount: Int { configs.count * replications }

    /// Job k: configuration and replication.
    public func job(_ k: Int) -> (config: Int, replication: Int) {
        let (c, r) = k.quotientAndRemainder(dividingBy: replications)
        return (c, r)
    }

    /// Runs `jobs` on `threads` threads (Runner); results in job order (when stopped, only those
    /// finished), without monthly series.
    public func run(jobs: Range<Int>, threads: Int, stop: StopFlag? = nil, progress: (@Sendable (Int) -> Void)? = nil) -> [JobResult] {
        Runner.run(jobs: jobs, threads: threads, keepTimeseries: false, stop: stop, progress: progress) { k in
            let (c, r) = job(k)
            return (configs[c], StreamKey(seed: seed, replication: UInt64(streamOffsets[c] + r)))
        }
    }

    /// The mean over replications of `measure` per configuration, and the values per replication:
    /// values[config][replication] (NaN where a configuration does not report the measure).
    public static func values(_ results: [JobResult], of measure: String, configs: Int, replications: Int) -> [[Double]] {
        var out = [[Double]](repeating: [Double](repeating: .nan, count: replications), count: configs)
        for r in results {
            let (c, k) = r.index.quotientAndRemainder(dividingBy: replications)
            if let v = r.value(measure) { out[c][k] = v }
        }
        return out
    }

    // MARK: Part files of a sharded study

    public static func partName(_ kind: String, _ k: Int, _ n: Int) -> String { "\(kind)-part-\(k)-of-\(n).json" }

    /// A shard's results: the study's kind, fingerprint and size, the shard, and per job its measures
    /// (the distinct lists of measure names once, each job naming its list by number).
    public func partJSON(shard: (Int, Int), results: [JobResult]) -> String {
        var lists: [[String]] = []
        var jobs: [JSONValue] = []
        for r in results {
            var i = lists.firstIndex(of: r.names)
            if i == nil { lists.append(r.names); i = lists.count - 1 }
            jobs.append(.object([("index", .integer(r.index)), ("names", .integer(i!)), ("values", .array(r.values.map { .number($0) }))]))
        }
        return RunDirectory.seal(JSONValue.object([("wijksim_study", .string(kind)), ("fingerprint", .string(fingerprint)), ("jobs", .integer(jobCount)),
                                 ("shard", .string("\(shard.0)/\(shard.1)")),
                                 ("names", .array(lists.map { .array($0.map { .string($0) }) })),
                                 ("results", .array(jobs))]).text)
    }

    /// Reads every `<kind>-part-K-of-N.json` in `directory` and checks that they belong to this study
    /// (same kind, fingerprint and size) and together hold every job exactly once.
    public func readParts(in directory: String) throws(RunDirectory.MergeError) -> [JobResult] {
        typealias Failure = RunDirectory.MergeError
        let prefix = "\(kind)-part-"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
        guard !names.isEmpty else {
            throw Failure(description: "\(directory): no \(prefix)K-of-N.json files; run the shards with --shard K/N --out \(directory) first")
        }
        var byIndex: [Int: JobResult] = [:]
        for name in names {
            let path = directory + "/" + name
            let bad = Failure(description: "\(path): not a part file of 'wijksim \(kind)' (cannot be read or malformed); remove it or run its shard again")
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { throw bad }
            let body = try RunDirectory.unseal(text, path: path, what: "part file of 'wijksim \(kind)'")
            guard let root = try? JSON5Parser.parse(body) else { throw bad }
            guard case .string(let k)? = root["wijksim_study"]?.value, k == kind else { throw bad }
            guard case .string(let f)? = root["fingerprint"]?.value, f == fingerprint,
                  case .number(let n)? = root["jobs"]?.value, Int(exactly: n) == jobCount else {
                throw Failure(description: "\(path): a part of another \(kind) (the scenario files, the parameters, --seed, --replications or the study's size differ, or another WijkSim version); merge only parts of the same command")
            }
            guard case .array(let lists)? = root["names"]?.value, case .array(let jobs)? = root["results"]?.value else { throw bad }
            var nameLists: [[String]] = []
            for list in lists {
                guard case .array(let items) = list.value else { throw bad }
                var names: [String] = []
                for item in items { guard case .string(let s) = item.value else { throw bad }; names.append(s) }
                nameLists.append(names)
            }
            for job in jobs {
                guard case .number(let ix)? = job["index"]?.value, let index = Int(exactly: ix), (0..<jobCount).contains(index),
                      case .number(let nl)? = job["names"]?.value, let list = Int(exactly: nl), nameLists.indices.contains(list),
                      case .array(let items)? = job["values"]?.value, items.count == nameLists[list].count else { throw bad }
                var values: [Double] = []
                for item in items {
                    switch item.value {
                    case .number(let x): values.append(x)
                    case .null: values.append(.nan)
                    default: throw bad
                    }
                }
                guard byIndex[index] == nil else {
                    throw Failure(description: "\(path): job \(index) is also in another part; parts of different shardings are mixed in \(directory)")
                }
                byIndex[index] = JobResult(index: index, names: nameLists[list], values: values, timeseries: [])
            }
        }
        guard byIndex.count == jobCount else {
            let missing = (0..<jobCount).first { byIndex[$0] == nil }!
            throw Failure(description: "\(directory): the parts hold \(byIndex.count) of \(jobCount) jobs (job \(missing) and others missing); run the missing shards with the same options")
        }
        return (0..<jobCount).map { byIndex[$0]! }
    }
}
