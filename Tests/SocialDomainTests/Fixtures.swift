// Configurations for tests: a hand-checkable single household, and a small city sized for debug builds.

import SimCore
@testable import SocialDomain

enum Fixtures {
    /// One household with one problem (finances at level 2) and one worker, every duration fixed and
    /// every rate zero, so that its path can be computed by hand.
    static var singleHousehold: ModelConfig {
        var c = ModelConfig.defaultCity
        c.name = "single-household"
        c.scriptedArrivals = [0]
        c.profiles = [ProfileConfig(name: "one-problem", share: 1, problemCounts: [1], problemCountWeights: [1],
                                    otherLevelWeights: [0, 0, 1], startsInCrisis: false, coupling: 0, networkMean: 0.5,
                                    benefitProbability: 0, childrenProbability: 0, neverAsksProbability: 0,
                                    helpSeekingDelay: .constant(2), hoursNeededPerWeek: 1)]
        c.problemDomainWeights = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        c.dynamics.baseDown = [Double](repeating: 0, count: 10)
        c.dynamics.baseUp = [Double](repeating: 0, count: 10)
        c.dynamics.firstLineEffect = [Double](repeating: 0, count: 10)
        c.crises = []
        c.teams = [TeamConfig(name: "team", tier: .first, role: .intermediary, workers: 1, caseloadLimit: 1,
                              directHoursPerWeek: 30, expertise: .none, mandate: true, networkBuildingPerWeek: 0,
                              maxWeeks: 52, costPerFTEYear: 52_000, costBasis: .caseload,
                              payer: .municipalitySupport, category: .firstLine)]
        c.services = [ServiceConfig(name: "debt_help", domain: .finances, capacity: 1, discipline: .firstComeFirstServed,
                                    treatmentWeeks: .constant(10), effectPerWeek: 0, levelsGainedAtCompletion: 2,
                                    completionSuccess: 1, pricePerWeek: 100, pricePerTrajectory: 500,
                                    payer: .municipalitySupport, dropoutPerWeek: 0)]
        c.work.consultants = 0
        c.path.intakeWeeks = .constant(1)
        c.path.referralThreshold = 1
        c.path.chanceDiscoveryWeeks = 1e9
        c.path.followUpWeeks = 10
        // Nobody moves, retires or grows up during the hand-checked half year.
        c.flows = FlowsConfig(moveAwayPerWeek: 0, benefitOtherExitPerWeek: [0, 0, 0], pensionAge: 200, childAdultAge: 200)
        c.warmupWeeks = 0
        c.measureWeeks = 30
        return c
    }

    /// The default city at a ninth of its size and with shorter runs, so that replications are quick
    /// in a debug build. Staff, places and consultants are scaled with the arrivals (rounded up); the
    /// first line gets a little more room than a ninth, since a small team is noisier and the default
    /// city's first line is sized just off its tipping point.
    static var smallCity: ModelConfig {
        var c = ModelConfig.defaultCity
        c.name = "small-city"
        let scale = 1.0 / 9
        c.arrivalsPerYear *= scale
        c.teams[0].workers = 4
        c.teams[1].workers = 2
        for i in c.services.indices { c.services[i].capacity = Int((Double(c.services[i].capacity) * scale).rounded(.up)) }
        c.work.consultants = 4
        c.warmupWeeks = 156
        c.measureWeeks = 208
        return c
    }
}

/// Paired differences (b − a) of a measure over replications with common random numbers, and their 95% CI.
func pairedDifference(_ a: ModelConfig, _ b: ModelConfig, measure: String, replications: Int, seed: UInt64 = 2026)
    -> ConfidenceInterval {
    let diffs = (0..<replications).map { r -> Double in
        let key = StreamKey(seed: seed, replication: UInt64(r))
        let x = CityModel.replicate(a, key: key).value(measure)!
        let y = CityModel.replicate(b, key: key).value(measure)!
        return y - x
    }
    return ConfidenceInterval(values: diffs)
}

/// Both configurations run once per replication with common random numbers; paired CIs for any measure.
struct PairedRuns {
    let a: [ReplicationResult]
    let b: [ReplicationResult]

    init(_ a: ModelConfig, _ b: ModelConfig, replications: Int, seed: UInt64 = 2026) {
        let keys = (0..<replications).map { StreamKey(seed: seed, replication: UInt64($0)) }
        self.a = keys.map { CityModel.replicate(a, key: $0) }
        self.b = keys.map { CityModel.replicate(b, key: $0) }
    }

    /// The 95% CI of b − a.
    func difference(_ measure: String) -> ConfidenceInterval {
        ConfidenceInterval(values: zip(a, b).map { $1.value(measure)! - $0.value(measure)! })
    }
}
