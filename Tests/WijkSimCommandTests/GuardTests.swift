// Guards against defects found by a fault campaign (issue "Nothing lost, nothing mixed"): each test
// reproduces one defect through the real binary and checks it is now refused or handled.

import Testing
import Foundation

@Suite("Guards: what a hostile user or a flaky cluster does")
struct GuardTests {
    static func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    @Test("--seed 2^64 − 1 is recorded as that number in run.json, so the run can be reproduced from its record")
    func largestSeed() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["run", tiny.scenario, "--seed", "18446744073709551615", "--replications", "1", "--quiet", "--out", tiny.path("s")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(tiny.read("s/run.json")?.contains("\"seed\":18446744073709551615") == true, "\(tiny.read("s/run.json") ?? "")")
    }

    @Test("a team and a service with the same name, or a team named work_and_income, are refused: their measures would collide")
    func clashingNames() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let clash = tiny.path("clash.json5")
        try Self.write("{ extends: \"\(tiny.scenario)\", teams: { ggz: { tier: \"intensive\", workers: 4, role: \"coordinator\", caseload_limit: 12, direct_hours_per_week: 28.1, cost_per_fte_year: 100000, cost_basis: \"fte\", payer: \"municipality_support\", category: \"second_line\" } } }", clash)
        let r = try Wijksim.run(["validate", clash])
        #expect(r.status == 1 && r.stderr.contains("clash.json5:1:") && r.stderr.contains("teams.ggz: services.ggz has the same name"), "\(r.stderr)")
        let taken = tiny.path("taken.json5")
        try Self.write("{ extends: \"\(tiny.scenario)\", teams: { work_and_income: { tier: \"intensive\", workers: 4, role: \"coordinator\", caseload_limit: 12, direct_hours_per_week: 28.1, cost_per_fte_year: 100000, cost_basis: \"fte\", payer: \"municipality_support\", category: \"second_line\" } } }", taken)
        let t = try Wijksim.run(["validate", taken])
        #expect(t.status == 1 && t.stderr.contains("the name work_and_income is taken"), "\(t.stderr)")
    }

    @Test("a scenario name that is not one plain folder name is refused before anything runs (it is the default output path)")
    func unsafeNames() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        for name in ["../../../tmp/x", "", "a/b", ".."] {
            let file = tiny.path("named.json5")
            try Self.write("{ extends: \"\(tiny.scenario)\", name: \"\(name)\" }", file)
            let r = try Wijksim.run(["run", file, "--replications", "1", "--quiet"], in: tiny.folder)
            #expect(r.status == 1 && r.stderr.contains("named.json5") && r.stderr.contains("not usable as a folder name"), "\(name): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/x/summary.csv"))
    }

    @Test("--vary refuses what it cannot apply or would mislabel, without a crash: a file link, a huge grid, an endpoint it cannot reach, duplicates")
    func varyGuards() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let cases: [([String], String)] = [
            (["--vary", "extends=a.json5,b.json5"], "not a value of the model"),
            (["--vary", "teams.wijkteam.workers=0:1e30:1"], "allowed: at most"),
            (["--vary", "path.own_strength_trial=0w:26w:4w"], "does not reach its end 26w"),
            (["--vary", "path.own_strength_trial=8w,8w"], "'8w' is listed twice"),
            (["--vary", "teams.wijkteam.workers=10,12", "--vary", "teams.wijkteam.workers=14,16"], "is given twice"),
            (["--vary", "teams.wijkteam.workers=1:100:1", "--vary", "path.intake=1w:100w:1w", "--vary", "path.review_interval=1w:100w:1w"], "the grid has 1000000 points"),
        ]
        for (args, message) in cases {
            let r = try Wijksim.run(["sweep", tiny.scenario, "--replications", "1", "--quiet", "--out", tiny.path("v")] + args)
            #expect(r.status == 2 && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: tiny.path("v/summary.csv")))
    }

    @Test("an option given twice is refused instead of silently taking the last")
    func repeatedOption() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["run", tiny.scenario, "--seed", "1", "--seed", "2"])
        #expect(r.status == 2 && r.stderr.contains("--seed is given twice"), "\(r.stderr)")
    }

    @Test("output to a full device (stdout on /dev/full) exits 3 with one line, not 0")
    func fullStdout() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let process = Process()
        process.executableURL = Wijksim.executable
        process.arguments = ["fields"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3 && message.contains("cannot write to standard output"), "\(process.terminationStatus): \(message)")
    }

    @Test("SIGTERM (scancel, a pod eviction) stops a run like Ctrl-C: exit 3, what was kept, nothing half-written")
    func sigterm() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let process = Process()
        process.executableURL = Wijksim.executable
        process.arguments = ["run", Wijksim.packageRoot.appendingPathComponent("Scenarios/default-city.json5").path,
                             "--replications", "200", "--threads", "1", "--quiet", "--out", tiny.path("t")]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, SIGTERM)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3, "\(message)")
        #expect(message.contains("SIGTERM") && message.contains("interrupted after") && message.contains("nothing written"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: tiny.path("t/summary.csv")))
    }
}
