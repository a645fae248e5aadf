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
        ["--help"], ["bench", "--help"], ["bench", "mmc", "--help"], ["bench", "hold", "--help"],
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
        let r = try Wijksim.run(["bench", "city", "--seed", "2"])
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
