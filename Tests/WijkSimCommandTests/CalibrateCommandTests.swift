// `wijksim calibrate` as a user meets it (the waves themselves: ExperimentsTests/CalibrationTests).

import Testing
import Foundation

@Suite("wijksim calibrate")
struct CalibrateCommandTests {
    @Test("calibrate writes waves.csv and plausible.csv, and a calibrated scenario that validates when a point is kept")
    func calibrate() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let targets = tiny.path("targets.json5")
        // A target every point meets (a wide band), so that points are kept and a best point exists.
        try """
            { targets: { closed: { measure: "closed_within_1y_share", band: [0, 1], source: "test: any value" } },
              parameters: { "work.base_rate": { range: ["0.09/y", "0.36/y"], source: "assumption" } } }
            """.write(toFile: targets, atomically: true, encoding: .utf8)
        let out = tiny.path("calibration")
        let r = try Wijksim.run(["calibrate", tiny.scenario, "--targets", targets, "--waves", "1", "--points", "4",
                                 "--replications", "2", "--threads", "2", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wave 1: 4 points, 4 kept"), "\(r.stdout)")
        let waves = try String(contentsOfFile: out + "/waves.csv", encoding: .utf8)
        #expect(waves.hasPrefix("wave,point,work.base_rate,I.closed,max_I,kept\n") && waves.split(separator: "\n").count == 5)
        let calibrated = out + "/calibrated.json5"
        #expect(FileManager.default.fileExists(atPath: calibrated))
        let check = try Wijksim.run(["validate", calibrated])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test("calibrate without --targets is a usage error; a bad targets file is refused with file, line and path")
    func refusals() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let missing = try Wijksim.run(["calibrate", tiny.scenario])
        #expect(missing.status == 2 && missing.stderr.contains("--targets"), "\(missing.stderr)")
        let bad = tiny.path("bad-targets.json5")
        try """
            { targets: { a: { measure: "outflow_to_werk_per_benefit_year", band: [0.07, 0.15], source: "E6" } } }
            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["calibrate", tiny.scenario, "--targets", bad])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("bad-targets.json5:1:") && r.stderr.contains("targets.a.measure")
                && r.stderr.contains("did you mean \"outflow_to_work_per_benefit_year\""), "\(r.stderr)")
    }
}
