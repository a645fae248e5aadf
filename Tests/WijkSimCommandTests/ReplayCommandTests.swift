// `wijksim replay`: the page is written, the same seed writes the same bytes, and wrong input gets a
// message that names the option and what it takes, with exit code 2 and nothing written.

import Foundation
import Testing

@Suite("wijksim replay", .serialized)
struct ReplayCommandTests {
    static let scenario = Wijksim.packageRoot.appendingPathComponent("Tests/Mechanisms/small-city.json5").path

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wijksim-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("writes one page for two designs; the same seed writes the same bytes; an existing page is kept without --force")
    func writesPage() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("replay.html").path
        let small = ["replay", Self.scenario, Self.scenario, "--years", "2", "--neighbourhood", "0.5", "--seed", "4", "--lang", "nl"]
        let first = try Wijksim.run(small + ["--out", page])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote \(page)"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: page))
        let html = String(decoding: bytes, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("id=\"replay-data\"") && html.contains("lang=\"nl\""))
        // An existing page is not replaced without --force, and is left as it was.
        let refused = try Wijksim.run(small + ["--out", page])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("already exists") && refused.stderr.contains("--force"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: page)) == bytes)
        // With --force: replaced, and the same seed gives the same page to the last byte.
        let again = try Wijksim.run(small + ["--out", page, "--force"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: page)) == bytes)
    }

    @Test("wrong input: a message naming the option and what it takes, exit code 2, nothing written", arguments: [
        (["--households", "10"], "--households takes a whole number of households from 50 to 5000"),
        (["--households", "many"], "--households takes a whole number of households from 50 to 5000, not 'many'"),
        (["--neighbourhood", "2"], "--neighbourhood takes a share of the city above 0 and at most 1"),
        (["--households", "500", "--neighbourhood", "0.1"], "give either --households N or --neighbourhood SHARE, not both"),
        (["--years", "0"], "--years takes a number of years from 1 to 30"),
        (["--out", "replay.txt"], "--out names the HTML file to write"),
        (["--lang", "de"], "--lang takes nl or en"),
    ])
    func wrongInput(extra: [String], message: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Wijksim.run(["replay", Self.scenario] + extra, in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "something was written")
    }

    @Test("one or two scenario files, no more")
    func scenarioCount() throws {
        let none = try Wijksim.run(["replay"])
        #expect(none.status == 2 && none.stderr.contains("one or two scenario files"))
        let three = try Wijksim.run(["replay", Self.scenario, Self.scenario, Self.scenario])
        #expect(three.status == 2 && three.stderr.contains("one or two scenario files"))
    }
}
