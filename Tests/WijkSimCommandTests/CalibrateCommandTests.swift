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
              parameters: { "work.base_rate": { range: ["0.09/y", "0.36/y"], source: "assumption" },
                            "services.ggz.capacity": { range: [50, 80], source: "assumption" },
                            "services.youth_care.capacity": { range: [50, 80], source: "assumption" } } }
            """.write(toFile: targets, atomically: true, encoding: .utf8)
        let out = tiny.path("calibration")
        let r = try Wijksim.run(["calibrate", tiny.scenario, "--targets", targets, "--waves", "1", "--points", "4",
                                 "--replications", "2", "--threads", "2", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wave 1: 4 points, 4 kept"), "\(r.stdout)")
        let waves = try String(contentsOfFile: out + "/waves.csv", encoding: .utf8)
        #expect(waves.hasPrefix("wave,point,work.base_rate,services.ggz.capacity,services.youth_care.capacity,I.closed,max_I,kept\n")
                && waves.split(separator: "\n").count == 5)
        let parameters = try String(contentsOfFile: out + "/parameters.csv", encoding: .utf8).split(separator: "\n")
        #expect(parameters.first == "parameter,range_low,range_high,plausible_low,plausible_high,best,source")
        #expect(parameters.count == 4 && parameters[1].hasPrefix("work.base_rate,0.09/y,0.36/y,") && parameters[1].hasSuffix(",assumption"), "\(parameters)")
        let targetRows = try String(contentsOfFile: out + "/targets.csv", encoding: .utf8).split(separator: "\n")
        #expect(targetRows.count == 2 && targetRows[1].hasPrefix("closed,closed_within_1y_share,0.5,0.25,0.0,rules out,"), "\(targetRows)")
        let asIs = try Wijksim.run(["calibrate", tiny.scenario, "--targets", targets, "--check", "--replications", "2", "--out", out])
        #expect(asIs.status == 0 && asIs.stdout.contains("largest implausibility") && asIs.stdout.contains("non-implausible (kept)"), "\(asIs.stdout)")
        #expect(FileManager.default.fileExists(atPath: out + "/check.csv"))
        // The results were swapped in whole (manifest last), the state carried over for a resume.
        #expect(FileManager.default.fileExists(atPath: out + "/manifest.json") && FileManager.default.fileExists(atPath: out + "/calibration-state.json"))
        let calibrated = out + "/calibrated.json5"
        #expect(FileManager.default.fileExists(atPath: calibrated))
        // One services object for both capacities (a second would be a duplicate key).
        #expect(try String(contentsOfFile: calibrated, encoding: .utf8).components(separatedBy: "services: {").count == 2)
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

    @Test("calibrate --shard K/N per wave, then --merge, writes the same results as one run; a directory of another calibration is refused")
    func shardedThroughTheCommand() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let targets = tiny.path("targets.json5")
        try """
            { targets: { closed: { measure: "closed_within_1y_share", band: [0.5, 0.95], source: "test" },
                         stock: { measure: "multi_problem_households_mean", band: [1280, 1920], source: "E9", monitor_only: "another construct" } },
              parameters: { "work.base_rate": { range: ["0.09/y", "0.36/y"], source: "assumption" } } }
            """.write(toFile: targets, atomically: true, encoding: .utf8)
        let common = ["calibrate", tiny.scenario, "--targets", targets, "--waves", "2", "--points", "3", "--replications", "2"]
        let one = try Wijksim.run(common + ["--out", tiny.path("one")])
        #expect(one.status == 0, "\(one.stderr)")
        // Per wave: the shards, then the merge, until the merge says the calibration is done.
        var merged = 0
        while merged < 2 {
            for k in 1...2 {
                let part = try Wijksim.run(common + ["--out", tiny.path("sharded"), "--shard", "\(k)/2", "--threads", "1"])
                #expect(part.status == 0 && part.stdout.contains("shard \(k)/2"), "\(part.stdout) \(part.stderr)")
            }
            let merge = try Wijksim.run(common + ["--out", tiny.path("sharded"), "--merge"])
            #expect(merge.status == 0, "\(merge.stderr)")
            merged += 1
            if merge.stdout.contains("done") { break }
        }
        let after = try Wijksim.run(common + ["--out", tiny.path("sharded"), "--shard", "1/2"])
        #expect(after.status == 0 && after.stdout.contains("nothing to run"), "\(after.stdout)")
        for name in ["waves.csv", "plausible.csv", "calibration-state.json", "calibration.html"] {
            #expect(tiny.read("one/" + name) != nil && tiny.read("one/" + name) == tiny.read("sharded/" + name), "\(name) differs")
        }
        #expect(tiny.read("one/calibration.html")?.contains("Monitored, not used to rule out: another construct") == true)
        // Another seed into the same directory: refused, nothing overwritten.
        let before = tiny.read("one/waves.csv")
        let clash = try Wijksim.run(common + ["--out", tiny.path("one"), "--seed", "2"])
        #expect(clash.status == 1 && clash.stderr.contains("a calibration of other inputs"), "\(clash.stderr)")
        #expect(tiny.read("one/waves.csv") == before)
        // Merging a wave whose shards are missing says which; --shard with --merge is a usage error.
        let lacking = try Wijksim.run(common + ["--out", tiny.path("empty"), "--merge"])
        #expect(lacking.status == 1 && lacking.stderr.contains("no parts of wave 1"), "\(lacking.stderr)")
        let both = try Wijksim.run(common + ["--shard", "1/2", "--merge"])
        #expect(both.status == 2 && both.stderr.contains("not both"), "\(both.stderr)")
    }
}
