import Foundation
import Testing
@testable import ScenarioKit
import SocialDomain
import SimCore

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let scenariosFolder = repositoryRoot.appendingPathComponent("Scenarios")

/// A scratch folder with scenario files written by a test.
struct ScratchFolder {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("wijksim-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let path = url.appendingPathComponent(name).path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

func issues(_ file: String) -> [ScenarioIssue] {
    do { _ = try ScenarioLoader.load(file); return [] } catch { return error.issues }
}

@Suite("Scenario files")
struct ScenarioFileTests {
    @Test("default-city.json5 states exactly the built-in default city")
    func defaultCityFileMatchesBuiltIn() throws {
        let scenario = try ScenarioLoader.load(scenariosFolder.appendingPathComponent("default-city.json5").path)
        #expect(scenario.config == ModelConfig.defaultCity)
        #expect(scenario.name == "default-city")
    }

    @Test("an empty object is the default city, named after its file")
    func emptyFileIsDefaultCity() throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        let scenario = try ScenarioLoader.load(folder.write("what-if.json5", "{}"))
        var expected = ModelConfig.defaultCity
        expected.name = "what-if"
        #expect(scenario.config == expected)
    }

    @Test("three files chained with extends merge as documented (RFC 7396)")
    func extendsChainOfThree() throws {
        let folder = ScratchFolder(); defer { folder.remove() }
        folder.write("a.json5", """
            { name: "a", description: "base", arrivals_per_year: 500,
              teams: { wijkteam: {workers: 10, expertise: ["finances", "housing"]}, family_coaching: {workers: 9} },
              path: { intake: "3w", handover: {warm: true, delay: "1w"} } }
            """)
        folder.write("b.json5", """
            // b changes one field of one team and replaces a list
            { extends: "a.json5", teams: { wijkteam: {caseload_limit: 20, expertise: ["parenting"]} },
              path: { handover: {delay: "3w"} } }
            """)
        let c = folder.write("c.json5", """
            { extends: "b.json5", teams: { family_coaching: null }, arrivals_per_year: 450 }
            """)
        let scenario = try ScenarioLoader.load(c)
        let config = scenario.config
        #expect(scenario.name == "c")                   // names are not inherited
        #expect(scenario.description == "")
        #expect(scenario.chain.count == 3)
        #expect(config.arrivalsPerYear == 450)          // c overrides a
        #expect(config.teams.map(\.name) == ["wijkteam"]) // null removed b's inherited entry
        #expect(config.teams[0].workers == 10)           // from a, kept through b
        #expect(config.teams[0].caseloadLimit == 20)     // from b
        #expect(config.teams[0].expertise == DomainSet([.parenting])) // lists replace, not merge
        #expect(config.path.intakeWeeks == .constant(3))  // a's, untouched by b and c
        #expect(config.path.handover.warm == true && config.path.handover.delayWeeks == 3) // objects merge deeply
    }

    @Test("a cycle of extends is an error, not a hang")
    func extendsCycle() {
        let folder = ScratchFolder(); defer { folder.remove() }
        folder.write("x.json5", "{extends: \"y.json5\"}")
        let y = folder.write("y.json5", "{extends: \"z.json5\"}")
        folder.write("z.json5", "{extends: \"x.json5\"}")
        let found = issues(y)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("cycle: y.json5 → z.json5 → x.json5 → y.json5") == true)
        let me = folder.write("me.json5", "{extends: \"me.json5\"}")
        #expect(issues(me).first?.path == "extends")
    }

    @Test("a missing base file names the extends line")
    func missingBase() {
        let folder = ScratchFolder(); defer { folder.remove() }
        let f = folder.write("f.json5", "{\n  extends: \"nowhere.json5\"\n}")
        let found = issues(f)
        #expect(found.count == 1)
        #expect(found[0].file == f && found[0].line == 2 && found[0].path == "extends")
    }

    @Test("unknown fields are errors with a did-you-mean")
    func unknownFields() {
        let folder = ScratchFolder(); defer { folder.remove() }
        let f = folder.write("f.json5", "{ teams: { wijkteam: { caseload: 20 } }, arrival_per_year: 3 }")
        let found = issues(f).map(\.description)
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("teams.wijkteam.caseload: unknown field; did you mean 'caseload_limit'?") })
        #expect(found.contains { $0.contains("arrival_per_year: unknown field; did you mean 'arrivals_per_year'?") })
    }

    @Test("an error names file, line, path, the value found and what is allowed")
    func errorLine() {
        let folder = ScratchFolder(); defer { folder.remove() }
        let f = folder.write("f.json5", "{\n  teams: {\n    wijkteam: { caseload_limit: -3 },\n  },\n}")
        let found = issues(f)
        #expect(found.count == 1)
        #expect(found[0].description == "\(f):3:33: teams.wijkteam.caseload_limit: found -3; allowed: a whole number from 1 to 1000")
    }

    @Test("an inherited bad value is reported in the file it comes from")
    func inheritedErrorLocation() {
        let folder = ScratchFolder(); defer { folder.remove() }
        let base = folder.write("base.json5", "{ measure: \"-2y\" }")
        let child = folder.write("child.json5", "{ extends: \"base.json5\" }")
        let found = issues(child)
        #expect(found.count == 1 && found[0].file == base && found[0].path == "measure")
    }

    @Test("syntax errors give line and column")
    func syntaxErrors() {
        let folder = ScratchFolder(); defer { folder.remove() }
        for (text, line, fragment) in [("{ a: 1,\n  b 2 }", 2, "expected ':'"), ("", 1, "empty"), ("{ a: [1, 2 }", 1, "expected ',' or ']'"),
                                        ("{ a: 1 } x", 1, "after the end"), ("{ a: 1, a: 2 }", 1, "appears twice"),
                                        ("{ /* open", 1, "never closed"), ("{ a: yes }", 1, "need quotes")] {
            let found = issues(folder.write("s.json5", text))
            #expect(found.count == 1, "\(text)")
            #expect(found.first?.line == line && found.first?.message.contains(fragment) == true, "\(text): \(found)")
        }
        let bytes = folder.url.appendingPathComponent("bin.json5")
        try! Data([0x7b, 0xff, 0xfe, 0x7d]).write(to: bytes)
        #expect(issues(bytes.path).first?.message.contains("UTF-8") == true)
    }

    @Test("JSON5 features: comments, trailing commas, unquoted keys, single quotes, hex, +numbers")
    func json5Features() throws {
        let node = try JSON5Parser.parse("""
            // comment
            { a: 'single', "b": +1.5, c: 0x1F, d: .5, e: [1, 2,], /* block */ f: 'it\\'s', g: 5., }
            """)
        #expect(node["a"]?.shortDescription == "\"single\"")
        if case .number(let b)? = node["b"]?.value { #expect(b == 1.5) } else { Issue.record("b") }
        if case .number(let c)? = node["c"]?.value { #expect(c == 31) } else { Issue.record("c") }
        if case .number(let d)? = node["d"]?.value { #expect(d == 0.5) } else { Issue.record("d") }
        if case .string(let f)? = node["f"]?.value { #expect(f == "it's") } else { Issue.record("f") }
        if case .number(let g)? = node["g"]?.value { #expect(g == 5) } else { Issue.record("g") }
    }

    @Test("units: durations, rates and money per time convert to weeks")
    func units() {
        #expect(Units.weeks("30d") == 30.0 / 7)
        #expect(Units.weeks("6w") == 6)
        #expect(Units.weeks("9m") == 9 * 52.0 / 12)
        #expect(Units.weeks("2y") == 104)
        #expect(Units.weeks("-1w") == nil && Units.weeks("6") == nil && Units.weeks("w6") == nil && Units.weeks("nanw") == nil)
        #expect(Units.perWeek("0.12/y") == 0.12 / 52)
        #expect(Units.perWeek("1/26w") == 1.0 / 26)
        #expect(Units.perWeek("41/d") == 287.0)
        #expect(Units.perWeek("0") == 0 && Units.perWeek("3") == nil && Units.perWeek("1/0w") == nil)
        for weeks in [0.0, 2, 26, 52, 104, 4, 30.0 / 7, 9 * 52.0 / 12] {
            #expect(Units.weeks(Units.durationText(weeks)).map { abs($0 - weeks) < 1e-12 } == true, "\(weeks)")
        }
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}

@Suite("The field reference")
struct FieldReferenceTests {
    /// The default city's tree, where every named collection has entries.
    static let defaultTree: Node = {
        let text = try! String(contentsOf: scenariosFolder.appendingPathComponent("default-city.json5"), encoding: .utf8)
        return try! JSON5Parser.parse(text)
    }()

    /// `teams.<name>.workers` → `teams.wijkteam.workers`: the first entry of the collection in the default city.
    static func concrete(_ pattern: String) -> [String] {
        var path: [String] = []
        for part in pattern.split(separator: ".").map(String.init) {
            if part == "<name>", case .object(let members)? = defaultTree.value(at: path)?.value, let first = members.first {
                path.append(first.key)
            } else {
                path.append(part)
            }
        }
        return path
    }

    @Test("Scenarios/README.md holds the reference the loader writes")
    func readmeInStep() throws {
        let readme = try String(contentsOf: scenariosFolder.appendingPathComponent("README.md"), encoding: .utf8)
        let reference = FieldReference.markdown()
        #expect(readme.contains(reference), "Scenarios/README.md is out of step with the loader: run scripts/update-field-reference.sh")
    }

    @Test("every documented field refuses an out-of-range value and names its path")
    func everyFieldRefusesBadValues() throws {
        let specs = ScenarioLoader.fieldSpecs()
        #expect(specs.count > 100)
        for spec in specs where spec.path != "extends" {
            let path = Self.concrete(spec.path)
            let bad = try JSON5Parser.parse(spec.invalidExample)
            let tree = Self.defaultTree.setting(path, to: bad)
            let dotted = path.joined(separator: ".")
            do {
                _ = try ScenarioLoader.build(tree, files: ["test.json5"], defaultName: "t", file: "test.json5")
                Issue.record("\(dotted) = \(spec.invalidExample) was accepted")
            } catch {
                #expect(error.issues.contains { $0.path == dotted || $0.path.hasPrefix(dotted + ".") },
                        "\(dotted) = \(spec.invalidExample): \(error.issues.map(\.description))")
            }
        }
    }

    @Test("every documented field accepts its documented default")
    func everyDefaultIsValid() throws {
        for spec in ScenarioLoader.fieldSpecs() where !spec.defaultText.isEmpty && !spec.defaultText.hasPrefix("(") && spec.defaultText != "none"
            && !spec.type.hasPrefix("named") {
            let path = Self.concrete(spec.path)
            let value = try JSON5Parser.parse(spec.defaultText)
            let tree = Self.defaultTree.setting(path, to: value)
            #expect(throws: Never.self, "\(spec.path) = \(spec.defaultText)") {
                _ = try ScenarioLoader.build(tree, files: ["test.json5"], defaultName: "t", file: "test.json5")
            }
        }
    }
}

@Suite("Shipped scenarios")
struct ShippedScenarioTests {
    static let files: [String] = (try? FileManager.default.contentsOfDirectory(atPath: scenariosFolder.path))?
        .filter { $0.hasSuffix(".json5") }.sorted() ?? []

    @Test("a new entry in an extending file whose name is close to an inherited one is refused, unless it says new: true")
    func nearNameEntries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("near-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = scenariosFolder.appendingPathComponent("default-city.json5").path
        for (name, body, refusedPath, near) in [("teams", "teams: { wijkteams: { workers: 16 } }", "teams.wijkteams", "wijkteam"),
                                                ("services", "services: { gz: { capacity: 5 } }", "services.gz", "ggz"),
                                                ("profiles", "profiles: { ligth: { share: 10 } }", "profiles.ligth", "light")] {
            let file = folder.appendingPathComponent("\(name).json5")
            try "{ extends: \"\(base)\",\n  \(body) }".write(to: file, atomically: true, encoding: .utf8)
            do {
                _ = try ScenarioLoader.load(file.path)
                Issue.record("\(body) was accepted")
            } catch {
                let issue = try #require(error.issues.first { $0.path == refusedPath }, "\(error)")
                #expect(issue.line == 2 && issue.file == file.path)
                #expect(issue.message.contains("did you mean '\(near)'?") && issue.message.contains("new: true"))
            }
        }
        // Marked as new, the same entry is accepted and is a team of its own; a name far from every
        // inherited one needs no mark. (A new team states its required fields, and replaces the
        // intensive team so that households reach it.)
        let team = "tier: \"intensive\", role: \"coordinator\", workers: 2, caseload_limit: 6, direct_hours_per_week: 21.1, "
            + "cost_per_fte_year: 100000, cost_basis: \"fte\", payer: \"municipality_youth\", category: \"second_line\""
        let marked = folder.appendingPathComponent("marked.json5")
        try "{ extends: \"\(base)\", teams: { family_coaching: null, wijkteams: { new: true, \(team) } } }"
            .write(to: marked, atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader.load(marked.path).config.teams.map(\.name) == ["wijkteam", "wijkteams"])
        let far = folder.appendingPathComponent("far.json5")
        try "{ extends: \"\(base)\", teams: { family_coaching: null, intervention_team: { \(team) } } }"
            .write(to: far, atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader.load(far.path).config.teams.count == 2)
    }

    @Test("the six team designs, their budget-neutral variants and the default city are shipped")
    func allDesignsShipped() {
        #expect(Self.files == ["achter-de-voordeur-budget-neutral.json5", "achter-de-voordeur.json5", "burgerkracht-budget-neutral.json5",
                               "burgerkracht.json5", "default-city.json5", "fragmented-chain-budget-neutral.json5", "fragmented-chain.json5",
                               "tandem-scale-down-budget-neutral.json5", "tandem-scale-down.json5",
                               "two-tier-leeuwarden-budget-neutral.json5", "two-tier-leeuwarden.json5",
                               "work-in-team-budget-neutral.json5", "work-in-team.json5"])
    }

    @Test("every shipped scenario loads and runs (with the invariant checks at every event)", arguments: files)
    func loadsAndRuns(_ file: String) throws {
        let scenario = try ScenarioLoader.load(scenariosFolder.appendingPathComponent(file).path)
        if file != "default-city.json5" {
            // Designs extend the default city; budget-neutral variants extend their design.
            #expect(scenario.chain.count == (file.hasSuffix("-budget-neutral.json5") ? 3 : 2), "\(scenario.chain)")
        }
        var config = scenario.config
        config.warmupWeeks = 26
        config.measureWeeks = 52
        config.arrivalsPerYear = 400            // a fifth of the city: quick in a debug build
        let result = CityModel.replicate(config, key: StreamKey(seed: 1))
        #expect(result.householdsArrived > 300)
        let total = result.measures.first { $0.name == "total_cost_eur_per_year" }?.value ?? 0
        #expect(total > 0)
    }
}
