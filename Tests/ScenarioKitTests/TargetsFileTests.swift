// Targets files (calibration, issue 13): read and validated like scenario files.

import Foundation
import Testing
import ScenarioKit
import SocialDomain

@Suite("Targets files")
struct TargetsFileTests {
    static let city = try! ScenarioLoader.load(scenariosFolder.appendingPathComponent("default-city.json5").path)

    static func write(_ text: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("targets-\(UUID().uuidString).json5").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test("bands, values with sds and parameter ranges in the scenario's own units")
    func valid() throws {
        let file = Self.write("""
        { targets: { exit_to_work: { measure: "outflow_to_work_per_benefit_year", band: [0.07, 0.15], source: "E6" },
                     ggz_wait: { measure: "wait_days_mean.ggz", value: 84, sd: 14, discrepancy_sd: 7, source: "E22, F4" },
                     stock: { measure: "multi_problem_households_mean", band: [1280, 1920], source: "E9", monitor_only: "another construct" } },
          parameters: { "dynamics.first_line_effect": { range: ["0.03/w", "0.3/w"], source: "assumption" },
                        "path.own_strength_trial": { range: ["0w", "26w"], source: "assumption" },
                        "teams.family_coaching.workers": { range: [10, 30], source: "E19" },
                        "dynamics.trust_gain": { range: ["0.05/12w", "0.2/12w"], source: "assumption" } } }
        """)
        let t = try TargetsLoader.load(file, scenario: Self.city)
        #expect(t.targets.map(\.name) == ["exit_to_work", "ggz_wait", "stock"])
        #expect(t.targets.map(\.monitorOnly) == [nil, nil, "another construct"])
        #expect(abs(t.targets[0].value - 0.11) < 1e-12 && abs(t.targets[0].sd - 0.02) < 1e-12)
        #expect(t.targets[1].value == 84 && t.targets[1].sd == 14 && t.targets[1].discrepancySD == 7)
        let p = Dictionary(uniqueKeysWithValues: t.parameters.map { ($0.path, $0) })
        #expect(p["dynamics.first_line_effect"]?.lower == 0.03 && p["dynamics.first_line_effect"]?.upper == 0.3)
        #expect(p["path.own_strength_trial"]?.lower == 0 && p["path.own_strength_trial"]?.upper == 26)
        #expect(p["teams.family_coaching.workers"]?.integer == true)
        #expect(p["teams.family_coaching.workers"]?.lower == 10 && p["teams.family_coaching.workers"]?.upper == 30)
        #expect(abs(p["dynamics.trust_gain"]!.lower - 0.05 / 12) < 1e-15 && abs(p["dynamics.trust_gain"]!.upper - 0.2 / 12) < 1e-15)
    }

    @Test("every problem names the file, the line, the path and what is allowed", arguments: [
        (#"{ targets: { a: { measure: "outflow_to_werk_per_benefit_year", band: [0.07, 0.15], source: "E6" } } }"#,
         "targets.a.measure", "did you mean \"outflow_to_work_per_benefit_year\""),
        (#"{ targets: { a: { measure: "first_help_days_mean", band: [5, 1], source: "x" } } }"#, "targets.a.band", "lo < hi"),
        (#"{ targets: { a: { measure: "first_help_days_mean", band: [1, 5], value: 3, source: "x" } } }"#, "targets.a", "both band and value"),
        (#"{ targets: { a: { measure: "first_help_days_mean", value: 3, source: "x" } } }"#, "targets.a.sd", "standard deviation"),
        (#"{ targets: { a: { measure: "first_help_days_mean", band: [1, 5] } } }"#, "targets.a.source", "names its source"),
        (#"{ targets: { a: { measure: "first_help_days_mean", band: [1, 5], source: "x", sorce: 1 } } }"#, "targets.a.sorce", "did you mean 'source'"),
        (#"{ targets: { a: { measure: "first_help_days_mean", band: [1, 5], source: "x", monitor_only: true } } }"#, "targets.a.monitor_only", "why the model cannot"),
        (#"{ targets: {}, parameter: {} }"#, "parameter", "did you mean 'parameters'"),
        (#"{ targets: {}, parameters: { "dynamics.first_line_efect": { range: [0, 1], source: "x" } } }"#,
         "parameters.dynamics.first_line_efect", "did you mean"),
        (#"{ targets: {}, parameters: { "path.handover.warm": { range: [0, 1], source: "x" } } }"#, "parameters.path.handover.warm", "not a single number"),
        (#"{ targets: {}, parameters: { "dynamics.passivity": { range: [0.1, 1.5], source: "x" } } }"#, "parameters.dynamics.passivity.range", "from 0 to 1"),
        (#"{ targets: {}, parameters: { "dynamics.passivity": { range: [0.6, 0.2], source: "x" } } }"#, "parameters.dynamics.passivity.range", "lower end"),
        (#"{ targets: {}, parameters: { "dynamics.passivity": { range: [0.1, 0.5] } } }"#, "parameters.dynamics.passivity.source", "assumption"),
    ])
    func refusals(_ c: (String, String, String)) {
        let file = Self.write(c.0)
        do {
            _ = try TargetsLoader.load(file, scenario: Self.city)
            Issue.record("accepted: \(c.0)")
        } catch {
            let issue = error.issues.first { $0.path == c.1 }
            #expect(issue != nil, "no issue at \(c.1): \(error.description)")
            #expect(issue?.file == file && (issue?.line ?? 0) >= 1, "\(String(describing: issue))")
            #expect(issue?.message.contains(c.2) == true, "\(String(describing: issue?.message)) lacks \(c.2)")
        }
    }

    @Test("the measures a scenario reports include its teams' and services' own names")
    func measureNames() {
        let names = TargetsLoader.measureNames(Self.city.config)
        #expect(names.contains("wait_days_mean.ggz") && names.contains("caseload_utilisation.wijkteam"))
        #expect(names.contains("total_cost_eur_per_year"))
    }

    @Test("the shipped targets files load: every measure reported, every range inside its field")
    func shipped() throws {
        let t = try TargetsLoader.load(scenariosFolder.appendingPathComponent("targets/city-150k.json5").path, scenario: Self.city)
        #expect(t.targets.count == 17 && t.parameters.count == 12)
        #expect(t.targets.allSatisfy { !$0.source.isEmpty } && t.parameters.allSatisfy { !$0.source.isEmpty })
        #expect(t.parameters.first { $0.path == "services.ggz.capacity" }?.integer == true)
        // The structurally missed targets are monitored, each with its reason; the rest rule points out.
        #expect(t.targets.filter { $0.monitorOnly != nil }.map(\.name).sorted()
                == ["debt_referrals", "evictions", "heavy_stock", "multi_problem_share", "multi_problem_stock"])
        let example = try TargetsLoader.load(scenariosFolder.appendingPathComponent("targets/example-municipality.json5").path, scenario: Self.city)
        #expect(example.targets.count == 4 && example.parameters.count == 3)
    }
}
