// `explore`, `sensitivity`, `explain` and the MKBA view as a user meets them (the methods: UncertaintyTests;
// on the model: ExperimentsTests/DecisionStudyTests).

import Testing
import Foundation

@Suite("wijksim explore, sensitivity, explain, mkba.csv")
struct DecisionCommandTests {
    static func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    static func lines(_ path: String) throws -> [Substring] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    }

    @Test("explore: decision.csv with the contract's columns; the same bytes sharded and merged as in one go; usage errors exit 2")
    func explore() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let design = tiny.path("fewer.json5")
        try Self.write("{ extends: \"\(tiny.scenario)\", name: \"fewer\", teams: { wijkteam: { workers: 12 } } }", design)
        let parameters = tiny.path("parameters.json5")
        try Self.write("""
            { parameters: { "dynamics.first_line_effect": { range: ["0.06/w", "0.24/w"], source: "assumption" },
                            "teams.wijkteam.workers": { range: [14, 30], source: "assumption" } } }
            """, parameters)
        let common = ["explore", tiny.scenario, design, "--parameters", parameters, "--worlds", "3", "--replications", "2", "--quiet"]
        let whole = try Wijksim.run(common + ["--threads", "2", "--out", tiny.path("whole")])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("fewer sets teams.wijkteam.workers itself"), "\(whole.stdout)")
        let decision = try Self.lines(tiny.path("whole/decision.csv"))
        #expect(decision.first == "measure,scenario,p_best,mean_regret,diff_mean,diff_ci95_low,diff_ci95_high,parameter_share")
        #expect(decision.contains { $0.hasPrefix("total_cost_eur_per_year,fewer,") })
        for name in ["discovery.csv", "worlds.csv", "world-results.csv", "exploration.html", "explore.json"] {
            #expect(FileManager.default.fileExists(atPath: tiny.path("whole/" + name)), "\(name)")
        }
        for k in 1...2 {
            let part = try Wijksim.run(common + ["--threads", "1", "--shard", "\(k)/2", "--out", tiny.path("sharded")])
            #expect(part.status == 0, "\(part.stderr)")
        }
        let merged = try Wijksim.run(common + ["--merge", "--out", tiny.path("sharded")])
        #expect(merged.status == 0, "\(merged.stderr)")
        for name in ["decision.csv", "discovery.csv", "worlds.csv", "world-results.csv"] {
            #expect(tiny.read("whole/" + name) == tiny.read("sharded/" + name), "\(name)")
        }
        // A merge with other options is refused, naming the part.
        let other = try Wijksim.run(common.map { $0 == "3" ? "4" : $0 } + ["--merge", "--force", "--out", tiny.path("sharded")])
        #expect(other.status == 1 && other.stderr.contains("part-1-of-2.json") && other.stderr.contains("another explore"), "\(other.stderr)")
        let neither = try Wijksim.run(["explore", tiny.scenario, "--worlds", "3"])
        #expect(neither.status == 2 && neither.stderr.contains("--parameters FILE") && neither.stderr.contains("--plausible"), "\(neither.stderr)")
        let noWorlds = try Wijksim.run(["explore", tiny.scenario, "--parameters", parameters])
        #expect(noWorlds.status == 2 && noWorlds.stderr.contains("--worlds N"), "\(noWorlds.stderr)")
        let badRange = tiny.path("bad.json5")
        try Self.write("{ parameters: { \"dynamics.first_line_efect\": { range: [0.1, 0.2], source: \"x\" } } }", badRange)
        let bad = try Wijksim.run(["explore", tiny.scenario, "--parameters", badRange, "--worlds", "3"])
        #expect(bad.status == 1 && bad.stderr.contains("bad.json5") && bad.stderr.contains("did you mean 'dynamics.first_line_effect'"), "\(bad.stderr)")
    }

    @Test("sensitivity --test-function ishigami at N = 4096: sensitivity.csv holds S1 and ST of x1..x3, each CI covering the analytic index")
    func ishigami() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["sensitivity", "--test-function", "ishigami", "--samples", "4096", "--out", tiny.path("ishigami")])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.lines(tiny.path("ishigami/sensitivity.csv"))
        #expect(rows.first == "parameter,index,value,ci95_low,ci95_high" && rows.count == 7)
        let analytic = ["x1,S1": 0.3139, "x2,S1": 0.4424, "x3,S1": 0.0, "x1,ST": 0.5576, "x2,ST": 0.4424, "x3,ST": 0.2437]
        var covered = 0
        for row in rows.dropFirst() {
            let cells = row.split(separator: ",").map(String.init)
            let truth = try #require(analytic["\(cells[0]),\(cells[1])"])
            let (value, low, high) = (Double(cells[2])!, Double(cells[3])!, Double(cells[4])!)
            #expect(abs(value - truth) < 0.07, "\(row)")
            if low <= truth && truth <= high { covered += 1 }
        }
        // Each 95% CI misses with probability 0.05: all six covering at this seed, at least five required.
        #expect(covered >= 5, "\(rows)")
        let morris = try Wijksim.run(["sensitivity", "--test-function", "ishigami", "--method", "morris", "--out", tiny.path("morris")])
        let morrisRows = try Self.lines(tiny.path("morris/sensitivity.csv"))
        #expect(morris.status == 0 && morrisRows.count == 10, "\(morris.stderr)")
        let wrong = try Wijksim.run(["sensitivity", "--test-function", "rosenbrock"])
        #expect(wrong.status == 2 && wrong.stderr.contains("ishigami"))
    }

    @Test("sensitivity of a scenario: Morris over a parameters file writes one row per parameter and index; an unknown measure is refused with a suggestion")
    func sensitivityScenario() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let parameters = tiny.path("parameters.json5")
        try Self.write("""
            { parameters: { "teams.wijkteam.workers": { range: [14, 30], source: "assumption" },
                            "path.handover.warm_delay": { range: ["0.5w", "2w"], source: "assumption (inert while handovers are cold)" } } }
            """, parameters)
        let r = try Wijksim.run(["sensitivity", tiny.scenario, "--parameters", parameters, "--method", "morris", "--samples", "4",
                                 "--replications", "2", "--quiet", "--out", tiny.path("s")])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.lines(tiny.path("s/sensitivity.csv"))
        #expect(rows.count == 7)
        // The inert field has no effect at all: μ* is exactly 0 (common random numbers).
        #expect(rows.contains("path.handover.warm_delay,mu_star,0.0,0.0,0.0"), "\(rows)")
        // Sharded and merged: the same indices to the last digit.
        let common = ["sensitivity", tiny.scenario, "--parameters", parameters, "--method", "morris", "--samples", "4", "--replications", "2", "--quiet"]
        for k in 1...3 {
            let part = try Wijksim.run(common + ["--shard", "\(k)/3", "--out", tiny.path("parts")])
            #expect(part.status == 0, "\(part.stderr)")
        }
        let merged = try Wijksim.run(common + ["--merge", "--out", tiny.path("parts")])
        #expect(merged.status == 0 && tiny.read("parts/sensitivity.csv") == tiny.read("s/sensitivity.csv"), "\(merged.stderr)")
        let typo = try Wijksim.run(["sensitivity", tiny.scenario, "--parameters", parameters, "--measure", "total_cost_eur_per_yaer"])
        #expect(typo.status == 2 && typo.stderr.contains("Did you mean 'total_cost_eur_per_year'?"), "\(typo.stderr)")
    }

    @Test("explain: explain.csv's contributions add up to comparison.csv's mean_diff; the waterfall is written")
    func explain() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let b = tiny.path("b.json5")
        try Self.write("{ extends: \"\(tiny.scenario)\", name: \"b\", teams: { wijkteam: { workers: 12 } }, path: { approval_delay: \"8w\" } }", b)
        let r = try Wijksim.run(["explain", tiny.scenario, b, "--replications", "2", "--quiet", "--out", tiny.path("x")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 groups of fields differ; exact Shapley values over all 4 coalitions"), "\(r.stdout)")
        let explain = try Self.lines(tiny.path("x/explain.csv"))
        #expect(explain.first == "measure,group,fields,contribution,ci95_low,ci95_high")
        var sums: [String: Double] = [:]
        for row in explain.dropFirst() {
            let c = row.split(separator: ",", omittingEmptySubsequences: false)
            sums[String(c[0]), default: 0] += Double(c[3])!
        }
        let comparison = try Self.lines(tiny.path("x/comparison.csv"))
        #expect(comparison.first == "scenario,baseline,measure,mean_diff,ci95_low,ci95_high,n" && comparison.count > 50)
        for row in comparison.dropFirst() {
            let c = row.split(separator: ",", omittingEmptySubsequences: false)
            let diff = Double(c[3])!
            let sum = try #require(sums[String(c[2])])
            #expect(abs(sum - diff) <= 1e-9 * max(1, abs(diff)), "\(c[2])")
        }
        #expect(tiny.read("x/explain.html")?.contains("data-chart=\"waterfall\"") == true)
        let same = try Wijksim.run(["explain", tiny.scenario, tiny.scenario])
        #expect(same.status == 1 && same.stderr.contains("no difference to explain"), "\(same.stderr)")
    }

    @Test("run with a baseline writes mkba.csv per payer and all payers; --discount-rate and --horizon are recorded in run.json")
    func mkba() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let b = tiny.path("b.json5")
        try Self.write("{ extends: \"\(tiny.scenario)\", name: \"b\", teams: { wijkteam: { workers: 12 } } }", b)
        let r = try Wijksim.run(["run", tiny.scenario, b, "--replications", "2", "--quiet", "--discount-rate", "0.04", "--horizon", "10",
                                 "--out", tiny.path("m")])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.lines(tiny.path("m/mkba.csv"))
        #expect(rows.first?.hasPrefix("scenario,baseline,payer,baseline_eur_per_year,scenario_eur_per_year,investment_eur_per_year,return_eur_per_year,net_eur_per_year") == true)
        #expect(rows.count == 8 && rows.last!.hasPrefix("b,tiny,all_payers,") && rows.last!.hasSuffix(",10,0.04"), "\(rows)")
        #expect(tiny.read("m/run.json")?.contains("\"discount_rate\":0.04") == true)
        #expect(tiny.read("m/report.html")?.contains("data-chart=\"mkba\"") == true)
        let bad = try Wijksim.run(["run", tiny.scenario, "--discount-rate", "7"])
        #expect(bad.status == 2 && bad.stderr.contains("--discount-rate"), "\(bad.stderr)")
    }
}
