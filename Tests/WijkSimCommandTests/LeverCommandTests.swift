// `wijksim levers` and validate's warnings as a user meets them (the probe itself: ExperimentsTests/LeverProbeTests).

import Testing
import Foundation

@Suite("wijksim levers")
struct LeverCommandTests {
    @Test("levers: a live and an explained field pass with exit 0; an unknown field is a usage error")
    func levers() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["levers", tiny.scenario, "--years-warmup", "0.5", "--years", "1", "--threads", "2",
                                 "--field", "arrivals_per_year", "--field", "path.handover.delay"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("arrivals_per_year") && r.stdout.contains("no handover between teams"), "\(r.stdout)")
        #expect(r.stdout.contains("no inert lever without a reason"))
        let bad = try Wijksim.run(["levers", tiny.scenario, "--field", "teams.wijkteam.wokers"])
        #expect(bad.status == 2 && bad.stderr.contains("teams.wijkteam.wokers"), "\(bad.stderr)")
    }

    @Test("validate warns (exit 0, on stdout) about a lever the design switches off")
    func validateWarns() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let file = tiny.path("mandates.json5")
        try "{ extends: \"\(tiny.scenario)\", teams: { wijkteam: { mandate: true }, family_coaching: { mandate: true } } }"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["validate", file])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("warning: path.approval_delay: changes nothing here: every team has a mandate"), "\(r.stdout)")
    }
}
