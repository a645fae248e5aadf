// Calibration by history matching on the model (issue 13, the runner part): deterministic whatever
// the thread count, kept points below the cut-off, each wave's region inside the ranges.

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
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
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return try TargetsLoader.load(path, scenario: scenario)
    }

    @Test("the same seed gives the same waves on 1 and 2 threads; kept points are below the cut-off; regions stay in the ranges")
    func deterministicAndConsistent() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        let one = try Calibration.run(scenario, file, CalibrationSettings(waves: 2, points: 5, replications: 2, seed: 4, threads: 1))
        let two = try Calibration.run(scenario, file, CalibrationSettings(waves: 2, points: 5, replications: 2, seed: 4, threads: 2))
        #expect(Calibration.wavesCSV(one) == Calibration.wavesCSV(two))
        #expect(Calibration.plausibleCSV(one) == Calibration.plausibleCSV(two))
        #expect(one.points.filter { $0.wave == 1 }.count == 5)
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

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("calibration-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("sharded waves merged through their files give the same waves, to the last digit, as one run; so does a run resumed from its state")
    func shardedAndResumed() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        let settings = CalibrationSettings(waves: 2, points: 4, replications: 2, seed: 9, threads: 2)
        var afterFirst: CalibrationResult?
        let whole = try Calibration.run(scenario, file, settings) { if $0.waves.count == 1 { afterFirst = $0 } }
        // Sharded: per wave three shards written as parts, the state written and read back between waves.
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var state = Calibration.start(scenario, file, settings)
        while !state.finished {
            let design = Calibration.design(state, settings)
            let configs = try Calibration.configurations(scenario, state, design.points)
            let total = configs.count * settings.replications
            for k in [3, 1, 2] {
                let jobs = shardRange(k, of: 3, jobs: total)
                let outputs = Calibration.evaluate(configs, measures: file.targets.map(\.measure), settings: settings, jobs: jobs)
                try CalibrationFiles.partJSON(state, shard: (k, 3), jobs: jobs, outputs: outputs)
                    .write(toFile: dir + "/" + CalibrationFiles.partName(wave: state.nextWave, k, 3), atomically: true, encoding: .utf8)
            }
            let outputs = try CalibrationFiles.mergeParts(in: dir, for: state, jobs: total)
            Calibration.complete(&state, design: design, outputs: outputs, settings: settings)
            try CalibrationFiles.stateJSON(state).write(toFile: dir + "/state.json", atomically: true, encoding: .utf8)
            state = try CalibrationFiles.readState(dir + "/state.json", into: Calibration.start(scenario, file, settings))
        }
        #expect(Calibration.wavesCSV(state) == Calibration.wavesCSV(whole))
        #expect(CalibrationFiles.stateJSON(state) == CalibrationFiles.stateJSON(whole))
        // Resumed after the first wave.
        let first = try #require(afterFirst)
        let resumed = try Calibration.run(scenario, file, settings, from: first)
        #expect(CalibrationFiles.stateJSON(resumed) == CalibrationFiles.stateJSON(whole))
        // A state of other settings is refused.
        let other = Calibration.start(scenario, file, CalibrationSettings(waves: 2, points: 4, replications: 2, seed: 10))
        #expect(throws: RunDirectory.MergeError.self) { try CalibrationFiles.readState(dir + "/state.json", into: other) }
    }

    @Test("merging refuses a missing shard, a part of another calibration and a part with too few values, naming the file")
    func mergeRefusals() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        let settings = CalibrationSettings(waves: 1, points: 3, replications: 2, seed: 2, threads: 1)
        let state = Calibration.start(scenario, file, settings)
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        #expect(message { _ = try CalibrationFiles.mergeParts(in: dir, for: state, jobs: 6) }.contains("no parts of wave 1"))
        let part1 = CalibrationFiles.partJSON(state, shard: (1, 2), jobs: 0..<3, outputs: Array(repeating: [0.5, 0.1], count: 3))
        try part1.write(toFile: dir + "/" + CalibrationFiles.partName(wave: 1, 1, 2), atomically: true, encoding: .utf8)
        #expect(message { _ = try CalibrationFiles.mergeParts(in: dir, for: state, jobs: 6) }.contains("lacks shard 2 of 2"))
        let foreign = Calibration.start(scenario, file, CalibrationSettings(waves: 1, points: 3, replications: 2, seed: 3))
        let path2 = dir + "/" + CalibrationFiles.partName(wave: 1, 2, 2)
        try CalibrationFiles.partJSON(foreign, shard: (2, 2), jobs: 3..<6, outputs: Array(repeating: [0.5, 0.1], count: 3))
            .write(toFile: path2, atomically: true, encoding: .utf8)
        let m = message { _ = try CalibrationFiles.mergeParts(in: dir, for: state, jobs: 6) }
        #expect(m.contains(path2) && m.contains("another calibration"), "\(m)")
        try CalibrationFiles.partJSON(state, shard: (2, 2), jobs: 3..<6, outputs: Array(repeating: [0.5], count: 3))
            .write(toFile: path2, atomically: true, encoding: .utf8)
        #expect(message { _ = try CalibrationFiles.mergeParts(in: dir, for: state, jobs: 6) }.contains(path2))
        try CalibrationFiles.partJSON(state, shard: (2, 2), jobs: 3..<6, outputs: Array(repeating: [0.5, 0.1], count: 3))
            .write(toFile: path2, atomically: true, encoding: .utf8)
        #expect(try CalibrationFiles.mergeParts(in: dir, for: state, jobs: 6).count == 6)
    }

    @Test("a monitored target is reported but does not decide which points are kept")
    func monitoredTarget() throws {
        let scenario = try Self.tiny()
        var file = try Self.targets(scenario)
        let settings = CalibrationSettings(waves: 1, points: 4, replications: 2, seed: 5, threads: 2)
        let plain = try Calibration.run(scenario, file, settings)
        file.targets.append(TargetSpec(name: "impossible", measure: "closed_within_1y_share", value: 50, sd: 0.01, discrepancySD: 0,
                                       source: "test", monitorOnly: "a construct the model does not have"))
        let monitored = try Calibration.run(scenario, file, settings)
        #expect(monitored.points.map(\.kept) == plain.points.map(\.kept))
        #expect(monitored.points.map(\.maxImplausibility) == plain.points.map(\.maxImplausibility))
        #expect(monitored.points.allSatisfy { $0.implausibility[2] > 100 })
    }

    @Test("the report says which target rules out which end of a range (a case worked out by hand)")
    func ruledOut() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        var r = Calibration.start(scenario, file, CalibrationSettings(waves: 1, points: 10, replications: 1))
        // work.base_rate over its range, workers fixed: the first target rules out the lowest two fifths, the second nothing.
        let box = r.next!
        let points = (0..<10).map { i -> CalibrationPoint in
            let u = (Double(i) + 0.5) / 10
            let rate = box.lower[0] + u * (box.upper[0] - box.lower[0])
            let first = u < 0.4 ? 5.0 : 1.0
            return CalibrationPoint(wave: 1, index: i, values: [rate, 10], means: [0, 0], implausibility: [first, 0.5],
                                    kept: first < 3, maxImplausibility: first)
        }
        r.waves = [CalibrationWave(wave: 1, box: box, points: points)]
        r.next = nil
        let shares = CalibrationReport.ruledOut(r)
        #expect(shares[0][0] == [1, 1, 0, 0, 0])
        #expect(shares[1][0] == [0, 0, 0, 0, 0])
        let findings = CalibrationReport.findings(r)
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("closed_within_year rules out work.base_rate below ") == true, "\(findings)")
        #expect(findings.first?.contains("100% of the first wave's points there") == true && findings.first?.contains("against 0%") == true)
        let html = CalibrationReport.html(r, version: "test")
        #expect(html.contains("data-chart=\"target-closed_within_year\"") && html.contains("data-chart=\"pairs\""))
    }

    @Test("a calibration belongs to the scenario apart from its calibrated values: adopting the result keeps it valid, another change does not")
    func fingerprint() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        let settings = CalibrationSettings(waves: 1, points: 3, replications: 1)
        let adopted = try ScenarioLoader.applying([0.3 / 52, 12], to: file.parameters, in: scenario)
        #expect(Calibration.start(adopted, file, settings).fingerprint == Calibration.start(scenario, file, settings).fingerprint)
        var other = scenario
        other.tree = other.tree.setting(["arrivals_per_year"], to: Node(.number(151)))
        other = try ScenarioLoader.build(other.tree, files: other.chain, defaultName: other.name, file: other.file, hashes: other.hashes)
        #expect(Calibration.start(other, file, settings).fingerprint != Calibration.start(scenario, file, settings).fingerprint)
        #expect(Calibration.start(scenario, file, CalibrationSettings(waves: 1, points: 3, replications: 2)).fingerprint
                != Calibration.start(scenario, file, settings).fingerprint)
    }

    @Test("checking the scenario as it is scores it as a wave scores a point at the scenario's own values")
    func checkAsIs() throws {
        let scenario = try Self.tiny()
        let file = try Self.targets(scenario)
        let settings = CalibrationSettings(waves: 1, points: 2, replications: 3, seed: 6, threads: 2)
        let own = [scenario.config.work.baseRatePerWeek, Double(scenario.config.teams[0].workers)]
        let applied = try ScenarioLoader.applying(own, to: file.parameters, in: scenario)
        let runs = Calibration.evaluate([applied.config], measures: file.targets.map(\.measure), settings: settings, jobs: 0..<3)
        let asWave = Calibration.score(file.targets, values: [], runs: runs, wave: 0, index: 0)
        let checked = Calibration.check(scenario, file, settings)
        #expect(checked == asWave)
        let csv = Calibration.checkCSV(checked, file.targets).split(separator: "\n")
        #expect(csv.first == "target,measure,model_mean,value,sd,implausibility,role" && csv.count == 4)
        #expect(csv.last?.hasPrefix("(the point),") == true && csv.last?.hasSuffix(checked.kept ? ",kept" : ",ruled out") == true)
    }
}
