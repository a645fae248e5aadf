// Edits that cannot silently miss (issue 12, item 3): a new entry in an extending file states its
// required fields; an entry no household can reach is refused; `validate` shows what a file
// changes against its base.

import Foundation
import Testing
@testable import ScenarioKit
import SimCore
import SocialDomain

/// A scratch file extending the default city with `body` on its second line.
private func extending(_ folder: ScratchFolder, _ name: String, _ body: String) -> String {
    folder.write(name, "{ extends: \"\(scenariosFolder.appendingPathComponent("default-city.json5").path)\",\n  \(body) }")
}

/// Every field example of a collection, as JSON5 members.
private func examples(_ collection: String) -> String {
    ScenarioLoader.requiredInNewEntry[collection]!.map { "\($0.field): \($0.example)" }.joined(separator: ", ")
}

@Suite("A new entry in an extending file states its required fields")
struct RequiredFieldTests {
    @Test("a new entry missing required fields is refused with file, line, path, the missing fields and what to type",
          arguments: [("teams", "teams: { family_coaching: null, intervention_team: { tier: \"intensive\", workers: 8 } }", "intervention_team", "team"),
                      ("services", "services: { benefits_desk: { capacity: 10 } }", "benefits_desk", "service"),
                      ("profiles", "profiles: { single_parent: { share: 50 } }", "single_parent", "profile"),
                      ("crises", "crises: { fire: { domain: \"housing\" } }", "fire", "crisis type")])
    func missingFields(_ collection: String, _ body: String, _ entry: String, _ kind: String) throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        let file = extending(folder, "f.json5", body)
        let found = issues(file)
        #expect(found.count == 1, "\(found)")
        let issue = try #require(found.first)
        #expect(issue.file == file && issue.line == 2 && issue.path == "\(collection).\(entry)")
        let stated = ["tier", "workers", "capacity", "share", "domain"]
        let missing = ScenarioLoader.requiredInNewEntry[collection]!.filter { !(stated.contains($0.field) && body.contains("\($0.field):")) }
        #expect(issue.message.hasPrefix("a new \(kind) (not in the file it extends) must state every field without a meaningful default"))
        #expect(issue.message.contains("missing: " + missing.map(\.field).joined(separator: ", ") + "."), "\(issue.message)")
        for m in missing { #expect(issue.message.contains("\(m.field): \(m.example)"), "\(m.field) has no example: \(issue.message)") }
    }

    @Test("the examples in the message make a valid, reachable entry of every kind")
    func examplesAreValid() throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        let file = extending(folder, "f.json5", """
            teams: { family_coaching: null, t: { \(examples("teams")) } }, services: { s: { \(examples("services")) } },
              profiles: { p: { \(examples("profiles")) } }, crises: { c: { \(examples("crises")) } }
            """)
        let config = try ScenarioLoader.load(file).config
        #expect(config.teams.map(\.name) == ["wijkteam", "t"] && config.services.last?.name == "s")
        #expect(config.profiles.last?.name == "p" && config.crises.last?.name == "c")
    }

    @Test("a crisis type with a cost while it lasts must also state its duration and who pays it; cost 0 needs neither")
    func crisisDuration() {
        let folder = ScratchFolder(); defer { folder.remove() }
        let costly = extending(folder, "a.json5", "crises: { fire: { \(examples("crises").replacingOccurrences(of: "cost_per_time: 0", with: "cost_per_time: \"10/w\"")) } }")
        #expect(issues(costly).map(\.message).first?.contains("missing: duration, duration_payer.") == true, "\(issues(costly))")
        let free = extending(folder, "b.json5", "crises: { fire: { \(examples("crises")) } }")
        #expect(issues(free).isEmpty, "\(issues(free))")
        let complete = extending(folder, "c.json5", "crises: { fire: { \(examples("crises").replacingOccurrences(of: "cost_per_time: 0", with: "cost_per_time: \"10/w\"")), duration: \"4w\", duration_payer: \"housing_corporation\" } }")
        #expect(issues(complete).isEmpty, "\(issues(complete))")
    }

    @Test("a changed inherited entry needs nothing; a near name gets only its did-you-mean; a file that extends nothing keeps the defaults")
    func onlyNewEntries() throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        #expect(issues(extending(folder, "a.json5", "teams: { wijkteam: { workers: 20 } }, profiles: { light: { share: 10 } }")).isEmpty)
        let near = issues(extending(folder, "b.json5", "teams: { wijkteams: { workers: 16 } }"))
        #expect(near.count == 1 && near[0].message.contains("did you mean 'wijkteam'?") && !near[0].message.contains("missing"), "\(near)")
        // The base file of a chain: a new entry starts from the defaults, as before.
        let base = folder.write("base.json5", "{ teams: { wijkteam: {}, helpers: { tier: \"intensive\", workers: 3 } } }")
        #expect(issues(base).isEmpty, "\(issues(base))")
        // A base that states no teams has the built-in teams: changing one needs nothing, a near name is caught.
        folder.write("empty.json5", "{}")
        #expect(issues(folder.write("c.json5", "{ extends: \"empty.json5\", teams: { wijkteam: { workers: 3 } } }")).isEmpty)
        let typo = issues(folder.write("d.json5", "{ extends: \"empty.json5\", teams: { wijkteem: { workers: 3 } } }"))
        #expect(typo.count == 1 && typo[0].message.contains("did you mean 'wijkteam'?"), "\(typo)")
    }

    @Test("fuzz: new entries with random subsets of their required fields are refused exactly when one is missing")
    func fuzzRequiredFields() throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        var rng = StreamKey(seed: 12).makeGenerator()
        let collections = ScenarioLoader.collections
        for i in 0..<120 {
            let collection = collections[rng.nextIndex(below: collections.count)]
            let required = ScenarioLoader.requiredInNewEntry[collection]!
            let kept = required.filter { _ in rng.nextIndex(below: 4) != 0 }
            let entry = "entry_\(i)_xyz"
            let members = kept.map { "\($0.field): \($0.example)" }.joined(separator: ", ")
            let extra = collection == "teams" ? "family_coaching: null, " : ""
            let file = extending(folder, "f\(i).json5", "\(collection): { \(extra)\(entry): { \(members) } }")
            let found = issues(file)
            let missing = required.filter { r in !kept.contains { $0.field == r.field } }
            if missing.isEmpty {
                #expect(found.isEmpty, "\(collection) \(members): \(found)")
            } else {
                let issue = found.first { $0.path == "\(collection).\(entry)" }
                #expect(issue?.message.contains("missing: " + missing.map(\.field).joined(separator: ", ") + ".") == true, "\(collection): \(found)")
                #expect(issue?.line == 2)
            }
        }
    }
}

@Suite("An entry no household can reach is refused")
struct ReachabilityTests {
    @Test("unreachable entries are refused in any file, naming file, line, path, why and what to type instead", arguments: [
        ("{ teams: { wijkteam: {}, north: { tier: \"first\", workers: 4 } } }", 1, "teams.north.tier",
         ["a second first-line team: no household reaches it", "teams.wijkteam", "make this team tier: \"intensive\"", "teams: {north: null}"]),
        ("{ teams: { wijkteam: {}, family_coaching: {},\n  extra: { tier: \"intensive\", workers: 4 } } }", 2, "teams.extra.tier",
         ["a second intensive team: no household reaches it", "teams.family_coaching", "workers: 0", "teams: {extra: null}"]),
        ("{ profiles: { light: {},\n  complex: { share: 0 } } }", 2, "profiles.complex.share",
         ["share 0: no household arrives with this profile", "a share above 0", "profiles: {complex: null}"]),
        ("{ services: { ggz: {},\n  extra: { domain: \"mental_health\" } } }", 2, "services.extra.domain",
         ["no household reaches this service", "services.ggz", "another domain", "services: {extra: null}"]),
    ])
    func unreachable(_ text: String, _ line: Int, _ path: String, _ fragments: [String]) throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        let file = folder.write("f.json5", text)
        let issue = try #require(issues(file).first { $0.path.hasPrefix(path) }, "\(issues(file))")
        #expect(issue.file == file && issue.line == line, "\(issue)")
        for f in fragments { #expect(issue.message.contains(f), "'\(f)' not in: \(issue.message)") }
    }

    @Test("a team switched off with workers: 0 stays allowed; every shipped scenario passes")
    func allowed() throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        #expect(issues(folder.write("a.json5", "{ teams: { wijkteam: {}, family_coaching: {}, spare: { tier: \"first\", workers: 0 } } }")).isEmpty)
        #expect(issues(folder.write("b.json5", "{ teams: { wijkteam: { workers: 0 } } }")).isEmpty)
        for file in ShippedScenarioTests.files { #expect(issues(scenariosFolder.appendingPathComponent(file).path).isEmpty, "\(file)") }
        // All shares 0 keeps its one message.
        let zero = issues(folder.write("c.json5", "{ profiles: { light: { share: 0 } } }"))
        #expect(zero.count == 1 && zero[0].message.contains("every profile has share 0"), "\(zero)")
    }
}

@Suite("What a file changes against its base")
struct ChangesTests {
    @Test("field by field in reading order: path: base → new, added and removed entries; same value in other units is no change")
    func changes() throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        let file = extending(folder, "f.json5", """
            warmup: "1560w", measure: "520w", teams: { family_coaching: null, wijkteam: { workers: 20 },
                intervention_team: { tier: "intensive", role: "coordinator", workers: 8, caseload_limit: 12, direct_hours_per_week: 28.1,
                                     cost_per_fte_year: 100000, cost_basis: "fte", payer: "municipality_support", category: "second_line" } },
              dynamics: { first_line_effect: "0.2/w", base_up: { housing: "0.005/w" } }, path: { intake: "3w" }
            """)
        let scenario = try ScenarioLoader.load(file)
        let changes = try #require(scenario.changes)
        #expect(changes.base == "default-city.json5")
        #expect(changes.items.map(\.text) == [
            "dynamics.base_up.housing: \"0.208/y\" → \"0.26/y\"",
            "dynamics.first_line_effect: \"6.24/y\" → \"10.4/y\"",
            "teams.family_coaching: removed",
            "teams.wijkteam.workers: 28 → 20",
            "teams.intervention_team: added {tier: \"intensive\", role: \"coordinator\", workers: 8, caseload_limit: 12, "
                + "direct_hours_per_week: 28.1, cost_per_fte_year: 100000, cost_basis: \"fte\", payer: \"municipality_support\", category: \"second_line\"}",
            "path.intake: \"2w\" → \"3w\"",
        ], "\(changes.items.map(\.text))")
        #expect(changes.lines(limit: 3) == Array(changes.items.prefix(2).map(\.text)) + ["… 4 more"])
        // A file that extends nothing has no base to compare with.
        #expect(try ScenarioLoader.load(scenariosFolder.appendingPathComponent("default-city.json5").path).changes?.base == "")
    }
}
