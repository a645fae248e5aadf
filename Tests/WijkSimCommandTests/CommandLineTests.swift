// The command line as a user meets it: help, version, usage errors, benchmark output.

import Testing
import Foundation

@Suite("wijksim command line")
struct CommandLineTests {
    @Test("--version prints the version and exits 0")
    func version() throws {
        let r = try Wijksim.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("wijksim "))
    }

    @Test("--help lists the commands; each command has its own help", arguments: [
        ["--help"], ["bench", "--help"], ["bench", "mmc", "--help"], ["bench", "hold", "--help"], ["levers", "--help"], ["calibrate", "--help"],
    ])
    func help(arguments: [String]) throws {
        let r = try Wijksim.run(arguments)
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE"))
        #expect(r.stderr.isEmpty)
    }

    @Test("wrong usage gives one clear line on stderr and exit code 2", arguments: [
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["bnech"], "Did you mean 'bench'?"),
        ([], "no command given"),
        (["bench"], "needs a benchmark"),
        (["bench", "mcm"], "Did you mean 'mmc'?"),
        (["bench", "mmc", "--arival-rate", "1"], "Did you mean '--arrival-rate'?"),
        (["bench", "mmc", "--arrival-rate", "1", "--service-rate", "1", "--servers", "2"], "needs --customers"),
        (["bench", "mmc", "--arrival-rate", "x", "--service-rate", "1", "--servers", "2", "--customers", "5"], "takes a number"),
        (["bench", "mmc", "--arrival-rate", "-1", "--service-rate", "1", "--servers", "2", "--customers", "5"], "greater than 0"),
        (["bench", "mmc", "--arrival-rate", "1", "--service-rate", "1", "--servers", "0", "--customers", "5"], "--servers must lie in"),
        (["bench", "hold", "--pending", "10", "--events", "100", "--seed", "-3"], "--seed takes a whole number"),
        (["bench", "hold", "--pending"], "--pending needs a value"),
        (["bench", "hold", "--pending", "10", "--events", "5", "extra"], "unexpected argument 'extra'"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let r = try Wijksim.run(arguments)
        #expect(r.status == 2, "\(arguments)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test("bench mmc prints the contract's JSON keys and a mean wait near Erlang C")
    func benchMMc() throws {
        let r = try Wijksim.run(["bench", "mmc", "--arrival-rate", "3", "--service-rate", "1", "--servers", "4",
                                 "--customers", "20000", "--seed", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try Wijksim.json(r.stdout)
        for key in ["customers", "events", "wall_seconds", "events_per_second", "customers_per_second",
                    "mean_wait", "erlang_c_mean_wait"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["customers"] as? Int == 20000)
        #expect(json["events"] as? Int == 40000)
        let wait = try #require(json["mean_wait"] as? Double)
        let exact = try #require(json["erlang_c_mean_wait"] as? Double)
        #expect(abs(exact - 0.5094) < 1e-3)
        #expect(abs(wait - exact) < 0.25 * exact)   // one run of 20,000; the CI test is in SimCoreTests
    }

    @Test("bench hold prints the contract's JSON keys")
    func benchHold() throws {
        let r = try Wijksim.run(["bench", "hold", "--pending", "1000", "--events", "50000"])
        #expect(r.status == 0)
        let json = try Wijksim.json(r.stdout)
        #expect(json["pending"] as? Int == 1000)
        #expect(json["events"] as? Int == 50000)
        #expect((json["events_per_second"] as? Double ?? 0) > 0)
    }

    @Test("same seed, same simulated output to the last digit")
    func sameSeedSameOutput() throws {
        let args = ["bench", "mmc", "--arrival-rate", "9", "--service-rate", "1", "--servers", "10", "--customers", "5000", "--seed", "77"]
        let a = try Wijksim.json(Wijksim.run(args).stdout), b = try Wijksim.json(Wijksim.run(args).stdout)
        #expect((a["mean_wait"] as? Double)?.bitPattern == (b["mean_wait"] as? Double)?.bitPattern)
        let c = try Wijksim.json(Wijksim.run(Array(args.dropLast()) + ["78"]).stdout)
        #expect((a["mean_wait"] as? Double) != (c["mean_wait"] as? Double))
    }
}

@Suite("wijksim city commands")
struct CityCommandTests {
    @Test("bench city prints the contract's JSON keys")
    func benchCity() throws {
        // The default city over three years instead of forty, so that a debug build runs it quickly.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-city-\(getpid()).json5")
        try "{ extends: \"\(root.path)/Scenarios/default-city.json5\", warmup: \"2y\", measure: \"1y\" }".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try Wijksim.run(["bench", "city", file.path, "--seed", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try Wijksim.json(r.stdout)
        for key in ["households", "events", "wall_seconds", "events_per_second", "peak_pending"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect((json["households"] as? Int ?? 0) > 1_000)
    }

    @Test("run rejects bad options with exit code 2")
    func runUsage() throws {
        let r = try Wijksim.run(["run", "--replications", "0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--replications must lie in"))
    }
}

/// A folder with a tiny scenario (half a year, few households) for end-to-end runs.
struct TinyRun {
    let folder: URL
    let scenario: String
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wijksim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        scenario = folder.appendingPathComponent("tiny.json5").path
        try """
            // a small what-if: the default city for one measured year with fewer arrivals
            { extends: "\(root.path)/Scenarios/default-city.json5", arrivals_per_year: 150, warmup: "26w", measure: "1y" }
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
    }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func read(_ name: String) -> String? { try? String(contentsOfFile: path(name), encoding: .utf8) }
    func remove() { try? FileManager.default.removeItem(at: folder) }
}

@Suite("wijksim scenario and experiment commands")
struct ExperimentCommandTests {
    @Test("validate: shipped files pass with exit 0; a bad file gives one line per problem and exit 1")
    func validate() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let ok = try Wijksim.run(["validate", tiny.scenario])
        #expect(ok.status == 0 && ok.stdout.contains("ok"), "\(ok.stderr)")
        let bad = tiny.path("bad.json5")
        try "{ teams: { wijkteam: { caseload_limit: 0, mandate: \"yes\" } }, warmup: 12 }".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["validate", tiny.scenario, bad])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(r.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix(bad + ":1:") })
        #expect(r.stderr.contains("teams.wijkteam.caseload_limit: found 0; allowed: a whole number from 1 to 1000"))
        #expect(r.stderr.contains("warmup: found 12; allowed: a duration"))
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test("run writes the contract's files; a bad scenario writes nothing and exits 1")
    func runWritesRunDirectory() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let out = tiny.path("out")
        let r = try Wijksim.run(["run", tiny.scenario, tiny.scenario, "--replications", "2", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("total_cost_eur_per_year"))
        let headers = ["summary.csv": "scenario,measure,mean,sd,ci95_low,ci95_high,n",
                       "comparison.csv": "scenario,baseline,measure,mean_diff,ci95_low,ci95_high,n",
                       "replications.csv": "scenario,replication,measure,value",
                       "timeseries.csv": "scenario,replication,month,series,value",
                       "stationarity.csv": "scenario,series,level,slope_per_year,ci95_low,ci95_high,verdict,mser5_warmup_months,configured_warmup_months"]
        for (file, header) in headers {
            #expect(tiny.read("out/" + file)?.hasPrefix(header + "\n") == true, "\(file)")
        }
        let summary = try Wijksim.json(tiny.read("out/summary.json") ?? "")
        #expect((summary["scenarios"] as? [Any])?.count == 2 && (summary["comparisons"] as? [Any])?.count == 1)
        let run = try Wijksim.json(tiny.read("out/run.json") ?? "")
        #expect(run["seed"] as? Int == 1 && run["replications"] as? Int == 2)
        #expect(((run["scenarios"] as? [[String: Any]])?.first?["sha256"] as? [String])?.count == 2)

        let bad = tiny.path("bad.json5")
        try "{ arrivals_per_year: -5 }".write(toFile: bad, atomically: true, encoding: .utf8)
        let before = tiny.read("out/summary.csv")
        let failed = try Wijksim.run(["run", bad, "--out", out])
        #expect(failed.status == 1 && failed.stderr.contains("arrivals_per_year"))
        #expect(tiny.read("out/summary.csv") == before, "nothing already written is touched")
    }

    @Test("shards chosen by SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX merge into the unsharded run")
    func shardsFromSchedulers() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let common = ["sweep", tiny.scenario, "--vary", "path.own_strength_trial=0w,8w", "--replications", "2", "--quiet"]
        #expect(try Wijksim.run(common + ["--out", tiny.path("whole")]).status == 0)
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_ARRAY_TASK_ID"] = "1"
        #expect(try Wijksim.run(common + ["--out", tiny.path("a"), "--shard", "env/2"], environment: environment).status == 0)
        environment["SLURM_ARRAY_TASK_ID"] = nil
        environment["JOB_COMPLETION_INDEX"] = "1"
        #expect(try Wijksim.run(common + ["--out", tiny.path("b"), "--shard", "env/2"], environment: environment).status == 0)
        #expect(tiny.read("a/part-1-of-2.json") != nil && tiny.read("b/part-2-of-2.json") != nil)
        let onlyOne = try Wijksim.run(["merge", tiny.path("a"), "--out", tiny.path("merged")])
        #expect(onlyOne.status == 1 && onlyOne.stderr.contains("missing shards of 2: 2"))
        let merged = try Wijksim.run(["merge", tiny.path("a"), tiny.path("b"), "--out", tiny.path("merged")])
        #expect(merged.status == 0, "\(merged.stderr)")
        for file in ["summary.csv", "summary.json", "comparison.csv", "replications.csv", "timeseries.csv", "stationarity.csv"] {
            #expect(tiny.read("merged/" + file) == tiny.read("whole/" + file), "\(file)")
        }
    }

    @Test("paradox reports the cost-minimising point and its verdict")
    func paradox() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["paradox", tiny.scenario, "--vary", "path.own_strength_trial=0w,12w", "--replications", "3",
                                 "--out", tiny.path("p"), "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("cost-minimising point: path.own_strength_trial="))
        #expect(r.stdout.contains("intervention paradox"))
        let summary = try Wijksim.json(tiny.read("p/summary.json") ?? "")
        let paradox = try #require(summary["paradox"] as? [String: Any])
        #expect(paradox["shows"] is Bool && paradox["minimum_at"] != nil && paradox["reason"] is String)
        #expect((summary["points"] as? [Any])?.count == 2)
    }

    @Test("experiment usage errors exit 2", arguments: [
        (["sweep", "x.json5"], "needs --vary"),
        (["run"], "needs one or more scenario files"),
        (["run", "x.json5", "--shard", "3/2"], "--shard takes K/N"),
        (["sweep", "x.json5", "--vary", "novalue"], "--vary takes PATH=VALUES"),
        (["merge", "somewhere"], "needs --out"),
    ])
    func usage(arguments: [String], message: String) throws {
        let r = try Wijksim.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
    }
}
