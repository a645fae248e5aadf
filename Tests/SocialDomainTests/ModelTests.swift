// The model over whole replications: invariants, determinism, common random numbers, mechanisms.

import Testing
import SimCore
@testable import SocialDomain

@Suite("City model")
struct ModelTests {
    @Test("invariants hold at every event (checks compiled in) and costs add up", arguments: UInt64(1)...3)
    func invariants(seed: UInt64) {
        // With the checks compiled in (a debug build, or scripts/test.sh: optimised with -D WIJKSIM_CHECKS)
        // CityModel.handle checks after every event: arrived = latent + waiting + in care + closed + gone,
        // caseloads within limits, costs per payer and per category = total.
        #expect(invariantChecksCompiled, "the invariant checks are not compiled in: run scripts/test.sh (or a debug 'swift test')")
        let result = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: seed))
        let payers = Payer.allCases.reduce(0) { $0 + result.value("cost_eur_per_year.\($1.key)")! }
        let categories = CostCategory.allCases.reduce(0) { $0 + result.value("category_cost_eur_per_year.\($1.key)")! }
        let total = result.value("total_cost_eur_per_year")!
        #expect(total > 0)
        #expect(abs(payers - total) <= 1e-6 * total)
        #expect(abs(categories - total) <= 1e-6 * total)
        for m in result.measures { #expect(m.value.isFinite && m.value >= 0, "\(m.name) = \(m.value)") }
        #expect(result.householdsArrived > 100)
    }

    @Test("every measure of CONTRACT.md is reported")
    func contractMeasures() {
        let result = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: 4))
        var names = ["total_cost_eur_per_year", "outflow_to_work_per_benefit_year", "escalations_per_100_household_years",
                     "first_help_days_mean", "professionals_per_household_mean", "stabilised_share_at_closure",
                     "return_within_1y_share", "cost_share_top5pct_households", "households_in_system_mean"]
        names += Payer.allCases.map { "cost_eur_per_year.\($0.key)" }
        names += ["first_line", "second_line", "crisis", "benefits"].map { "category_cost_eur_per_year.\($0)" }
        names += ["eviction", "out_of_home_placement", "crisis_admission", "police"].map { "escalations_per_year.\($0)" }
        for service in ["wijkteam", "family_coaching", "debt_help", "ggz", "addiction_care", "youth_care", "housing_support"] {
            names += ["wait_days_mean.\(service)", "wait_days_p90.\(service)", "waiting_list_mean.\(service)"]
        }
        names += ["caseload_utilisation.wijkteam", "caseload_utilisation.family_coaching", "dropout_while_waiting_share.ggz"]
        for name in names { #expect(result.value(name) != nil, "missing \(name)") }
    }

    @Test("same seed, same result to the last digit")
    func determinism() {
        let a = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: 7, replication: 2))
        let b = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: 7, replication: 2))
        #expect(a.measures.map(\.value.bitPattern) == b.measures.map(\.value.bitPattern))
        #expect(a.events == b.events)
        let c = CityModel.replicate(Fixtures.smallCity, key: StreamKey(seed: 7, replication: 3))
        #expect(a.measures.map(\.value) != c.measures.map(\.value))
    }

    @Test("common random numbers: two designs meet the same households")
    func commonRandomNumbers() {
        var other = Fixtures.smallCity
        other.teams[0].workers = 12
        let key = StreamKey(seed: 3)
        let traceA = TraceRecorder(households: [0, 1, 2, 50]), traceB = TraceRecorder(households: [0, 1, 2, 50])
        let a = CityModel.replicate(Fixtures.smallCity, key: key, trace: traceA)
        let b = CityModel.replicate(other, key: key, trace: traceB)
        // Same households arrive at the same times with the same attributes.
        #expect(a.householdsArrived == b.householdsArrived)
        let arrivalsA = a.trace.filter { $0.kind == .arrived }, arrivalsB = b.trace.filter { $0.kind == .arrived }
        #expect(arrivalsA == arrivalsB)
        #expect(arrivalsA.count == 4)
    }
}

/// Mechanism tests (MODEL.md §3–6): each compares two designs over replications with common random
/// numbers and asserts the sign of the paired difference through its 95% confidence interval.
@Suite("Mechanisms")
struct MechanismTests {
    static let replications = 8

    @Test("more generalists give shorter first-line waits")
    func moreGeneralists() {
        var base = Fixtures.smallCity
        base.teams[0].workers = 2                // a first line with a waiting list
        var more = base
        more.teams[0].workers = 4
        let ci = pairedDifference(base, more, measure: "wait_days_mean.wijkteam", replications: Self.replications)
        #expect(ci.upper < 0, "paired difference \(ci.mean) [\(ci.lower), \(ci.upper)]")
    }

    @Test("stronger coupling gives more escalations")
    func strongerCoupling() {
        let base = Fixtures.smallCity
        var strong = base
        for p in strong.profiles.indices { strong.profiles[p].coupling *= 2 }
        let ci = pairedDifference(base, strong, measure: "escalations_per_100_household_years", replications: Self.replications)
        #expect(ci.lower > 0, "paired difference \(ci.mean) [\(ci.lower), \(ci.upper)]")
    }

    @Test("parallel work support gives more outflow to work")
    func parallelWork() {
        // Measured over all profiles: in the small city a single profile's benefit stock (light households
        // are a fifth of it) is too small for eight replications to tell the sign.
        var sequential = Fixtures.smallCity
        sequential.work.mode = .sequential
        sequential.work.consultants = 10       // enough consultants that the mode, not the queue, matters
        sequential.work.supportEffect = 1      // a strong effect, so that eight replications can tell the sign
        var parallel = sequential
        parallel.work.mode = .parallel
        let outflow = pairedDifference(sequential, parallel, measure: "outflow_to_work_per_benefit_year",
                                       replications: Self.replications)
        #expect(outflow.lower > 0, "paired difference \(outflow.mean) [\(outflow.lower), \(outflow.upper)]")
    }

    @Test("working on problem domains one after another closes fewer cases within a year than all at once")
    func oneDomainAtATime() {
        let together = Fixtures.smallCity
        var oneByOne = together
        oneByOne.teams[0].domainsAtOnce = 1
        let ci = pairedDifference(together, oneByOne, measure: "closed_within_1y_share", replications: Self.replications)
        #expect(ci.upper < 0, "paired difference \(ci.mean) [\(ci.lower), \(ci.upper)]")
    }

    @Test("an own-strength-first gate lowers first-line use, and its cost when the first line is paid per household")
    func ownStrengthGate() {
        var open = Fixtures.smallCity
        open.teams[0].workers = 20               // a first line with room, so its use follows the design
        var gated = open
        gated.path.ownStrengthTrialWeeks = 13
        let use = pairedDifference(open, gated, measure: "caseload_utilisation.wijkteam", replications: Self.replications)
        #expect(use.upper < 0, "paired difference \(use.mean) [\(use.lower), \(use.upper)]")
        // Staff paid per FTE cost the same whatever the gate; a contracted provider paid per household-week does not.
        let salaried = pairedDifference(open, gated, measure: "category_cost_eur_per_year.first_line", replications: 2)
        #expect(salaried.mean == 0 && salaried.halfWidth == 0)
        open.teams[0].costBasis = .caseload
        gated.teams[0].costBasis = .caseload
        let contracted = pairedDifference(open, gated, measure: "category_cost_eur_per_year.first_line", replications: Self.replications)
        #expect(contracted.upper < 0, "paired difference \(contracted.mean) [\(contracted.lower), \(contracted.upper)]")
    }
}

@Suite("Safety limits")
struct SafetyLimitTests {
    @Test("a replication whose population explodes stops at the stated limit and says why")
    func explosionStops() {
        var config = ModelConfig.defaultCity
        config.arrivalsPerYear = 100_000
        config.warmupWeeks = 0
        config.measureWeeks = 520
        let result = CityModel.replicate(config, key: StreamKey(seed: 1),
                                         limits: RunLimits(maxEvents: 50_000_000, maxHouseholdsPresent: 1_500, checkEvery: 1_000))
        #expect(result.limitReached?.contains("more than 1500 households present") == true, "\(String(describing: result.limitReached))")
        let capped = CityModel.replicate(config, key: StreamKey(seed: 1),
                                         limits: RunLimits(maxEvents: 20_000, maxHouseholdsPresent: 10_000_000, checkEvery: 1_000))
        #expect(capped.limitReached?.contains("more than 20000 events") == true)
        #expect(capped.events <= 20_000)
    }

    @Test("runaway growth is noticed early: households growing past the limit before the run ends stop it at once, with the rate")
    func growthStopsEarly() {
        var config = ModelConfig.defaultCity
        // The guard's logic at a tenth of the scale it was first tested at (60,000 arrivals, a limit of
        // 300,000): the same projection, a tenth of the events.
        config.arrivalsPerYear = 6_000
        config.warmupWeeks = 0
        config.measureWeeks = 52 * 40
        let result = CityModel.replicate(config, key: StreamKey(seed: 1),
                                         limits: RunLimits(maxEvents: 1_000_000_000, maxHouseholdsPresent: 30_000, checkEvery: 2_000))
        let reason = result.limitReached ?? ""
        #expect(reason.contains("at this rate they pass the limit of 30000"), "\(reason)")
        // Stopped within a few simulated years, far below the limit, not at it.
        #expect(result.householdsPresentAtEnd < 15_000, "\(result.householdsPresentAtEnd) present: \(reason)")
        // The same limit does not stop the default city, which fills from empty and then settles.
        var city = ModelConfig.defaultCity
        city.warmupWeeks = 0
        city.measureWeeks = 52 * 40
        let settled = CityModel.replicate(city, key: StreamKey(seed: 1),
                                          limits: RunLimits(maxEvents: 1_000_000_000, maxHouseholdsPresent: 30_000, checkEvery: 2_000))
        #expect(settled.limitReached == nil, "\(settled.limitReached ?? "")")
    }
}
