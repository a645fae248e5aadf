// Errors that say what to type: each mistake a new user made (issue "Results people use") with the
// exact line wijksim now prints, through the real binary.

import Testing
import Foundation

@Suite("Guidance: every error says what to type instead")
struct GuidanceTests {
    /// Writes `text` as a scenario in a fresh folder and validates it; the one stderr line.
    static func validate(_ body: String, name: String = "t.json5") throws -> (status: Int32, line: String) {
        let tiny = try TinyRun(); defer { tiny.remove() }
        try body.write(toFile: tiny.path(name), atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["validate", name], in: tiny.folder)
        return (r.status, r.stderr.trimmingCharacters(in: .newlines))
    }

    static let allowedDuration = #"Allowed: a duration such as "30d", "6w", "9m", "2y" from 0w to 2y"#

    @Test("durations written in words, upper case or with a decimal comma get the duration that was meant",
          arguments: [("3 months", "3m", ""), ("12 weeks", "12w", ""), ("12W", "12w", ""),
                      ("1,5m", "1.5m", " (decimals take a point, not a comma)"), ("2 jaar", "2y", "")])
    func durations(written: String, meant: String, note: String) throws {
        let r = try Self.validate(#"{extends: "wijksim:default-city", path: {approval_delay: "\#(written)"}}"#)
        #expect(r.status == 1)
        #expect(r.line == #"t.json5:1:58: path.approval_delay: found "\#(written)"; did you mean "\#(meant)"?\#(note) \#(Self.allowedDuration)"#, "\(r.line)")
    }

    @Test("a rate with a decimal comma gets the rate that was meant")
    func rate() throws {
        let r = try Self.validate(#"{extends: "wijksim:default-city", dynamics: {base_down: "0,05/w"}}"#)
        #expect(r.status == 1 && r.line.contains(#"dynamics.base_down: found "0,05/w"; did you mean "0.05/w"? (decimals take a point, not a comma) Allowed: a rate such as"#), "\(r.line)")
    }

    @Test("a field in the wrong section is pointed to its section, with the separator before the known fields")
    func misplacedField() throws {
        let r = try Self.validate(#"{extends: "wijksim:default-city", outreach: 0.5}"#)
        #expect(r.status == 1)
        #expect(r.line.hasPrefix("t.json5:1:45: outreach: unknown field; 'outreach' belongs under 'path': write path: { outreach: ... }. Known here: extends, name, description,"), "\(r.line)")
    }

    @Test("a Dutch thousands separator is asked about, not read as a decimal")
    func thousandsSeparator() throws {
        let r = try Self.validate(#"{extends: "wijksim:default-city", arrivals_per_year: 1.200}"#)
        #expect(r.status == 1)
        #expect(r.line == "t.json5:1:54: arrivals_per_year: found 1.200, which reads as 1.2: a point is a decimal point in a scenario file. For 1200 write 1200, without a thousands separator; for 1.2 write 1.2", "\(r.line)")
        // A plain decimal is not questioned.
        #expect(try Self.validate(#"{extends: "wijksim:default-city", two_adults_probability: 0.450}"#).status == 0)
    }

    @Test("extends and file arguments without .json5 or Scenarios/ name the files that exist and the built-in scenario")
    func missingFiles() throws {
        let r = try Self.validate(#"{extends: "default-city"}"#, name: "e.json5")
        #expect(r.status == 1 && r.line.hasPrefix(#"e.json5:1:11: extends: found "default-city", which does not exist (looked for "#), "\(r.line)")
        #expect(r.line.hasSuffix(#"); did you mean "wijksim:default-city" (built in)?"#), "\(r.line)")
        let run = try Wijksim.run(["run", "default-city", "--replications", "1"])
        #expect(run.status == 1)
        #expect(run.stderr == "default-city: no such file; did you mean \"Scenarios/default-city.json5\" or \"wijksim:default-city\" (built in)?\n", "\(run.stderr)")
        let tiny = try TinyRun(); defer { tiny.remove() }
        try "{}".write(toFile: tiny.path("mine.json5"), atomically: true, encoding: .utf8)
        let near = try Wijksim.run(["validate", "mine"], in: tiny.folder)
        #expect(near.stderr == "mine: no such file; did you mean \"mine.json5\"?\n", "\(near.stderr)")
    }

    @Test("a scenario anywhere extends the built-in default city; built-in files extend each other by name")
    func builtInScenarios() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        try #"{extends: "wijksim:work-in-team-budget-neutral", name: "mine"}"#.write(toFile: tiny.path("mine.json5"), atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["validate", "mine.json5"], in: tiny.folder)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("extends wijksim:work-in-team-budget-neutral → wijksim:work-in-team → wijksim:default-city"), "\(r.stdout)")
        let typo = try Self.validate(#"{extends: "wijksim:defualt-city"}"#)
        #expect(typo.status == 1 && typo.line.contains(#"no built-in scenario of that name; did you mean "wijksim:default-city"? built in: achter-de-voordeur-budget-neutral,"#), "\(typo.line)")
        let list = try Wijksim.run(["scenarios"])
        #expect(list.status == 0 && list.stdout.split(separator: "\n").count == 13 && list.stdout.contains("wijksim:default-city "), "\(list.stdout)")
        let text = try Wijksim.run(["scenarios", "default-city"])
        let shipped = try String(contentsOf: Wijksim.packageRoot.appendingPathComponent("Scenarios/default-city.json5"), encoding: .utf8)
        #expect(text.status == 0 && text.stdout == shipped)
    }

    @Test("--vary with a space, a range without a step, and a command that does not exist each say what to type")
    func commandLine() throws {
        let spaced = try Wijksim.run(["sweep", "Scenarios/default-city.json5", "--vary", "teams.wijkteam.workers", "12,14"])
        #expect(spaced.status == 2)
        #expect(spaced.stderr == "wijksim: --vary takes PATH=VALUES as one word: write --vary teams.wijkteam.workers=12,14\n", "\(spaced.stderr)")
        let noStep = try Wijksim.run(["sweep", "Scenarios/default-city.json5", "--vary", "path.approval_delay=0w:26w"])
        #expect(noStep.status == 2)
        #expect(noStep.stderr == "wijksim: --vary path.approval_delay: '0w:26w' is not a grid; a grid is FROM:TO:STEP, e.g. 0w:26w:2w, or list the values, e.g. 0w,26w\n", "\(noStep.stderr)")
        let glued = try Wijksim.run(["sweep", "Scenarios/default-city.json5", "--vary:1:1:", "x"])
        #expect(glued.status == 2)
        #expect(glued.stderr == "wijksim: unknown option '--vary:1:1:' for 'sweep'. An option and its value are separated by a space or '=': --vary <PATH=VALUES>, e.g. --vary teams.wijkteam.workers=10,12,14. Try 'wijksim sweep --help'.\n", "\(glued.stderr)")
        let compare = try Wijksim.run(["compare", "a.json5", "b.json5"])
        #expect(compare.status == 2)
        #expect(compare.stderr == "wijksim: unknown command 'compare'. Did you mean 'run A B' (compares every scenario with the first, with paired CIs) or 'explain A B' (why they differ)? Try 'wijksim --help'.\n", "\(compare.stderr)")
    }

    @Test("the console: one line per scenario beyond two, in a table; singular for one replication; no leading blank line")
    func console() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["sweep", tiny.scenario, "--vary", "teams.wijkteam.workers=20,24,28", "--replications", "1", "--quiet", "--out", tiny.path("c")])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "3 points × 1 replication, seed 1; means, and the paired difference in total cost with the first point (teams.wijkteam.workers=20) [95% CI]", "\(r.stdout)")
        #expect(lines.dropFirst().first?.hasPrefix("scenario  workers  total €/y") == true, "\(r.stdout)")
        #expect(lines.filter { $0.hasPrefix("tiny ") }.count == 3)
        #expect(lines.count < 12, "compact: \(lines.count) lines")
    }

    @Test("results already in --out are replaced only with --force; the refusal names the earlier run")
    func noSilentOverwrite() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let out = tiny.path("r")
        let first = try Wijksim.run(["run", tiny.scenario, "--replications", "2", "--quiet", "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let before = tiny.read("r/summary.csv")
        let again = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--quiet", "--out", out])
        #expect(again.status == 2)
        #expect(again.stderr.hasPrefix("wijksim: --out \(out) already holds results (wijksim run, 2 replications, finished 20"), "\(again.stderr)")
        #expect(again.stderr.hasSuffix("); add --force to replace them, or choose another --out\n"), "\(again.stderr)")
        #expect(tiny.read("r/summary.csv") == before)
        // A note of the user's survives --force; a file only the earlier run wrote does not linger.
        try "my notes".write(toFile: tiny.path("r/notes.txt"), atomically: true, encoding: .utf8)
        try "stale".write(toFile: tiny.path("r/mkba.csv"), atomically: true, encoding: .utf8)
        let manifest = try #require(tiny.read("r/manifest.json"))
        try manifest.replacingOccurrences(of: "\"files\":{", with: "\"files\":{\"mkba.csv\":\"0\",").write(toFile: tiny.path("r/manifest.json"), atomically: true, encoding: .utf8)
        let forced = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--quiet", "--force", "--out", out])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(tiny.read("r/notes.txt") == "my notes")
        #expect(tiny.read("r/mkba.csv") == nil)
        #expect(tiny.read("r/run.json")?.contains("\"replications\":1") == true)
    }
}

@Suite("Provenance: the exact compiler and commit in run.json, the report and --version")
struct ProvenanceTests {
    @Test("run.json and the report's footer name the compiler as swiftc prints it and the checkout's commit")
    func compilerAndCommit() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["run", tiny.scenario, "--replications", "1", "--quiet", "--out", tiny.path("p")])
        #expect(r.status == 0, "\(r.stderr)")
        let runJSON = try #require(tiny.read("p/run.json"))
        let object = try Wijksim.json(runJSON)
        let compiler = try #require(object["swift_version"] as? String)
        #expect(compiler.hasPrefix("Swift version ") || compiler.contains("Swift version"), "\(compiler)")
        let commit = try #require(object["wijksim_commit"] as? String)
        // Built from this checkout: the commit git reports (the build re-records it after each commit).
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["-C", Wijksim.packageRoot.path, "rev-parse", "HEAD"]
        let pipe = Pipe(); git.standardOutput = pipe; git.standardError = Pipe()
        if (try? git.run()) != nil {
            git.waitUntilExit()
            let head = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if git.terminationStatus == 0 { #expect(commit == head, "binary built from \(commit), checkout at \(head)") }
        }
        let report = try #require(tiny.read("p/report.html"))
        #expect(report.contains("(commit \(commit), built with \(compiler))"))
        let version = try Wijksim.run(["--version"])
        #expect(version.stdout == "wijksim 0.1.0 (commit \(commit); built with \(compiler))\n")
    }
}

@Suite("WIJKSIM_SKIP_CHECKS: the checks switched off change nothing but the speed")
struct SkipChecksTests {
    @Test("the same run with the compiled-in checks on and off gives the same summary.csv to the last digit")
    func sameResults() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        var environment = ProcessInfo.processInfo.environment
        let on = try Wijksim.run(["run", tiny.scenario, "--replications", "2", "--quiet", "--out", tiny.path("on")], environment: environment)
        environment["WIJKSIM_SKIP_CHECKS"] = "1"
        let off = try Wijksim.run(["run", tiny.scenario, "--replications", "2", "--quiet", "--out", tiny.path("off")], environment: environment)
        #expect(on.status == 0 && off.status == 0, "\(on.stderr) \(off.stderr)")
        #expect(tiny.read("on/summary.csv") != nil && tiny.read("on/summary.csv") == tiny.read("off/summary.csv"))
    }
}
