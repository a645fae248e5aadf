// The scenarios compiled into the binary are the shipped files, byte for byte.

import Testing
import Foundation
@testable import ScenarioKit

@Suite("Built-in scenarios")
struct BuiltInScenarioTests {
    @Test("BuiltInScenarios.swift holds every Scenarios/*.json5 as it is (re-run scripts/embed-scenarios.sh after editing one)")
    func inStep() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json5") }.sorted()
        #expect(BuiltInScenarios.names == shipped.map { String($0.dropLast(6)) }, "run scripts/embed-scenarios.sh")
        for file in shipped {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(BuiltInScenarios.text(file) == text, "\(file) differs from its built-in copy: run scripts/embed-scenarios.sh")
        }
    }

    @Test("BuiltInScenarios.targetFiles holds every Scenarios/targets/*.json5 as it is, and each loads against the default city")
    func targetsInStep() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/targets")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json5") }.sorted()
        #expect(BuiltInScenarios.targetFiles.map(\.name) == shipped.map { String($0.dropLast(6)) }, "run scripts/embed-scenarios.sh")
        for file in shipped {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(BuiltInScenarios.targetText(file) == text, "\(file) differs from its built-in copy: run scripts/embed-scenarios.sh")
        }
        let city = try ScenarioLoader.load("wijksim:default-city")
        #expect(try TargetsLoader.load("wijksim:targets/city-150k", scenario: city).targets.count > 10)
    }

    @Test("every built-in scenario loads, and its chain is built in too")
    func loads() throws {
        for name in BuiltInScenarios.names {
            let scenario = try ScenarioLoader.load("wijksim:" + name)
            #expect(scenario.chain.allSatisfy { $0.hasPrefix("wijksim:") }, "\(scenario.chain)")
        }
    }
}
