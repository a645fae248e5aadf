// The levers of issue 12 that can be checked without replications. The stochastic mechanism checks
// (each mechanism in its seed line's direction, over replications with paired CIs) run in release:
// scripts/check-mechanisms.sh, part of CI.

import Testing
import SimCore
@testable import SocialDomain

@Suite("Design levers")
struct DesignLeverTests {
    @Test("the mandate lever overrides every team's own setting")
    func mandateLever() {
        var city = Fixtures.smallCity
        city.teams[1].mandate = true
        city.path.mandate = .all
        let all = city.withMandateLever.teams.map(\.mandate)
        city.path.mandate = .none
        let none = city.withMandateLever.teams.map(\.mandate)
        city.path.mandate = .perTeam
        let perTeam = city.withMandateLever.teams.map(\.mandate)
        #expect(all == [true, true])
        #expect(none == [false, false])
        #expect(perTeam == [false, true])
    }

    @Test("a warm handover has its own delay and trust loss and no re-assessment; a cold one all three")
    func handoverValues() {
        var h = HandoverConfig(warm: false, delayWeeks: 2, trustLoss: 0.2, warmDelayWeeks: 0.5, warmTrustLoss: 0.05,
                               reassessmentWeeks: 3)
        #expect(h.delay == 2 && h.loss == 0.2 && h.reassessment == 3)
        h.warm = true
        #expect(h.delay == 0.5 && h.loss == 0.05 && h.reassessment == 0)
    }

    @Test("trust at first contact varies between households with the concentration set, and not without")
    func trustSpread() {
        var spread = Fixtures.smallCity
        spread.dynamics.trustConcentration = 0
        var model = CityModel(config: Fixtures.smallCity, key: StreamKey(seed: 5))
        var flat = CityModel(config: spread, key: StreamKey(seed: 5))
        var rngA = Xoshiro256StarStar(seed: 1), rngB = Xoshiro256StarStar(seed: 1)
        let drawn = (0..<200).map { model.drawHousehold(index: UInt64($0), using: &rngA).0.trust }
        let fixed = (0..<200).map { flat.drawHousehold(index: UInt64($0), using: &rngB).0.trust }
        #expect(Set(fixed) == [Fixtures.smallCity.dynamics.initialTrust])
        #expect(drawn.contains { $0 < Fixtures.smallCity.dynamics.fragileTrustBelow }, "some households start fragile")
        let mean = drawn.reduce(0, +) / Double(drawn.count)
        #expect(abs(mean - Fixtures.smallCity.dynamics.initialTrust) < 0.05)
    }
}
