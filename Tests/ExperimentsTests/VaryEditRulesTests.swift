// --vary cannot make an entry unreachable, and the report shows what each scenario file changes.

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import ScenarioKit
import SimCore
import SocialDomain

@Suite("--vary and the changes section")
struct VaryEditRulesTests {
    @Test("a --vary value that makes an entry unreachable is refused, naming --vary, the path, why and the grid point", arguments: [
        ("profiles.light.share=0,10", "profiles.light.share", "share 0: no household arrives with this profile", "(at --vary profiles.light.share=0)"),
        ("teams.family_coaching.tier=intensive,first", "teams.family_coaching.tier", "a second first-line team: no household reaches it",
         "(at --vary teams.family_coaching.tier=first)"),
        ("services.ggz.domain=mental_health,finances", "services.ggz.domain", "no household reaches this service",
         "(at --vary services.ggz.domain=finances)"),
    ])
    func unreachableByVary(_ spec: String, _ path: String, _ why: String, _ point: String) throws {
        let axis = try parseVary(spec).get()
        do {
            _ = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [axis],
                                   replications: 1, seed: 1, version: "test")
            Issue.record("\(spec) was planned")
        } catch let error as ScenarioErrors {
            #expect(error.issues.count == 1, "\(error)")
            let issue = try #require(error.issues.first)
            #expect(issue.file == "--vary" && issue.line == 0 && issue.path == path, "\(issue)")
            #expect(issue.message.contains(why) && issue.message.hasSuffix(point), "\(issue.message)")
        }
    }

    @Test("a misspelt entry in --vary gets only its did-you-mean, not a second refusal of the entry it would make")
    func unknownEntryOnly() throws {
        let axis = try parseVary("teams.wijkteem.workers=10,20").get()
        #expect(throws: ScenarioErrors.self) {
            _ = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [axis],
                                   replications: 1, seed: 1, version: "test")
        }
        do {
            _ = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [axis],
                                   replications: 1, seed: 1, version: "test")
        } catch let error as ScenarioErrors {
            #expect(error.issues.count == 1 && error.issues[0].message.contains("did you mean 'wijkteam'?"), "\(error)")
        }
    }

    @Test("the plan carries each scenario's changes through a shard's part file")
    func changesInPartFiles() throws {
        let loaded = try ScenarioLoader.load(scenariosFolder.appendingPathComponent("tandem-scale-down.json5").path)
        var scenario = try shortScenario("tandem-scale-down.json5")
        scenario.changes = loaded.changes
        let plan = try ExperimentPlan(kind: .run, scenarios: [scenario], axes: [], replications: 1, seed: 1, version: "test")
        #expect(plan.info.changes.first?.base == "default-city.json5" && plan.info.changes.first?.items.isEmpty == false)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wijksim-part-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("part-1-of-1.json").path
        try RunDirectory.writeAtomically(RunDirectory.partJSON(plan.info, shard: (1, 1), results: []), to: file)
        let (info, _, _) = try RunDirectory.readPart(file)
        #expect(info == plan.info)
    }

    @Test("the report lists what each extending scenario changes, compact, in English and Dutch")
    func reportSection() throws {
        let item = ScenarioChanges.Change(kind: .changed, path: "teams.wijkteam.workers", old: "28", new: "12")
        var info = PlanInfo(kind: .run, seed: 1, replications: 1, scenarios: ["default-city", "many"], files: ["d.json5", "many.json5"],
                            hashes: [[], []], points: [[]], version: "test")
        info.changes = [ScenarioChanges(base: "", items: []),
                        ScenarioChanges(base: "default-city.json5", items: Array(repeating: item, count: 11)
                            + [ScenarioChanges.Change(kind: .removed, path: "teams.family_coaching", old: "", new: "")])]
        // Two replications of each scenario with a few measures: enough for every section.
        let results = (0..<4).map { k in
            JobResult(index: k, names: ["total_cost_eur_per_year", "category_cost_eur_per_year.first_line"], values: [1_000_000 + Double(k), 100_000],
                      timeseries: [TimeseriesRow(month: 1, series: "waiting_list.ggz", value: 3)])
        }
        info.replications = 2
        let en = Report.html(info, results, language: .en)
        #expect(en.contains("<h2>What each scenario changes</h2>"))
        #expect(en.contains("<li><strong>many</strong>, against default-city.json5: <code>teams.wijkteam.workers: 28 → 12</code>"))
        #expect(en.components(separatedBy: "<code>").count - 1 == 8, "at most 8 changes a scenario")
        #expect(en.contains("and 4 more (wijksim validate many.json5 lists them all)"))
        #expect(!en.contains("<strong>default-city</strong>,"), "a file that extends nothing has no changes to list")
        let nl = Report.html(info, results, language: .nl)
        #expect(nl.contains("<h2>Wat elk scenario verandert</h2>") && nl.contains("ten opzichte van default-city.json5")
                && nl.contains("en nog 4 (wijksim validate many.json5 toont ze allemaal)"))
        info.changes = []
        #expect(!Report.html(info, results, language: .en).contains("What each scenario changes"))
    }
}
