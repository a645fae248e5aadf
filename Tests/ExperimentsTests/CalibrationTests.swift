// Calibration by history matching on the model (issue 13, the runner part): deterministic whatever
// the thread count, kept points below the cut-off, each wave's region inside the ranges.

import Foundation
import Testing
@testable import Experiments
import ScenarioKit
import SimCore
import SocialDomain
import Uncertainty

@Suite("Calibration waves")
struct CalibrationTests {
    static func tiny() throws -> Scenario {
        var s = try ScenarioLoader.load(scenariosFolder.appendingPathComponent("default-city.json5").path)
        s.tree = s.tree.setting(["warmup"], to: Node(.string("26w"))).setting(["measure"], to: Node(.string("1y")))
            .setting(["arrivals_per_year"], to: Node(.number(150)))
        return try ScenarioLoader.build(s.tree, files: s.chain, defaultName: s.name, file: s.file, hashes: s.hashes)
    }

    static func targets(_ scenario: Scenario) throws -> TargetsFile {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("calibration-\(UUID().uuidString).json5").path
        let text = """
        { targets: { closed_within_year: { measure: "closed_within_1y_share", band: [0.70, 0.85], source: "F6" },
                     wijkteam_use: { measure: "caseload_utilisation.wijkteam", value: 0.1, sd: 0.05, source: "test" } },
          parameters: { "work.base_rate": { range: ["0.05/y", "0.6/y"], source: "assumption" },
                        "teams.wijkteam.workers": { range: [3, 30], source: "assumption" } } }
        """
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return try TargetsLoader.load(path, scenario: scenario)
    }

    @Test("the same seed gives the same waves on 1 and 2 threads; kept points are below the cut-off; regions stay in the ranges")
    func deterministicAndConsistent() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        let one = try Calibration.run(scenario, file, CalibrationSettings(waves: 2, points: 8, replications: 2, seed: 4, threads: 1))
        let two = try Calibration.run(scenario, file, CalibrationSettings(waves: 2, points: 8, replications: 2, seed: 4, threads: 2))
        #expect(Calibration.wavesCSV(one) == Calibration.wavesCSV(two))
        #expect(Calibration.plausibleCSV(one) == Calibration.plausibleCSV(two))
        #expect(one.points.filter { $0.wave == 1 }.count == 8)
        for p in one.points where p.kept { #expect(p.maxImplausibility < 3.5) }
        for p in one.points { #expect(p.values[1] == p.values[1].rounded(), "workers are whole numbers") }
        for b in one.boxes { #expect(zip(b.lower, one.boxes[0].lower).allSatisfy(>=) && zip(b.upper, one.boxes[0].upper).allSatisfy(<=)) }
        let header = Calibration.wavesCSV(one).split(separator: "\n").first.map(String.init)
        #expect(header == "wave,point,work.base_rate,teams.wijkteam.workers,I.closed_within_year,I.wijkteam_use,max_I,kept")
    }

    @Test("a parameter's value is written back in the field's own units and read again to the same value")
    func valuesRoundTrip() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        let applied = try ScenarioLoader.applying([0.25 / 52, 17], to: file.parameters, in: scenario)
        #expect(abs(applied.config.work.baseRatePerWeek - 0.25 / 52) < 1e-15)
        #expect(applied.config.teams[0].workers == 17)
    }
}
