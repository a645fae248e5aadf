// The built-in default city: about 150,000 inhabitants, current practice (a generalist wijkteam,
// family coaches, a separate work-and-income service). Every number names its source: a line of
// notes/calibration.md (E14 …), a seed line (000:L188 …), or "assumption".

import SimCore

extension ModelConfig {
    /// Domain order: finances, work, housing, relations, mental health, physical health, addiction,
    /// parenting, social network, justice.
    public static let defaultCity: ModelConfig = {
        let hoursPerFTEWeek = 28.1                    // calibration A1 (1,720 h/yr), E16 (15% overhead): 1720/52 × 0.85 = 28.1 h direct
        return ModelConfig(
            name: "default-city",
            priceYear: 2024,                           // calibration E20, E21
            arrivalsPerYear: 600,                      // calibration E11 (derived, low confidence)
            profiles: [
                // light multi-problem: 2–3 problems, decent network (calibration E13; MODEL.md §2)
                ProfileConfig(name: "light", share: 0.60, problemCounts: [2, 3], problemCountWeights: [0.55, 0.45],
                              otherLevelWeights: [0.35, 0.45, 0.20], startsInCrisis: false,
                              coupling: 0.5,           // assumption
                              networkMean: 0.6,        // assumption
                              benefitProbability: 0.45, // assumption; 000:L404
                              childrenProbability: 0.5, // assumption
                              neverAsksProbability: 0.10, // assumption; 004:L35
                              helpSeekingDelay: .exponential(mean: 12), // assumption
                              hoursNeededPerWeek: 1.0), // assumption
                // complex: 4+ interwoven problems, weak network (004:L103; calibration E13)
                ProfileConfig(name: "complex", share: 0.28, problemCounts: [4, 5, 6], problemCountWeights: [0.7, 0.2, 0.1],
                              otherLevelWeights: [0.5, 0.4, 0.1], startsInCrisis: false,
                              coupling: 1.0, networkMean: 0.3,
                              benefitProbability: 0.65, // 003:L34 (50–70% of bijstand clients multi-problem)
                              childrenProbability: 0.7, neverAsksProbability: 0.30, // 004:L110, 003:L1258
                              helpSeekingDelay: .exponential(mean: 24), hoursNeededPerWeek: 3.0), // 003:L386
                // crisis: heavy, ≥5 problems, one acute at arrival (calibration E12, E13)
                ProfileConfig(name: "crisis", share: 0.12, problemCounts: [5, 6, 7, 8], problemCountWeights: [0.3, 0.35, 0.25, 0.1],
                              otherLevelWeights: [0.6, 0.35, 0.05], startsInCrisis: true,
                              coupling: 1.5, networkMean: 0.2, benefitProbability: 0.70, childrenProbability: 0.8,
                              neverAsksProbability: 0.40, helpSeekingDelay: .exponential(mean: 4), hoursNeededPerWeek: 4.0),
            ],
            problemDomainWeights: [1.0, 0.9, 0.5, 0.5, 0.8, 0.5, 0.3, 0.6, 0.6, 0.2], // assumption (003:L34; calibration B1)
            twoAdultsProbability: 0.4,                 // assumption
            childrenCountWeights: [0.40, 0.35, 0.15, 0.10], // assumption
            ladderRungWeights: [0.2, 0.3, 0.3, 0.2, 0],  // assumption; 003:L1127 (42% of clients with barriers on rungs 1–2)
            dynamics: DynamicsConfig(
                // base 0.002/week ≈ 0.10/yr; ×1.25 for mental health and addiction, ×0.75 physical health, justice (assumption)
                baseDown: [0.002, 0.002, 0.002, 0.002, 0.0025, 0.0015, 0.0025, 0.002, 0.002, 0.0015],
                baseUp: [Double](repeating: 0.004, count: 10), // assumption: unaided recovery of one level in 3–5 years
                coupling: couplingMatrix,
                networkShield: 0.5, firstLineDamping: 0.5, specialistDamping: 0.7, // assumption
                firstLineEffect: [Double](repeating: 0.12, count: 10), // assumption (sheet start 0.06), calibrated to F6 and the waits: Scenarios/CALIBRATION.md
                expertiseMatchOutside: 0.75,           // assumption; T-shaped worker, 000:L230
                coordinationPenalty: 0.15,             // assumption; 000:L133 (too many helpers)
                coordinatedPenalty: 0.03,              // assumption; 000:L546 (one coordinator holds the plan)
                trustGainPerWeek: 0.1 / 12,            // assumption; 000:L297
                initialTrust: 0.5,                     // assumption
                financesGainOnJob: 1),                 // assumption; 000:L85
            crises: [
                // eviction: 28% of eviction judgments lead to an eviction (calibration A4); €7,500 (E31);
                // shelter €41/night (E33) for a mean 26 weeks (assumption)
                CrisisTypeConfig(name: "eviction", domain: .housing, probability: 0.3, costPerEvent: 7_500,
                                 payer: .housingCorporation, costPerWeek: 287, duration: .exponential(mean: 26),
                                 durationPayer: .municipalitySupport),
                // out-of-home placement: €40,000/child-year 2012 +30% → €1,000/week (E28); probability, duration assumption
                CrisisTypeConfig(name: "out_of_home_placement", domain: .parenting, probability: 0.5, costPerEvent: 0,
                                 payer: .municipalityYouth, costPerWeek: 1_000, duration: .lognormal(mean: 52, sd: 40),
                                 durationPayer: .municipalityYouth),
                // crisis admission: €600/day placeholder (E35, not sourced), 21 days (assumption)
                CrisisTypeConfig(name: "crisis_admission", domain: .mentalHealth, probability: 1, costPerEvent: 0,
                                 payer: .healthInsurer, costPerWeek: 4_200, duration: .gamma(mean: 3, cv: 0.7),
                                 durationPayer: .healthInsurer),
                // detox admission, reported as crisis admission: €500/day (calibration A6, low), 14 days (assumption)
                CrisisTypeConfig(name: "crisis_admission", domain: .addiction, probability: 1, costPerEvent: 0,
                                 payer: .healthInsurer, costPerWeek: 3_500, duration: .gamma(mean: 2, cv: 0.7),
                                 durationPayer: .healthInsurer),
                // police: 4 officer-hours (E34) × €75 (assumption; E36 not sourced)
                CrisisTypeConfig(name: "police", domain: .justice, probability: 1, costPerEvent: 300,
                                 payer: .policeJustice, costPerWeek: 0, duration: .constant(0), durationPayer: .policeJustice),
                CrisisTypeConfig(name: "police", domain: .relations, probability: 1, costPerEvent: 300, // 003:L1282
                                 payer: .policeJustice, costPerWeek: 0, duration: .constant(0), durationPayer: .policeJustice),
            ],
            teams: [
                TeamConfig(name: "wijkteam", tier: .first, role: .intermediary, // 000:L194 (generalist not regisseur)
                           workers: 12,                // calibration E16
                           caseloadLimit: 35,          // calibration E14 (30–40)
                           directHoursPerWeek: hoursPerFTEWeek,
                           expertise: DomainSet([.finances, .socialNetworkDomain]), // assumption: T-shaped, 000:L230
                           mandate: false,             // current practice; 000:L132
                           networkBuildingPerWeek: 0, maxWeeks: 52, // assumption; calibration E15
                           costPerFTEYear: 100_000,    // calibration E20
                           costBasis: .caseload, payer: .municipalitySupport, category: .firstLine),
                TeamConfig(name: "family_coaching", tier: .intensive, role: .coordinator,
                           workers: 15,                // calibration E19
                           caseloadLimit: 6,           // 000:L188 (1:6); calibration E17
                           directHoursPerWeek: 21.1, // 004:L123 (regie takes time); 25% assumption
                           expertise: DomainSet([.parenting, .relations, .finances, .mentalHealth]),
                           mandate: false, networkBuildingPerWeek: 0, maxWeeks: 52, // calibration E18 (6–12 months typical)
                           costPerFTEYear: 100_000, costBasis: .caseload, payer: .municipalityYouth, category: .secondLine),
            ],
            services: [
                // capacities: assumption, ggz and youth_care calibrated to the waits of calibration F4/F5 (E22, E27), see Scenarios/CALIBRATION.md
                ServiceConfig(name: "debt_help", domain: .finances, capacity: 106, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.5), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 0,
                              pricePerTrajectory: 3_600, // E26: €1,100 execution + €2,500 placeholder (not sourced)
                              payer: .municipalitySupport, dropoutPerWeek: 0.01), // calibration G: not found → assumption
                ServiceConfig(name: "ggz", domain: .mentalHealth, capacity: 78, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.6), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 202, pricePerTrajectory: 885, // E23 (NZa 2021)
                              payer: .healthInsurer, dropoutPerWeek: 0.01), // 003:L761–764
                ServiceConfig(name: "addiction_care", domain: .addiction, capacity: 45, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.6), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 190, pricePerTrajectory: 0, // assumption (calibration G)
                              payer: .healthInsurer, dropoutPerWeek: 0.01),
                ServiceConfig(name: "youth_care", domain: .parenting, capacity: 39, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.6), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 163, pricePerTrajectory: 0, // calibration A5 (low)
                              payer: .municipalityYouth, dropoutPerWeek: 0.01),
                ServiceConfig(name: "housing_support", domain: .housing, capacity: 70, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 39, cv: 0.5), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 150, pricePerTrajectory: 0, // assumption
                              payer: .municipalitySupport, dropoutPerWeek: 0.01),
            ],
            work: WorkConfig(
                consultants: 6,                        // derived: ≈820 benefit households ÷ 150
                caseloadLimit: 150,                    // 003:L585–589 (40–300); mid-range assumption
                mode: .sequential,                     // current practice; 000:L135 names it a fault
                inTeam: false,
                baseRatePerWeek: 0.12 / 52,            // calibration E6 (0.07–0.15/yr)
                ladderFactor: [0.15, 0.30, 0.60, 1.0, 1.5], // assumption, monotone in rung (calibration D2)
                block: [0.7, 0.6, 0.5, 0.8, 0.5, 0.6, 0.4, 0.8, 0.8, 0.7], // assumption; 000:L81, 003:L1277
                supportEffect: 1.0,                    // assumption
                ladderUpWithSupport: 1.0 / 26, ladderUpWithout: 1.0 / 104, // assumption; 003:L1038
                jobLossEarly: 0.0076, jobLossLate: 0.0025, // calibration B1 (82% working after 6 months, 72% after 18)
                jobLossPerProblem: 0.25,               // assumption (MODEL.md §3)
                returnToBenefit: 0.85,                 // assumption, checked against calibration E7 (20% within 1 yr)
                benefitPerWeekSingle: 15_700.0 / 52, benefitPerWeekCouple: 22_400.0 / 52, // calibration E21
                costPerFTEYear: 100_000, costBasis: .caseload), // calibration E20
            path: PathConfig(
                intakeWeeks: .constant(2),             // assumption; 001:L304 (about 6 weeks to a plan)
                ownStrengthTrialWeeks: 0,              // current practice: none (Burgerkracht: 8; 004:L143)
                approvalDelayWeeks: 4,                 // assumption; 000:L132, 000:L433
                referralThreshold: 5,                  // calibration E12/E13 (heavy ≥5 problems)
                referOnCrisis: true,                   // MODEL.md §3
                referAfterWeeksWithoutProgress: 16,    // assumption; 000:L293
                reviewIntervalWeeks: 4,                // assumption
                scaleDownAtProblems: -1,               // current practice: no afschalen (tandem: 2; 004:L125)
                returnToFirstLineAfterTreatment: false,
                handover: HandoverConfig(warm: false, delayWeeks: 2, trustLoss: 0.2), // assumption; 000:L534
                outreachWeeks: 0,                      // current practice: no outreach (004:L110)
                chanceDiscoveryWeeks: 52,              // assumption
                followUpWeeks: 104),                   // assumption
            warmupWeeks: 260,                          // assumption: the stock settles in about 5 years
            measureWeeks: 520)                         // assumption: 10 measured years
    }()

    /// Coupling matrix C[e][d]: how a problem on e pushes d down (assumption; mechanisms 000:L244,
    /// 003:L1277–1285, 002:L86, 000:L131).
    static let couplingMatrix: [Double] = {
        let rows: [[Double]] = [
            // FIN WORK HOUS REL  MH   PH  ADD  PAR  NET  JUS
            [0,   0,   0.6, 0.3, 0.6, 0.3, 0,   0.2, 0,   0],    // finances
            [0.5, 0,   0.2, 0,   0.3, 0,   0,   0,   0.4, 0],    // work
            [0,   0.3, 0,   0,   0.3, 0,   0,   0.5, 0,   0.2],  // housing
            [0,   0,   0,   0,   0.4, 0,   0,   0.5, 0,   0.2],  // relations
            [0.2, 0.5, 0,   0.3, 0,   0,   0.3, 0.4, 0.3, 0],    // mental health
            [0,   0.4, 0,   0,   0.2, 0,   0,   0,   0,   0],    // physical health
            [0.6, 0.4, 0,   0.4, 0.3, 0,   0,   0.4, 0,   0.4],  // addiction
            [0,   0,   0,   0.3, 0.2, 0,   0,   0,   0,   0],    // parenting
            [0,   0,   0,   0,   0.4, 0,   0.3, 0,   0,   0],    // social network
            [0.3, 0.3, 0.2, 0,   0,   0,   0,   0,   0,   0],    // justice
        ]
        return rows.flatMap { $0 }
    }()
}

extension Domain {
    static let socialNetworkDomain = Domain.network
}
