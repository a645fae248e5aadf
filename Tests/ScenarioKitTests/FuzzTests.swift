// Fuzzing the loader: mutated scenario files must end in a clear error or a valid scenario,
// never a crash or a hang. Deterministic (a fixed generator), so a failure reproduces.

import Foundation
import Testing
@testable import ScenarioKit
import SimCore
import SocialDomain

@Suite("Fuzzing the scenario loader")
struct FuzzTests {
    static let corpus = scenariosFolderForFuzz()

    static func scenariosFolderForFuzz() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus")
    }

    /// A valid scenario must hold only finite, in-range values the model can run.
    static func checkValid(_ c: ModelConfig) {
        #expect(c.measureWeeks >= 1 && c.warmupWeeks >= 0 && c.arrivalsPerYear.isFinite)
        #expect(!c.profiles.isEmpty && c.profiles.allSatisfy { $0.problemCounts.count == $0.problemCountWeights.count })
        #expect(c.services.allSatisfy { $0.capacity > 0 && $0.dropoutPerWeek.isFinite })
        #expect(c.teams.allSatisfy { $0.caseloadLimit >= 1 && $0.directHoursPerWeek.isFinite })
        // Every entry is reachable: each profile arrives, each service is its domain's, each team with
        // places is the one of its tier.
        #expect(c.profiles.allSatisfy { $0.share > 0 })
        #expect(Set(c.services.map(\.domain)).count == c.services.count)
        let staffed = c.teams.filter { $0.slots > 0 }
        #expect(staffed.filter { $0.tier == .first }.count <= 1 && staffed.filter { $0.tier == .intensive }.count <= 1)
    }

    /// Every issue names the file and says something.
    static func checkClear(_ errors: ScenarioErrors, _ context: String) {
        #expect(!errors.issues.isEmpty, "\(context)")
        for issue in errors.issues {
            #expect(!issue.file.isEmpty && !issue.message.isEmpty && !issue.description.contains("\n"), "\(context): \(issue)")
        }
    }

    @Test("the corpus of interesting cases: each a clear error (with the text of its '// expect:' lines), or valid when named valid-*")
    func corpusCases() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".json5") }.sorted()
        #expect(files.count >= 20)
        for file in files {
            let path = Self.corpus.appendingPathComponent(file).path
            do {
                let scenario = try ScenarioLoader.load(path)
                #expect(file.hasPrefix("valid-"), "\(file) was accepted")
                Self.checkValid(scenario.config)
            } catch {
                #expect(!file.hasPrefix("valid-"), "\(file): \(error)")
                Self.checkClear(error, file)
                // A case may name the refusal it is about: `// expect: <text of the issue>`.
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                for line in text.split(separator: "\n") where line.hasPrefix("// expect: ") {
                    let expected = String(line.dropFirst("// expect: ".count))
                    #expect(error.issues.contains { $0.description.contains(expected) }, "\(file): no issue says '\(expected)': \(error)")
                }
                #expect(error.issues.allSatisfy { $0.file.hasSuffix(".json5") || $0.file.hasSuffix("/.") })
            }
        }
    }

    /// The 10,000 mutations run as four parts of 2,500 (750 text and 1,750 tree mutations each, each
    /// part its own random stream), so that the test runner can spread them over the cores.
    @Test("10,000 mutated scenarios: a clear error or a valid scenario, never a crash", .timeLimit(.minutes(5)),
          arguments: 0..<4)
    func mutatedScenarios(part: Int) throws {
        let text = try String(contentsOf: scenariosFolder.appendingPathComponent("default-city.json5"), encoding: .utf8)
        let bytes = Array(text.utf8)
        let tree = try JSON5Parser.parse(text)
        let paths = Self.allPaths(tree)
        var rng = StreamKey(seed: 2026, purpose: 0xF022, index: UInt64(part)).makeGenerator()
        var valid = 0, invalid = 0
        var validConfigs: [ModelConfig] = []
        // Text mutations, written to a file and given to the loader as a user would.
        let folder = ScratchFolder(); defer { folder.remove() }
        let file = folder.url.appendingPathComponent("fuzz.json5")
        for i in 0..<750 {
            try Data(Self.mutateText(bytes, &rng)).write(to: file)
            do {
                let scenario = try ScenarioLoader.load(file.path)
                Self.checkValid(scenario.config)
                valid += 1
            } catch {
                Self.checkClear(error, "text mutation \(i)")
                invalid += 1
            }
        }
        // Tree mutations: a random field set to a hostile value.
        for i in 0..<1_750 {
            let path = paths[rng.nextIndex(below: paths.count)]
            let value = Self.hostileValue(&rng, depth: 0)
            let mutated = tree.setting(path, to: value)
            do {
                let scenario = try ScenarioLoader.build(mutated, files: ["fuzz.json5"], defaultName: "fuzz", file: "fuzz.json5")
                Self.checkValid(scenario.config)
                valid += 1
                if validConfigs.count < 3 && scenario.config != ModelConfig.defaultCity { validConfigs.append(scenario.config) }
            } catch {
                Self.checkClear(error, "tree mutation \(i): \(path.joined(separator: ".")) = \(value.shortDescription)")
                invalid += 1
            }
        }
        #expect(valid + invalid == 2_500)
        #expect(valid > 125 && invalid > 1_250, "valid \(valid), invalid \(invalid)")
        // Valid but unusual scenarios run (a quarter of a year, with the debug invariants on).
        for var config in validConfigs {
            config.warmupWeeks = 0
            config.measureWeeks = 13
            config.arrivalsPerYear = min(config.arrivalsPerYear, 300)
            let result = CityModel.replicate(config, key: StreamKey(seed: 5), limits: RunLimits(maxEvents: 5_000_000, maxHouseholdsPresent: 100_000))
            #expect(result.events > 0)
        }
    }

    @Test("extends chains that go wrong: cycles, self, missing, directories, non-strings")
    func hostileExtends() {
        let folder = ScratchFolder(); defer { folder.remove() }
        folder.write("a.json5", "{extends: \"b.json5\"}")
        folder.write("b.json5", "{extends: \"c.json5\"}")
        folder.write("c.json5", "{extends: \"a.json5\", arrivals_per_year: 5}")
        folder.write("self.json5", "{extends: './self.json5'}")
        folder.write("dir.json5", "{extends: '..'}")
        folder.write("num.json5", "{extends: 3}")
        folder.write("missing.json5", "{extends: 'nope/nope.json5'}")
        folder.write("long0.json5", "{}")
        for i in 1...20 { folder.write("long\(i).json5", "{extends: 'long\(i - 1).json5'}") }
        for name in ["a.json5", "self.json5", "dir.json5", "num.json5", "missing.json5", "long20.json5"] {
            let found = issues(folder.url.appendingPathComponent(name).path)
            #expect(!found.isEmpty, "\(name)")
            #expect(found.allSatisfy { !$0.message.isEmpty }, "\(name)")
        }
        #expect(issues(folder.url.appendingPathComponent("long10.json5").path).isEmpty)
    }

    // MARK: Mutators

    static func allPaths(_ node: Node, prefix: [String] = []) -> [[String]] {
        guard case .object(let members) = node.value else { return [prefix] }
        var out: [[String]] = prefix.isEmpty ? [] : [prefix]
        for m in members { out += allPaths(m.node, prefix: prefix + [m.key]) }
        return out + [prefix + ["unknown_field"]]
    }

    static func hostileValue(_ rng: inout Xoshiro256StarStar, depth: Int) -> Node {
        let numbers: [Double] = [0, -1, 1, 1e308, -1e308, .nan, .infinity, -.infinity, 0.5, Double.leastNonzeroMagnitude * 2_000, 2, 7, 1e6, 1e12, 3.5, -0.0, 52, 100]
        let strings = ["", "6w", "-5w", "1e308y", "NaN", "0.1/y", "1/0w", "fcfs", "priority", "first", "intensive", "coordinator",
                       "unlimited", "mental_health", "municipality_youth", "\u{0}", String(repeating: "x", count: 5_000), "8w", "0", "3d"]
        switch rng.nextIndex(below: depth > 3 ? 4 : 7) {
        case 0: return Node(.number(numbers[rng.nextIndex(below: numbers.count)]))
        case 1: return Node(.string(strings[rng.nextIndex(below: strings.count)]))
        case 2: return Node(.bool(rng.nextIndex(below: 2) == 0))
        case 3: return Node(.null)
        case 4: return Node(.array((0..<rng.nextIndex(below: 4)).map { _ in hostileValue(&rng, depth: depth + 1) }))
        case 5:
            let keys = ["exponential", "gamma", "mean", "cv", "min", "max", "finances", "workers", "x"]
            return Node(.object((0..<rng.nextIndex(below: 3)).map { _ in
                Node.Member(key: keys[rng.nextIndex(below: keys.count)], node: hostileValue(&rng, depth: depth + 1))
            }.reduce(into: [Node.Member]()) { acc, m in if !acc.contains(where: { $0.key == m.key }) { acc.append(m) } }))
        default:
            var node = Node(.number(1))
            for _ in 0..<(20 + rng.nextIndex(below: 40)) { node = Node(.array([node])) }
            return node
        }
    }

    static func mutateText(_ bytes: [UInt8], _ rng: inout Xoshiro256StarStar) -> [UInt8] {
        var b = bytes
        let n = b.count
        switch rng.nextIndex(below: 9) {
        case 0: b = Array(b.prefix(rng.nextIndex(below: n)))                                  // truncated
        case 1:                                                                                  // a range deleted
            let start = rng.nextIndex(below: n), length = rng.nextIndex(below: 200)
            b.removeSubrange(start..<min(n, start + length))
        case 2:                                                                                  // random bytes, maybe not UTF-8
            let at = rng.nextIndex(below: n)
            b.insert(contentsOf: (0..<(1 + rng.nextIndex(below: 8))).map { _ in UInt8(rng.nextIndex(below: 256)) }, at: at)
        case 3:                                                                                  // a character flipped
            let at = rng.nextIndex(below: n)
            let alphabet = Array("{}[]:,\"'/*-+.0123456789eEwdmyn \n".utf8)
            b[at] = alphabet[rng.nextIndex(below: alphabet.count)]
        case 4:                                                                                  // a region duplicated
            let start = rng.nextIndex(below: n), length = rng.nextIndex(below: 300)
            b.insert(contentsOf: b[start..<min(n, start + length)], at: rng.nextIndex(below: n))
        case 5:                                                                                  // a number replaced
            let digits = b.indices.filter { (0x30...0x39).contains(b[$0]) }
            if let at = digits.isEmpty ? nil : digits[rng.nextIndex(below: digits.count)] {
                let replacement = ["1e400", "-7", "NaN", "Infinity", "-Infinity", "0x", "99999999999999999999", "0.", ".5e-3", "+"]
                b.replaceSubrange(at...at, with: Array(replacement[rng.nextIndex(below: replacement.count)].utf8))
            }
        case 6:                                                                                  // deep nesting
            let depth = 10 + rng.nextIndex(below: 200)
            b = Array(("{a:" + String(repeating: "[", count: depth) + String(repeating: "]", count: rng.nextIndex(below: depth + 1)) + "}").utf8)
        case 7: b = rng.nextIndex(below: 2) == 0 ? [] : Array("   // nothing\n".utf8)          // empty
        default:                                                                                 // an unknown key
            if let at = b.firstIndex(of: UInt8(ascii: "{")) {
                b.insert(contentsOf: Array(" mystery_\(rng.nextIndex(below: 100)): 1,".utf8), at: at + 1)
            }
        }
        return b
    }
}
