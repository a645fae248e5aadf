// `wijksim trace` and `--lang` end to end, through the built binary.

import Foundation
import Testing

@Suite("wijksim trace and --lang")
struct ReportCommandTests {
    @Test("run --lang nl writes a Dutch report.html beside the tidy files; a bad --lang is a usage error")
    func runWritesReport() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let out = tiny.path("nl")
        let r = try Wijksim.run(["run", tiny.scenario, "--replications", "2", "--quiet", "--lang", "nl", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try #require(try? String(contentsOfFile: out + "/report.html", encoding: .utf8))
        #expect(html.contains("<html lang=\"nl\">") && html.contains("Wachtlijsten in de tijd") && html.contains("Zo lees je het:"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        for name in ["run.json", "summary.csv", "summary.json", "replications.csv", "timeseries.csv", "stationarity.csv", "comparison.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        let bad = try Wijksim.run(["run", tiny.scenario, "--lang", "de", "--out", out])
        #expect(bad.status == 2 && bad.stderr.contains("--lang takes nl or en"))
    }

    @Test("trace --pick prints a dated story with the picked household and the cost per payer")
    func tracePick() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let r = try Wijksim.run(["trace", tiny.scenario, "--pick", "escalated", "--seed", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("# The story of household "))
        #expect(r.stdout.contains("Picked as the escalated example: household "))
        #expect(r.stdout.contains("- **year 1, week "))
        #expect(r.stdout.contains("In all this household cost €"))
        // the same household by number gives the same story (without the "picked" line)
        let number = r.stdout.split(separator: "\n")[0].split(separator: " ").last.map(String.init)!
        let again = try Wijksim.run(["trace", tiny.scenario, "--household", number, "--seed", "1"])
        #expect(again.status == 0)
        #expect(again.stdout.split(separator: "\n").filter { $0.hasPrefix("- **") }
                == r.stdout.split(separator: "\n").filter { $0.hasPrefix("- **") })
        let nl = try Wijksim.run(["trace", tiny.scenario, "--household", number, "--lang", "nl", "--format", "html"])
        #expect(nl.status == 0 && nl.stdout.contains("<html lang=\"nl\">") && nl.stdout.contains("Het verhaal van huishouden \(number)"))
        let json = try Wijksim.run(["trace", tiny.scenario, "--household", number, "--format", "json"])
        let steps = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect((steps?.count ?? 0) > 3 && steps?.first?["kind"] as? String == "arrived")
    }

    @Test("trace: usage errors exit 2, a household that never arrived or a bad scenario exits 1")
    func traceErrors() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        for args in [["trace"], ["trace", tiny.scenario], ["trace", tiny.scenario, "--household", "1", "--pick", "work"],
                     ["trace", tiny.scenario, "--pick", "boring"], ["trace", tiny.scenario, "--household", "-3"],
                     ["trace", tiny.scenario, "--household", "1", "--format", "pdf"], ["trace", tiny.scenario, "--hosehold", "1"]] {
            let r = try Wijksim.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
        let never = try Wijksim.run(["trace", tiny.scenario, "--household", "1000000"])
        #expect(never.status == 1 && never.stderr.contains("household 1000000 never arrived"))
        let bad = tiny.path("bad.json5")
        try "{ arrivals_per_year: -5 }".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(try Wijksim.run(["trace", bad, "--household", "1"]).status == 1)
        let help = try Wijksim.run(["trace", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--pick"))
    }
}
