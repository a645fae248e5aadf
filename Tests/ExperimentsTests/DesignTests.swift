// The shipped designs as the seeds describe them (Scenarios/*.json5): budget-neutral variants cost
// what the default city's staff cost. (That the fragmented chain puts more professionals into a
// multi-problem household's life than any integrated design, 000:L133, is checked at full size in
// release: scripts/check-mechanisms.sh.)

import Foundation
import Testing
import ScenarioKit
import SimCore
import SocialDomain

@Suite("Shipped designs")
struct DesignTests {
    static let designs = ["achter-de-voordeur", "burgerkracht", "tandem-scale-down", "two-tier-leeuwarden", "work-in-team"]

    /// Staff paid per FTE-year: team workers and work-and-income consultants.
    static func staffBudget(_ c: ModelConfig) -> Double {
        c.teams.reduce(0) { $0 + Double($1.workers) * $1.costPerFTEYear } + Double(c.work.consultants) * c.work.costPerFTEYear
    }

    static func load(_ name: String) throws -> ModelConfig {
        try ScenarioLoader.load(scenariosFolder.appendingPathComponent(name + ".json5").path).config
    }

    @Test("every budget-neutral variant has the default city's staff budget, and keeps its design's first line")
    func budgetNeutral() throws {
        let reference = Self.staffBudget(try Self.load("default-city"))
        let neutral = ["fragmented-chain"] + Self.designs
        for name in Self.designs {
            let sized = try Self.load(name), variant = try Self.load(name + "-budget-neutral")
            #expect(sized.teams.first { $0.tier == .first }?.workers == variant.teams.first { $0.tier == .first }?.workers, "\(name)")
        }
        for name in neutral.map({ $0 + "-budget-neutral" }) {
            let budget = Self.staffBudget(try Self.load(name))
            #expect(abs(budget - reference) < 1, "\(name): staff budget \(budget) against the default city's \(reference)")
        }
        // The designs sized by their demand differ from it, or the variants would be pointless.
        for name in ["fragmented-chain"] + Self.designs {
            #expect(Self.staffBudget(try Self.load(name)) != reference, "\(name) as sized has the default city's budget")
        }
    }
}
