// Reliability from the outside: impossible scenarios are refused up front, Ctrl-C stops cleanly.

import Foundation
import Testing

@Suite("wijksim reliability")
struct ReliabilityTests {
    @Test("a population or horizon that would exhaust memory is refused before running, with the estimate", arguments: [
        (["arrivals_per_year: 1000000", "measure: \"20y\""], [String](), "households at once"),
        (["measure: \"200y\""], ["--replications", "100000"], "of memory"),
    ])
    func memoryRefusal(fields: [String], options: [String], message: String) throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let file = tiny.path("huge.json5")
        try "{ extends: \"\(tiny.scenario)\", \(fields.joined(separator: ", ")) }".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["run", file, "--out", tiny.path("out"), "--quiet"] + options)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("refused before running") && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(tiny.read("out/summary.csv") == nil)
    }

    @Test("zero capacity with arrivals is refused with its path")
    func zeroCapacity() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let file = tiny.path("zero.json5")
        try "{ extends: \"\(tiny.scenario)\", services: { ggz: { capacity: 0 } } }".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Wijksim.run(["validate", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("services.ggz.capacity: 0 places while households arrive"), "\(r.stderr)")
    }

    @Test("Ctrl-C stops after the replications under way, says so, exits 3 and writes nothing")
    func interrupt() throws {
        let tiny = try TinyRun(); defer { tiny.remove() }
        let process = Process()
        process.executableURL = Wijksim.executable
        process.arguments = ["run", tiny.scenario, "--replications", "5000", "--out", tiny.path("out"), "--quiet"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        #expect(process.isRunning)
        process.interrupt()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!process.isRunning, "still running 60 s after Ctrl-C")
        if process.isRunning { process.terminate(); return }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 3, "\(stderr)")
        #expect(stderr.contains("interrupted after") && stderr.contains("nothing written"), "\(stderr)")
        #expect(!stderr.contains("Fatal error"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: tiny.path("out"))) ?? []
        #expect(left.isEmpty, "files left: \(left)")
    }
}
