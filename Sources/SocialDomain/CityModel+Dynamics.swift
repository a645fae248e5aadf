// Problem dynamics in continuous time: one pending change per household, drawn from competing
// exponential clocks (MODEL.md §3), redrawn after every change to the household's state.

import SimCore

/// Transition indices in the rate table: 0..<10 a domain falls, 10..<20 a domain rises,
/// then entry into work, a step up the participation ladder, job loss, leaving bijstand for another
/// reason, moving out of the city, and giving up on a team's waiting list.
enum Transition {
    static let down = 0
    static let up = 10
    static let jobFound = 20
    static let ladderUp = 21
    static let jobLost = 22
    static let benefitExit = 23
    static let moveAway = 24
    static let teamDropout = 25
    /// 26 + k: the household gives up waiting for service k (dropout while waiting).
    static let dropout = 26
}

extension CityModel {
    /// Fills the rate table with the rate of every transition of household `s`, per week, and
    /// returns their sum. The hot path of the model: it reads the household's fields in place and
    /// adds coupling pressure a whole matrix row at a time.
    /// (Declared `mutating` only so that callers in mutating context pass `self` by address: a
    /// non-mutating call from there copies the whole model struct first.)
    mutating func computeRates(_ s: Int) -> Double {
        let table = rates.pointer
        let k = constants
        let profile = Int(households[s].profile)
        let trust = households[s].trust
        let network = households[s].network
        let treatedServices = households[s].treatedServices
        let team = Int(households[s].team)
        // Support state.
        var firstLine = false
        var intensity = 0.0
        var match = 1.0
        var expertise: UInt16 = 0
        var coordinated = false
        let professionalsNow = (team >= 0 ? 1 : 0) + treatedServices.nonzeroBitCount
            + (households[s].hasConsultant && !k.workInTeam ? 1 : 0)
        if households[s].stage == .teamSupport, team >= 0, now >= households[s].approvalUntil {
            firstLine = true
            let load = max(1, caseloads[team][Int(households[s].worker)])
            // Without a coordinator with authority, the worker aligns with every other professional on
            // the household, in hours taken from the household's share (several coordinators, 000:L188).
            coordinated = k.teamAuthority[team]
            let aligning = coordinated ? 0 : k.consultationHours * Double(max(0, professionalsNow - 1))
            intensity = min(1, max(0, k.teamHours[team] / Double(load) - aligning) / k.profileHours[profile])
            expertise = k.teamExpertise[team]
            match = k.expertiseMatchOutside
        }
        // Professional effects are scaled by trust and by coordination: each extra professional on the
        // household costs effect unless one coordinator with authority holds the plan (000:L133, 000:L188, 000:L546).
        var support = 0.0
        if firstLine || treatedServices != 0 {
            let penalty = coordinated ? k.coordinatedPenalty : k.coordinationPenalty
            support = (0.5 + trust) / (1 + penalty * Double(max(0, professionalsNow - 1)))
        }
        // Work support runs for a recipient with a consultant, in the design's order (parallel,
        // after stabilisation, after the basic needs).
        let workActive = Self.workSupportActive(households[s].income, hasConsultant: households[s].hasConsultant,
                                                problems: households[s].problems, mode: k.workMode, basics: k.basicsMask)
        // Passivity (000:L134): long care that does not lead towards work slows own-strength recovery.
        let careSince = records[s].careSince
        let passive = now - careSince >= k.passivityAfter - 1e-9 && !workActive && households[s].income != .working
        let shield = 1 - k.networkShield * network
        let ownStrength = (1 + network) * (passive ? 1 - k.passivity : 1)
        // Problem domains, and the pressure they put on every domain (diagonal is zero): the base fall
        // rate times (1 + coupling × pressure) depends only on the profile and the problem mask, so it
        // is read from a table filled once per model (`RateConstants.coupledDown`).
        let problemMask = households[s].problems
        let coupledDown = k.coupledDown(profile: profile, problems: problemMask)
        // Domains under specialist treatment.
        var treatedMask = 0
        var services = treatedServices
        while services != 0 {
            let service = services.trailingZeroBitCount
            treatedMask |= 1 << k.serviceDomain[service]
            services &= services &- 1
        }
        // Domains that can change: all, but parenting only with children.
        let children = households[s].children != 0
        var active = children ? k.allDomains : k.domainsWithoutParenting
        table[Transition.down + Domain.parenting.rawValue] = 0
        table[Transition.up + Domain.parenting.rawValue] = 0
        let acuteMask = households[s].acute
        let topMask = households[s].top
        var supportedMask = firstLine ? problemMask : 0
        if firstLine && k.teamDomainsAtOnce[team] < problemMask.nonzeroBitCount {
            supportedMask = mostUrgent(problemMask, count: k.teamDomainsAtOnce[team], acute: acuteMask)
        }
        // Entries that may be non-zero: downs where not acute, ups where not at the top.
        var nonzero = (active & ~acuteMask) << Transition.down | (active & ~topMask) << Transition.up
        var total = 0.0
        // Two independent hash lanes (falls, rises) so that the multiplications do not form one long chain.
        var hashDown: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(children ? 0 : 1)
        var hashUp: UInt64 = 0x8422_2325_CBF2_9CE4
        let baseUp = k.baseUp, firstLineEffect = k.firstLineEffect
        let serviceEffect = k.serviceEffectByDomain
        let firstLineDamping = k.firstLineDamping, specialistDamping = k.specialistDamping
        let downScale = shield
        let quietScale = shield * k.newProblemFactor
        let helped = treatedMask | supportedMask
        if helped == 0 {
            // No professional help (most households): a fall unless acute, a rise unless at the top.
            while active != 0 {
                let d = active.trailingZeroBitCount
                active &= active &- 1
                let bit = 1 << d
                let fall = coupledDown[d] * (problemMask & bit != 0 ? downScale : quietScale)
                let rise = baseUp[d] * ownStrength
                let down = acuteMask & bit == 0 ? fall : 0
                let up = topMask & bit == 0 ? rise : 0
                table[Transition.down + d] = down
                table[Transition.up + d] = up
                total += down + up
                hashDown = (hashDown ^ down.bitPattern) &* 0x0000_0100_0000_01B3
                hashUp = (hashUp ^ up.bitPattern) &* 0x0000_0100_0000_01B3
            }
        }
        while active != 0 {
            let d = active.trailingZeroBitCount
            active &= active &- 1
            let bit = 1 << d
            let treated = treatedMask & bit != 0
            let supported = supportedMask & bit != 0
            var damping = supported ? firstLineDamping : 0
            if treated { damping = max(damping, specialistDamping) }
            let fall = coupledDown[d] * (problemMask & bit != 0 ? downScale : quietScale) * (1 - damping)
            let down = acuteMask & bit == 0 ? fall : 0
            var up = 0.0
            if topMask & bit == 0 {
                up = baseUp[d] * ownStrength
                if supported {
                    let m = expertise & (1 << UInt16(d)) != 0 ? 1 : match
                    up += firstLineEffect[d] * intensity * m * support
                }
                if treated { up += serviceEffect[d] * support }
            }
            table[Transition.down + d] = down
            table[Transition.up + d] = up
            total += down + up
            hashDown = (hashDown ^ down.bitPattern) &* 0x0000_0100_0000_01B3
            hashUp = (hashUp ^ up.bitPattern) &* 0x0000_0100_0000_01B3
        }
        // Work.
        var jobFound = 0.0, ladderUp = 0.0, jobLost = 0.0, benefitExit = 0.0
        switch households[s].income {
        case .benefit:
            // Leaving bijstand for another reason, at a hazard that falls with time on benefit (calibration E5).
            let onBenefit = now - records[s].benefitSince
            let band = onBenefit < 52 ? 0 : (onBenefit < 156 ? 1 : 2)
            benefitExit = k.benefitOtherExit[band]
            var rate = k.workBase * k.ladderFactor[Int(households[s].rung) - 1] * k.workDurationFactor[band]
            var mask = problemMask
            while mask != 0 {
                let d = mask.trailingZeroBitCount
                rate *= acuteMask & (1 << d) != 0 ? k.workBlock[d] * k.workBlock[d] : k.workBlock[d]
                mask &= mask &- 1
            }
            let active = workActive
            if active { rate *= 1 + k.workSupportEffect }
            // A passive client (long care, no work support) moves less towards work (000:L134).
            let drive = passive ? 1 - k.passivity : 1
            jobFound = rate * drive
            if households[s].rung < 5 { ladderUp = (active ? k.ladderUpWithSupport : k.ladderUpWithout) * drive }
        case .working:
            jobLost = jobLossRate(s, problems: problemMask)
        case .other:
            if households[s].fragileIncome { jobLost = jobLossRate(s, problems: problemMask) }
        }
        let moveAway = k.moveAway
        // Waiting for a team without support, fragile households give up twice as fast (as on service lists).
        let fragile = trust < k.fragileTrustBelow ? k.fragileDropoutFactor : 1
        let teamDropout = households[s].stage == .waitingForTeam ? k.teamDropout * fragile : 0
        table[Transition.jobFound] = jobFound
        table[Transition.ladderUp] = ladderUp
        table[Transition.jobLost] = jobLost
        table[Transition.benefitExit] = benefitExit
        table[Transition.moveAway] = moveAway
        table[Transition.teamDropout] = teamDropout
        nonzero |= 63 << Transition.jobFound
        total += jobFound + ladderUp + jobLost + benefitExit + moveAway + teamDropout
        var hashWork = (hashDown ^ jobFound.bitPattern) &* 0x0000_0100_0000_01B3
        hashWork = (hashWork ^ ladderUp.bitPattern) &* 0x0000_0100_0000_01B3
        hashWork = (hashWork ^ jobLost.bitPattern) &* 0x0000_0100_0000_01B3
        hashWork = (hashWork ^ benefitExit.bitPattern) &* 0x0000_0100_0000_01B3
        hashWork = (hashWork ^ teamDropout.bitPattern) &* 0x0000_0100_0000_01B3
        // Dropout while waiting is one more competing clock per waiting list (003:L761–764); fragile
        // households with little trust give up twice as fast.
        let waiting = households[s].waitingServices
        if waiting != 0 {
            let trustMultiplier = fragile
            for service in 0..<serviceCount {
                let rate = waiting & (1 << UInt32(service)) != 0 ? k.serviceDropout[service] * trustMultiplier : 0
                table[Transition.dropout + service] = rate
                total += rate
                hashWork = (hashWork ^ rate.bitPattern ^ UInt64(service)) &* 0x0000_0100_0000_01B3
            }
            nonzero |= Int(waiting) << Transition.dropout
        }
        rateFingerprint = hashWork ^ (hashUp &* 0x9E37_79B9_7F4A_7C15)
        rateCandidates = UInt64(truncatingIfNeeded: nonzero)
        return total
    }

    /// The rate of losing a job (or an income left bijstand for): high in the first 26 weeks, lower
    /// to 78 weeks (calibration B1), low once settled (calibration E7's returns within five years);
    /// raised by open problems.
    mutating func jobLossRate(_ s: Int, problems: Int) -> Double {   // mutating: see computeRates
        let k = constants
        let tenure = now - households[s].jobStart
        let base = tenure < 26 ? k.jobLossEarly : (tenure < 78 ? k.jobLossLate : k.jobLossSettled)
        return base * (1 + k.jobLossPerProblem * Double(problems.nonzeroBitCount))
    }

    /// The `count` most urgent of the problem domains: acute (level 1) ones first, then in domain order.
    func mostUrgent(_ problems: Int, count: Int, acute: Int) -> Int {
        var chosen = 0, left = count
        var m = problems & acute
        while m != 0 && left > 0 { chosen |= m & -m; m &= m &- 1; left -= 1 }
        m = problems & ~acute
        while m != 0 && left > 0 { chosen |= m & -m; m &= m &- 1; left -= 1 }
        return chosen
    }

    /// Marks the household's rates as changed; its next change is redrawn once, when the current
    /// event has been handled (so an event that changes a household several times draws once).
    mutating func reschedule(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        // The list holds the few households touched by this event; a scan beats a flag per household.
        let slot = Int32(s)
        let list = rates.dirty
        for i in 0..<dirtyCount where list[i] == slot { return }
        if dirtyCount == rates.dirtyCapacity { rates.growDirty() }
        rates.dirty[dirtyCount] = slot
        dirtyCount += 1
    }

    /// Redraws the next change of every household whose state changed during this event. A
    /// household that left during the event has had its timer cancelled and is skipped.
    mutating func redrawChanged(_ scheduler: inout Scheduler<CityEvent>) {
        var i = 0
        while i < dirtyCount {
            let s = Int(rates.dirty[i])
            i += 1
            if freeSlotFlags[s] { continue }
            redraw(s, &scheduler)
        }
        dirtyCount = 0
    }

    /// Draws the household's next change (when, and which) and schedules it, replacing the old one.
    mutating func redraw(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        updateCareClock(s, &scheduler)
        let total = computeRates(s)
        let scratch = rates.pointer
        // If the rates are exactly those of the pending draw, that draw is still a valid sample
        // (exponential clocks are memoryless): keep it, and leave no stale event behind.
        let count = Transition.dropout + (households[s].waitingServices != 0 ? serviceCount : 0)
        let fingerprint = rateFingerprint
        if households[s].pendingTransition >= 0 && households[s].rateFingerprint == fingerprint { return }
        households[s].rateFingerprint = fingerprint
        guard total > 0 else {
            households[s].pendingTransition = -1
            scheduler.cancel(dynamicsTimer[s])
            return
        }
        var luck = households[s].luck
        let delay = Distribution.exponential(mean: 1 / total, using: &luck)
        var u = luck.nextUnitInterval() * total
        households[s].luck = luck
        // The first transition whose rate exceeds what is left of u; only entries that can be
        // non-zero are visited (subtracting a zero leaves u as it is).
        let candidates = rateCandidates & (count == 64 ? ~0 : (1 << UInt64(count)) &- 1)
        var chosen = count - 1
        var m = candidates
        var found = false
        while m != 0 {
            let t = m.trailingZeroBitCount
            m &= m &- 1
            if scratch[t] > 0 && u < scratch[t] { chosen = t; found = true; break }
            u -= scratch[t]
        }
        // Guard against rounding: never pick a transition with zero rate.
        if !found { while scratch[chosen] == 0 && chosen > 0 { chosen -= 1 } }
        households[s].pendingTransition = Int8(chosen)
        scheduler.schedule(.stateChanged(ref(s)), after: delay, on: dynamicsTimer[s])
    }

    mutating func stateChanged(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let t = Int(households[s].pendingTransition)
        precondition(t >= 0, "a state change fired without a pending transition")
        updateRelationship(s)
        switch t {
        case Transition.down..<Transition.up:
            let d = Domain(rawValue: t - Transition.down)!
            setLevel(s, d, households[s].level(d) - 1, &scheduler)
        case Transition.up..<Transition.jobFound:
            let d = Domain(rawValue: t - Transition.up)!
            setLevel(s, d, households[s].level(d) + 1, &scheduler)
        case Transition.jobFound:
            jobFound(s, &scheduler)
        case Transition.ladderUp:
            households[s].rung += 1
            trace?.record(now, records[s].arrivalIndex, .ladder, "ladder", ["\(households[s].rung)"])
        case Transition.jobLost:
            jobLost(s, &scheduler)
        case Transition.benefitExit:
            leaveBenefit(s, toWork: false, &scheduler)
            households[s].income = .other
            households[s].rung = 6
            // The new income can end as a job can (calibration E7: a fifth are back within a year).
            households[s].fragileIncome = true
            households[s].jobStart = now
            for step in [26.0, 78.0] { scheduler.schedule(.lifeEvent(ref(s), .benefitDurationStep), after: step) }   // hazard steps
            trace?.record(now, records[s].arrivalIndex, .work, "benefit.other_exit")
        case Transition.moveAway:
            households[s].pendingTransition = -1
            leave(s, reason: .movedAway, &scheduler)
            return
        case Transition.teamDropout:
            droppedOffTeamList(s, &scheduler)
        default:
            droppedOut(s, t - Transition.dropout, &scheduler)
        }
        households[s].pendingTransition = -1
        reschedule(s, &scheduler)
    }

    /// Sets a domain's level and applies what follows: a crisis at level 1, a return after closure
    /// when a problem appears, progress when a problem lifts.
    mutating func setLevel(_ s: Int, _ d: Domain, _ newLevel: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let old = households[s].level(d)
        let level = min(5, max(1, newLevel))
        guard level != old else { return }
        households[s].setLevel(d.rawValue, Int8(level))
        if level > old { records[s].lastProgress = now }
        trace?.record(now, records[s].arrivalIndex, level > old ? .improved : .worsened,
                      "level", [d.key, "\(old)", "\(level)"])
        if level == 1 {
            crisis(s, d, &scheduler)
        } else if level == 2 && old > 2 && (households[s].stage == .closed || households[s].stage == .latent)
                    && !records[s].signalPending {
            // A new problem in a household no professional has now: it will ask (or be found).
            scheduleReturn(s, &scheduler)
        }
    }

    /// A domain reached level 1: an escalation of the domain's crisis type (MODEL.md §3). A crisis
    /// refers the household to the second line with priority, whatever the design.
    mutating func crisis(_ s: Int, _ d: Domain, _ scheduler: inout Scheduler<CityEvent>) {
        let types = crisesByDomain[d.rawValue]
        for typeIndex in types {
            let type = config.crises[typeIndex]
            let happens = Bernoulli(type.probability).sample(using: &households[s].luck)
            let weeks = type.duration.sample(using: &households[s].luck)
            if happens {
                let cost = type.costPerEvent + type.costPerWeek * weeks
                if measuring && now <= end { stats.escalations[typeIndex] += 1 }
                if type.countsAsEscalation { stats.crisesEver += 1 }
                // Long care is booked when it starts, for its whole drawn duration (it is decided then).
                book(s, type.costPerEvent, payer: type.payer, category: .crisis)
                book(s, type.costPerWeek * weeks, payer: type.durationPayer, category: .crisis)
                if type.countsAsEscalation { records[s].crisisUntil = max(records[s].crisisUntil, now + weeks) }
                trace?.record(now, records[s].arrivalIndex, .crisis,
                              "crisis", [type.name, d.key, fmt(weeks)], cost: cost)
            } else if type.countsAsEscalation {
                trace?.record(now, records[s].arrivalIndex, .crisis, "crisis.averted", [d.key, type.name])
            }
        }
        if types.isEmpty {
            trace?.record(now, records[s].arrivalIndex, .crisis, "crisis.acute", [d.key])
        }
        switch households[s].stage {
        case .latent, .closed:
            signalled(s, viaCrisis: true, &scheduler)
        case .ownStrength:
            // The trial ends early: the crisis brings the household back with priority.
            trialEnded(s, &scheduler)
        default:
            let service = serviceByDomain[d.rawValue]
            if service >= 0 { refer(s, service, priority: 0, &scheduler) }
        }
    }

    mutating func jobFound(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        leaveBenefit(s, toWork: true, &scheduler)
        if measuring && now <= end {
            stats.jobsFound += 1
            stats.jobsFoundByProfile[Int(households[s].profile)] += 1
        }
        households[s].income = .working
        households[s].rung = 6
        households[s].jobStart = now
        for step in [26.0, 78.0] { scheduler.schedule(.lifeEvent(ref(s), .benefitDurationStep), after: step) }   // hazard steps
        trace?.record(now, records[s].arrivalIndex, .work, "work.found")
        let fin = households[s].level(.finances)
        setLevel(s, .finances, fin + config.dynamics.financesGainOnJob, &scheduler)
        if households[s].level(.work) < 4 { setLevel(s, .work, 4, &scheduler) }
    }

    mutating func jobLost(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let back = Bernoulli(config.work.returnToBenefit).sample(using: &households[s].luck)
        let wasWorking = households[s].income == .working
        households[s].income = back ? .benefit : .other
        households[s].fragileIncome = false
        households[s].rung = back ? 4 : 6
        trace?.record(now, records[s].arrivalIndex, .work,
                      wasWorking ? (back ? "work.lost.benefit" : "work.lost.other") : (back ? "income.lost.benefit" : "income.lost.other"))
        if back { startBenefit(s, &scheduler) }
        setLevel(s, .work, households[s].level(.work) - 1, &scheduler)
        setLevel(s, .finances, households[s].level(.finances) - 1, &scheduler)
    }
}
