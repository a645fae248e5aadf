// The built-in default city: about 150,000 inhabitants, current practice (a generalist wijkteam,
// family coaches, a separate work-and-income service). Every number names its source: a line of
// calibration notes (keys such as E14, listed in docs/SOURCES.md), a seed line (000:L188 …), or "assumption".

import SimCore

extension ModelConfig {
    /// Domain order: finances, work, housing, relations, mental health, physical health, addiction,
    /// parenting, social network, justice.
    public static let defaultCity: ModelConfig = {
        let hoursPerFTEWeek = 28.1                    // calibration A1 (1,720 h/yr), E16 (15% overhead): 1720/52 × 0.85 = 28.1 h direct
        var city = ModelConfig(
            name: "default-city",
            priceYear: 2024,                           // calibration E20, E21
            arrivalsPerYear: 1_600,                    // the profiles' arrivals added up (each share below is households a year)
            profiles: [
                // light multi-problem: 2–3 problems, decent network (calibration E13; MODEL.md §2)
                ProfileConfig(name: "light", share: 360, problemCounts: [2, 3], problemCountWeights: [0.55, 0.45],
                              otherLevelWeights: [0.35, 0.45, 0.20], startsInCrisis: false,
                              coupling: 0.5,           // assumption
                              networkMean: 0.6,        // assumption
                              benefitProbability: 0.45, // assumption; 000:L404
                              childrenProbability: 0.5, // assumption
                              neverAsksProbability: 0.10, // assumption; 004:L35
                              helpSeekingDelay: .exponential(mean: 12), // assumption
                              hoursNeededPerWeek: 1.0), // assumption
                // complex: 4+ interwoven problems, weak network (004:L103; calibration E13)
                ProfileConfig(name: "complex", share: 168, problemCounts: [4, 5, 6], problemCountWeights: [0.7, 0.2, 0.1],
                              otherLevelWeights: [0.5, 0.4, 0.1], startsInCrisis: false,
                              coupling: 1.0, networkMean: 0.3,
                              benefitProbability: 0.65, // 003:L34 (50–70% of bijstand clients multi-problem)
                              childrenProbability: 0.7, neverAsksProbability: 0.30, // 004:L110, 003:L1258
                              helpSeekingDelay: .exponential(mean: 24), hoursNeededPerWeek: 3.0), // 003:L386
                // crisis: heavy, ≥5 problems, one acute at arrival (calibration E12, E13)
                ProfileConfig(name: "crisis", share: 72, problemCounts: [5, 6, 7, 8], problemCountWeights: [0.3, 0.35, 0.25, 0.1],
                              otherLevelWeights: [0.6, 0.35, 0.05], startsInCrisis: true,
                              coupling: 1.5, networkMean: 0.2, benefitProbability: 0.70, childrenProbability: 0.8,
                              neverAsksProbability: 0.40, helpSeekingDelay: .exponential(mean: 4), hoursNeededPerWeek: 4.0),
                // single-problem users, the bulk of the clientele (calibration B2: 1.4M of 8M households use individual services)
                // benefit only: bijstand, no problem domain at arrival (calibration E4 inflow less the multi-problem and returning inflow)
                ProfileConfig(name: "benefit_only", share: 170, problemCounts: [0], problemCountWeights: [1],
                              otherLevelWeights: [0.35, 0.45, 0.20], startsInCrisis: false,
                              coupling: 0.5, networkMean: 0.5, benefitProbability: 1, childrenProbability: 0.4,
                              neverAsksProbability: 0.2, helpSeekingDelay: .exponential(mean: 12), hoursNeededPerWeek: 1.0),
                // debt only: one problem, finances (calibration E24: 780 debt-help applications a year, about half from multi-problem households)
                ProfileConfig(name: "debt_only", share: 400, problemCounts: [1], problemCountWeights: [1],
                              otherLevelWeights: [0.2, 0.5, 0.3], startsInCrisis: false,
                              coupling: 0.5, networkMean: 0.6, benefitProbability: 0.2, childrenProbability: 0.5,
                              neverAsksProbability: 0.1, helpSeekingDelay: .exponential(mean: 8), hoursNeededPerWeek: 0.5,
                              ageRange: 18...66, problemDomainWeights: Self.only(.finances)),
                // youth care only: one problem, parenting, with children (assumption; calibration A5 Nijmegen youth-care clients)
                ProfileConfig(name: "youth_only", share: 300, problemCounts: [1], problemCountWeights: [1],
                              otherLevelWeights: [0.2, 0.5, 0.3], startsInCrisis: false,
                              coupling: 0.5, networkMean: 0.6, benefitProbability: 0.15, childrenProbability: 1,
                              neverAsksProbability: 0.1, helpSeekingDelay: .exponential(mean: 8), hoursNeededPerWeek: 0.5,
                              ageRange: 25...55, problemDomainWeights: Self.only(.parenting)),
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
                newProblemFactor: 0.5,                 // assumption, calibrated to calibration F7 (returns within a year)
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
                // shelter €41/night (E33) for a mean 26 weeks with a long tail (assumption)
                CrisisTypeConfig(name: "eviction", domain: .housing, probability: 0.3, costPerEvent: 7_500,
                                 payer: .housingCorporation, costPerWeek: 287, duration: .lognormal(mean: 26, sd: 39),
                                 durationPayer: .municipalitySupport),
                // out-of-home placement: €40,000/child-year 2012 +30% → €1,000/week (E28); probability assumption;
                // duration a mean 1.5 years with a long tail (assumption: long residential youth care)
                CrisisTypeConfig(name: "out_of_home_placement", domain: .parenting, probability: 0.5, costPerEvent: 0,
                                 payer: .municipalityYouth, costPerWeek: 1_000, duration: .lognormal(mean: 78, sd: 104),
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
                // Long care that can follow a crisis: the heavy tail of the costs (not counted as escalations).
                // sheltered housing (beschermd wonen): up to €70,000 a year with heavy GGZ support (calibration A7);
                // probability and duration assumption
                CrisisTypeConfig(name: "sheltered_housing", domain: .mentalHealth, probability: 0.08, costPerEvent: 0,
                                 payer: .municipalitySupport, costPerWeek: 70_000.0 / 52, duration: .lognormal(mean: 104, sd: 104),
                                 durationPayer: .municipalitySupport, countsAsEscalation: false),
                // chronic mental-health care (EPA): €21,000 a year (calibration A6, E23); probability and duration assumption
                CrisisTypeConfig(name: "chronic_mental_health_care", domain: .mentalHealth, probability: 0.15, costPerEvent: 0,
                                 payer: .healthInsurer, costPerWeek: 21_000.0 / 52, duration: .lognormal(mean: 156, sd: 156),
                                 durationPayer: .healthInsurer, countsAsEscalation: false),
                // child-protection measure (family supervision): €5,000 a year, a year on average (assumption: not in the sources)
                CrisisTypeConfig(name: "child_protection", domain: .parenting, probability: 0.3, costPerEvent: 0,
                                 payer: .municipalityYouth, costPerWeek: 5_000.0 / 52, duration: .lognormal(mean: 52, sd: 26),
                                 durationPayer: .municipalityYouth, countsAsEscalation: false),
            ],
            teams: [
                TeamConfig(name: "wijkteam", tier: .first, role: .intermediary, // 000:L194 (generalist not regisseur)
                           workers: 28,                // derived: E16's arithmetic (23.4) plus a margin off the tipping point
                           caseloadLimit: 35,          // calibration E14 (30–40)
                           directHoursPerWeek: hoursPerFTEWeek,
                           expertise: DomainSet([.finances, .socialNetworkDomain]), // assumption: T-shaped, 000:L230
                           mandate: false,             // current practice; 000:L132
                           networkBuildingPerWeek: 0, maxWeeks: 52, // assumption; calibration E15
                           costPerFTEYear: 100_000,    // calibration E20
                           costBasis: .fte, payer: .municipalitySupport, category: .firstLine),
                TeamConfig(name: "family_coaching", tier: .intensive, role: .coordinator,
                           workers: 15,                // calibration E19
                           caseloadLimit: 6,           // 000:L188 (1:6); calibration E17
                           directHoursPerWeek: 21.1, // 004:L123 (regie takes time); 25% assumption
                           expertise: DomainSet([.parenting, .relations, .finances, .mentalHealth]),
                           mandate: false, networkBuildingPerWeek: 0, maxWeeks: 52, // calibration E18 (6–12 months typical)
                           costPerFTEYear: 100_000, costBasis: .fte, payer: .municipalityYouth, category: .secondLine),
            ],
            services: [
                // capacities: assumption, ggz and youth_care calibrated to the waits of calibration F4/F5 (E22, E27), see Scenarios/CALIBRATION.md
                ServiceConfig(name: "debt_help", domain: .finances, capacity: 100, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.5), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 0,
                              pricePerTrajectory: 3_600, // E26: €1,100 execution + €2,500 placeholder (not sourced)
                              payer: .municipalitySupport, dropoutPerWeek: 0.01), // calibration G: not found → assumption
                ServiceConfig(name: "ggz", domain: .mentalHealth, capacity: 67, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.6), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 202, pricePerTrajectory: 885, // E23 (NZa 2021)
                              payer: .healthInsurer, dropoutPerWeek: 0.01), // 003:L761–764
                ServiceConfig(name: "addiction_care", domain: .addiction, capacity: 45, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.6), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 190, pricePerTrajectory: 0, // assumption (calibration G)
                              payer: .healthInsurer, dropoutPerWeek: 0.01),
                ServiceConfig(name: "youth_care", domain: .parenting, capacity: 62, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 26, cv: 0.6), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 163, pricePerTrajectory: 0, // calibration A5 (low)
                              payer: .municipalityYouth, dropoutPerWeek: 0.01),
                ServiceConfig(name: "housing_support", domain: .housing, capacity: 70, discipline: .priority,
                              treatmentWeeks: .gamma(mean: 39, cv: 0.5), effectPerWeek: 0.07, levelsGainedAtCompletion: 0,
                              completionSuccess: 1, pricePerWeek: 150, pricePerTrajectory: 0, // assumption
                              payer: .municipalitySupport, dropoutPerWeek: 0.01),
            ],
            work: WorkConfig(
                consultants: 30,                       // derived: calibration E3 (4,300 benefit households) ÷ 150 = 29, one more for the stock's spread
                caseloadLimit: 150,                    // 003:L585–589 (40–300); mid-range assumption
                mode: .sequential,                     // current practice; 000:L135 names it a fault
                inTeam: false,
                baseRatePerWeek: 0.18 / 52,            // assumption, calibrated to calibration E6's overall 0.12/yr
                ladderFactor: [0.15, 0.30, 0.60, 1.0, 1.5], // assumption, monotone in rung (calibration D2)
                block: [0.7, 0.6, 0.5, 0.8, 0.5, 0.6, 0.4, 0.8, 0.8, 0.7], // assumption; 000:L81, 003:L1277
                supportEffect: 0.3,                    // assumption
                ladderUpWithSupport: 1.0 / 26, ladderUpWithout: 1.0 / 104, // assumption; 003:L1038
                jobLossEarly: 0.0076, jobLossLate: 0.0025, // calibration B1 (82% working after 6 months, 72% after 18)
                jobLossSettled: 0.001,                 // derived: calibration E7 (35% back on bijstand within 5 years)
                durationFactor: [1, 0.5, 0.23],        // calibrated to calibration E5's gradient (exits 0.22/y in year 1, 0.08/y after 3 years)
                jobLossPerProblem: 0.25,               // assumption (MODEL.md §3)
                returnToBenefit: 0.85,                 // assumption, checked against calibration E7 (20% within 1 yr)
                benefitPerWeekSingle: 15_700.0 / 52, benefitPerWeekCouple: 22_400.0 / 52, // calibration E21
                costPerFTEYear: 100_000, costBasis: .fte), // calibration E20
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
                followUpWeeks: 104,                    // assumption
                teamDropoutPerWeek: 0.01,              // assumption, as the services (calibration G: not found); 003:L761–764
                bridgingSupport: true,                 // practice: the worker keeps the household until the handover is accepted
                intensiveOnCrisis: false),             // family coaching for the heaviest only (000:L188); acute domains go to their service
            flows: FlowsConfig(
                moveAwayPerWeek: 0.035 / 52,           // assumption: about 3.5% of households move to another municipality each year
                benefitOtherExitPerWeek: [0.20 / 52, 0.10 / 52, 0.04 / 52], // derived: calibration E5 (0.25/y overall, falling with duration) less E6's 0.12/y to work
                pensionAge: 67,                        // AOW age 2024 (statute)
                childAdultAge: 18),                    // Jeugdwet: youth care until 18 (statute)
            warmupWeeks: 30 * 52,                      // the long-term bijstand stock takes 25–27 years to settle (MSER-5)
            measureWeeks: 520)                         // assumption: 10 measured years
        // Mechanisms of issue 12 (README, "How the designs differ"):
        city.dynamics.trustConcentration = 5           // assumption: trust at first contact varies as the network does
        city.dynamics.fragileTrustBelow = 0.3          // assumption; 003:L762–764 (the fragile give up fast)
        city.dynamics.fragileDropoutFactor = 2         // assumption; 003:L762–764
        city.dynamics.consultationHoursPerProfessional = 0.1  // assumption: half an hour a month per other professional; 000:L188
        city.dynamics.passivityAfterWeeks = 26         // assumption; 000:L134 (care-centred help makes clients passive)
        city.dynamics.passivity = 0.3                  // assumption; 000:L134
        city.dynamics.networkWearPerWeek = 0.1 / 52    // assumption; 000:L134 (the network steps back under long care)
        city.path.handover.warmDelayWeeks = 0.5        // assumption; 000:L534 (introduced in person)
        city.path.handover.warmTrustLoss = 0           // assumption; 000:L534
        city.path.handover.reassessmentWeeks = 2       // assumption; 000:L534 ("opnieuw dezelfde informatie")
        city.path.dropoutTrustLoss = 0.1               // assumption; 003:L759–764 (frustration)
        city.path.dropoutRungsLost = 1                 // assumption; 003:L762–764 (the steps towards participation are lost)
        city.path.askAgainAfterDropoutWeeks = 26       // assumption
        city.path.access = AccessConfig(nearbyTeamAsks: 0.3,   // assumption; 004:L35, L110 (help nearby lowers the threshold)
                                        frontDeskAcceptance: 0.7) // assumption: indication criteria at a service's own desk
        return city
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

extension ModelConfig {
    /// Problem-domain weights with one domain only (single-problem profiles).
    static func only(_ domain: Domain) -> [Double] {
        var w = [Double](repeating: 0, count: Domain.count)
        w[domain.rawValue] = 1
        return w
    }
}
