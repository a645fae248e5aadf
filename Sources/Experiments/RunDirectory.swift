// The run directory (CONTRACT.md): run.json, summary.json, summary.csv, comparison.csv,
// replications.csv, timeseries.csv, stationarity.csv, report.html; and partial results of shards
// (with every recorded month, warm-up included), merged into the same files.
// Every file is written under a temporary name and renamed, so a file that exists is complete.

import Foundation
import ScenarioKit
import SocialDomain

public enum RunDirectory {
    /// Writes `text` to `path` atomically: a temporary file in the same folder, then rename.
    public static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try Data(text.utf8).write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    public static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }

    /// The result files, from the results of all jobs; report.html in `language`.
    public static func files(_ info: PlanInfo, _ results: [JobResult], language: Language = .en) -> [(String, String)] {
        let cells = cells(info, results)
        var summaryCSV = "scenario,measure,mean,sd,ci95_low,ci95_high,n\n"
        var comparisonCSV = "scenario,baseline,measure,mean_diff,ci95_low,ci95_high,n\n"
        var replicationsCSV = "scenario,replication,measure,value\n"
        var timeseriesCSV = "scenario,replication,month,series,value\n"
        var scenarioJSON: [Int: JSONValue] = [:]
        var comparisonJSON: [JSONValue] = []
        for (i, cell) in cells.enumerated() {
            let label = csv(cell.label)
            var measures: [(String, JSONValue)] = []
            for s in cell.summaries {
                summaryCSV += "\(label),\(csv(s.name)),\(number(s.mean)),\(number(s.sd)),\(number(s.low)),\(number(s.high)),\(s.n)\n"
                measures.append((s.name, .object([("mean", .number(s.mean)), ("sd", .number(s.sd)),
                                                  ("ci95", .array([.number(s.low), .number(s.high)]))])))
            }
            scenarioJSON[i] = .object([("name", .string(cell.label)), ("file", .string(info.files[cell.scenario])),
                                       ("replications", .integer(cell.values.count)), ("measures", .object(measures))])
            for (r, row) in cell.values.enumerated() {
                for (m, v) in row.enumerated() { replicationsCSV += "\(label),\(r),\(csv(cell.names[m])),\(number(v))\n" }
            }
            if let b = baselineIndex(info, cells, of: i) {
                let base = cells[b]
                var diffs: [(String, JSONValue)] = []
                for d in pairedDifferences(cell, baseline: base) {
                    comparisonCSV += "\(label),\(csv(base.label)),\(csv(d.name)),\(number(d.mean)),\(number(d.low)),\(number(d.high)),\(d.n)\n"
                    diffs.append((d.name, .object([("mean_diff", .number(d.mean)), ("ci95", .array([.number(d.low), .number(d.high)]))])))
                }
                comparisonJSON.append(.object([("scenario", .string(cell.label)), ("baseline", .string(base.label)),
                                               ("measures", .object(diffs))]))
            }
        }
        for r in results.sorted(by: { $0.index < $1.index }) {
            let (p, s, rep) = info.job(r.index)
            let label = csv(info.label(point: p, scenario: s))
            // Months of the warm-up (month ≤ 0) are recorded for stationarity.csv, not shown here.
            for row in r.timeseries where row.month >= 1 {
                timeseriesCSV += "\(label),\(rep),\(row.month),\(csv(row.series)),\(number(row.value))\n"
            }
        }
        var summary: [(String, JSONValue)] = [
            ("scenarios", .array(cells.indices.filter { cells[$0].point == 0 }.compactMap { scenarioJSON[$0] })),
            ("comparisons", .array(comparisonJSON)),
        ]
        if info.kind != .run {
            summary.append(("points", .array(info.points.indices.map { p in
                .object([("values", .object(info.points[p].map { ($0.path, pointValue($0.value)) })),
                         ("scenarios", .array(cells.indices.filter { cells[$0].point == p }.compactMap { scenarioJSON[$0] }))])
            })))
        }
        if info.kind == .paradox, let verdict = paradoxVerdict(info, cells) {
            summary.append(("paradox", .object([("minimum_at", .object(verdict.minimumAt.map { ($0.path, pointValue($0.value)) })),
                                                ("shows", .bool(verdict.shows)), ("reason", .string(verdict.reason))])))
        }
        var mkba: [(String, String)] = []
        let mkbaRows = MKBAView.rows(info, cells, settings: info.mkba)
        if !mkbaRows.isEmpty { mkba.append(("mkba.csv", MKBAView.csv(mkbaRows, settings: info.mkba))) }
        return [("summary.csv", summaryCSV), ("comparison.csv", comparisonCSV)] + mkba + [("replications.csv", replicationsCSV),
                ("timeseries.csv", timeseriesCSV), ("stationarity.csv", Stationarity.csv(Stationarity.analyse(info, results))),
                ("summary.json", JSONValue.object(summary).text + "\n"),
                ("report.html", Report.html(info, results, language: language))]
    }

    static func pointValue(_ label: String) -> JSONValue {
        if let x = Double(label), x.isFinite { return .number(x) }
        if label == "true" || label == "false" { return .bool(label == "true") }
        return .string(label)
    }

    public static func csv(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// run.json: what was run, by what, when.
    public static func runJSON(_ info: PlanInfo, threads: Int?, shard: (Int, Int)?, started: Date, finished: Date,
                               mergedParts: Int? = nil, complete: Bool = true) -> String {
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
            ("platform", .string(platform)),
            ("started", .string(iso.string(from: started))), ("finished", .string(iso.string(from: finished))),
            ("complete", .bool(complete)),
            ("mkba", .object([("discount_rate", .number(info.mkba.discountRate)), ("horizon_years", .integer(info.mkba.horizonYears))])),
        ]
        if let mergedParts { pairs.append(("merged_from_parts", .integer(mergedParts))) }
        return JSONValue.object(pairs).text + "\n"
    }

    static var swiftVersion: String {
        #if compiler(>=6.3)
        "6.3 or later"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "6.0–6.1"
        #endif
    }

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

    /// A shard's partial result: the plan (to check that parts belong together) and its jobs, with
    /// every recorded month (also month ≤ 0, the warm-up) so that a merge writes the same files.
    public static func partJSON(_ info: PlanInfo, shard: (Int, Int), results: [JobResult]) -> String {
        let plan = planJSON(info)
        let jobs: [JSONValue] = results.map { r in
            .object([("k", .integer(r.index)), ("names", .array(r.names.map { .string($0) })),
                     ("values", .array(r.values.map { .number($0) })),
                     ("timeseries", .array(r.timeseries.map { .array([.integer($0.month), .string($0.series), .number($0.value)]) }))])
        }
        return JSONValue.object([("wijksim_part", .integer(1)), ("shard", .array([.integer(shard.0), .integer(shard.1)])),
                                 ("plan", plan), ("jobs", .array(jobs))]).text + "\n"
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

    /// Reads a part file written by `partJSON`.
    public static func readPart(_ path: String) throws(MergeError) -> (PlanInfo, shard: (Int, Int), [JobResult]) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MergeError(description: "\(path): cannot be read")
        }
        let bad = MergeError(description: "\(path): not a WijkSim partial result (written by run or sweep with --shard)")
        guard let root = try? JSON5Parser.parse(text), root["wijksim_part"] != nil, let plan = root["plan"],
              case .array(let shardNodes)? = root["shard"]?.value, shardNodes.count == 2,
              case .number(let k) = shardNodes[0].value, case .number(let n) = shardNodes[1].value,
              case .array(let jobNodes)? = root["jobs"]?.value else { throw bad }
        func strings(_ node: Node?) -> [String]? {
            guard case .array(let items)? = node?.value else { return nil }
            return items.compactMap { if case .string(let s) = $0.value { s } else { nil } }
        }
        guard case .string(let kindText)? = plan["kind"]?.value, let kind = ExperimentKind(rawValue: kindText),
              case .string(let seedText)? = plan["seed"]?.value, let seed = UInt64(seedText),
              case .number(let reps)? = plan["replications"]?.value,
              let scenarios = strings(plan["scenarios"]), let files = strings(plan["files"]),
              case .array(let hashNodes)? = plan["hashes"]?.value,
              case .array(let pointNodes)? = plan["points"]?.value,
              case .string(let version)? = plan["version"]?.value else { throw bad }
        let hashes = hashNodes.map { strings($0) ?? [] }
        let points: [[PlanInfo.PointValue]] = pointNodes.map { p in
            guard case .array(let pairs) = p.value else { return [] }
            return pairs.compactMap { pair in
                guard let s = strings(pair), s.count == 2 else { return nil }
                return PlanInfo.PointValue(path: s[0], value: s[1])
            }
        }
        var changes: [ScenarioChanges] = []
        if case .array(let changeNodes)? = plan["changes"]?.value {
            changes = changeNodes.map { c in
                var base = ""
                if case .string(let b)? = c["base"]?.value { base = b }
                guard case .array(let items)? = c["items"]?.value else { return ScenarioChanges(base: base, items: []) }
                return ScenarioChanges(base: base, items: items.compactMap { item in
                    guard let s = strings(item), s.count == 4, let kind = ScenarioChanges.Change.Kind(rawValue: s[0]) else { return nil }
                    return ScenarioChanges.Change(kind: kind, path: s[1], old: s[2], new: s[3])
                })
            }
        }
        let info = PlanInfo(kind: kind, seed: seed, replications: Int(reps), scenarios: scenarios, files: files, hashes: hashes,
                            points: points, version: version, changes: changes)
        var results: [JobResult] = []
        for j in jobNodes {
            guard case .number(let index)? = j["k"]?.value, let names = strings(j["names"]),
                  case .array(let valueNodes)? = j["values"]?.value, case .array(let rows)? = j["timeseries"]?.value else { throw bad }
            let values = valueNodes.map { if case .number(let x) = $0.value { x } else { Double.nan } }
            let series: [TimeseriesRow] = rows.compactMap { row in
                guard case .array(let cols) = row.value, cols.count == 3, case .number(let month) = cols[0].value,
                      case .string(let name) = cols[1].value, case .number(let v) = cols[2].value else { return nil }
                return TimeseriesRow(month: Int(month), series: name, value: v)
            }
            results.append(JobResult(index: Int(index), names: names, values: values, timeseries: series))
        }
        return (info, (Int(k), Int(n)), results)
    }

    /// Combines parts into the results of the whole plan; refuses parts of different plans,
    /// overlapping parts and missing jobs.
    public static func merge(_ parts: [(path: String, info: PlanInfo, shard: (Int, Int), results: [JobResult])])
        throws(MergeError) -> (PlanInfo, [JobResult]) {
        guard let first = parts.first else { throw MergeError(description: "no part files found (part-K-of-N.json)") }
        var seen = Set<Int>()
        var all: [JobResult] = []
        for part in parts {
            guard part.info == first.info else {
                throw MergeError(description: "\(part.path): belongs to a different run than \(first.path) (scenarios, seed, replications, grid or file hashes differ)")
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
