// The model's configuration: every rate, size, price and rule of a team design. Time in weeks,
// money in euros of `priceYear`. A configuration that exists is valid (ScenarioKit validates files).

import SimCore

/// A household profile (light, complex, crisis …): how its problems start and how it seeks help.
public struct ProfileConfig: Sendable, Equatable {
    public var name: String
    /// Share of arrivals with this profile (shares are normalised over profiles).
    public var share: Double
    /// Number of problem domains (level ≤ 2) at arrival: `problemCounts[i]` with weight `problemCountWeights[i]`.
    public var problemCounts: [Int]
    public var problemCountWeights: [Double]
    /// Weights of levels 3, 4, 5 for the domains that are not problems at arrival.
    public var otherLevelWeights: [Double]
    /// Whether one problem domain starts at level 1 (an acute crisis at arrival).
    public var startsInCrisis: Bool
    /// Strength of cross-domain coupling (multiplies the coupling matrix).
    public var coupling: Double
    /// Mean network strength (0–1); drawn per household from a Beta with concentration 5.
    public var networkMean: Double
    /// Probability of being on benefit (bijstand) at arrival.
    public var benefitProbability: Double
    /// Probability of having children.
    public var childrenProbability: Double
    /// Probability that the household never asks for help itself (found by outreach, chance or crisis).
    public var neverAsksProbability: Double
    /// Weeks from the start of problems until the household asks for help, if it asks.
    public var helpSeekingDelay: Distribution
    /// Professional hours per week this household needs for full first-line intensity.
    public var hoursNeededPerWeek: Double
    /// Age of the oldest adult at arrival, in years: drawn uniformly between the two bounds. Decides
    /// when the household reaches pension age (and leaves bijstand for the state pension, AOW).
    public var ageRange: ClosedRange<Double> = 18...66
    /// Relative chance per domain of being a problem at arrival for this profile (nil: the city's
    /// `problemDomainWeights`). Single-problem profiles (debt only, youth care only) set their own.
    public var problemDomainWeights: [Double]? = nil

    public init(name: String, share: Double, problemCounts: [Int], problemCountWeights: [Double],
                otherLevelWeights: [Double], startsInCrisis: Bool, coupling: Double, networkMean: Double,
                benefitProbability: Double, childrenProbability: Double, neverAsksProbability: Double,
                helpSeekingDelay: Distribution, hoursNeededPerWeek: Double, ageRange: ClosedRange<Double> = 18...66,
                problemDomainWeights: [Double]? = nil) {
        self.name = name; self.share = share; self.problemCounts = problemCounts
        self.problemCountWeights = problemCountWeights; self.otherLevelWeights = otherLevelWeights
        self.startsInCrisis = startsInCrisis; self.coupling = coupling; self.networkMean = networkMean
        self.benefitProbability = benefitProbability; self.childrenProbability = childrenProbability
        self.neverAsksProbability = neverAsksProbability; self.helpSeekingDelay = helpSeekingDelay
        self.hoursNeededPerWeek = hoursNeededPerWeek
        self.ageRange = ageRange; self.problemDomainWeights = problemDomainWeights
    }
}

/// Problem dynamics: competing exponential clocks per domain (MODEL.md §3).
public struct DynamicsConfig: Sendable, Equatable {
    /// Base deterioration rate per domain, per week.
    public var baseDown: [Double]
    /// Base improvement rate per domain through own strength, per week (× (1 + network)).
    public var baseUp: [Double]
    /// Coupling matrix, row-major: `coupling[e * 10 + d]` is how much a problem on e pushes d down.
    public var coupling: [Double]
    /// Multiplies the fall rate of a domain that is not yet a problem (level 3–5): new problems start
    /// more slowly than existing ones deepen. Without it, households followed until lasting recovery
    /// would keep a tenth of their domains in problem for ever (see Scenarios/CALIBRATION.md).
    public var newProblemFactor: Double = 1
    /// How much network strength shields against deterioration: × (1 − shield × network).
    public var networkShield: Double
    /// Damping of deterioration on a domain under first-line support: × (1 − damping).
    public var firstLineDamping: Double
    /// Damping of deterioration on a domain under specialist treatment.
    public var specialistDamping: Double
    /// First-line improvement rate per week on a problem domain at full intensity and expertise.
    public var firstLineEffect: [Double]
    /// Expertise match of a generalist outside their own specialisms (T-shaped worker; 1 inside).
    public var expertiseMatchOutside: Double
    /// Effect lost per extra professional on a household: × 1 / (1 + penalty × (n − 1)).
    public var coordinationPenalty: Double
    /// The same when one coordinator (regisseur) holds the plan.
    public var coordinatedPenalty: Double
    /// Trust gained per week with the same worker (0–1 scale).
    public var trustGainPerWeek: Double
    /// Initial trust (0–1).
    public var initialTrust: Double
    /// Work and finances improve when a job starts: levels gained on finances.
    public var financesGainOnJob: Int
    /// Spread of trust at the first contact: drawn per household from a Beta with mean `initialTrust`
    /// and this concentration (0: every household starts at `initialTrust`).
    public var trustConcentration: Double = 0
    /// A household is fragile below this trust: it gives up on waiting lists `fragileDropoutFactor`
    /// times as fast (003:L762–764).
    public var fragileTrustBelow: Double = 0.3
    public var fragileDropoutFactor: Double = 2
    /// Hours per week a worker spends aligning with each other professional on the household when no
    /// coordinator with authority holds the plan (several coordinators, 000:L188); taken from the
    /// household's share of the worker's direct hours.
    public var consultationHoursPerProfessional: Double = 0
    /// Passivity (000:L134): after this many weeks of professional care without work support, the
    /// household's own-strength improvement, job finding and climbing of the participation ladder are
    /// × (1 − `passivity`), and its network wears at `networkWearPerWeek` (the network steps back
    /// when professionals take over).
    public var passivityAfterWeeks: Double = .infinity
    public var passivity: Double = 0
    public var networkWearPerWeek: Double = 0

    public init(baseDown: [Double], baseUp: [Double], coupling: [Double], newProblemFactor: Double = 1, networkShield: Double,
                firstLineDamping: Double, specialistDamping: Double, firstLineEffect: [Double],
                expertiseMatchOutside: Double, coordinationPenalty: Double, coordinatedPenalty: Double,
                trustGainPerWeek: Double, initialTrust: Double, financesGainOnJob: Int) {
        self.baseDown = baseDown; self.baseUp = baseUp; self.coupling = coupling; self.newProblemFactor = newProblemFactor
        self.networkShield = networkShield; self.firstLineDamping = firstLineDamping
        self.specialistDamping = specialistDamping; self.firstLineEffect = firstLineEffect
        self.expertiseMatchOutside = expertiseMatchOutside; self.coordinationPenalty = coordinationPenalty
        self.coordinatedPenalty = coordinatedPenalty; self.trustGainPerWeek = trustGainPerWeek
        self.initialTrust = initialTrust; self.financesGainOnJob = financesGainOnJob
    }
}

/// A type of crisis (escalation) that happens when a domain reaches level 1.
public struct CrisisTypeConfig: Sendable, Equatable {
    /// Output name, e.g. `eviction` (CONTRACT.md: escalations_per_year.<crisis>).
    public var name: String
    /// The domain whose fall to level 1 can cause it.
    public var domain: Domain
    /// Probability that the costly event happens when the domain reaches level 1.
    public var probability: Double
    /// Cost per event (€).
    public var costPerEvent: Double
    /// Who pays the event cost.
    public var payer: Payer
    /// Cost per week the crisis lasts (€/week), e.g. a placement, an admission, a shelter stay.
    public var costPerWeek: Double
    /// How long it lasts, in weeks.
    public var duration: Distribution
    /// Who pays the weekly cost.
    public var durationPayer: Payer
    /// Whether an event counts as an escalation (false for long care that follows a crisis, such as
    /// sheltered housing after a crisis admission: it is a cost, not a second crisis).
    public var countsAsEscalation: Bool = true
}

/// The role a team's workers take towards the households on their caseload.
public enum TeamRole: String, Sendable, CaseIterable {
    /// Hands households over to the second line and closes its own case (Burgerkracht, 004:L115).
    case intermediary
    /// Keeps the household and holds one plan while specialists work inside it (regisseur, 000:L188).
    case coordinator
}

/// Which households a team is for.
public enum TeamTier: String, Sendable, CaseIterable {
    /// The broad first line: the social neighbourhood team (sociaal wijkteam).
    case first
    /// Intensive support for complex households: family coaching, intervention team (000:L204).
    case intensive
}

/// How staff costs are booked.
public enum CostBasis: String, Sendable, CaseIterable {
    /// Per household-week on a caseload: cost per FTE-year ÷ (caseload × 52). Idle capacity costs nothing.
    case caseload
    /// Per FTE-year, whatever the use.
    case fte
}

/// A team of workers with caseloads (generalists, family coaches, regisseurs).
public struct TeamConfig: Sendable, Equatable {
    public var name: String
    public var tier: TeamTier
    public var role: TeamRole
    /// Number of workers (FTE).
    public var workers: Int
    /// Households per worker at most.
    public var caseloadLimit: Int
    /// Direct hours per worker per week, shared over the households on the caseload.
    public var directHoursPerWeek: Double
    /// Domains the team's workers are specialised in (expertise match 1; elsewhere `expertiseMatchOutside`).
    public var expertise: DomainSet
    /// Whether workers can start interventions and referrals without an approval delay (000:L433).
    public var mandate: Bool
    /// Network strength gained per week of support (community building, 004:L133).
    public var networkBuildingPerWeek: Double
    /// Longest support before the case is closed or moved on, in weeks (∞ = as long as needed).
    public var maxWeeks: Double
    /// How many problem domains a worker works on at once: all of them (integral working, 000:L290)
    /// or one after another, the most urgent (lowest level) first.
    public var domainsAtOnce: Int = 10
    public var costPerFTEYear: Double
    public var costBasis: CostBasis
    public var payer: Payer
    public var category: CostCategory

    public var slots: Int { workers * caseloadLimit }
}

/// A second-line specialist service with a waiting list.
public struct ServiceConfig: Sendable, Equatable {
    public var name: String
    /// The domain it treats.
    public var domain: Domain
    /// Treatment places.
    public var capacity: Int
    public var discipline: QueueDiscipline
    /// Weeks of treatment.
    public var treatmentWeeks: Distribution
    /// Improvement rate per week on its domain during treatment.
    public var effectPerWeek: Double
    /// Levels gained at completion (with `completionSuccess` probability), on top of the rate.
    public var levelsGainedAtCompletion: Int
    public var completionSuccess: Double
    /// Price per week of treatment and per trajectory (€).
    public var pricePerWeek: Double
    public var pricePerTrajectory: Double
    public var payer: Payer
    /// Rate per week at which a waiting household gives up (× `fragileDropoutFactor` when fragile).
    public var dropoutPerWeek: Double
}

/// When work support runs.
public enum WorkSupportMode: String, Sendable, CaseIterable {
    /// Alongside care, from the start (000:L135: sequential is a fault; 000:L398).
    case parallel
    /// Only once no domain is a problem (stabilisation first).
    case sequential
    /// Only once finances and housing are no longer problems (basic needs first, 002:L86).
    case basicsFirst = "basics_first"
}

/// Work and income: klantmanagers, finding and losing paid work, benefits.
public struct WorkConfig: Sendable, Equatable {
    /// Work-and-income consultants (klantmanagers), FTE.
    public var consultants: Int
    /// Benefit households per consultant (003:L585–589: 40–300).
    public var caseloadLimit: Int
    public var mode: WorkSupportMode
    /// Whether the consultants sit in the neighbourhood team (warm, no extra professional: 000:L200).
    public var inTeam: Bool
    /// Entry rate into paid work per week for a household on benefit at rung 4 with no problems.
    public var baseRatePerWeek: Double
    /// Multiplier per participation-ladder rung 1…5.
    public var ladderFactor: [Double]
    /// Multiplier per problem domain (level 2); squared at level 1.
    public var block: [Double]
    /// Entry rate × (1 + effect) while work support is active.
    public var supportEffect: Double
    /// Rate per week of climbing one rung, with and without work support.
    public var ladderUpWithSupport: Double
    public var ladderUpWithout: Double
    /// Job-loss rate per week in the first 26 weeks of a job and after.
    public var jobLossEarly: Double
    public var jobLossLate: Double
    /// Job-loss rate per week once a job (or an income left bijstand for) has lasted 78 weeks.
    public var jobLossSettled: Double = 0.001
    /// Multiplier of the entry rate into work by time on benefit (< 1 year, 1–3 years, > 3 years):
    /// the longer on benefit, the further from the labour market (calibration E5's duration gradient).
    public var durationFactor: [Double] = [1, 1, 1]
    /// Job loss × (1 + this × number of problem domains).
    public var jobLossPerProblem: Double
    /// Probability of returning to benefit after losing a job (otherwise other income).
    public var returnToBenefit: Double
    /// Benefit per household-week (€), single and couple.
    public var benefitPerWeekSingle: Double
    public var benefitPerWeekCouple: Double
    public var costPerFTEYear: Double
    public var costBasis: CostBasis
}

/// How warm or cold a handover between professionals is (000:L534).
public struct HandoverConfig: Sendable, Equatable {
    public var warm: Bool
    /// Weeks between leaving one professional and reaching the next, when cold.
    public var delayWeeks: Double
    /// Trust lost when cold (0–1 scale).
    public var trustLoss: Double
    /// The same when warm: introduced in person, the file travels with the household.
    public var warmDelayWeeks: Double = 0
    public var warmTrustLoss: Double = 0
    /// Weeks the receiving professional spends gathering again what was lost in a cold handover: the
    /// household tells its story again (000:L534). Support starts that much later, and a specialist
    /// treatment lasts that much longer.
    public var reassessmentWeeks: Double = 0

    public init(warm: Bool, delayWeeks: Double, trustLoss: Double, warmDelayWeeks: Double = 0, warmTrustLoss: Double = 0,
                reassessmentWeeks: Double = 0) {
        self.warm = warm; self.delayWeeks = delayWeeks; self.trustLoss = trustLoss
        self.warmDelayWeeks = warmDelayWeeks; self.warmTrustLoss = warmTrustLoss; self.reassessmentWeeks = reassessmentWeeks
    }

    /// The delay, trust loss and re-assessment of this design's handovers.
    public var delay: Double { warm ? warmDelayWeeks : delayWeeks }
    public var loss: Double { warm ? warmTrustLoss : trustLoss }
    public var reassessment: Double { warm ? 0 : reassessmentWeeks }
}

/// How households find the way to help (004:L35, L110): a nearby wijkteam lowers the threshold to
/// ask; without one, each service's own front desk decides whether a problem is its business.
public struct AccessConfig: Sendable, Equatable {
    /// Share of the households that would never ask at a front desk but do ask a nearby, accessible
    /// first-line team (the design has one). Drawn per household, whatever the design.
    public var nearbyTeamAsks: Double = 0
    /// Probability that a service's own front desk takes on a level-2 problem a household brings
    /// itself, without a professional's referral (indication criteria; a crisis is always taken on).
    public var frontDeskAcceptance: Double = 1

    public init(nearbyTeamAsks: Double = 0, frontDeskAcceptance: Double = 1) {
        self.nearbyTeamAsks = nearbyTeamAsks; self.frontDeskAcceptance = frontDeskAcceptance
    }
}

/// The path through the system: signal, intake, triage, support, referral, scale-down, closure.
public struct PathConfig: Sendable, Equatable {
    /// Weeks of intake (assessment) at the first line.
    public var intakeWeeks: Distribution
    /// Weeks of own-strength trial for light households before first-line support (0 = none; 004:L143).
    public var ownStrengthTrialWeeks: Double
    /// The trial counts as sufficient when at most this many problem domains are left and none is acute:
    /// the rest is left to the household and its network (004:L129, L143).
    public var ownStrengthSufficesAtProblems: Int = 1
    /// Network strength gained at the start of the trial: the informal network is mobilised (Eigen
    /// Kracht conference, 000:L473–475).
    public var ownStrengthNetworkGain: Double = 0.2
    /// Weeks an intervention or referral waits for approval when the worker has no mandate.
    public var approvalDelayWeeks: Double
    /// Refer to intensive support or the second line at this many problem domains or more.
    public var referralThreshold: Int
    /// With `intensiveOnCrisis`: a household with a domain at level 1 at intake also goes to the
    /// intensive team. A crisis refers to its own service whatever this says.
    public var referOnCrisis: Bool
    /// Refer a problem domain to its specialist service after this many weeks without progress.
    public var referAfterWeeksWithoutProgress: Double
    /// Weeks between case reviews.
    public var reviewIntervalWeeks: Double
    /// Scale down from intensive to first-line support when problems are at most this many and none is acute (afschalen, 004:L125); −1 = never.
    public var scaleDownAtProblems: Int
    /// After specialist care ends, households with problems left go back to the first line.
    public var returnToFirstLineAfterTreatment: Bool
    public var handover: HandoverConfig
    /// Mean weeks until outreach finds a household that does not ask (0 = no outreach; 004:L35).
    public var outreachWeeks: Double
    /// Mean weeks until a household that does not ask is found by chance (school, GP, landlord).
    public var chanceDiscoveryWeeks: Double
    /// Weeks a household with no problem, no benefit and no care running stays in view after its case
    /// closed (or its problems lifted); if nothing comes back by then it counts as recovered and
    /// leaves the model. A household with anything that costs money or can bring it back stays.
    public var followUpWeeks: Double
    /// Rate per week at which a household waiting for a team gives up (it closes unhelped and may
    /// ask again later, or be found through a crisis).
    public var teamDropoutPerWeek: Double = 0
    /// Whether the first-line worker keeps supporting a household handed over to an intensive team
    /// until that team takes it (bridging support); otherwise the household waits unsupported.
    public var bridgingSupport: Bool = false
    /// Whether an acute domain at intake also sends the household to the intensive team (otherwise
    /// the acute domain goes to its service with priority, and the intensive team is for households
    /// at the referral threshold: the heaviest, 000:L188).
    public var intensiveOnCrisis: Bool = true
    /// Trust lost when a household gives up waiting (a team or a service list): the frustration of
    /// 003:L759–764.
    public var dropoutTrustLoss: Double = 0
    /// Participation-ladder rungs a recipient loses when it gives up waiting: "de kwetsbare groep, die
    /// misschien al een paar stappen in de richting van participatie heeft gezet, haakt snel af"
    /// (003:L762–764); the steps are lost.
    public var dropoutRungsLost: Int = 0
    /// Mean weeks before a household that gave up waiting asks again (exponential; the household's
    /// own help-seeking delay when that is longer). 0: as its own help-seeking delay.
    public var askAgainAfterDropoutWeeks: Double = 0
    public var access = AccessConfig()
    /// The mandate as a lever of its own, whatever the design: each team's own setting, or every
    /// team with (or without) the mandate to act without approval (000:L132, 000:L433).
    public var mandate: MandateLever = .perTeam
}

/// Who may act without waiting for approval.
public enum MandateLever: String, Sendable, CaseIterable {
    /// As each team's `mandate` says.
    case perTeam = "per_team"
    /// Every team has the mandate.
    case all
    /// No team has it.
    case none
}

/// How households leave the city, the benefit and the model (MODEL.md §2 "Population and flows").
/// A household is followed while it lives in the city and has anything that can cost money or
/// bring it back: no cost stops being counted because the model stops following it.
public struct FlowsConfig: Sendable, Equatable {
    /// Rate per week at which a household moves out of the city (residential mobility). Its costs
    /// end there: another municipality pays from then on.
    public var moveAwayPerWeek: Double
    /// Rate per week of leaving bijstand for reasons other than work (a partner's income, another
    /// benefit, moving in with others), by time on benefit: under 1 year, 1–3 years, over 3 years.
    public var benefitOtherExitPerWeek: [Double]
    /// Age (years) at which the state pension (AOW) replaces bijstand.
    public var pensionAge: Double
    /// Age (years) at which a child leaves youth care's remit (Jeugdwet: 18); with no younger
    /// child left, the parenting domain no longer applies.
    public var childAdultAge: Double

    public init(moveAwayPerWeek: Double, benefitOtherExitPerWeek: [Double], pensionAge: Double, childAdultAge: Double) {
        self.moveAwayPerWeek = moveAwayPerWeek; self.benefitOtherExitPerWeek = benefitOtherExitPerWeek
        self.pensionAge = pensionAge; self.childAdultAge = childAdultAge
    }
}

/// Why a household left the model.
public enum LeaveReason: Int, CaseIterable, Sendable {
    /// Moved out of the city.
    case movedAway
    /// Stayed without problems, benefit or care for the recovery period (lasting recovery).
    case recovered
    /// Its problems lifted before it asked anyone: it never became a case and costs nothing.
    case liftedBeforeAsking

    public var key: String {
        switch self {
        case .movedAway: "moved_away"
        case .recovered: "recovered"
        case .liftedBeforeAsking: "lifted_before_asking"
        }
    }
}

/// A whole scenario: the city, its households and its team design.
public struct ModelConfig: Sendable, Equatable {
    public var name: String
    /// Price level year of all euro amounts.
    public var priceYear: Int
    /// Inhabitants of the city (for rates per 1,000 inhabitants).
    public var inhabitants: Int = 150_000
    /// New households with problems per year (Poisson).
    public var arrivalsPerYear: Double
    public var profiles: [ProfileConfig]
    /// Relative chance, per domain, of being among a household's problem domains at arrival.
    public var problemDomainWeights: [Double]
    /// Probability of two adults (otherwise one).
    public var twoAdultsProbability: Double
    /// Number of children given at least one: weights for 1, 2, 3, …
    public var childrenCountWeights: [Double]
    /// Participation-ladder rung 1…5 at arrival for households on benefit (weights).
    public var ladderRungWeights: [Double]
    public var dynamics: DynamicsConfig
    public var crises: [CrisisTypeConfig]
    public var teams: [TeamConfig]
    public var services: [ServiceConfig]
    public var work: WorkConfig
    public var path: PathConfig
    public var flows: FlowsConfig = FlowsConfig(moveAwayPerWeek: 0, benefitOtherExitPerWeek: [0, 0, 0], pensionAge: 200,
                                                 childAdultAge: 200)
    /// Scripted arrival times in weeks, replacing the Poisson arrivals (teaching cases, hand-checked tests).
    public var scriptedArrivals: [Double]? = nil
    /// Weeks simulated before measuring starts.
    public var warmupWeeks: Double
    /// Weeks measured after the warm-up.
    public var measureWeeks: Double

    public var firstLineTeam: Int? { teams.firstIndex { $0.tier == .first && $0.slots > 0 } }

    /// The configuration with `path.mandate` applied to every team.
    public var withMandateLever: ModelConfig {
        var c = self
        switch path.mandate {
        case .perTeam: break
        case .all: for t in c.teams.indices { c.teams[t].mandate = true }
        case .none: for t in c.teams.indices { c.teams[t].mandate = false }
        }
        return c
    }
    public var intensiveTeam: Int? { teams.firstIndex { $0.tier == .intensive && $0.slots > 0 } }
}
