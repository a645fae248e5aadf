// Why two scenarios differ (`wijksim explain A B`): the paired difference B − A attributed to the
// fields in which B differs from A, by Shapley values over groups of those fields. Each coalition of
// groups is A with B's values for the groups in it, run with the same random numbers as every other
// coalition; a group's contribution is its mean marginal effect over all orders of switching the
// groups from A's values to B's (exact up to 10 groups, sampled orderings above). Per replication the
// contributions add up to that replication's B − A, so their means add up to the paired difference in
// comparison.csv, and their CIs come from the replications.

import ScenarioKit
import SimCore
import SocialDomain
import Uncertainty

public struct ExplainGroup: Sendable, Equatable {
    /// `teams.wijkteam.mandate`, or for a coarser group `teams.wijkteam`.
    public var name: String
    /// The field paths (or added and removed entries) in the group.
    public var fields: [String]
}

public enum ExplainGrouping: String, Sendable { case field, entry, auto }

public struct Explanation: Sendable {
    public var a: String, b: String
    public var groups: [ExplainGroup]
    public var design: ShapleyDesign
    public var replications: Int
    /// The study's results: configuration = index in design.coalitions.
    public var results: [JobResult]

    public init(a: String, b: String, groups: [ExplainGroup], design: ShapleyDesign, replications: Int, results: [JobResult]) {
        self.a = a; self.b = b; self.groups = groups; self.design = design; self.replications = replications; self.results = results
    }

    // MARK: What differs

    enum Difference { case changed(String), added(String), removed(String) }

    static let skipped: Set<String> = ["name", "description", "extends"]

    /// The entry (`teams.extra`) a path lies in when it is inside a named collection.
    static func entry(_ path: String) -> String? {
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count >= 2, ScenarioLoader.collections.contains(parts[0]) else { return nil }
        return parts[0] + "." + parts[1]
    }

    static func differences(_ a: Scenario, _ b: Scenario) -> [Difference] {
        let la = ScenarioLoader.fields(of: ScenarioLoader.statingCollections(a.tree))
        let lb = ScenarioLoader.fields(of: ScenarioLoader.statingCollections(b.tree))
        let fa = Dictionary(la.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        let fb = Dictionary(lb.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        let order = lb.map(\.path) + la.map(\.path)
        var out: [Difference] = [], seen: Set<String> = []
        for path in order where !skipped.contains(path) && !seen.contains(path) {
            seen.insert(path)
            switch (fa[path], fb[path]) {
            case (let x?, let y?): if x.valueText != y.valueText { out.append(.changed(path)) }
            case (nil, _?):
                if let e = entry(path), !seen.contains("+" + e) { seen.insert("+" + e); out.append(.added(e)) }
            case (_?, nil):
                if let e = entry(path), !seen.contains("-" + e) { seen.insert("-" + e); out.append(.removed(e)) }
            default: break
            }
        }
        return out
    }

    /// The groups of fields in which `b` differs from `a`: one per field (`field`), one per team,
    /// service, profile or crisis entry and per top-level section (`entry`), or `auto`: per field when
    /// that gives at most 10 groups, else per entry.
    public static func groups(_ a: Scenario, _ b: Scenario, by grouping: ExplainGrouping) -> [ExplainGroup] {
        let diffs = differences(a, b)
        func label(_ d: Difference) -> (group: String, field: String) {
            switch d {
            case .changed(let p): return (entry(p) ?? String(p.split(separator: ".").first ?? Substring(p)), p)
            case .added(let e): return (e, "+" + e)
            case .removed(let e): return (e, "-" + e)
            }
        }
        let byField = diffs.map { d -> ExplainGroup in
            let l = label(d)
            return ExplainGroup(name: String(l.field.drop { $0 == "+" || $0 == "-" }), fields: [l.field])
        }
        let useField = grouping == .field || (grouping == .auto && byField.count <= 10)
        if useField { return byField }
        var groups: [ExplainGroup] = []
        for d in diffs {
            let l = label(d)
            if let i = groups.firstIndex(where: { $0.name == l.group }) { groups[i].fields.append(l.field) }
            else { groups.append(ExplainGroup(name: l.group, fields: [l.field])) }
        }
        return groups
    }

    /// A's tree (collections stated) with B's values for the groups in `mask`; `bTree` is B's tree with
    /// its collections stated and `fb` its fields by path (read once for all coalitions).
    static func coalitionTree(_ aTree: Node, _ bTree: Node, _ fb: [String: ScenarioField], _ groups: [ExplainGroup], mask: UInt64) -> Node {
        var tree = aTree
        func split(_ p: String) -> [String] { p.split(separator: ".").map(String.init) }
        func remove(_ path: [String]) {
            guard let last = path.last, let parent = tree.value(at: Array(path.dropLast())) else { return }
            tree = tree.setting(Array(path.dropLast()), to: parent.removing(last))
        }
        for (g, group) in groups.enumerated() where mask & (UInt64(1) << UInt64(g)) != 0 {
            for field in group.fields {
                if field.hasPrefix("+") {
                    let e = split(String(field.dropFirst()))
                    if let node = bTree.value(at: e) { tree = tree.setting(e, to: node) }
                } else if field.hasPrefix("-") {
                    remove(split(String(field.dropFirst())))
                } else if let node = fb[field]?.node {
                    tree = tree.setting(split(field), to: node)
                } else {
                    remove(split(field))    // B takes the default: drop A's stated value
                }
            }
        }
        return tree
    }

    public struct RebuildError: Error, Sendable { public var description: String }

    /// The configuration of every coalition in `design.coalitions` order, each validated; the empty
    /// coalition must give A's configuration and the full one B's (else B cannot be rebuilt from A
    /// field by field, and the attribution would not be of B).
    public static func configs(_ a: Scenario, _ b: Scenario, _ groups: [ExplainGroup], design: ShapleyDesign) throws(RebuildError) -> [ModelConfig] {
        var out: [ModelConfig] = []
        let aTree = ScenarioLoader.statingCollections(a.tree), bTree = ScenarioLoader.statingCollections(b.tree)
        let fb = ScenarioLoader.fieldsByPath(b.tree)
        for mask in design.coalitions {
            let tree = coalitionTree(aTree, bTree, fb, groups, mask: mask)
            let members = groups.indices.filter { mask & (UInt64(1) << UInt64($0)) != 0 }.map { groups[$0].name }
            do {
                var config = try ScenarioLoader.build(tree, files: a.chain + [b.file], defaultName: a.name, file: a.file).config
                config.name = members.isEmpty ? a.name : "\(a.name) with \(b.name)'s " + members.joined(separator: ", ")
                out.append(config)
            } catch {
                let why = error.issues.first.map { "\($0.path): \($0.message)" } ?? "not valid"
                throw RebuildError(description: "\(a.name) with \(b.name)'s values for {\(members.joined(separator: ", "))} is not a valid scenario (\(why)); "
                                   + "these fields only make sense together: run with --groups entry to switch whole entries at once")
            }
        }
        func same(_ x: ModelConfig, _ y: ModelConfig) -> Bool { var x = x; x.name = y.name; return x == y }
        if let i = design.coalitions.firstIndex(of: 0), !same(out[i], a.config) {
            throw RebuildError(description: "internal: \(a.name) read back from its own fields differs from \(a.name)")
        }
        if let i = design.coalitions.firstIndex(of: design.everybody), !same(out[i], b.config) {
            throw RebuildError(description: "\(b.name) cannot be rebuilt from \(a.name) by setting the fields they differ in (a field the two files state differently in a way the comparison does not see); compare files that extend the same base")
        }
        return out
    }

    // MARK: Results

    /// The measures every coalition reports.
    public var measures: [String] {
        guard let first = results.first else { return [] }
        return first.names.filter { name in results.allSatisfy { $0.value(name)?.isFinite ?? false } }
    }

    public struct Contribution: Sendable {
        public var measure: String
        public var group: ExplainGroup
        public var summary: MeasureSummary
    }

    /// Per replication, the Shapley contributions of every group to B − A of `measure`; then their
    /// mean and 95% CI over replications.
    public func contributions(_ measure: String) -> [Contribution] {
        let v = Study.values(results, of: measure, configs: design.coalitions.count, replications: replications)
        var perGroup = [[Double]](repeating: [], count: groups.count)
        for r in 0..<replications {
            let phi = design.contributions(v.map { $0[r] })
            for g in groups.indices { perGroup[g].append(phi[g]) }
        }
        return groups.indices.map { Contribution(measure: measure, group: groups[$0], summary: summarise(measure, perGroup[$0])) }
    }

    /// B − A per replication of `measure`, summarised.
    public func difference(_ measure: String) -> MeasureSummary {
        let v = Study.values(results, of: measure, configs: design.coalitions.count, replications: replications)
        let empty = design.coalitions.firstIndex(of: 0)!, full = design.coalitions.firstIndex(of: design.everybody)!
        return summarise(measure, zip(v[full], v[empty]).map { $0 - $1 })
    }

    public static let header = "measure,group,fields,contribution,ci95_low,ci95_high"

    public func explainCSV() -> String {
        var out = Self.header + "\n"
        let n = RunDirectory.number
        for m in measures {
            for c in contributions(m) {
                out += "\(RunDirectory.csv(m)),\(RunDirectory.csv(c.group.name)),\(RunDirectory.csv(c.group.fields.joined(separator: " "))),"
                    + "\(n(c.summary.mean)),\(n(c.summary.low)),\(n(c.summary.high))\n"
            }
        }
        return out
    }

    /// comparison.csv as `run` writes it, of B against A.
    public func comparisonCSV() -> String {
        var out = "scenario,baseline,measure,mean_diff,ci95_low,ci95_high,n\n"
        let n = RunDirectory.number
        for m in measures {
            let d = difference(m)
            out += "\(RunDirectory.csv(b)),\(RunDirectory.csv(a)),\(RunDirectory.csv(m)),\(n(d.mean)),\(n(d.low)),\(n(d.high)),\(d.n)\n"
        }
        return out
    }
}
