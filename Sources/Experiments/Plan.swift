// What an experiment runs: scenarios × sweep points × replications, as one flat index so that
// threads, shards and merges all agree on which job is which.

import ScenarioKit
import SimCore
import SocialDomain

public enum ExperimentKind: String, Sendable { case run, sweep, paradox }

/// One axis of a sweep: a field path and the values it takes.
public struct SweepAxis: Sendable {
    public var path: String
    public var values: [Node]
    /// The values as the user wrote them ("8w"), for labels and output.
    public var labels: [String]
}

/// The part of a plan that output and merging need: no model configurations, only names.
public struct PlanInfo: Sendable, Equatable {
    public var kind: ExperimentKind
    public var seed: UInt64
    public var replications: Int
    /// Scenario names (unique) and files with the SHA-256 of each file in their extends chains.
    public var scenarios: [String]
    public var files: [String]
    public var hashes: [[String]]
    /// Per sweep point, the (path, value) pairs; one empty point for a plain run.
    public var points: [[PointValue]]
    public var version: String
    /// Per scenario, what its file changes against the file it extends (base empty: extends
    /// nothing, or not loaded from a file). Shown in the report.
    public var changes: [ScenarioChanges] = []
    /// How mkba.csv and the report's per-payer balance discount (`--discount-rate`, `--horizon`).
    public var mkba: MKBASettings = .standard

    public struct PointValue: Sendable, Equatable {
        public var path: String
        public var value: String
    }

    public var jobCount: Int { points.count * scenarios.count * replications }

    /// Job k runs replication `replication` of scenario `scenario` at sweep point `point`.
    public func job(_ k: Int) -> (point: Int, scenario: Int, replication: Int) {
        let r = k % replications
        let s = (k / replications) % scenarios.count
        return (k / (replications * scenarios.count), s, r)
    }

    /// The fields a sweep varies, in the order of its --vary options (every point sets the same ones);
    /// empty for a plain run.
    public var sweptPaths: [String] { points.first.map { $0.map(\.path) } ?? [] }

    /// The scenario's name in output: with the point's values for a sweep.
    public func label(point: Int, scenario: Int) -> String {
        let values = points[point]
        if values.isEmpty { return scenarios[scenario] }
        return scenarios[scenario] + "[" + values.map { "\($0.path)=\($0.value)" }.joined(separator: ",") + "]"
    }

    /// The jobs of shard `k` of `n` (1-based): a contiguous block of the flat index.
    public func shard(_ k: Int, of n: Int) -> Range<Int> { shardRange(k, of: n, jobs: jobCount) }
}

/// Shard `k` of `n` (1-based) of `jobs` jobs: a contiguous block of the flat index, the same for
/// every command that shards (run, sweep, paradox, calibrate).
public func shardRange(_ k: Int, of n: Int, jobs: Int) -> Range<Int> {
    (jobs * (k - 1) / n)..<(jobs * k / n)
}

/// A plan with the configurations to run.
public struct ExperimentPlan: Sendable {
    public var info: PlanInfo
    /// configs[point][scenario]
    public var configs: [[ModelConfig]]

    public init(kind: ExperimentKind, scenarios: [Scenario], axes: [SweepAxis], replications: Int, seed: UInt64,
                version: String) throws(ScenarioErrors) {
        var names: [String] = []
        for s in scenarios {
            var name = s.name
            var n = 2
            while names.contains(name) { name = "\(s.name)#\(n)"; n += 1 }
            names.append(name)
        }
        var points: [[PlanInfo.PointValue]] = [[]]
        var settings: [[(path: [String], node: Node)]] = [[]]
        for axis in axes {
            var nextPoints: [[PlanInfo.PointValue]] = []
            var nextSettings: [[(path: [String], node: Node)]] = []
            for (p, s) in zip(points, settings) {
                for (value, label) in zip(axis.values, axis.labels) {
                    nextPoints.append(p + [PlanInfo.PointValue(path: axis.path, value: label)])
                    nextSettings.append(s + [(axis.path.split(separator: ".").map(String.init), value)])
                }
            }
            points = nextPoints
            settings = nextSettings
        }
        var configs: [[ModelConfig]] = []
        var issues: [ScenarioIssue] = []
        for (p, setting) in settings.enumerated() {
            var row: [ModelConfig] = []
            for (i, scenario) in scenarios.enumerated() {
                if setting.isEmpty { row.append(scenario.config); continue }
                var tree = scenario.tree
                var unknownEntry = false
                for (path, _) in setting where path.count >= 2 && ScenarioLoader.collections.contains(path[0]) && tree[path[0]]?[path[1]] == nil {
                    // --vary changes an existing entry; a mistyped name would silently make a new, unused one.
                    var names: [String] = []
                    if case .object(let members)? = tree[path[0]]?.value { names = members.map(\.key) }
                    let near = closestMatch(to: path[1], among: names)
                    let issue = ScenarioIssue(file: "--vary", line: 0, column: 0, path: path.joined(separator: "."),
                                              message: "\(scenario.file) has no entry '\(path[1])' in \(path[0])"
                                                + (near.map { "; did you mean '\($0)'?" } ?? "")
                                                + " Entries: " + names.joined(separator: ", "))
                    if !issues.contains(issue) { issues.append(issue) }
                    unknownEntry = true
                }
                if unknownEntry { continue }
                for (path, node) in setting {
                    var value = node
                    value.file = scenario.chain.count
                    value.line = 0; value.column = 0    // "--vary: path: …", not a line of the command
                    tree = tree.setting(path, to: value)
                }
                do {
                    var config = try ScenarioLoader.build(tree, files: scenario.chain + ["--vary"], defaultName: scenario.name,
                                                          file: scenario.file).config
                    config.name = names[i]
                    row.append(config)
                } catch {
                    // A value can make an entry unreachable (a second first-line team, a share of 0):
                    // say at which point of the grid, once per problem.
                    let at = " (at --vary " + points[p].map { "\($0.path)=\($0.value)" }.joined(separator: " ") + ")"
                    for issue in error.issues where !issues.contains(where: { $0.file == issue.file && $0.path == issue.path
                                                                                 && $0.line == issue.line && $0.message.hasPrefix(issue.message) }) {
                        var located = issue
                        located.message += at
                        issues.append(located)
                    }
                }
            }
            configs.append(row)
        }
        if !issues.isEmpty { throw ScenarioErrors(issues: issues) }
        info = PlanInfo(kind: kind, seed: seed, replications: replications, scenarios: names, files: scenarios.map(\.file),
                        hashes: scenarios.map(\.hashes), points: points, version: version,
                        changes: scenarios.map { $0.changes ?? ScenarioChanges(base: "", items: []) })
        self.configs = configs
    }

    public func config(forJob k: Int) -> (ModelConfig, StreamKey) {
        let (p, s, r) = info.job(k)
        return (configs[p][s], StreamKey(seed: info.seed, replication: UInt64(r)))
    }
}

/// Parses `PATH=VALUES`: a comma-separated list ("8w,16w", "10,12,14", "true,false") or a grid
/// "lo:hi:step" with an optional shared unit ("0w:26w:2w").
public struct VaryError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

public func parseVary(_ text: String, maxValues: Int = 1_000) -> Result<SweepAxis, VaryError> {
    guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
        return .failure(VaryError(description: "--vary takes PATH=VALUES, e.g. path.own_strength_trial=0w:26w:2w or teams.wijkteam.workers=10,12,14; got '\(text)'"))
    }
    let path = String(text[..<eq])
    let spec = String(text[text.index(after: eq)...])
    guard path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty }) else {
        return .failure(VaryError(description: "--vary: '\(path)' is not a field path such as teams.wijkteam.workers"))
    }
    guard !["extends", "name", "description"].contains(path) else {
        return .failure(VaryError(description: "--vary: '\(path)' is not a value of the model (it names or links a file); allowed: a field such as teams.wijkteam.workers. To compare files, give them to 'wijksim run'."))
    }
    var labels: [String]
    let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    func split(_ s: String) -> (Double, String)? {
        let digits = s.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }
        guard let v = Double(digits), v.isFinite else { return nil }
        return (v, String(s.dropFirst(digits.count)))
    }
    if parts.count == 2 || parts.count > 3 {
        // A range without its step (0w:26w), or too many parts: show the grid that was likely meant.
        var example = "0w:26w:2w"
        if let (lo, unit) = split(parts[0]), let (hi, unit2) = split(parts[parts.count == 2 ? 1 : 1]), unit == unit2, hi > lo {
            let span = hi - lo
            let divisor = [13.0, 10, 8, 6, 5, 4, 2, 1].first { (span / $0).rounded() == span / $0 } ?? 4
            example = "\(parts[0]):\(parts[1]):\(formatNumber(span / divisor))\(unit)"
        }
        let list = parts.count == 2 ? ", or list the values, e.g. \(parts[0]),\(parts[1])" : ""
        return .failure(VaryError(description: "--vary \(path): '\(spec)' is not a grid; a grid is FROM:TO:STEP, e.g. \(example)\(list)"))
    }
    if parts.count == 3 {
        guard let (lo, u1) = split(parts[0]), let (hi, u2) = split(parts[1]), let (step, u3) = split(parts[2]),
              u1 == u2, u2 == u3, step > 0, hi >= lo else {
            return .failure(VaryError(description: "--vary \(path): '\(spec)' is not a grid lo:hi:step with step > 0, hi ≥ lo and one unit (e.g. 0w:26w:2w)"))
        }
        let steps = ((hi - lo) / step + 1e-9).rounded(.down)
        guard steps + 1 <= Double(maxValues) else {
            return .failure(VaryError(description: "--vary \(path): '\(spec)' has \(formatNumber(steps + 1)) values; allowed: at most \(maxValues) (a larger step)"))
        }
        let count = Int(steps) + 1
        let last = lo + Double(count - 1) * step
        guard abs(last - hi) <= 1e-9 * max(1, abs(hi)) else {
            func text(_ v: Double) -> String { let r = (v * 1e9).rounded() / 1e9; return (r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)) + u1 }
            return .failure(VaryError(description: "--vary \(path): '\(spec)' does not reach its end \(text(hi)) (the last step gives \(text(last))); allowed: a step that divides hi − lo, e.g. \(text(lo)):\(text(last)):\(text(step)), or list the values"))
        }
        labels = (0..<count).map { i in
            let v = lo + Double(i) * step
            let rounded = (v * 1e9).rounded() / 1e9
            return (rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)) + u1
        }
    } else {
        labels = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        guard !labels.contains(where: \.isEmpty) else { return .failure(VaryError(description: "--vary \(path): empty value in '\(spec)'")) }
        guard labels.count <= maxValues else { return .failure(VaryError(description: "--vary \(path): \(labels.count) values; allowed: at most \(maxValues)")) }
        var seen: Set<String> = []
        for label in labels where !seen.insert(label).inserted {
            return .failure(VaryError(description: "--vary \(path): '\(label)' is listed twice in '\(spec)'; list each value once"))
        }
    }
    let values = labels.map { label -> Node in
        if let node = try? JSON5Parser.parse(label) { return node }
        return Node(.string(label))
    }
    return .success(SweepAxis(path: path, values: values, labels: labels))
}
