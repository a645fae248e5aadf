// Where each household is in the system, moment by moment: the classroom replay's picture.
//
// A zone is a reading of a household's state (stage, team, waiting lists, treatments, a running
// crisis, income), one zone per household, by a fixed order of precedence. The recorder notes every
// change of zone in the measured window, in the order the model made them; the model also counts
// the households per zone at every month end (`zone.<key>` series), by its own scan, so that the
// replay's counts can be checked against them. Recording never draws random numbers or changes the
// model's state.

import SimCore

/// Where a household is, as the replay draws it. When several apply, the first in this order wins
/// except `left` (a household that left is nowhere else): a crisis over treatment, treatment over a
/// waiting list, a specialist's list over the team, and work or home only when no one is involved.
public enum Zone: UInt8, CaseIterable, Sendable {
    /// At home, no professional involved (never asked yet, case closed, or problems gone).
    case home
    /// Asked for help (or was found) and in intake with a worker.
    case asking
    /// Own strength first: a trial period without professional support after intake.
    case ownStrength
    /// On a team's waiting list, or between two professionals (a handover).
    case waitingForTeam
    /// On a worker's caseload in a first-line team (the wijkteam).
    case withTeam
    /// On a worker's caseload in an intensive team (family coaching).
    case familyCoaching
    /// Referred to a second-line service: waiting for approval or on its waiting list.
    case waitingForSpecialist
    /// In treatment at a second-line service.
    case inTreatment
    /// A crisis that counts as an escalation is running (its drawn duration: an eviction, an
    /// out-of-home placement, a crisis admission). A crisis without duration (a police call) is a
    /// moment in the story, not a zone.
    case inCrisis
    /// In paid work, no professional involved.
    case atWork
    /// Left the city or the model (moved away, recovered, problems lifted before asking).
    case left

    /// The name used in series (`zone.<key>`) and files.
    public var key: String {
        switch self {
        case .home: "at_home"
        case .asking: "asking"
        case .ownStrength: "own_strength"
        case .waitingForTeam: "waiting_for_team"
        case .withTeam: "with_team"
        case .familyCoaching: "family_coaching"
        case .waitingForSpecialist: "waiting_for_specialist"
        case .inTreatment: "in_treatment"
        case .inCrisis: "in_crisis"
        case .atWork: "at_work"
        case .left: "left"
        }
    }

    /// The zones a present household can be in.
    public static let present: [Zone] = allCases.filter { $0 != .left }
}

/// One change of a household's zone or of its number of problem domains (the replay's colours).
public struct ZoneChange: Sendable, Equatable {
    /// Simulation time in weeks.
    public let week: Double
    /// The household's arrival number (stable across designs).
    public let household: UInt64
    public let zone: Zone
    /// Domains at level 1 or 2 (0 for a household that left).
    public let problems: Int
}

/// Records the zones of a sample of the city's households over the measured window (a neighbourhood's
/// worth, for the replay): the zones at its start, then every change, with the number of changes made
/// before each month end.
///
/// Which households are followed depends only on their arrival number (a hash below the share), so
/// two designs follow the same households. The model tells the recorder which households an event
/// touched (its own household, a newcomer, and every household whose next change it redraws); the
/// recorder compares only those. A crisis ends without an event, at the end of its drawn duration:
/// the recorder keeps those moments and notes them before the next event is handled. Month-end counts
/// come from a scan of their own (`zone.<key>` series), which is how the test knows no move was missed.
public final class ZoneRecorder {
    /// The share of households followed (1: all).
    public let share: Double
    private let threshold: UInt64
    /// The week recording started (the end of the warm-up); nan until then.
    public private(set) var start: Double = .nan
    /// The followed households present at the start, with their zones, by arrival number.
    public private(set) var initial: [ZoneChange] = []
    /// Every change after the start, in the order the model made them (arrivals enter a zone, leavers
    /// enter `left`).
    public private(set) var changes: [ZoneChange] = []
    /// Households present in the whole city at the start (followed or not).
    public internal(set) var presentAtStart = 0
    /// `monthEnds[m - 1]`: how many of `changes` were made before the end of measured month m.
    public private(set) var monthEnds: [Int] = []

    /// Per slot: the followed household last seen there (`UInt64.max`: none) and its state.
    private var slotHousehold: [UInt64] = []
    /// Zone and problem count, as `zone << 8 | problems`.
    private var slotState: [UInt16] = []
    /// Ends of running crises of followed households, earliest first (the engine's queue, ties in the
    /// order noted), and per slot the end last noted.
    private var crisisEnds = EventQueue<CrisisEnd>()
    private var crisisEndsNoted: UInt64 = 0
    private var slotCrisisEnd: [Double] = []

    struct CrisisEnd { let slot: Int; let household: UInt64 }

    public init(share: Double = 1) {
        precondition(share > 0 && share <= 1, "share must be in (0, 1]")
        self.share = share
        threshold = Self.threshold(share)
    }

    /// Whether the household with this arrival number is followed.
    public func follows(_ household: UInt64) -> Bool { Self.follows(household, threshold: threshold) }

    /// The test behind `follows`, for a recorder of stories of the same households.
    public static func sample(share: Double) -> @Sendable (UInt64) -> Bool {
        let threshold = Self.threshold(share)
        return { follows($0, threshold: threshold) }
    }

    static func threshold(_ share: Double) -> UInt64 { share >= 1 ? UInt64.max : UInt64(share * 0x1p64) }

    static func follows(_ household: UInt64, threshold: UInt64) -> Bool {
        guard threshold != UInt64.max else { return true }
        // SplitMix64's first output for the arrival number: arrival numbers spread evenly over 64 bits.
        var mixer = SplitMix64(seed: household)
        return mixer.next() < threshold
    }

    var recording: Bool { !start.isNaN }

    /// Whether the households present at the start are being noted.
    private var beginning = false

    func begin(at week: Double) {
        start = week
        beginning = true
    }

    /// Compares slot `s` (its household, nil if the slot is free, with its zone and problem count)
    /// with what was last seen there, and notes a difference at `week`.
    func observe(_ s: Int, at week: Double, household now: UInt64?, zone z: Zone, problems n: Int, crisisUntil: Double) {
        if slotHousehold.count <= s {
            slotHousehold.append(contentsOf: repeatElement(UInt64.max, count: s + 1 - slotHousehold.count))
            slotState.append(contentsOf: repeatElement(0, count: s + 1 - slotState.count))
            slotCrisisEnd.append(contentsOf: repeatElement(-.infinity, count: s + 1 - slotCrisisEnd.count))
        }
        let seen = slotHousehold[s]
        if seen != UInt64.max && seen != now {
            changes.append(ZoneChange(week: week, household: seen, zone: .left, problems: 0))
            slotHousehold[s] = UInt64.max
        }
        guard let now, follows(now) else { return }
        let state = UInt16(z.rawValue) << 8 | UInt16(n)
        if seen != now {
            slotHousehold[s] = now
            slotState[s] = state
            let change = ZoneChange(week: week, household: now, zone: z, problems: n)
            if beginning { initial.append(change) } else { changes.append(change) }
        } else if slotState[s] != state {
            slotState[s] = state
            changes.append(ZoneChange(week: week, household: now, zone: z, problems: n))
        }
        if z == .inCrisis && slotCrisisEnd[s] != crisisUntil {
            slotCrisisEnd[s] = crisisUntil
            crisisEndsNoted += 1
            crisisEnds.insert(ScheduledEvent(time: crisisUntil, sequence: crisisEndsNoted, timer: .none, generation: 0,
                                             payload: CrisisEnd(slot: s, household: now)))
        }
    }

    /// The earliest pending end of a crisis at or before `week`, taken off the list.
    func nextCrisisEnd(upTo week: Double) -> (week: Double, slot: Int, household: UInt64)? {
        guard let first = crisisEnds.first, first.time <= week else { return nil }
        _ = crisisEnds.popFirst()
        return (first.time, first.payload.slot, first.payload.household)
    }

    func sortInitial() {
        initial.sort { $0.household < $1.household }
        beginning = false
    }

    func monthEnded() {
        monthEnds.append(changes.count)
    }

    /// The measured costs per month of the window and payer (`costs[m][payer.rawValue]`, month 0 the
    /// first): every amount the model's ledger books, spread over the span it ran.
    public private(set) var costs: [[Double]] = []

    func cost(_ amount: Double, payer: Payer, from: Double, to: Double) {
        let month = 52.0 / 12
        func index(_ t: Double) -> Int { max(0, Int(((t - start) / month).rounded(.down))) }
        func add(_ m: Int, _ x: Double) {
            while costs.count <= m { costs.append([Double](repeating: 0, count: Payer.allCases.count)) }
            costs[m][payer.rawValue] += x
        }
        guard to > from else {
            // A moment on a month's end belongs to the month that ends there.
            add(max(0, Int(((from - start) / month - 1e-9).rounded(.up)) - 1), amount)
            return
        }
        var t = from
        while t < to {
            // The month t lies in (a time on a month's end, as summed month ends are, opens the next).
            var m = index(t)
            while start + Double(m + 1) * month <= t { m += 1 }
            let monthEnd = min(to, start + Double(m + 1) * month)
            add(m, amount * (monthEnd - t) / (to - from))
            t = monthEnd
        }
    }
}

extension CityModel {
    /// The zone of the household in slot `s` at `time` (the model's state now; a crisis is running
    /// while `time` is before its end).
    func zone(of s: Int, at time: Double) -> Zone {
        if records[s].crisisUntil > time { return .inCrisis }
        if households[s].treatedServices != 0 { return .inTreatment }
        if households[s].waitingServices | records[s].pendingReferrals != 0 { return .waitingForSpecialist }
        switch households[s].stage {
        case .teamSupport:
            let team = Int(households[s].team)
            return team >= 0 && config.teams[team].tier == .intensive ? .familyCoaching : .withTeam
        case .waitingForTeam, .handover: return .waitingForTeam
        case .intake: return .asking
        case .ownStrength: return .ownStrength
        case .latent, .closed, .specialistOnly: return households[s].income == .working ? .atWork : .home
        }
    }

    /// Shows slot `s` to the recorder as it is at `time`.
    func observeZone(_ recorder: ZoneRecorder, _ s: Int, at time: Double) {
        if freeSlotFlags[s] {
            recorder.observe(s, at: time, household: nil, zone: .left, problems: 0, crisisUntil: 0)
        } else {
            recorder.observe(s, at: time, household: records[s].arrivalIndex, zone: zone(of: s, at: time),
                             problems: households[s].problemCount, crisisUntil: records[s].crisisUntil)
        }
    }

    /// At the start of the window: every followed household present, as it is.
    func beginZones(_ recorder: ZoneRecorder) {
        recorder.begin(at: now)
        recorder.presentAtStart = arrived - gone
        for s in households.indices { observeZone(recorder, s, at: now) }
        recorder.sortInitial()
    }

    /// Before an event at `time`: the crises of followed households that ended meanwhile.
    func noteCrisisEnds(_ recorder: ZoneRecorder, upTo time: Double) {
        while let end = recorder.nextCrisisEnd(upTo: time) {
            guard !freeSlotFlags[end.slot], records[end.slot].arrivalIndex == end.household else { continue }
            observeZone(recorder, end.slot, at: end.week)
        }
    }

    /// The households per zone now among those the recorder follows, counted by a scan of every
    /// household (not from the recorder's own bookkeeping); `left` counts the followed households
    /// that left since measuring began.
    func zoneCounts(_ recorder: ZoneRecorder) -> [Int] {
        var counts = [Int](repeating: 0, count: Zone.allCases.count)
        for s in households.indices where !freeSlotFlags[s] && recorder.follows(records[s].arrivalIndex) {
            counts[Int(zone(of: s, at: now).rawValue)] += 1
        }
        counts[Int(Zone.left.rawValue)] = stats.followedLeft
        return counts
    }

    /// At a month end while a recorder is attached: notes the month end, and appends the month's
    /// `zone.<key>` series.
    mutating func recordZoneMonth(_ recorder: ZoneRecorder) {
        recorder.monthEnded()
        for (zone, n) in zip(Zone.allCases, zoneCounts(recorder)) {
            timeseries.append(TimeseriesRow(month: month, series: "zone.\(zone.key)", value: Double(n)))
        }
    }
}

extension CityModel {
    /// After an event: shows the recorder every household the event touched (its own, a newcomer, and
    /// every household whose next change is to be redrawn).
    mutating func observeTouched(_ recorder: ZoneRecorder, _ event: CityEvent) {
        switch event.kind {
        case .householdArrived: if arrivalSlot >= 0 { observeZone(recorder, arrivalSlot, at: now) }
        case .warmupEnded, .monthEnded: break
        default:
            let s = Int(event.household.slot)
            if s < households.count { observeZone(recorder, s, at: now) }
        }
        for i in 0..<dirtyCount { observeZone(recorder, Int(rates.dirty[i]), at: now) }
    }
}
