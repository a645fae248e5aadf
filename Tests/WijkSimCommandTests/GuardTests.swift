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

    @Test("one replication prints no CI instead of a zero-width one, and leaves the CSV bounds blank")
    func oneReplication() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--out", tiny.path("one")])
        #expect(r.status == 0 && r.stdout.contains("[no CI: 1 replication]"), "\(r.stdout)")
        let row = try #require(tiny.read("one/summary.csv")?.split(separator: "\n").first { $0.hasPrefix("tiny,total_cost_eur_per_year,") })
        #expect(row.hasSuffix(",,,1"), "\(row)")
    }

    @Test("a 1 GB file is refused from its size without being read; a symbolic link that loops is named as such")
    func oddFiles() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let big = tiny.path("big.json5")
        _ = FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 1 << 30)      // sparse: no disk used
        try handle.close()
        let started = Date()
        let r = try Wijksim.run(["validate", big])
        #expect(r.status == 1 && r.stderr.contains("is 1073741824 bytes; allowed: at most"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
        let loop = tiny.path("loop.json5")
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let l = try Wijksim.run(["validate", loop])
        #expect(l.status == 1 && l.stderr.contains("symbolic link that loops"), "\(l.stderr)")
        let dangling = tiny.path("dangling.json5")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: tiny.path("nowhere.json5"))
        let d = try Wijksim.run(["validate", dangling])
        #expect(d.status == 1 && d.stderr.contains("symbolic link to a file that does not exist"), "\(d.stderr)")
    }

    @Test("trace, bench city and explain have run's guard: 10 million households are refused before anything runs")
    func hugeScenario() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let huge = tiny.path("huge.json5")
        try Self.write("{ extends: \"\(tiny.scenario)\", name: \"huge\", arrivals_per_year: 1000000, measure: \"10y\" }", huge)
        for args in [["trace", huge, "--household", "0"], ["bench", "city", huge], ["explain", tiny.scenario, huge, "--replications", "1"]] {
            let started = Date()
            let r = try Wijksim.run(args)
            #expect(r.status == 1 && r.stderr.contains("refused before running") && r.stderr.contains("households at once"), "\(args): \(r.stderr)")
            #expect(Date().timeIntervalSince(started) < 10, "\(args) ran before refusing")
        }
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

    @Test("Ctrl-C inside one long replication (150 simulated years) stops it within seconds, not at its end")
    func interruptInsideReplication() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let long = tiny.path("long.json5")
        try Self.write("{ extends: \"\(Wijksim.packageRoot.path)/Scenarios/default-city.json5\", name: \"long\", measure: \"150y\" }", long)
        let process = Process()
        process.executableURL = Wijksim.executable
        process.arguments = ["run", long, "--replications", "1", "--threads", "1", "--quiet", "--out", tiny.path("l")]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        let sent = Date()
        kill(process.processIdentifier, SIGINT)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let waited = Date().timeIntervalSince(sent)
        #expect(process.terminationStatus == 3 && message.contains("interrupted after 0 of 1"), "\(message)")
        #expect(waited < 5, "took \(waited) s to stop")
    }

    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    /// Every file the manifest names is there with the SHA-256 it states, and every result file
    /// (csv, json, html) is named (files carried over from before, such as notes, may be there too).
    static func manifestHolds(_ directory: String) throws -> Bool {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json"))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let files = root?["files"] as? [String: String] else { return false }
        let results = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
            .filter { ($0.hasSuffix(".csv") || $0.hasSuffix(".json") || $0.hasSuffix(".html") || $0.hasSuffix(".xlsx")) && $0 != "manifest.json" }
        guard Set(files.keys) == results else { return false }
        return try files.allSatisfy { try sha256(directory + "/" + $0.key) == $0.value }
    }

    static func runProcess(_ path: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = Pipe(); process.standardError = Pipe()
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("a run out of disk (a 400 kB tmpfs) exits 3 with one line and leaves the earlier run directory whole, its manifest intact, no temporaries")
    func diskFull() throws {
        guard getuid() == 0, FileManager.default.fileExists(atPath: "/usr/bin/sha256sum") else {
            print("skipped: mounting a small tmpfs needs root (and sha256sum)"); return
        }
        let tiny = try TinyRun(); defer { tiny.remove() }
        let mount = tiny.path("small")
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        guard Self.runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=400k", "tmpfs", mount]) == 0 else {
            print("skipped: cannot mount a tmpfs here"); return
        }
        defer { _ = Self.runProcess("/bin/umount", [mount]) }
        let out = mount + "/run"
        let first = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--quiet", "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.manifestHolds(out))
        let second = try Wijksim.run(["run", tiny.scenario, "--replications", "60", "--seed", "2", "--quiet", "--force", "--out", out])
        #expect(second.status == 3 && second.stderr.contains("cannot write") && second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        #expect(try String(contentsOfFile: out + "/run.json", encoding: .utf8).contains("\"seed\":1,"))
        #expect(try Self.manifestHolds(out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount).filter { $0.contains("wijksim-") && !$0.hasSuffix("-lock") }.isEmpty)
    }

    @Test("the output folder: a second run with --force replaces the first whole (manifest last); a folder that is not WijkSim's, an unwritable place or a locked folder is refused before anything runs; stale temporaries are cleared with a note")
    func outputFolder() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let out = tiny.path("o")
        #expect(try Wijksim.run(["run", tiny.scenario, "--replications", "2", "--quiet", "--out", out]).status == 0)
        try Self.write("kept", out + "/notes.txt")
        let again = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--seed", "7", "--quiet", "--force", "--out", out])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: out + "/run.json", encoding: .utf8).contains("\"seed\":7,"))
        #expect(tiny.read("o/notes.txt") == "kept")              // the user's file is carried over
        #expect(tiny.read("o/manifest.json")?.contains("summary.csv") == true && tiny.read("o/manifest.json")?.contains("notes.txt") == false)
        // A folder that is not a WijkSim output is not replaced.
        let other = tiny.path("other")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Self.write("x", other + "/thesis.tex")
        let refused = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--quiet", "--out", other])
        #expect(refused.status == 2 && refused.stderr.contains("not a WijkSim output folder"), "\(refused.stderr)")
        // An unwritable place is found before any replication.
        let proc = try Wijksim.run(["run", tiny.scenario, "--replications", "1000", "--quiet", "--out", "/proc/wijksim-test/run"])
        #expect(proc.status == 2 && proc.stderr.contains("/proc/wijksim-test"), "\(proc.stderr)")
        // A temporary an interrupted run left is removed, with a note.
        try FileManager.default.createDirectory(atPath: tiny.path(".o.wijksim-999999.tmp"), withIntermediateDirectories: true)
        let cleaned = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--quiet", "--force", "--out", out])
        #expect(cleaned.status == 0 && cleaned.stderr.contains("left by a run that was interrupted"), "\(cleaned.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tiny.path(".o.wijksim-999999.tmp")))
        // While one run writes a folder, a second run to it is refused.
        let long = Process()
        long.executableURL = Wijksim.executable
        long.arguments = ["run", Wijksim.packageRoot.appendingPathComponent("Scenarios/default-city.json5").path,
                          "--replications", "200", "--threads", "1", "--quiet", "--force", "--out", out]
        long.standardOutput = Pipe(); long.standardError = Pipe()
        try long.run()
        Thread.sleep(forTimeInterval: 1)
        let locked = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--quiet", "--force", "--out", out])
        kill(long.processIdentifier, SIGTERM)
        long.waitUntilExit()
        #expect(locked.status == 2 && locked.stderr.contains("another wijksim is writing"), "\(locked.stderr)")
        #expect(long.terminationStatus == 3)
        #expect(try Self.manifestHolds(out))
    }
}
