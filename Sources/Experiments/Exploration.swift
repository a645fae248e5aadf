// What an exploration shows (`wijksim explore`): every design in every parameter world, R
// replications each, common random numbers within a world. Per measure and design: how often it is
// best, its mean regret, its paired difference to the first design across worlds, and how much of
// that spread is the worlds' rather than the replications' (decision.csv); and scenario discovery:
// the parameter box (PRIM) where a design beats the first, or is best, in words (discovery.csv).

import ScenarioKit
import SimCore
import Uncertainty

public struct Exploration: Sendable {
    public var designs: [String]
    public var worlds: Worlds
    /// sharing[d][p]: design d takes parameter p from the world (else it keeps its own value).
    public var sharing: [[Bool]]
    public var replications: Int
    /// The study's results in job order: configuration w × designs + d, replication r.
    public var results: [JobResult]

    public init(designs: [String], worlds: Worlds, sharing: [[Bool]], replications: Int, results: [JobResult]) {
        self.designs = designs; self.worlds = worlds; self.sharing = sharing; self.replications = replications; self.results = results
    }

    /// Whether less is better for a measure (costs, escalations, waits, dropout, returns), more is
    /// better (outflow to work, stabilised cases, exits from benefit), or neither (a count or a use).
    public static func lowerIsBetter(_ measure: String) -> Bool? {
        let higher = ["outflow_to_work_per_benefit_year", "stabilised_share_at_closure", "benefit_exit_rate_per_year"]
        if higher.contains(measure) { return false }
        let lower = ["cost", "escalations_", "wait_days", "wait_over_4w", "dropout_", "return_within_1y_share",
                     "return_to_benefit_within_1y_share", "first_help_days", "professionals_per_household", "crisis"]
        if lower.contains(where: { measure.hasPrefix($0) || measure.contains(".\($0)") }) { return true }
        if measure.hasPrefix("cost_") || measure.hasSuffix("_cost_eur_per_year") { return true }
        return nil
    }

    /// The measures every design reports, in the first design's order.
    public var measures: [String] {
        let d = designs.count
        var common: [String]? = nil
        for k in 0..<d {
            guard let r = results.first(where: { $0.index / replications % d == k }) else { return [] }
            common = common.map { c in c.filter { r.names.contains($0) } } ?? r.names
        }
        return common ?? []
    }

    /// values[w][d][r] of one measure.
    public func values(_ measure: String) -> [[[Double]]] {
        let flat = Study.values(results, of: measure, configs: worlds.count * designs.count, replications: replications)
        return (0..<worlds.count).map { w in (0..<designs.count).map { d in flat[w * designs.count + d] } }
    }

    /// Per world and design, the mean over replications.
    public func worldMeans(_ measure: String) -> [[Double]] {
        values(measure).map { $0.map { $0.reduce(0, +) / Double($0.count) } }
    }

    // MARK: decision.csv

    public struct DecisionLine: Sendable {
        public var measure: String
        public var scenario: String
        /// nil when the measure has no better direction (then p_best and regret are blank).
        public var lowerIsBetter: Bool?
        public var row: Decision.Row
    }

    public func decisions() -> [DecisionLine] {
        var out: [DecisionLine] = []
        for m in measures {
            let direction = Self.lowerIsBetter(m)
            let rows = Decision.analyse(values(m), lowerIsBetter: direction ?? true)
            for (d, row) in rows.enumerated() { out.append(DecisionLine(measure: m, scenario: designs[d], lowerIsBetter: direction, row: row)) }
        }
        return out
    }

    public static let decisionHeader = "measure,scenario,p_best,mean_regret,diff_mean,diff_ci95_low,diff_ci95_high,parameter_share"

    public static func decisionCSV(_ lines: [DecisionLine]) -> String {
        let n = RunDirectory.number
        var out = decisionHeader + "\n"
        for l in lines {
            let directed = l.lowerIsBetter != nil
            out += [RunDirectory.csv(l.measure), RunDirectory.csv(l.scenario), directed ? n(l.row.pBest) : "", directed ? n(l.row.meanRegret) : "",
                    n(l.row.diffMean), n(l.row.diffLow), n(l.row.diffHigh), n(l.row.parameterShare)].joined(separator: ",") + "\n"
        }
        return out
    }

    // MARK: worlds.csv and world-results.csv

    /// One row per world: the parameters' values in the model's units (rates per week, durations in
    /// weeks), the same form as a calibration's plausible.csv.
    public func worldsCSV() -> String {
        var out = "world," + worlds.parameters.map { RunDirectory.csv($0.path) }.joined(separator: ",") + "\n"
        for (w, values) in worlds.values.enumerated() { out += "\(w + 1)," + values.map { String($0) }.joined(separator: ",") + "\n" }
        return out
    }

    /// world,scenario,measure,mean,sd,n: every design in every world.
    public func worldResultsCSV() -> String {
        var out = "world,scenario,measure,mean,sd,n\n"
        let all = measures
        let table = all.map { values($0) }
        for w in 0..<worlds.count {
            for d in designs.indices {
                for (m, name) in all.enumerated() {
                    let s = summarise(name, table[m][w][d])
                    out += "\(w + 1),\(RunDirectory.csv(designs[d])),\(RunDirectory.csv(name)),\(RunDirectory.number(s.mean)),\(RunDirectory.number(s.sd)),\(s.n)\n"
                }
            }
        }
        return out
    }

    // MARK: Scenario discovery

    public struct Discovery: Sendable {
        /// "beats" (the design beats the first design) or "best" (the design is best of all).
        public var question: String
        public var scenario: String
        public var measure: String
        /// Share of worlds where the answer is yes.
        public var share: Double
        /// The answer in each world.
        public var answers: [Bool]
        public var box: PRIM.Box?
        /// Restricted parameters: index into worlds.parameters, bounds (nil: that side unrestricted).
        public var restrictions: [(parameter: Int, lower: Double?, upper: Double?)]
        public var words: String
    }

    /// The measures discovery looks at by default.
    public static let discoveryMeasures = ["total_cost_eur_per_year", "outflow_to_work_per_benefit_year", "escalations_per_100_household_years"]

    public func discoveries(measures chosen: [String] = Exploration.discoveryMeasures) -> [Discovery] {
        let available = Set(measures)
        let x = worlds.values
        var out: [Discovery] = []
        for m in chosen where available.contains(m) {
            guard let lower = Self.lowerIsBetter(m) else { continue }
            let means = worldMeans(m)
            func better(_ a: Double, _ b: Double) -> Bool { lower ? a < b : a > b }
            for d in designs.indices {
                if d > 0 {
                    let yes = means.map { better($0[d], $0[0]) }
                    out.append(discover("beats", d, m, yes, x))
                }
                let best = means.map { row in row.indices.allSatisfy { $0 == d || better(row[d], row[$0]) } }
                if designs.count > 2 || d == 0 { out.append(discover("best", d, m, best, x)) }
            }
        }
        return out
    }

    func discover(_ question: String, _ d: Int, _ measure: String, _ yes: [Bool], _ x: [[Double]]) -> Discovery {
        let share = Double(yes.filter { $0 }.count) / Double(max(1, yes.count))
        let what = question == "beats" ? "\(designs[d]) beats \(designs[0]) on \(measure)" : "\(designs[d]) is best of the \(designs.count) designs on \(measure)"
        var discovery = Discovery(question: question, scenario: designs[d], measure: measure, share: share, answers: yes, box: nil, restrictions: [], words: "")
        let percent = { (x: Double) in "\(Int((100 * x).rounded()))%" }
        if share == 0 || share == 1 {
            discovery.words = "\(what) in \(share == 1 ? "every one" : "none") of the \(yes.count) worlds."
            return discovery
        }
        let trajectory = PRIM.peel(x, yes)
        let chosen = PRIM.choose(trajectory, points: x.count)
        let (dataLower, dataUpper) = (trajectory[0].lower, trajectory[0].upper)
        let box = PRIM.pruned(chosen, x, yes, dataLower: dataLower, dataUpper: dataUpper)
        let restrictions = box.restrictions(dataLower: dataLower, dataUpper: dataUpper)
        discovery.box = box
        discovery.restrictions = restrictions.map { ($0.dimension, $0.lower, $0.upper) }
        var words = "\(what) in \(percent(share)) of the \(yes.count) worlds."
        if restrictions.isEmpty || box.density <= share + 0.05 {
            words += " No box of parameter values separates those worlds from the others: it turns on the replications' noise or on many parameters at once."
        } else {
            let clauses = restrictions.map { r -> String in
                let p = worlds.parameters[r.dimension]
                switch (r.lower, r.upper) {
                case (let lo?, let hi?): return "\(p.path) lies between \(p.display(lo, significant: 2)) and \(p.display(hi, significant: 2))"
                case (let lo?, nil): return "\(p.path) is at least \(p.display(lo, significant: 2))"
                case (nil, let hi?): return "\(p.path) is at most \(p.display(hi, significant: 2))"
                default: return ""
                }
            }
            words += " Where " + clauses.joined(separator: " and ") + ", it does in \(percent(box.density)) of the worlds"
                + " (those worlds hold \(percent(box.coverage)) of all the worlds where it does)."
        }
        discovery.words = words
        return discovery
    }

    public static let discoveryHeader = "question,scenario,measure,share_of_worlds,coverage,density,mass,restrictions,words"

    public func discoveryCSV(_ discoveries: [Discovery]) -> String {
        var out = Self.discoveryHeader + "\n"
        let n = RunDirectory.number
        for d in discoveries {
            let restrictions = d.restrictions.map { r -> String in
                let p = worlds.parameters[r.parameter].path
                return "\(r.lower.map { String($0) + " <= " } ?? "")\(p)\(r.upper.map { " <= " + String($0) } ?? "")"
            }.joined(separator: "; ")
            out += [d.question, RunDirectory.csv(d.scenario), RunDirectory.csv(d.measure), n(d.share), d.box.map { n($0.coverage) } ?? "",
                    d.box.map { n($0.density) } ?? "", d.box.map { n($0.mass) } ?? "", RunDirectory.csv(restrictions),
                    RunDirectory.csv(d.words)].joined(separator: ",") + "\n"
        }
        return out
    }
}
