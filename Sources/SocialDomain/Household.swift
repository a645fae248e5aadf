// A household: the unit of the model (huishouden), stored by value in a contiguous array.

import SimCore

/// Where a household stands on its path through the system.
public enum Stage: UInt8, CaseIterable, Sendable {
    /// Has problems but is not yet known to any professional.
    case latent
    /// Signalled; on a team's waiting list.
    case waitingForTeam
    /// Being assessed at intake.
    case intake
    /// Own-strength trial: no professional support for a while (Burgerkracht, 004:L143).
    case ownStrength
    /// Supported by a worker of a team.
    case teamSupport
    /// Between two professionals (handover).
    case handover
    /// Known only to second-line services (waiting for or in treatment), no team.
    case specialistOnly
    /// Case closed; still followed, since problems can come back.
    case closed
}

/// A household's slot and the incarnation of that slot, so that events of a household that has
/// left are never applied to the one that reuses its slot.
public struct HouseholdRef: Hashable, Sendable {
    public var slot: Int32
    /// Wraps after 65,536 reuses of one slot; a slot is reused a handful of times even in a
    /// 50-year run, and the events that rely on it last weeks, not lifetimes.
    public var incarnation: UInt16
}

struct Household {
    // Fields read on every change of state come first, so that they share the first cache lines.
    /// The household's own luck (dynamics, durations, choices): common random numbers across designs.
    var luck: Xoshiro256StarStar
    var network: Double
    var trust: Double
    var approvalUntil: Double = 0
    var jobStart: Double = 0
    /// A hash of the rate table behind the pending draw.
    var rateFingerprint: UInt64 = 0
    var waitingServices: UInt32 = 0
    var treatedServices: UInt32 = 0
    var incarnation: UInt16
    var team: Int16 = -1
    var worker: Int16 = -1
    var profile: UInt8
    var children: UInt8
    var income: Income
    var rung: UInt8
    var stage: Stage
    var pendingTransition: Int8 = -1
    var hasConsultant = false
    /// Whether the household's income is one it left bijstand for (a partner's income, another
    /// benefit): such income ends at the job-loss rates, and the household may return to benefit.
    var fragileIncome = false
    /// Domains at level 1 or 2 (problems), at level 1 (acute) and at level 5 (top), as bit masks;
    /// kept in step with `levels` by `setLevel(_:_:)` and `refreshMasks()`.
    private(set) var problemMask: Int16 = 0
    private(set) var acuteMask: Int16 = 0
    private(set) var topMask: Int16 = 0
    /// Levels per domain, lanes 0..<10.
    var levels: SIMD16<Int8>

    init(incarnation: UInt16, luck: Xoshiro256StarStar, levels: SIMD16<Int8>, profile: UInt8, children: UInt8,
         income: Income, rung: UInt8, stage: Stage, network: Double, trust: Double) {
        self.incarnation = incarnation
        self.luck = luck
        self.levels = levels
        self.profile = profile
        self.children = children
        self.income = income
        self.rung = rung
        self.stage = stage
        self.network = network
        self.trust = trust
        refreshMasks()
    }

    func level(_ d: Domain) -> Int { Int(levels[d.rawValue]) }

    var problems: Int { Int(problemMask) }
    var acute: Int { Int(acuteMask) }
    var top: Int { Int(topMask) }

    var problemCount: Int { problemMask.nonzeroBitCount }

    var hasAcute: Bool { acuteMask != 0 }

    /// Sets one domain's level and the masks.
    mutating func setLevel(_ d: Int, _ level: Int8) {
        levels[d] = level
        let bit = Int16(1) << Int16(d)
        problemMask = level <= 2 ? problemMask | bit : problemMask & ~bit
        acuteMask = level == 1 ? acuteMask | bit : acuteMask & ~bit
        topMask = level == 5 ? topMask | bit : topMask & ~bit
    }

    /// Recomputes the masks from `levels`.
    mutating func refreshMasks() {
        problemMask = 0
        acuteMask = 0
        topMask = 0
        for d in 0..<Domain.count {
            if levels[d] <= 2 { problemMask |= Int16(1) << Int16(d) }
            if levels[d] == 1 { acuteMask |= Int16(1) << Int16(d) }
            if levels[d] == 5 { topMask |= Int16(1) << Int16(d) }
        }
    }

}

/// The parts of a household that the rate loop never reads: its path, bookkeeping and story. Kept
/// in a parallel array, so the household array stays small enough to stay in cache.
struct HouseholdRecord {
    var arrivalIndex: UInt64
    var adults: UInt8
    var asks: Bool
    var lastWorkerID: Int32 = -1
    var needsIntake = true
    var trialDone = false
    var pendingReferrals: UInt32 = 0
    var servicesSeen: UInt32 = 0
    var professionals: UInt16 = 0
    var waitingConsultant = false
    var consultantTicket: UInt64 = 0
    var signalledAt: Double = .nan
    var firstContactDone = false
    var supportSince: Double = 0
    var relationshipSince: Double = 0
    var caseStart: Double = 0
    var lastProgress: Double = 0
    var benefitSince: Double = 0
    var consultantSince: Double = 0
    var closedAt: Double = -.infinity
    /// Until when an escalation crisis runs (its drawn duration), for the replay's zones only.
    var crisisUntil: Double = -.infinity
    /// Whether the last closure was a counted case closure (not a dropout from a team's list).
    var closureCounted = false
    /// Whether a signal (asking, outreach, chance) is on the household's process timer.
    var signalPending = false
    /// The team whose waiting list the household is on (−1: none) and its ticket there. While
    /// bridging, the household is on an intensive team's list and still with its first-line worker.
    var waitingTeam: Int16 = -1
    var teamTicket: UInt64 = 0
    /// When the household last left bijstand (for returns within a year).
    var benefitExitAt: Double = -.infinity
    /// When the youngest child comes of age, and when the oldest adult reaches pension age.
    var childrenGrownAt: Double = .infinity
    var pensionAt: Double = .infinity
    /// Costs booked to this household inside the measurement window.
    var cost: Double = 0
    /// The same in the current calendar year of the window (`costYear`), for the yearly concentration.
    var yearCost: Double = 0
    var costYear: Int32 = -1
    /// Benefit is paid up to here (the running spell is settled at every year end).
    var benefitPaidTo: Double = 0
    /// Since when the household has been in professional care without a break (a worker or a
    /// treatment; ∞: not in care): passivity and network wear set in after a while (000:L134).
    var careSince: Double = .infinity
    /// Weeks the next professional spends re-assessing after a cold handover (000:L534), and the
    /// services whose treatment starts after one (they last that much longer).
    var reassessWeeks: Double = 0
    var coldServices: UInt32 = 0
    /// Whether referrals made now come through a cold handover to the second line.
    var handingOverCold = false
    /// Whether the household ever came forward (or was found), whether it ever had two or more
    /// problem domains when it did, and whether its consultant counts among its professionals.
    var reached = false
    /// Whether a professional ever helped it (a worker took it on, or a treatment started).
    var helped = false
    var multiProblemEpisode = false
    var consultantCounted = false


    init(arrivalIndex: UInt64, adults: UInt8, asks: Bool) {
        self.arrivalIndex = arrivalIndex
        self.adults = adults
        self.asks = asks
    }
}

