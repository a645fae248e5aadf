// The run directory (CONTRACT.md): run.json, summary.json, summary.csv, comparison.csv,
// replications.csv, timeseries.csv, stationarity.csv, report.html; and partial results of shards
// (with every recorded month, warm-up included), merged into the same files.
// Every file is written under a temporary name and renamed, so a file that exists is complete.

import Foundation
import ScenarioKit
import SocialDomain

public enum RunDirectory {
    /// Writes `text` to `path` atomically: a temporary file in the same folder, then rename.
    /// A failure is one line naming the path and what to do (no raw system error).
    public static func writeAtomically(_ text: String, to path: String) throws(OutputDirectory.Failure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputDirectory.Failure(description: "cannot write \(path) (\(reason)); free space or choose another --out")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputDirectory.Failure(description: "cannot write \(path) (\(reason)); choose another --out")
        }
    }

    public static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }

    public static func pointValue(_ label: String) -> JSONValue {
        if let x = Double(label), x.isFinite { return .number(x) }
        if label == "true" || label == "false" { return .bool(label == "true") }
        return .string(label)
    }

    public static func csv(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// What built this binary: the compiler and the git commit (when built from a checkout).
    public static var build: (compiler: String, commit: String) { (buildCompiler, buildCommit) }

    /// run.json: what was run, by what, when.
    public static func runJSON(_ info: PlanInfo, threads: Int?, shard: (Int, Int)?, started: Date, finished: Date,
                               mergedParts: Int? = nil, complete: Bool = true, partProvenance: [String] = []) -> String {
        let iso = ISO8601DateFormatter()
        var pairs: [(String, JSONValue)] = [
            ("kind", .string(info.kind.rawValue)), ("seed", .unsigned(info.seed)),
            ("replications", .integer(info.replications)),
            ("threads", threads.map { .integer($0) } ?? .null),
            ("shard", shard.map { .string("\($0.0)/\($0.1)") } ?? .null),
            ("scenarios", .array(info.scenarios.indices.map { i in
                .object([("name", .string(info.scenarios[i])), ("file", .string(info.files[i])),
                         ("sha256", .array(info.hashes[i].map { .string($0) }))])
            })),
            ("points", .integer(info.points.count)),
            ("wijksim_version", .string(info.version)),
            ("swift_version", .string(swiftVersion)),
            ("wijksim_commit", .string(buildCommit)),
            ("platform", .string(platform)),
            ("started", .string(iso.string(from: started))), ("finished", .string(iso.string(from: finished))),
            ("complete", .bool(complete)),
            ("mkba", .object([("discount_rate", .number(info.mkba.discountRate)), ("horizon_years", .integer(info.mkba.horizonYears))])),
        ]
        if let mergedParts { pairs.append(("merged_from_parts", .integer(mergedParts))) }
        if !partProvenance.isEmpty { pairs.append(("parts", .array(partProvenance.map { .raw($0) }))) }
        return JSONValue.object(pairs).text + "\n"
    }

    /// The compiler that built this binary, exactly (recorded at build time by the BuildInfo plugin).
    static var swiftVersion: String { buildCompiler }

    static var platform: String {
        let info = ProcessInfo.processInfo
        #if os(Linux)
        let os = "Linux"
        #elseif os(macOS)
        let os = "macOS"
        #else
        let os = "other"
        #endif
        return "\(os) \(info.operatingSystemVersionString), \(info.activeProcessorCount) cores"
    }

    // MARK: Shards

    public static func partName(_ k: Int, _ n: Int) -> String { "part-\(k)-of-\(n).json" }

    // A part file is sealed: `{"wijksim_sealed":1,"sha256":"<hex>","body":<body>}`, the SHA-256 taken
    // over the body's bytes, so that a part edited, cut short or corrupted after it was written is
    // refused before anything in it is read.
    static let sealPrefix = "{\"wijksim_sealed\":1,\"sha256\":\""

    /// The body JSON sealed with its SHA-256.
    public static func seal(_ body: String) -> String {
        sealPrefix + SHA256.hex(Data(body.utf8)) + "\",\"body\":" + body + "}\n"
    }

    /// The body of a sealed file, or a refusal naming the file.
    public static func unseal(_ text: String, path: String, what: String) throws(MergeError) -> String {
        let bytes = Array(text.utf8)
        let prefix = Array(sealPrefix.utf8), middle = Array("\",\"body\":".utf8)
        let head = prefix.count + 64 + middle.count
        guard bytes.count > head + 1, bytes.starts(with: prefix), Array(bytes[(prefix.count + 64)..<head]) == middle else {
            throw MergeError(description: "\(path): not a \(what) (no seal); use a part written by this WijkSim, or run its shard again")
        }
        let end = bytes.count - 1    // the seal ends with "}\n", exactly
        guard end > head, bytes[end] == UInt8(ascii: "\n"), bytes[end - 1] == UInt8(ascii: "}") else {
            throw MergeError(description: "\(path): cut short (the file does not end where a \(what) ends); run its shard again")
        }
        let body = Array(bytes[head..<(end - 1)])
        let stated = String(decoding: bytes[prefix.count..<(prefix.count + 64)], as: UTF8.self)
        guard SHA256.hex(Data(body)) == stated else {
            throw MergeError(description: "\(path): changed after it was written, or damaged (its SHA-256 does not match its content); run its shard again")
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// A shard's partial result: the plan (to check that parts belong together), where and when it
    /// ran (`provenance`), and its jobs with every recorded month (also month ≤ 0, the warm-up) so
    /// that a merge writes the same files. Sealed with its SHA-256.
    public static func partJSON(_ info: PlanInfo, shard: (Int, Int), results: [JobResult], provenance: [(String, JSONValue)] = []) -> String {
        let plan = planJSON(info)
        let jobs: [JSONValue] = results.map { r in
            .object([("k", .integer(r.index)), ("names", .array(r.names.map { .string($0) })),
                     ("values", .array(r.values.map { .number($0) })),
                     ("timeseries", .array(r.timeseries.map { .array([.integer($0.month), .string($0.series), .number($0.value)]) }))])
        }
        return seal(JSONValue.object([("wijksim_part", .integer(2)), ("shard", .array([.integer(shard.0), .integer(shard.1)])),
                                      ("provenance", .object(provenance)), ("plan", plan), ("jobs", .array(jobs))]).text)
    }

    /// Where and when a shard ran, for its part file and the merged run.json.
    public static func provenance(version: String, threads: Int, started: Date, finished: Date) -> [(String, JSONValue)] {
        let iso = ISO8601DateFormatter()
        return [("wijksim_version", .string(version)), ("swift_version", .string(swiftVersion)), ("wijksim_commit", .string(buildCommit)), ("platform", .string(platform)),
                ("host", .string(ProcessInfo.processInfo.hostName)), ("threads", .integer(threads)),
                ("started", .string(iso.string(from: started))), ("finished", .string(iso.string(from: finished)))]
    }

    static func planJSON(_ info: PlanInfo) -> JSONValue {
        .object([("kind", .string(info.kind.rawValue)), ("seed", .string(String(info.seed))),
                 ("replications", .integer(info.replications)),
                 ("scenarios", .array(info.scenarios.map { .string($0) })), ("files", .array(info.files.map { .string($0) })),
                 ("hashes", .array(info.hashes.map { .array($0.map { .string($0) }) })),
                 ("points", .array(info.points.map { p in .array(p.map { .array([.string($0.path), .string($0.value)]) }) })),
                 ("version", .string(info.version)),
                 ("changes", .array(info.changes.map { c in
                     .object([("base", .string(c.base)),
                              ("items", .array(c.items.map { .array([.string($0.kind.rawValue), .string($0.path), .string($0.old), .string($0.new)]) }))])
                 }))])
    }

    public struct MergeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// One part read back: the plan, the shard, the jobs and the provenance (as JSON text).
    public struct Part: Sendable {
        public var path: String
        public var info: PlanInfo
        public var shard: (Int, Int)
        public var results: [JobResult]
        public var provenance: String
    }

    /// Reads a part file written by `partJSON`, checking its seal and then every field's type, range
    /// and length; a refusal names the file and the field.
    public static func readPart(_ path: String) throws(MergeError) -> (PlanInfo, shard: (Int, Int), [JobResult]) {
        let part = try readSealedPart(path)
        return (part.info, part.shard, part.results)
    }

    public static func readSealedPart(_ path: String) throws(MergeError) -> Part {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MergeError(description: "\(path): cannot be read")
        }
        let body = try unseal(text, path: path, what: "WijkSim partial result (written by run, sweep or paradox with --shard)")
        func fail(_ field: String, _ problem: String) -> MergeError {
            MergeError(description: "\(path): \(field): \(problem); run its shard again")
        }
        guard let root = try? JSON5Parser.parse(body) else { throw fail("body", "not JSON") }
        guard case .number(let format)? = root["wijksim_part"]?.value, format == 2 else {
            throw fail("wijksim_part", "format \(root["wijksim_part"]?.shortDescription ?? "missing"); allowed: 2 (this WijkSim's)")
        }
        func int(_ node: Node?, _ field: String, _ range: ClosedRange<Int>) throws(MergeError) -> Int {
            guard case .number(let x)? = node?.value, let i = Int(exactly: x), range.contains(i) else {
                throw fail(field, "found \(node?.shortDescription ?? "nothing"); allowed: a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return i
        }
        func strings(_ node: Node?, _ field: String) throws(MergeError) -> [String] {
            guard case .array(let items)? = node?.value else { throw fail(field, "not a list") }
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item.value else { throw fail("\(field)[\(i)]", "found \(item.shortDescription); allowed: text") }
                out.append(s)
            }
            return out
        }
        guard case .array(let shardNodes)? = root["shard"]?.value, shardNodes.count == 2 else { throw fail("shard", "not [K, N]") }
        let n = try int(shardNodes[1], "shard", 1...100_000)
        let k = try int(shardNodes[0], "shard", 1...n)
        guard let plan = root["plan"] else { throw fail("plan", "missing") }
        guard case .string(let kindText)? = plan["kind"]?.value, let kind = ExperimentKind(rawValue: kindText) else {
            throw fail("plan.kind", "found \(plan["kind"]?.shortDescription ?? "nothing"); allowed: run, sweep or paradox")
        }
        guard case .string(let seedText)? = plan["seed"]?.value, let seed = UInt64(seedText) else { throw fail("plan.seed", "not a seed") }
        let replications = try int(plan["replications"], "plan.replications", 1...100_000)
        let scenarios = try strings(plan["scenarios"], "plan.scenarios")
        let files = try strings(plan["files"], "plan.files")
        guard !scenarios.isEmpty, files.count == scenarios.count else { throw fail("plan.files", "\(files.count) files for \(scenarios.count) scenarios") }
        guard case .array(let hashNodes)? = plan["hashes"]?.value, hashNodes.count == scenarios.count else { throw fail("plan.hashes", "not one list per scenario") }
        var hashes: [[String]] = []
        for (i, h) in hashNodes.enumerated() { hashes.append(try strings(h, "plan.hashes[\(i)]")) }
        guard case .array(let pointNodes)? = plan["points"]?.value, !pointNodes.isEmpty, pointNodes.count <= 1_000_000 else { throw fail("plan.points", "not a list of points") }
        var points: [[PlanInfo.PointValue]] = []
        for (i, p) in pointNodes.enumerated() {
            guard case .array(let pairs) = p.value else { throw fail("plan.points[\(i)]", "not a list") }
            var values: [PlanInfo.PointValue] = []
            for (j, pair) in pairs.enumerated() {
                let s = try strings(pair, "plan.points[\(i)][\(j)]")
                guard s.count == 2 else { throw fail("plan.points[\(i)][\(j)]", "not [path, value]") }
                values.append(PlanInfo.PointValue(path: s[0], value: s[1]))
            }
            points.append(values)
        }
        guard case .string(let version)? = plan["version"]?.value else { throw fail("plan.version", "missing") }
        var changes: [ScenarioChanges] = []
        if case .array(let changeNodes)? = plan["changes"]?.value {
            for c in changeNodes {
                var base = ""
                if case .string(let b)? = c["base"]?.value { base = b }
                var items: [ScenarioChanges.Change] = []
                if case .array(let itemNodes)? = c["items"]?.value {
                    for item in itemNodes {
                        let s = try strings(item, "plan.changes")
                        guard s.count == 4, let kind = ScenarioChanges.Change.Kind(rawValue: s[0]) else { throw fail("plan.changes", "an item is not [kind, path, old, new]") }
                        items.append(ScenarioChanges.Change(kind: kind, path: s[1], old: s[2], new: s[3]))
                    }
                }
                changes.append(ScenarioChanges(base: base, items: items))
            }
        }
        let info = PlanInfo(kind: kind, seed: seed, replications: replications, scenarios: scenarios, files: files, hashes: hashes,
                            points: points, version: version, changes: changes)
        guard case .array(let jobNodes)? = root["jobs"]?.value else { throw fail("jobs", "not a list") }
        var results: [JobResult] = []
        for (i, j) in jobNodes.enumerated() {
            let field = "jobs[\(i)]"
            let index = try int(j["k"], field + ".k", 0...(info.jobCount - 1))
            let names = try strings(j["names"], field + ".names")
            guard Set(names).count == names.count else { throw fail(field + ".names", "a measure is named twice") }
            guard case .array(let valueNodes)? = j["values"]?.value else { throw fail(field + ".values", "not a list") }
            guard valueNodes.count == names.count else { throw fail(field + ".values", "\(valueNodes.count) values for \(names.count) names") }
            var values: [Double] = []
            for (m, v) in valueNodes.enumerated() {
                switch v.value {
                case .number(let x): values.append(x)
                case .null: values.append(.nan)
                default: throw fail("\(field).values[\(m)] (\(names[m]))", "found \(v.shortDescription); allowed: a number")
                }
            }
            guard case .array(let rows)? = j["timeseries"]?.value else { throw fail(field + ".timeseries", "not a list") }
            var series: [TimeseriesRow] = []
            for (r, row) in rows.enumerated() {
                guard case .array(let cols) = row.value, cols.count == 3, case .number(let month) = cols[0].value, let m = Int(exactly: month),
                      abs(m) <= 100_000, case .string(let name) = cols[1].value else {
                    throw fail("\(field).timeseries[\(r)]", "not [month, series, value]")
                }
                switch cols[2].value {
                case .number(let v): series.append(TimeseriesRow(month: m, series: name, value: v))
                case .null: series.append(TimeseriesRow(month: m, series: name, value: .nan))
                default: throw fail("\(field).timeseries[\(r)]", "the value is not a number")
                }
            }
            results.append(JobResult(index: index, names: names, values: values, timeseries: series))
        }
        let provenance = root["provenance"]?.canonicalText ?? "{}"
        return Part(path: path, info: info, shard: (k, n), results: results, provenance: provenance)
    }

    /// The first field in which two plans differ, in words; nil when they belong to one run. The
    /// files' names do not count (./Scenarios/x and Scenarios/x are one file): their contents do.
    static func difference(_ a: PlanInfo, _ b: PlanInfo) -> String? {
        if a.kind != b.kind { return "kind (\(a.kind.rawValue) and \(b.kind.rawValue))" }
        if a.seed != b.seed { return "seed (\(a.seed) and \(b.seed))" }
        if a.replications != b.replications { return "replications (\(a.replications) and \(b.replications))" }
        if a.scenarios != b.scenarios { return "scenarios (\(a.scenarios.joined(separator: ", ")) and \(b.scenarios.joined(separator: ", ")))" }
        if a.hashes != b.hashes {
            let i = a.hashes.indices.first { $0 >= b.hashes.count || a.hashes[$0] != b.hashes[$0] } ?? 0
            return "the content of \(a.scenarios.indices.contains(i) ? a.scenarios[i] : "a scenario")'s files (SHA-256)"
        }
        if a.points != b.points { return "the grid (--vary)" }
        if a.version != b.version { return "WijkSim version (\(a.version) and \(b.version))" }
        return nil
    }

    /// Combines parts into the results of the whole plan; refuses parts of different plans,
    /// overlapping parts and missing jobs.
    public static func merge(_ parts: [(path: String, info: PlanInfo, shard: (Int, Int), results: [JobResult])])
        throws(MergeError) -> (PlanInfo, [JobResult]) {
        guard let first = parts.first else { throw MergeError(description: "no part files found (part-K-of-N.json)") }
        var seen = Set<Int>()
        var all: [JobResult] = []
        for part in parts {
            if let what = difference(first.info, part.info) {
                throw MergeError(description: "\(part.path): belongs to a different run than \(first.path): \(what) differ; merge only the parts of one command")
            }
            guard part.shard.1 == first.shard.1 else {
                throw MergeError(description: "\(part.path): a part of \(part.shard.1) shards, \(first.path) of \(first.shard.1); merge the parts of one sharding")
            }
            for r in part.results {
                guard r.index >= 0 && r.index < first.info.jobCount, seen.insert(r.index).inserted else {
                    throw MergeError(description: "\(part.path): job \(r.index) is also in another part, or outside the plan")
                }
                all.append(r)
            }
        }
        if all.count != first.info.jobCount {
            let shards = Set(parts.map { $0.shard.0 })
            let n = first.shard.1
            let missing = (1...max(1, n)).filter { !shards.contains($0) }.map(String.init).joined(separator: ", ")
            throw MergeError(description: "\(all.count) of \(first.info.jobCount) jobs present; missing shards of \(n): \(missing.isEmpty ? "(incomplete parts)" : missing)")
        }
        return (first.info, all.sorted { $0.index < $1.index })
    }
}
