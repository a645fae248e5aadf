// The social-domain model: households, teams, services and work on the engine's scheduler.

import SimCore

/// The events of the model. They read as facts that happened.
///
/// Packed into 64 bits (kind, household slot and incarnation, and a team or service number), so a
/// scheduled event is as small as the engine's hold-model event: the future event set moves less
/// memory on every sift.
public struct CityEvent: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case householdArrived
        /// The household's pending change of state (a domain level, work, ladder, dropout) happened.
        case stateChanged
        /// The household asked for help, was found by outreach or chance, or came back.
        case signalled
        case intakeCompleted
        case trialEnded
        case reviewDue
        case handoverCompleted
        case referralApproved
        case treatmentCompleted
        case followUpEnded
        case warmupEnded
        case monthEnded
        /// A moment in the household's life: a year boundary of time on benefit (the exit hazard
        /// changes), the youngest child comes of age, or the oldest adult reaches pension age.
        case lifeEvent
    }

    let bits: UInt64

    init(_ kind: Kind, _ r: HouseholdRef = HouseholdRef(slot: 0, incarnation: 0), argument: Int = 0) {
        precondition(argument >= 0 && argument < 4_096, "event argument out of range")
        bits = UInt64(kind.rawValue) | UInt64(argument) << 4 | UInt64(r.incarnation) << 16 | UInt64(UInt32(bitPattern: r.slot)) << 32
    }

    /// (The low four bits always hold a `Kind` raw value: events are only made by `init`.)
    public var kind: Kind { unsafeBitCast(UInt8(truncatingIfNeeded: bits & 0xF), to: Kind.self) }
    /// The team or service the event concerns.
    var argument: Int { Int((bits >> 4) & 0xFFF) }
    var household: HouseholdRef {
        HouseholdRef(slot: Int32(bitPattern: UInt32(bits >> 32)), incarnation: UInt16(truncatingIfNeeded: bits >> 16))
    }

    static let householdArrived = CityEvent(.householdArrived)
    static let warmupEnded = CityEvent(.warmupEnded)
    static let monthEnded = CityEvent(.monthEnded)
    static func stateChanged(_ r: HouseholdRef) -> CityEvent { CityEvent(.stateChanged, r) }
    static func signalled(_ r: HouseholdRef) -> CityEvent { CityEvent(.signalled, r) }
    static func intakeCompleted(_ r: HouseholdRef) -> CityEvent { CityEvent(.intakeCompleted, r) }
    static func trialEnded(_ r: HouseholdRef) -> CityEvent { CityEvent(.trialEnded, r) }
    static func reviewDue(_ r: HouseholdRef) -> CityEvent { CityEvent(.reviewDue, r) }
    static func followUpEnded(_ r: HouseholdRef) -> CityEvent { CityEvent(.followUpEnded, r) }
    static func lifeEvent(_ r: HouseholdRef, _ moment: LifeMoment) -> CityEvent { CityEvent(.lifeEvent, r, argument: moment.rawValue) }
    static func handoverCompleted(_ r: HouseholdRef, team: Int16) -> CityEvent {
        CityEvent(.handoverCompleted, r, argument: Int(team))
    }
    static func referralApproved(_ r: HouseholdRef, service: Int16) -> CityEvent {
        CityEvent(.referralApproved, r, argument: Int(service))
    }
    static func treatmentCompleted(_ r: HouseholdRef, service: Int16) -> CityEvent {
        CityEvent(.treatmentCompleted, r, argument: Int(service))
    }
}

/// The moments of a household's life that change its rates or its needs.
enum LifeMoment: Int {
    case benefitDurationStep = 0
    case childrenGrownUp = 1
    case pensionAge = 2
    /// The household has been in care long enough for passivity to set in (000:L134).
    case passivityStarts = 3
}

/// Stream purposes: each kind of randomness has its own stream so designs stay aligned.
enum StreamPurpose: UInt64 {
    case arrivals = 10
    case householdAttributes = 11
    case householdLuck = 12
}

/// The model of one replication of one scenario.
public struct CityModel: SimulationModel {
    public typealias Event = CityEvent

    public let config: ModelConfig
    let key: StreamKey
    var arrivalRNG: Xoshiro256StarStar

    var households: [Household] = []
    /// Per slot, the cold half of the household (see `HouseholdRecord`).
    var records: [HouseholdRecord] = []
    var freeSlots: [Int32] = []
    var dynamicsTimer: [TimerID] = []
    var processTimer: [TimerID] = []
    /// Per (slot, service): the waiting-list ticket and the treatment start.
    var serviceTicket: [UInt64] = []
    var treatmentStart: [Double] = []

    // Precomputed configuration.
    let profileChoice: Categorical
    let problemCountChoice: [Categorical]
    let otherLevelChoice: [Categorical]
    let childrenChoice: Categorical
    let rungChoice: Categorical
    let crisisByDomain: [Int]
    /// Every crisis type per domain, in file order (each draws its own chance when the domain hits level 1).
    let crisesByDomain: [[Int]]
    let problemDomainWeightsByProfile: [[Double]]
    let serviceByDomain: [Int]
    let firstTeam: Int?
    let intensiveTeam: Int?
    let serviceCount: Int
    let warmupEnd: Double
    let end: Double

    /// The hot parameters, laid out for the rate loop.
    let constants: RateConstants

    // Teams, services, work.
    var teamLists: [WaitingList<HouseholdRef>]
    var teamPools: [CapacityPool]
    var caseloads: [[Int]]
    var serviceLists: [WaitingList<HouseholdRef>]
    var servicePools: [CapacityPool]
    var consultantList: WaitingList<HouseholdRef>
    var consultantPool: CapacityPool

    // Bookkeeping.
    public internal(set) var measuring = false
    /// The time of the event being handled.
    var now: Double = 0
    var arrived: Int = 0
    var gone: Int = 0
    /// Households that left, per `LeaveReason`.
    var goneByReason = [Int](repeating: 0, count: LeaveReason.allCases.count)
    var stageCounts = [Int](repeating: 0, count: Stage.allCases.count)
    var ledger = CostLedger()
    var stats = CityStatistics()
    /// Scratch space for the rate table of one household (a class, so writing it needs no uniqueness check).
    let rates: RateBuffer
    /// How many households (listed in `rates.dirty`) must have their next change redrawn once the
    /// current event is handled.
    var dirtyCount = 0
    /// Per slot: whether the slot is free (its household left).
    var freeSlotFlags: [Bool] = []
    /// The 64-bit FNV-1a fingerprint of the last rate table computed.
    var rateFingerprint: UInt64 = 0
    /// The entries of the last rate table computed that may be non-zero, one bit per transition.
    var rateCandidates: UInt64 = 0
    /// Optional story of households, for teaching and for hand-checked tests.
    public var trace: TraceRecorder?
    /// Optional record of every household's zone in the measured window, for the classroom replay;
    /// with it, the monthly series also count the households per zone (`zone.<key>`).
    public var zones: ZoneRecorder?
    /// The slot of the household that arrived last (for the zone recorder).
    var arrivalSlot = -1
    public internal(set) var timeseries: [TimeseriesRow] = []
    var month = 0
    var householdCosts: [Double] = []

    public init(config: ModelConfig, key: StreamKey) {
        let config = config.withMandateLever
        self.config = config
        self.key = key
        arrivalRNG = key.purpose(StreamPurpose.arrivals.rawValue).makeGenerator()
        profileChoice = Categorical(weights: config.profiles.map(\.share))
        problemCountChoice = config.profiles.map { Categorical(weights: $0.problemCountWeights) }
        otherLevelChoice = config.profiles.map { Categorical(weights: $0.otherLevelWeights) }
        childrenChoice = Categorical(weights: config.childrenCountWeights)
        rungChoice = Categorical(weights: config.ladderRungWeights)
        var crisisByDomain = [Int](repeating: -1, count: Domain.count)
        for (i, c) in config.crises.enumerated() where crisisByDomain[c.domain.rawValue] < 0 { crisisByDomain[c.domain.rawValue] = i }
        self.crisisByDomain = crisisByDomain
        var crisesByDomain = [[Int]](repeating: [], count: Domain.count)
        for (i, c) in config.crises.enumerated() { crisesByDomain[c.domain.rawValue].append(i) }
        self.crisesByDomain = crisesByDomain
        problemDomainWeightsByProfile = config.profiles.map { $0.problemDomainWeights ?? config.problemDomainWeights }
        var serviceByDomain = [Int](repeating: -1, count: Domain.count)
        for (i, s) in config.services.enumerated() where serviceByDomain[s.domain.rawValue] < 0 { serviceByDomain[s.domain.rawValue] = i }
        self.serviceByDomain = serviceByDomain
        constants = RateConstants(config)
        firstTeam = config.firstLineTeam
        intensiveTeam = config.intensiveTeam
        serviceCount = config.services.count
        rates = RateBuffer(count: Transition.dropout + config.services.count + 2 * Domain.count)
        warmupEnd = config.warmupWeeks
        end = config.warmupWeeks + config.measureWeeks
        teamLists = config.teams.map { _ in WaitingList(discipline: .priority) }
        teamPools = config.teams.map { CapacityPool(capacity: $0.slots) }
        caseloads = config.teams.map { [Int](repeating: 0, count: $0.workers) }
        serviceLists = config.services.map { WaitingList(discipline: $0.discipline) }
        servicePools = config.services.map { CapacityPool(capacity: $0.capacity) }
        consultantList = WaitingList(discipline: .firstComeFirstServed)
        consultantPool = CapacityPool(capacity: config.work.consultants * config.work.caseloadLimit)
        stats.escalations = [Int](repeating: 0, count: config.crises.count)
        stats.jobsFoundByProfile = [Int](repeating: 0, count: config.profiles.count)
        stats.onBenefitByProfile = [TimeWeightedAverage](repeating: TimeWeightedAverage(), count: config.profiles.count)
        stats.presentByProfile = [TimeWeightedAverage](repeating: TimeWeightedAverage(), count: config.profiles.count)
        stats.costByProfile = [Double](repeating: 0, count: config.profiles.count)
        stats.referrals = [Int](repeating: 0, count: config.services.count)
        stats.signalsByProfile = [Int](repeating: 0, count: config.profiles.count)
        stats.teamEntries = [Int](repeating: 0, count: config.teams.count)
        stats.serviceWaitsOver4w = [Int](repeating: 0, count: config.services.count)
        stats.teamWaitsOver4w = [Int](repeating: 0, count: config.teams.count)
        stats.teamDropouts = [Int](repeating: 0, count: config.teams.count)

    }

    /// Runs one replication of `config` with the streams of `key` and returns its measures.
    public static func replicate(_ config: ModelConfig, key: StreamKey, trace: TraceRecorder? = nil,
                                 zones: ZoneRecorder? = nil, limits: RunLimits = RunLimits()) -> ReplicationResult {
        var model = CityModel(config: config, key: key)
        model.trace = trace
        model.zones = zones
        var scheduler = Scheduler<CityEvent>(reservingCapacity: 4_096)
        return model.runReplication(&scheduler, limits: limits)
    }

    /// Schedules the first arrival, the end of warm-up and the monthly series.
    public mutating func start(_ scheduler: inout Scheduler<CityEvent>) {
        scheduleNextArrival(&scheduler)
        if warmupEnd > 0 { scheduler.schedule(.warmupEnded, at: warmupEnd) } else { beginMeasuring(at: 0) }
        // Months are recorded from the start, so that the warm-up can be checked (MSER-5); they are
        // numbered from the end of the warm-up: the warm-up's months are 0, −1, −2 …
        let warmupMonths = Int((warmupEnd / Self.weeksPerMonth + 1e-9).rounded(.down))
        month = -warmupMonths
        scheduler.schedule(.monthEnded, at: nextMonthEnd(warmupEnd - Double(warmupMonths) * Self.weeksPerMonth))
    }

    /// The end of the month that starts at `start`. Month ends are summed month by month, and the sum
    /// can overshoot the end of the run by a rounding error: the last month then ends exactly at the
    /// end, so that it is recorded.
    func nextMonthEnd(_ start: Double) -> Double {
        let t = start + Self.weeksPerMonth
        return abs(t - end) < 1e-6 ? end : t
    }

    static let weeksPerMonth = 52.0 / 12.0
}

/// Safety limits of one replication: a scenario whose rates make the system explode stops here
/// with a clear message instead of running for hours or exhausting memory.
public struct RunLimits: Sendable {
    /// Events per replication. The default city needs about 2.5 million for 15 years; ten times its
    /// population for 50 years about 90 million.
    public var maxEvents: UInt64 = 1_000_000_000
    /// Households present at once (each takes about half a kilobyte).
    public var maxHouseholdsPresent: Int = 4_000_000
    /// Events between two checks of the limits.
    public var checkEvery: UInt64 = 1 << 20
    /// Asked at every check: true stops the replication there (Ctrl-C, SIGTERM), marked `interrupted`.
    public var shouldStop: (@Sendable () -> Bool)? = nil

    public init(maxEvents: UInt64 = 1_000_000_000, maxHouseholdsPresent: Int = 4_000_000, checkEvery: UInt64 = 1 << 20) {
        self.maxEvents = maxEvents; self.maxHouseholdsPresent = maxHouseholdsPresent; self.checkEvery = checkEvery
    }
}

extension CityModel {

    /// Runs a whole replication: warm-up, measurement, and the end-of-run accounting.
    public mutating func runReplication(_ scheduler: inout Scheduler<CityEvent>, limits: RunLimits = RunLimits()) -> ReplicationResult {
        start(&scheduler)
        // In chunks, so that a scenario whose rates explode stops at a stated limit instead of
        // running for hours or exhausting memory (the check costs nothing per event). Besides the
        // counts, the growth of the households present over the last simulated year: when it would
        // carry them past the limit before the run ends, the run stops now, not hours later.
        var mark = (week: 0.0, present: 0)
        while true {
            let handled = run(scheduler: &scheduler, until: end, maxEvents: limits.checkEvery)
            if handled < limits.checkEvery { break }
            let present = arrived - gone
            if now - mark.week >= 52 {
                let perWeek = Double(present - mark.present) / (now - mark.week)
                let projected = Double(present) + perWeek * (end - now)
                if mark.week > 0, present > 10_000, perWeek > 0, projected > Double(limits.maxHouseholdsPresent) {
                    let weeksLeft = (Double(limits.maxHouseholdsPresent - present) / perWeek).rounded(.up)
                    var result = finish(at: now, scheduler: scheduler)
                    result.limitReached = "households present grow by about \(Int((perWeek * 52).rounded())) a year (\(present) by week \(Int(now))); "
                        + "at this rate they pass the limit of \(limits.maxHouseholdsPresent) by week \(Int(now + weeksLeft)), before the run ends at week \(Int(end))"
                    return result
                }
                mark = (now, present)
            }
            if let stop = limits.shouldStop, stop() {
                var result = finish(at: now, scheduler: scheduler)
                result.interrupted = true
                return result
            }
            var reason: String?
            if scheduler.eventsHandled >= limits.maxEvents {
                reason = "more than \(limits.maxEvents) events in one replication by week \(Int(now)) of \(Int(end))"
            } else if arrived - gone > limits.maxHouseholdsPresent {
                reason = "more than \(limits.maxHouseholdsPresent) households present at once by week \(Int(now)) of \(Int(end))"
            }
            if let reason {
                var result = finish(at: now, scheduler: scheduler)
                result.limitReached = reason
                return result
            }
        }
        return finish(at: end, scheduler: scheduler)
    }

    public mutating func handle(_ event: CityEvent, scheduler: inout Scheduler<CityEvent>) {
        now = scheduler.now
        let kind = event.kind
        if let zones, zones.recording { noteCrisisEnds(zones, upTo: now) }
        switch kind {
        case .householdArrived:
            householdArrived(&scheduler)
        case .warmupEnded:
            beginMeasuring(at: scheduler.now)
        case .monthEnded:
            recordMonth(at: scheduler.now)
            scheduler.schedule(.monthEnded, at: nextMonthEnd(scheduler.now))
        default:
            guard let s = live(event.household) else { return }
            switch kind {
            case .stateChanged: stateChanged(s, &scheduler)
            case .signalled: signalled(s, viaCrisis: false, &scheduler)
            case .intakeCompleted: intakeCompleted(s, &scheduler)
            case .trialEnded: trialEnded(s, &scheduler)
            case .reviewDue: review(s, &scheduler)
            case .handoverCompleted: joinTeam(s, event.argument, priority: 1, &scheduler)
            case .referralApproved: referralApproved(s, event.argument, &scheduler)
            case .treatmentCompleted: treatmentCompleted(s, event.argument, &scheduler)
            case .followUpEnded: followUpEnded(s, &scheduler)
            case .lifeEvent: lifeEvent(s, LifeMoment(rawValue: event.argument) ?? .benefitDurationStep, &scheduler)
            case .householdArrived, .warmupEnded, .monthEnded: break
            }
        }
        if let zones, zones.recording, now <= end { observeTouched(zones, event) }
        if dirtyCount > 0 { redrawChanged(&scheduler) }
        #if DEBUG || WIJKSIM_CHECKS
        if invariantChecksEnabled { checkInvariants() }
        #endif
    }

    /// The slot of a household still present with this incarnation.
    @inline(__always)
    mutating func live(_ r: HouseholdRef) -> Int? {   // mutating: see computeRates
        let s = Int(r.slot)
        return households[s].incarnation == r.incarnation ? s : nil
    }

    /// (mutating: see computeRates)
    mutating func ref(_ s: Int) -> HouseholdRef { HouseholdRef(slot: Int32(s), incarnation: households[s].incarnation) }

    mutating func setStage(_ s: Int, _ stage: Stage) {
        stageCounts[Int(households[s].stage.rawValue)] -= 1
        stageCounts[Int(stage.rawValue)] += 1
        let wasKnown = Self.isOpenCase(households[s].stage), isKnown = Self.isOpenCase(stage)
        households[s].stage = stage
        if wasKnown != isKnown { stats.openCases.record(stats.openCases.value + (isKnown ? 1 : -1), at: now) }
    }

    static func isOpenCase(_ stage: Stage) -> Bool { stage != .latent && stage != .closed }
}

/// Scratch memory owned by one model: the rate table, and the list of households to redraw.
final class RateBuffer {
    let pointer: UnsafeMutablePointer<Double>
    private(set) var dirty: UnsafeMutablePointer<Int32>
    private(set) var dirtyCapacity = 64

    init(count: Int) {
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0, count: count)
        dirty = .allocate(capacity: dirtyCapacity)
    }

    func growDirty() {
        let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: dirtyCapacity * 2)
        bigger.update(from: dirty, count: dirtyCapacity)
        dirty.deallocate()
        dirty = bigger
        dirtyCapacity *= 2
    }

    deinit {
        pointer.deallocate()
        dirty.deallocate()
    }
}

/// The parameters the rate loop reads on every change, flattened into raw buffers: no strings, no
/// nested arrays, no bounds or uniqueness checks in the hot loop. Owned by one model.
final class RateConstants {
    /// Coupling matrix, row-major, diagonal zero.
    let coupling: UnsafeMutablePointer<Double>
    let baseDown: UnsafeMutablePointer<Double>
    let baseUp: UnsafeMutablePointer<Double>
    let firstLineEffect: UnsafeMutablePointer<Double>
    let serviceEffectByDomain: UnsafeMutablePointer<Double>
    let workBlock: UnsafeMutablePointer<Double>
    let serviceDomain: [Int]
    let serviceDropout: [Double]
    let profileCoupling: [Double]
    let profileHours: [Double]
    let teamHours: [Double]
    let teamExpertise: [UInt16]
    let teamCoordinates: [Bool]
    /// A coordinator with a mandate holds the plan with authority (doorzettingsmacht, 000:L188).
    let teamAuthority: [Bool]
    let consultationHours: Double
    let fragileTrustBelow: Double
    let fragileDropoutFactor: Double
    let passivityAfter: Double
    let passivity: Double
    let teamDomainsAtOnce: [Int]
    let expertiseMatchOutside: Double
    let coordinationPenalty: Double
    let coordinatedPenalty: Double
    let networkShield: Double
    let newProblemFactor: Double
    let firstLineDamping: Double
    let specialistDamping: Double
    let workInTeam: Bool
    let workBase: Double
    let ladderFactor: [Double]
    let workSupportEffect: Double
    let ladderUpWithSupport: Double
    let ladderUpWithout: Double
    let jobLossEarly: Double
    let jobLossLate: Double
    let jobLossSettled: Double
    let workDurationFactor: [Double]
    let jobLossPerProblem: Double
    let workMode: WorkSupportMode
    /// Leaving bijstand for another reason, per week, by time on benefit (< 1 y, 1–3 y, > 3 y).
    let benefitOtherExit: [Double]
    let moveAway: Double
    let teamDropout: Double
    /// Finances and housing: the basic needs of `basics_first` work support (002:L86).
    let basicsMask = 1 << Domain.finances.rawValue | 1 << Domain.housing.rawValue
    let allDomains = (1 << Domain.count) - 1
    /// Per profile and problem mask, per domain: the base fall rate times (1 + coupling × pressure),
    /// where the pressure on a domain is the sum of the coupling-matrix rows of the problem domains
    /// (added in domain order, as the rate loop did). Profiles × 2¹⁰ × 10 doubles.
    let coupledDownTable: UnsafeMutablePointer<Double>
    let coupledDownCount: Int

    /// The row of `coupledDownTable` for a profile and a problem mask.
    @inline(__always)
    func coupledDown(profile: Int, problems: Int) -> UnsafeMutablePointer<Double> {
        coupledDownTable + (profile &<< Domain.count | problems) &* Domain.count
    }
    let domainsWithoutParenting = ((1 << Domain.count) - 1) & ~(1 << Domain.parenting.rawValue)

    init(_ config: ModelConfig) {
        let n = Domain.count
        func buffer(_ values: [Double]) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: values.count)
            p.initialize(from: values, count: values.count)
            return p
        }
        var matrix = config.dynamics.coupling
        for d in 0..<n { matrix[d * n + d] = 0 }
        coupling = buffer(matrix)
        baseDown = buffer(config.dynamics.baseDown)
        baseUp = buffer(config.dynamics.baseUp)
        firstLineEffect = buffer(config.dynamics.firstLineEffect)
        var effect = [Double](repeating: 0, count: n)
        for d in 0..<n {
            if let service = config.services.firstIndex(where: { $0.domain.rawValue == d }) {
                effect[d] = config.services[service].effectPerWeek
            }
        }
        serviceEffectByDomain = buffer(effect)
        workBlock = buffer(config.work.block)
        serviceDomain = config.services.map(\.domain.rawValue)
        serviceDropout = config.services.map(\.dropoutPerWeek)
        profileCoupling = config.profiles.map(\.coupling)
        profileHours = config.profiles.map(\.hoursNeededPerWeek)
        teamHours = config.teams.map(\.directHoursPerWeek)
        teamExpertise = config.teams.map(\.expertise.rawValue)
        teamCoordinates = config.teams.map { $0.role == .coordinator }
        teamAuthority = config.teams.map { $0.role == .coordinator && $0.mandate }
        consultationHours = config.dynamics.consultationHoursPerProfessional
        fragileTrustBelow = config.dynamics.fragileTrustBelow
        fragileDropoutFactor = config.dynamics.fragileDropoutFactor
        passivityAfter = config.dynamics.passivityAfterWeeks
        passivity = config.dynamics.passivity
        teamDomainsAtOnce = config.teams.map(\.domainsAtOnce)
        expertiseMatchOutside = config.dynamics.expertiseMatchOutside
        coordinationPenalty = config.dynamics.coordinationPenalty
        coordinatedPenalty = config.dynamics.coordinatedPenalty
        networkShield = config.dynamics.networkShield
        newProblemFactor = config.dynamics.newProblemFactor
        firstLineDamping = config.dynamics.firstLineDamping
        specialistDamping = config.dynamics.specialistDamping
        workInTeam = config.work.inTeam
        workMode = config.work.mode
        workBase = config.work.baseRatePerWeek
        ladderFactor = config.work.ladderFactor
        workSupportEffect = config.work.supportEffect
        ladderUpWithSupport = config.work.ladderUpWithSupport
        ladderUpWithout = config.work.ladderUpWithout
        jobLossEarly = config.work.jobLossEarly
        jobLossLate = config.work.jobLossLate
        jobLossSettled = config.work.jobLossSettled
        workDurationFactor = config.work.durationFactor
        jobLossPerProblem = config.work.jobLossPerProblem
        benefitOtherExit = config.flows.benefitOtherExitPerWeek
        moveAway = config.flows.moveAwayPerWeek
        teamDropout = config.path.teamDropoutPerWeek
        let masks = 1 << n
        coupledDownCount = config.profiles.count * masks * n
        coupledDownTable = .allocate(capacity: coupledDownCount)
        var pressure = [Double](repeating: 0, count: n)
        for mask in 0..<masks {
            for d in 0..<n { pressure[d] = 0 }
            var problems = mask
            while problems != 0 {
                let e = problems.trailingZeroBitCount
                problems &= problems &- 1
                for d in 0..<n { pressure[d] += coupling[e * n + d] }
            }
            for (p, profile) in config.profiles.enumerated() {
                let strength = profile.coupling
                for d in 0..<n {
                    (coupledDownTable + (p * masks + mask) * n + d).initialize(to: baseDown[d] * (1 + strength * pressure[d]))
                }
            }
        }
    }

    deinit {
        for p in [coupling, baseDown, baseUp, firstLineEffect, serviceEffectByDomain, workBlock, coupledDownTable] { p.deallocate() }
    }
}
