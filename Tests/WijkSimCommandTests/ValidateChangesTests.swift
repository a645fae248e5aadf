// `wijksim validate` shows what an extending file changes against its base, and refuses new
// entries without their required fields.

import Foundation
import Testing

@Suite("wijksim validate: changes and new entries")
struct ValidateChangesTests {
    @Test("validate prints an extending file's changes field by field; a base file has none to print")
    func printsChanges() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["validate", tiny.scenario])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("  changes against default-city.json5: 3") }, "\(r.stdout)")
        #expect(Array(lines[(start + 1)...].prefix(3)) == ["    arrivals_per_year: 1600 → 150", "    warmup: \"30y\" → \"26w\"",
                                                          "    measure: \"10y\" → \"1y\""], "\(r.stdout)")
        let base = tiny.path("base.json5")
        try "{ arrivals_per_year: 150 }".write(toFile: base, atomically: true, encoding: .utf8)
        let b = try Wijksim.run(["validate", base])
        #expect(b.status == 0 && !b.stdout.contains("changes against"), "\(b.stdout)")
    }

    @Test("a new team without its required fields: one line naming file, line, path and the missing fields; exit 1")
    func newEntryRefused() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let file = tiny.path("new.json5")
        try "{ extends: \"tiny.json5\",\n  teams: { family_coaching: null, intervention_team: { tier: \"intensive\" } } }"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["validate", file])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("\(file):2:") && r.stderr.contains("teams.intervention_team: a new team")
                && r.stderr.contains("missing: role, workers, caseload_limit"), "\(r.stderr)")
    }
}
