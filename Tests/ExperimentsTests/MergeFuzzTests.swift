// Merging shards never takes a damaged, edited or foreign part: a fuzz test of random corruptions,
// and each malformed field of the fault campaign behind a valid seal, refused with the field named.

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import ScenarioKit
import SimCore

@Suite("Merging parts: refused unless whole and of one run")
struct MergeFuzzTests {
    /// The two parts of a tiny run sharded in two, as written, and the merged results of the original.
    static let parts: (first: String, second: String, info: PlanInfo, results: [JobResult]) = {
        let plan = try! ExperimentPlan(kind: .run, scenarios: [tinyScenario("default-city.json5")], axes: [], replications: 3, seed: 4, version: "test")
        let results = Runner.run(plan, jobs: 0..<plan.info.jobCount, threads: 2)
        func part(_ k: Int) -> String {
            let range = plan.info.shard(k, of: 2)
            return RunDirectory.partJSON(plan.info, shard: (k, 2), results: results.filter { range.contains($0.index) },
                                         provenance: [("host", .string("test"))])
        }
        return (part(1), part(2), plan.info, results)
    }()

    /// Writes the two texts as part 1 and 2 of 2 in a fresh folder, reads and merges them.
    static func merge(_ first: String, _ second: String) throws -> (PlanInfo, [JobResult]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("merge-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var parts: [(path: String, info: PlanInfo, shard: (Int, Int), results: [JobResult])] = []
        for (k, text) in [first, second].enumerated() {
            let path = directory + "/" + RunDirectory.partName(k + 1, 2)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let part = try RunDirectory.readSealedPart(path)
            parts.append((path, part.info, part.shard, part.results))
        }
        return try RunDirectory.merge(parts)
    }

    static func body(_ sealed: String) throws -> String { try RunDirectory.unseal(sealed, path: "test", what: "part") }

    @Test("the parts as written merge into the original results")
    func intact() throws {
        let (info, merged) = try Self.merge(Self.parts.first, Self.parts.second)
        #expect(info == Self.parts.info && merged == Self.parts.results)
    }

    @Test("1,200 random corruptions (cut short, bytes flipped, inserted, deleted, regions swapped or repeated): every one refused with a reason naming the file, none merged, none crashed")
    func fuzz() throws {
        var rng = StreamKey(seed: 77, purpose: 0xF022).makeGenerator()
        var refused = 0
        for trial in 0..<1_200 {
            let second = trial % 2 == 1
            var bytes = Array((second ? Self.parts.second : Self.parts.first).utf8)
            let original = bytes
            switch rng.nextIndex(below: 6) {
            case 0: bytes = Array(bytes.prefix(rng.nextIndex(below: bytes.count)))
            case 1: let i = rng.nextIndex(below: bytes.count); bytes[i] ^= UInt8(1 + rng.nextIndex(below: 255))
            case 2: bytes.insert(UInt8(rng.nextIndex(below: 256)), at: rng.nextIndex(below: bytes.count + 1))
            case 3:
                let i = rng.nextIndex(below: bytes.count), n = 1 + rng.nextIndex(below: min(200, bytes.count - i))
                bytes.removeSubrange(i..<(i + n))
            case 4:
                let a = rng.nextIndex(below: bytes.count / 2), b = bytes.count / 2 + rng.nextIndex(below: bytes.count / 2)
                let n = 1 + rng.nextIndex(below: min(50, b - a, bytes.count - b))
                let left = Array(bytes[a..<(a + n)]), right = Array(bytes[b..<(b + n)])
                bytes.replaceSubrange(b..<(b + n), with: left)
                bytes.replaceSubrange(a..<(a + n), with: right)
            default:
                let i = rng.nextIndex(below: bytes.count), n = 1 + rng.nextIndex(below: min(100, bytes.count - i))
                bytes.insert(contentsOf: bytes[i..<(i + n)], at: i)
            }
            if bytes == original { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try Self.merge(second ? Self.parts.first : text, second ? text : Self.parts.second)
                Issue.record("trial \(trial): a corrupted part was merged")
            } catch let error as RunDirectory.MergeError {
                #expect(error.description.contains("part-"), "trial \(trial): \(error.description)")
                refused += 1
            }
        }
        #expect(refused > 1_100)
    }

    @Test("malformed fields behind a valid seal are refused, naming the field: the fault campaign's parts")
    func malformedBehindSeal() throws {
        let body = try Self.body(Self.parts.first)
        let cases: [(String, String, String)] = [
            ("\"replications\":3", "\"replications\":1e300", "plan.replications"),
            ("\"shard\":[1,2]", "\"shard\":[1e300,2]", "shard"),
            ("\"k\":0", "\"k\":2.7", "jobs[0].k"),
            ("\"wijksim_part\":2", "\"wijksim_part\":99", "wijksim_part"),
            ("\"values\":[", "\"values\":[\"oops\",", "jobs[0].values"),
            ("\"kind\":\"run\"", "\"kind\":\"walk\"", "plan.kind"),
        ]
        for (from, to, field) in cases {
            let range = try #require(body.range(of: from), "\(from)")
            let edited = RunDirectory.seal(body.replacingCharacters(in: range, with: to))
            do {
                _ = try Self.merge(edited, Self.parts.second)
                Issue.record("\(to) was merged")
            } catch let error as RunDirectory.MergeError {
                #expect(error.description.contains(field), "\(to): \(error.description)")
            }
        }
        // A value replaced by text, the count kept: named with its measure.
        let values = try #require(body.range(of: "\"values\":["))
        let rest = body[values.upperBound...]
        let comma = try #require(rest.firstIndex(of: ","))
        let oops = RunDirectory.seal(body.replacingCharacters(in: values.upperBound..<comma, with: "\"oops\""))
        do { _ = try Self.merge(oops, Self.parts.second); Issue.record("oops merged") } catch let error as RunDirectory.MergeError {
            #expect(error.description.contains("jobs[0].values[0]") && error.description.contains("allowed: a number"), "\(error.description)")
        }
        // A part of another run: the field that differs is named; a path written another way is the same file.
        let otherSeed = RunDirectory.seal(body.replacingOccurrences(of: "\"seed\":\"4\"", with: "\"seed\":\"5\""))
        do { _ = try Self.merge(otherSeed, Self.parts.second); Issue.record("other seed merged") } catch let error as RunDirectory.MergeError {
            #expect(error.description.contains("seed (4 and 5) differ") || error.description.contains("seed (5 and 4) differ"), "\(error.description)")
        }
        let file = Self.parts.info.files[0]
        let renamed = RunDirectory.seal(body.replacingOccurrences(of: "\"files\":[\"\(file)\"]", with: "\"files\":[\"./\(file)\"]"))
        #expect(renamed != Self.parts.first)
        let (_, merged) = try Self.merge(renamed, Self.parts.second)
        #expect(merged == Self.parts.results)
    }
}
