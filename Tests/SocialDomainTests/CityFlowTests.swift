// The whole clientele and its flows: no cost lost when households close or leave, every household
// accounted for, and the mechanisms of routing and the benefit stock-flow (MODEL.md §2).

import Testing
import SimCore
@testable import SocialDomain

@Suite("Flows and cost accounting")
struct CityFlowTests {
    @Test("the money households accrue is exactly what the measures book, and every household is accounted for",
          arguments: UInt64(1)...3)
    func noCostLost(seed: UInt64) {
        // Households move away, recover and leave while costs run (benefit, treatment, care); each
        // one's own account is closed when it leaves or at the end. The sum of those accounts plus
        // the staff paid per FTE must be the ledger's total, to rounding.
        let result = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: seed))
        let total = result.ledger.total
        #expect(total > 0)
        #expect(abs(result.householdCostSum + result.fixedStaffCost - total) <= 1e-9 * total,
                "households \(result.householdCostSum) + staff \(result.fixedStaffCost) ≠ ledger \(total)")
        // Benefit paid, booked spell by spell, equals the time-weighted stock on benefit × the weekly
        // benefit (singles and couples): an independent count of the same money.
        #expect(result.benefitPaid > 0)
        #expect(abs(result.benefitPaid - result.benefitFromStock) <= 1e-6 * result.benefitPaid,
                "benefit booked \(result.benefitPaid) ≠ stock × benefit \(result.benefitFromStock)")
        // Households in = present + left, per reason; every reason occurs in a run this long.
        #expect(result.householdsArrived == result.householdsPresentAtEnd + result.householdsLeftByReason.reduce(0, +))
        for reason in LeaveReason.allCases {
            #expect(result.householdsLeftByReason[reason.rawValue] > 0, "nobody left as \(reason.key)")
        }
        // Benefit cost and care cost add up to the total.
        let benefit = result.value("benefit_cost_eur_per_year")!, care = result.value("care_cost_eur_per_year")!
        #expect(abs(benefit + care - result.value("total_cost_eur_per_year")!) <= 1e-6 * (benefit + care))
    }

    @Test("a household on benefit is followed until it leaves benefit or the city: no cost stops with the follow-up")
    func followUpDoesNotDropCosts() {
        // A follow-up of 13 weeks or of 10 years must leave the benefit booked unchanged within noise
        // when households on benefit are never dropped; before, a longer follow-up raised costs by half.
        var short = Fixtures.smallCity
        short.path.followUpWeeks = 13
        var long = short
        long.path.followUpWeeks = 520
        let ci = pairedDifference(short, long, measure: "benefit_cost_eur_per_year", replications: 6)
        let level = CityModel.replicate(short, key: StreamKey(seed: 2026)).value("benefit_cost_eur_per_year")!
        #expect(abs(ci.mean) < 0.02 * level, "follow-up changes benefit cost by \(ci.mean) [\(ci.lower), \(ci.upper)] of \(level)")
    }

    @Test("households leaving bijstand in their first year leave faster than those on it for over three years")
    func exitHazardFallsWithDuration() {
        let values = (0..<6).map { r -> (Double, Double) in
            let result = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: 11, replication: UInt64(r)))
            return (result.value("benefit_exit_rate_per_year.under_1y")!, result.value("benefit_exit_rate_per_year.over_3y")!)
        }
        let ci = ConfidenceInterval(values: values.map { $0.0 - $0.1 })
        #expect(ci.lower > 0, "first-year minus long-term exit rate \(ci.mean) [\(ci.lower), \(ci.upper)]")
    }

    @Test("the multi-problem share of bijstand comes out of the dynamics and is reported")
    func multiProblemShare() {
        let result = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: 5))
        let share = result.value("multi_problem_share_of_benefit")!
        #expect(share > 0 && share < 1)
    }
}

@Suite("Routing mechanisms")
struct RoutingMechanismTests {
    static let replications = 8

    /// The small city with family coaching short of places, so that households wait for it.
    static var scarceCoaching: ModelConfig {
        var c = Fixtures.smallCity
        c.teams[1].workers = 1
        c.path.referralThreshold = 4
        return c
    }

    @Test("more places in family coaching shorten its wait")
    func morePlacesShorterWait() {
        let base = Self.scarceCoaching
        var more = base
        more.teams[1].workers = 3
        let ci = pairedDifference(base, more, measure: "wait_days_mean.family_coaching", replications: Self.replications)
        #expect(ci.upper < 0, "paired difference \(ci.mean) [\(ci.lower), \(ci.upper)]")
    }

    @Test("bridging support while waiting for family coaching lowers escalations")
    func bridgingLowersEscalations() {
        var cold = Self.scarceCoaching
        cold.path.bridgingSupport = false
        var bridged = cold
        bridged.path.bridgingSupport = true
        let ci = pairedDifference(cold, bridged, measure: "escalations_per_100_household_years", replications: Self.replications)
        #expect(ci.upper < 0, "paired difference \(ci.mean) [\(ci.lower), \(ci.upper)]")
    }

    @Test("households give up on a long team waiting list, and come back")
    func teamDropout() {
        var c = Fixtures.smallCity
        c.teams[0].workers = 1                    // a first line far too small
        let result = CityModel.replicate(c, key: StreamKey(seed: 3))
        #expect(result.value("dropout_while_waiting_share.wijkteam")! > 0.05)
        #expect(result.value("return_within_1y_share")! >= 0)
    }
}
