// Explore, sensitivity and explain on the model: Shapley efficiency, null player and symmetry on a toy
// scenario pair; the same results on 1 or 2 threads and through shard part files; worlds that keep a
// design's own values; the plausible set read back.

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import ScenarioKit
import SimCore
import SocialDomain
import Uncertainty

@Suite("Decisions under uncertainty on the model")
struct DecisionStudyTests {
    /// The tiny default city, and the same with `changes` set (path, JSON5 value).
    static func pair(_ changes: [(String, String)]) throws -> (Scenario, Scenario) {
        let a = try tinyScenario("default-city.json5")
        var tree = a.tree
        for (path, value) in changes { tree = tree.setting(path.split(separator: ".").map(String.init), to: try JSON5Parser.parse(value)) }
        var b = try ScenarioLoader.build(tree.setting(["name"], to: Node(.string("changed"))), files: a.chain, defaultName: "changed", file: "changed.json5")
        b.config.name = "changed"
        return (a, b)
    }

    static func explain(_ a: Scenario, _ b: Scenario, groups: [ExplainGroup], replications: Int = 2, threads: Int = 2) throws -> Explanation {
        var rng = StreamKey(seed: 3, purpose: 0x5A9E).makeGenerator()
        let design = ShapleyDesign(players: groups.count, using: &rng)
        let configs = try Explanation.configs(a, b, groups, design: design)
        let study = Study(kind: "explain", configs: configs, replications: replications, seed: 3, streamOffsets: configs.map { _ in 0 }, fingerprint: "t")
        return Explanation(a: a.name, b: b.name, groups: groups, design: design, replications: replications,
                           results: study.run(jobs: 0..<study.jobCount, threads: threads))
    }

    @Test("explain: the contributions add up to comparison.csv's paired difference for every measure; an inert field gets exactly 0")
    func efficiencyAndNullPlayer() throws {
        // handover.warm_delay does nothing while handovers are cold (the default city's): a null player.
        let (a, b) = try Self.pair([("teams.wijkteam.workers", "10"), ("path.approval_delay", "\"10w\""), ("path.handover.warm_delay", "\"3w\"")])
        let groups = Explanation.groups(a, b, by: .auto)
        #expect(groups.map(\.name).sorted() == ["path.approval_delay", "path.handover.warm_delay", "teams.wijkteam.workers"])
        let e = try Self.explain(a, b, groups: groups)
        let comparison = e.comparisonCSV().split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(comparison.count == e.measures.count && e.measures.count > 50)
        for row in comparison {
            let measure = String(row[2]), diff = Double(row[3])!
            let sum = e.contributions(measure).reduce(0) { $0 + $1.summary.mean }
            #expect(abs(sum - diff) <= 1e-9 * max(1, abs(diff)), "\(measure): contributions \(sum) vs difference \(diff)")
        }
        let total = e.contributions("total_cost_eur_per_year")
        let inert = try #require(total.first { $0.group.name == "path.handover.warm_delay" })
        #expect(inert.summary.mean == 0 && inert.summary.low == 0 && inert.summary.high == 0)
        let workers = try #require(total.first { $0.group.name == "teams.wijkteam.workers" })
        #expect(workers.summary.mean != 0)
        // explain.csv holds the same contributions.
        #expect(e.explainCSV().hasPrefix(Explanation.header + "\n"))
    }

    @Test("explain: two groups that switch the same field are interchangeable and get equal shares (symmetry)")
    func symmetry() throws {
        let (a, b) = try Self.pair([("teams.wijkteam.workers", "12")])
        let groups = [ExplainGroup(name: "one", fields: ["teams.wijkteam.workers"]), ExplainGroup(name: "other", fields: ["teams.wijkteam.workers"])]
        let e = try Self.explain(a, b, groups: groups)
        for m in ["total_cost_eur_per_year", "escalations_per_100_household_years", "wait_days_mean.wijkteam"] {
            let c = e.contributions(m)
            #expect(abs(c[0].summary.mean - c[1].summary.mean) <= 1e-12 * max(1, abs(c[0].summary.mean)), "\(m)")
            #expect(abs(c[0].summary.mean + c[1].summary.mean - e.difference(m).mean) <= 1e-9 * max(1, abs(e.difference(m).mean)))
        }
    }

    @Test("explain: fields that only make sense together are refused with advice, not run")
    func invalidCoalition() throws {
        let a = try tinyScenario("default-city.json5")
        let b = try tinyScenario("tandem-scale-down.json5")
        let groups = Explanation.groups(a, b, by: .field)
        #expect(groups.count >= 5)
        #expect(Explanation.groups(a, b, by: .entry).count < groups.count)
    }

    @Test("explain, explore: the same results on 1 or 2 threads and through shard part files")
    func determinism() throws {
        let (a, b) = try Self.pair([("teams.wijkteam.workers", "10"), ("path.approval_delay", "\"10w\"")])
        let one = try Self.explain(a, b, groups: Explanation.groups(a, b, by: .auto), threads: 1)
        let two = try Self.explain(a, b, groups: Explanation.groups(a, b, by: .auto), threads: 2)
        #expect(one.explainCSV() == two.explainCSV())

        let parameters = [ParameterSpec(path: "dynamics.first_line_effect", lower: 0.06, upper: 0.24, integer: false, unit: .perWeek, source: "test"),
                          ParameterSpec(path: "teams.wijkteam.workers", lower: 8, upper: 30, integer: true, unit: .plain, source: "test")]
        let worlds = Worlds.latinHypercube(parameters, count: 3, seed: 5, origin: "test")
        #expect(worlds.values.allSatisfy { $0[1] == $0[1].rounded() })
        let designs = [a, b]
        let sharing = worlds.sharing(designs)
        // The changed design sets its own number of workers: it keeps it in every world.
        #expect(sharing == [[true, true], [true, false]])
        let configs = try worlds.configs(designs, sharing: sharing)
        #expect(configs[1].teams.first { $0.name == "wijkteam" }?.workers == 10)
        #expect(configs[0].teams.first { $0.name == "wijkteam" }?.workers == Int(worlds.values[0][1]))
        let study = Study(kind: "explore", configs: configs, replications: 2, seed: 9,
                          streamOffsets: configs.indices.map { $0 / 2 * 2 }, fingerprint: "fp")
        let whole = study.run(jobs: 0..<study.jobCount, threads: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("explore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for k in 1...3 {
            let part = study.run(jobs: shardRange(k, of: 3, jobs: study.jobCount), threads: 1)
            try RunDirectory.writeAtomically(study.partJSON(shard: (k, 3), results: part), to: directory + "/" + Study.partName("explore", k, 3))
        }
        let merged = try study.readParts(in: directory)
        #expect(merged == whole)
        let e1 = Exploration(designs: ["a", "b"], worlds: worlds, sharing: sharing, replications: 2, results: whole)
        let e2 = Exploration(designs: ["a", "b"], worlds: worlds, sharing: sharing, replications: 2, results: merged)
        #expect(Exploration.decisionCSV(e1.decisions()) == Exploration.decisionCSV(e2.decisions()))
        #expect(e1.worldResultsCSV() == e2.worldResultsCSV())
        // A part of another study is refused, naming the file.
        var other = study
        other.fingerprint = "another"
        #expect(throws: RunDirectory.MergeError.self) { try other.readParts(in: directory) }
        try FileManager.default.removeItem(atPath: directory + "/" + Study.partName("explore", 2, 3))
        do { _ = try study.readParts(in: directory); Issue.record("merged with a part missing") } catch {
            #expect(error.description.contains("of \(study.jobCount) jobs"))
        }
    }

    @Test("a calibration's plausible.csv read as worlds: all rows, or a subset without replacement; a wrong column is refused")
    func plausible() throws {
        let a = try tinyScenario("default-city.json5")
        let text = "work.base_rate,services.ggz.capacity\n0.003,60\n0.004,70\n0.005,80\n"
        let all = try Worlds.plausible("p.csv", text: text, scenario: a, count: 10, seed: 1)
        #expect(all.values == [[0.003, 60], [0.004, 70], [0.005, 80]])
        #expect(all.parameters.map(\.integer) == [false, true] && all.parameters[0].lower == 0.003 && all.parameters[1].upper == 80)
        let two = try Worlds.plausible("p.csv", text: text, scenario: a, count: 2, seed: 1)
        #expect(two.count == 2 && Set(two.values.map { $0[1] }).isSubset(of: [60, 70, 80]) && Set(two.values.map { $0[1] }).count == 2)
        #expect(throws: ScenarioErrors.self) { try Worlds.plausible("p.csv", text: "work.base_rat\n0.1\n", scenario: a, count: 2, seed: 1) }
        #expect(throws: ScenarioErrors.self) { try Worlds.plausible("p.csv", text: "work.base_rate\nx\n", scenario: a, count: 2, seed: 1) }
    }

    @Test("scale: \"log\" spreads worlds evenly in the logarithm (the middle of [x/2, 2x] is x); bad scales are refused naming the field")
    func logScale() throws {
        var p = ParameterSpec(path: "dynamics.first_line_effect", lower: 0.06, upper: 0.24, integer: false, unit: .perWeek, source: "t")
        #expect(abs(Worlds.scale([0.5], [p])[0] - 0.15) < 1e-12)
        p.logScale = true
        #expect(abs(Worlds.scale([0.5], [p])[0] - 0.12) < 1e-12)
        #expect(abs(Worlds.scale([0], [p])[0] - 0.06) < 1e-12 && abs(Worlds.scale([1], [p])[0] - 0.24) < 1e-12)
        let a = try tinyScenario("default-city.json5")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString).json5").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "{ parameters: { \"dynamics.first_line_effect\": { range: [\"0.06/w\", \"0.24/w\"], scale: \"log\", source: \"a\" } } }"
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try TargetsLoader.load(file, scenario: a, parametersOnly: true).parameters[0].logScale)
        for (text, message) in [("{ parameters: { \"dynamics.passivity\": { range: [0, 0.6], scale: \"log\", source: \"a\" } } }", "a log scale needs a range above 0"),
                                ("{ parameters: { \"dynamics.passivity\": { range: [0.1, 0.6], scale: \"ln\", source: \"a\" } } }", "allowed: \"linear\" (the default) or \"log\"")] {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            do { _ = try TargetsLoader.load(file, scenario: a, parametersOnly: true); Issue.record("accepted \(text)") } catch {
                #expect(error.issues.first?.path == "parameters.dynamics.passivity.scale" && error.issues.first?.message.contains(message) == true, "\(error.issues)")
            }
        }
    }

    @Test("measure directions: costs and waits lower, outflow to work higher, counts neither")
    func directions() {
        #expect(Exploration.lowerIsBetter("total_cost_eur_per_year") == true)
        #expect(Exploration.lowerIsBetter("cost_eur_per_year.health_insurer") == true)
        #expect(Exploration.lowerIsBetter("wait_days_mean.ggz") == true)
        #expect(Exploration.lowerIsBetter("escalations_per_100_household_years") == true)
        #expect(Exploration.lowerIsBetter("outflow_to_work_per_benefit_year") == false)
        #expect(Exploration.lowerIsBetter("households_in_system_mean") == nil)
        #expect(Exploration.lowerIsBetter("caseload_utilisation.wijkteam") == nil)
    }
}
