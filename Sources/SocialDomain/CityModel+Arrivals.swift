// Arrivals: a new household with problems, its attributes drawn from its own stream.

import SimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CityModel {
    mutating func scheduleNextArrival(_ scheduler: inout Scheduler<CityEvent>) {
        if let script = config.scriptedArrivals {
            if arrived < script.count { scheduler.schedule(.householdArrived, at: max(now, script[arrived])) }
            return
        }
        guard config.arrivalsPerYear > 0 else { return }
        let gap = Distribution.exponential(mean: 52 / config.arrivalsPerYear, using: &arrivalRNG)
        if scheduler.now + gap <= end { scheduler.schedule(.householdArrived, after: gap) }
    }

    mutating func householdArrived(_ scheduler: inout Scheduler<CityEvent>) {
        let index = UInt64(arrived)
        arrived += 1
        scheduleNextArrival(&scheduler)
        var attributes = key.purpose(StreamPurpose.householdAttributes.rawValue).index(index).makeGenerator()
        var (h, record) = drawHousehold(index: index, using: &attributes)
        // Every draw below is made whatever the design, so that streams stay aligned across designs.
        let askDelay = config.profiles[Int(h.profile)].helpSeekingDelay.sample(using: &attributes)
        let outreachDelay = Distribution.exponential(mean: max(config.path.outreachWeeks, 1e-9), using: &attributes)
        let chanceDelay = Distribution.exponential(mean: config.path.chanceDiscoveryWeeks, using: &attributes)
        // Life course: the oldest adult's age, and the youngest child's (drawn whatever the design).
        let range = config.profiles[Int(h.profile)].ageRange
        let age = range.lowerBound + attributes.nextUnitInterval() * (range.upperBound - range.lowerBound)
        // The youngest child is the youngest of the children's ages (each uniform up to coming of age):
        // the more children, the longer parenting applies.
        var childAge = attributes.nextUnitInterval() * config.flows.childAdultAge
        if h.children > 1 {
            for _ in 1..<Int(h.children) { childAge = min(childAge, attributes.nextUnitInterval() * config.flows.childAdultAge) }
        }
        // Access (004:L35): some who would never ask at a front desk do ask a nearby wijkteam.
        let nearby = attributes.nextUnitInterval()
        if !record.asks && config.firstLineTeam != nil && nearby < config.path.access.nearbyTeamAsks { record.asks = true }
        var signalDelay = chanceDelay
        if record.asks { signalDelay = min(signalDelay, askDelay) }
        if config.path.outreachWeeks > 0 { signalDelay = min(signalDelay, outreachDelay) }
        record.pensionAt = now + max(0, config.flows.pensionAge - age) * 52
        if h.children > 0 { record.childrenGrownAt = now + max(0, config.flows.childAdultAge - childAge) * 52 }

        let s = allocateSlot(h, record, scheduler: &scheduler)
        arrivalSlot = s
        h = households[s]
        stageCounts[Int(Stage.latent.rawValue)] += 1
        stats.present.record(stats.present.value + 1, at: now)
        let p = Int(h.profile)
        stats.presentByProfile[p].record(stats.presentByProfile[p].value + 1, at: now)
        if records[s].pensionAt <= end { scheduler.schedule(.lifeEvent(ref(s), .pensionAge), at: records[s].pensionAt) }
        if records[s].childrenGrownAt <= end { scheduler.schedule(.lifeEvent(ref(s), .childrenGrownUp), at: records[s].childrenGrownAt) }
        trace?.record(now, record.arrivalIndex, .arrived, "arrived", arrivalArguments(s))
        if h.income == .benefit {
            households[s].income = .other   // startBenefit puts it on
            startBenefit(s, &scheduler)
        }
        // A crisis profile starts with one domain at level 1: the crisis happens at arrival.
        if config.profiles[Int(h.profile)].startsInCrisis, let acute = (0..<Domain.count).first(where: { households[s].levels[$0] == 1 }) {
            crisis(s, Domain(rawValue: acute)!, &scheduler)
        }
        if households[s].stage == .latent {
            scheduler.schedule(.signalled(ref(s)), after: signalDelay, on: processTimer[s])
            records[s].signalPending = true
        }
        reschedule(s, &scheduler)
    }

    /// Draws a household's composition, levels, network, income and help-seeking (MODEL.md §2).
    /// (mutating only so that `self` is passed by address; see computeRates.)
    mutating func drawHousehold(index: UInt64, using rng: inout Xoshiro256StarStar) -> (Household, HouseholdRecord) {
        let p = profileChoice.sample(using: &rng)
        let adults: UInt8 = Bernoulli(config.twoAdultsProbability).sample(using: &rng) ? 2 : 1
        let hasChildren = Bernoulli(config.profiles[p].childrenProbability).sample(using: &rng)
        let childCount = childrenChoice.sample(using: &rng) + 1
        let children: UInt8 = hasChildren ? UInt8(childCount) : 0
        // Problem domains: weighted sampling without replacement (Efraimidis and Spirakis 2006): each
        // domain gets the key log(u)/w (ordered as u^(1/w)); the n largest keys are the problems.
        // One uniform per domain, whatever the weights.
        let keys = rates.pointer + Transition.dropout + serviceCount + Domain.count   // 10 doubles of scratch
        var eligibleMask = 0
        for d in 0..<Domain.count {
            let u = rng.nextOpenUnitInterval()
            let w = problemDomainWeightsByProfile[p][d]
            keys[d] = -.infinity
            if w > 0 && (children > 0 || d != Domain.parenting.rawValue) {
                keys[d] = log(u) / w
                eligibleMask |= 1 << d
            }
        }
        let wanted = config.profiles[p].problemCounts[problemCountChoice[p].sample(using: &rng)]
        let n = min(wanted, eligibleMask.nonzeroBitCount)
        var levels = SIMD16<Int8>(repeating: 5)
        for d in 0..<Domain.count { levels[d] = Int8(3 + otherLevelChoice[p].sample(using: &rng)) }
        if children == 0 { levels[Domain.parenting.rawValue] = 5 }
        // The n largest keys, largest first (ties to the lower domain).
        var chosen = 0
        var firstChosen = -1, firstWithCrisis = -1
        for _ in 0..<n {
            var best = -1
            for d in 0..<Domain.count where eligibleMask & (1 << d) != 0 && chosen & (1 << d) == 0 {
                if best < 0 || keys[d] > keys[best] { best = d }
            }
            chosen |= 1 << best
            levels[best] = 2
            if firstChosen < 0 { firstChosen = best }
            if firstWithCrisis < 0 && crisisByDomain[best] >= 0 { firstWithCrisis = best }
        }
        if config.profiles[p].startsInCrisis, n > 0 {
            // The acute domain is the first problem domain that has a crisis type, if any.
            levels[firstWithCrisis >= 0 ? firstWithCrisis : firstChosen] = 1
        }
        let network = Self.beta(mean: config.profiles[p].networkMean, concentration: 5, using: &rng)
        let onBenefit = Bernoulli(config.profiles[p].benefitProbability).sample(using: &rng)
        let rung = UInt8(rungChoice.sample(using: &rng) + 1)
        let asks = !Bernoulli(config.profiles[p].neverAsksProbability).sample(using: &rng)
        // Trust at the first contact varies between households (drawn last, so that the draws above
        // stay aligned when only the trust parameters differ).
        let trust = config.dynamics.trustConcentration > 0
            ? Self.beta(mean: config.dynamics.initialTrust, concentration: config.dynamics.trustConcentration, using: &rng)
            : config.dynamics.initialTrust
        let luck = key.purpose(StreamPurpose.householdLuck.rawValue).index(index).makeGenerator()
        let household = Household(incarnation: 0, luck: luck, levels: levels, profile: UInt8(p), children: children,
                                  income: onBenefit ? .benefit : .other, rung: onBenefit ? rung : 6, stage: .latent,
                                  network: network, trust: trust)
        let record = HouseholdRecord(arrivalIndex: index, adults: adults, asks: asks)
        return (household, record)
    }

    /// A Beta(mean·κ, (1 − mean)·κ) draw from two gamma draws.
    static func beta(mean: Double, concentration k: Double, using rng: inout Xoshiro256StarStar) -> Double {
        let m = min(max(mean, 1e-6), 1 - 1e-6)
        let x = Distribution.gamma(shape: m * k, using: &rng)
        let y = Distribution.gamma(shape: (1 - m) * k, using: &rng)
        return x + y > 0 ? x / (x + y) : m
    }

    mutating func allocateSlot(_ h: Household, _ record: HouseholdRecord, scheduler: inout Scheduler<CityEvent>) -> Int {
        if let slot = freeSlots.popLast() {
            let s = Int(slot)
            var fresh = h
            fresh.incarnation = households[s].incarnation &+ 1
            households[s] = fresh
            records[s] = record
            freeSlotFlags[s] = false
            return s
        }
        households.append(h)
        records.append(record)
        freeSlotFlags.append(false)
        dynamicsTimer.append(scheduler.makeTimer())
        processTimer.append(scheduler.makeTimer())
        serviceTicket.append(contentsOf: repeatElement(0, count: serviceCount))
        treatmentStart.append(contentsOf: repeatElement(0, count: serviceCount))
        return households.count - 1
    }

    /// The household leaves the model: it moved out of the city, recovered for good, or its problems
    /// lifted before it asked anyone. Whatever was running is booked up to now first, so no cost is
    /// lost: another municipality pays from here on, or nothing is running at all.
    mutating func leave(_ s: Int, reason: LeaveReason, _ scheduler: inout Scheduler<CityEvent>) {
        precondition(reason == .movedAway || (households[s].stage == .closed || households[s].stage == .latent),
                     "only closed or latent households leave other than by moving away")
        // Leaving bijstand also frees the consultant or the place on their list (only recipients have one).
        if households[s].income == .benefit { leaveBenefit(s, toWork: false, &scheduler) }
        withdrawFromTeamList(s)
        releaseTeam(s, &scheduler)
        for service in 0..<serviceCount {
            let bit: UInt32 = 1 << UInt32(service)
            if households[s].waitingServices & bit != 0 {
                serviceLists[service].remove(WaitingList<HouseholdRef>.Ticket(rawValue: serviceTicket[s * serviceCount + service]), at: now)
                households[s].waitingServices &= ~bit
            }
            if households[s].treatedServices & bit != 0 {
                accrue(s, perWeek: config.services[service].pricePerWeek, from: treatmentStart[s * serviceCount + service], to: now,
                       payer: config.services[service].payer, category: .secondLine)
                households[s].treatedServices &= ~bit
                servePlace(service, &scheduler)
            }
        }
        records[s].pendingReferrals = 0
        trace?.record(now, records[s].arrivalIndex, .left, "left", [reason.key])
        recordHouseholdCost(s)
        if measuring && now <= end && records[s].reached {
            stats.professionalsPerEpisode.add(Double(records[s].professionals))
            if records[s].multiProblemEpisode { stats.professionalsPerMultiProblemEpisode.add(Double(records[s].professionals)) }
        }
        stageCounts[Int(households[s].stage.rawValue)] -= 1
        if Self.isOpenCase(households[s].stage) { stats.openCases.record(stats.openCases.value - 1, at: now) }
        gone += 1
        if let zones, zones.recording, now <= end, zones.follows(records[s].arrivalIndex) { stats.followedLeft += 1 }
        goneByReason[reason.rawValue] += 1
        if measuring && now <= end { stats.leftByReason[reason.rawValue] += 1 }
        stats.present.record(stats.present.value - 1, at: now)
        let p = Int(households[s].profile)
        stats.presentByProfile[p].record(stats.presentByProfile[p].value - 1, at: now)
        scheduler.cancel(dynamicsTimer[s])
        scheduler.cancel(processTimer[s])
        households[s].incarnation &+= 1
        freeSlots.append(Int32(s))
        freeSlotFlags[s] = true
    }

    /// Whether nothing about the household can cost money or bring it back: no problem, no care
    /// running or awaited, and an income that does not lead back to bijstand (not on benefit, not in
    /// a job or an income left bijstand for, which can end: those households are followed as long
    /// as they live in the city). A quiet household that stays quiet for the follow-up period has
    /// recovered and leaves the model; should it need help years later, it comes back as a new
    /// arrival (the arrival rates, calibration E11, count such households).
    mutating func isQuiet(_ s: Int) -> Bool {   // mutating: see computeRates
        let h = households[s]
        return h.problemCount == 0 && h.income == .other && !h.fragileIncome && !inSecondLineCare(s)
            && (h.stage == .closed || h.stage == .latent)
    }

    /// The follow-up after closure ended: a quiet household has recovered and leaves; one with a
    /// problem, a benefit or care running stays in view and is looked at again a follow-up later.
    mutating func followUpEnded(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        if isQuiet(s) {
            leave(s, reason: .recovered, &scheduler)
        } else if households[s].stage == .closed || households[s].stage == .latent {
            scheduler.schedule(.followUpEnded(ref(s)), after: max(config.path.followUpWeeks, 13), on: processTimer[s])
        }
    }

    /// A moment in the household's life course.
    mutating func lifeEvent(_ s: Int, _ moment: LifeMoment, _ scheduler: inout Scheduler<CityEvent>) {
        switch moment {
        case .benefitDurationStep:
            reschedule(s, &scheduler)   // the benefit exit hazard may have stepped down
        case .childrenGrownUp:
            guard households[s].children > 0, abs(now - records[s].childrenGrownAt) < 1e-6 else { return }
            households[s].children = 0
            trace?.record(now, records[s].arrivalIndex, .improved, "children.grown")
            // Parenting no longer applies: youth care's waiting list is left; a treatment under way ends as planned.
            let youth = serviceByDomain[Domain.parenting.rawValue]
            if youth >= 0, households[s].waitingServices & (1 << UInt32(youth)) != 0 {
                serviceLists[youth].remove(WaitingList<HouseholdRef>.Ticket(rawValue: serviceTicket[s * serviceCount + youth]), at: now)
                households[s].waitingServices &= ~(1 << UInt32(youth))
                afterSecondLineChange(s, &scheduler)
            }
            households[s].setLevel(Domain.parenting.rawValue, 5)
            reschedule(s, &scheduler)
        case .pensionAge:
            guard abs(now - records[s].pensionAt) < 1e-6 else { return }
            if households[s].income == .benefit {
                leaveBenefit(s, toWork: false, &scheduler)
                trace?.record(now, records[s].arrivalIndex, .work, "benefit.pension")
            }
            households[s].income = .other
            households[s].fragileIncome = false
            households[s].rung = 6
            reschedule(s, &scheduler)
        case .passivityStarts:
            // Only if the same spell of care is still running (a later spell schedules its own).
            guard abs(now - records[s].careSince - config.dynamics.passivityAfterWeeks) < 1e-6 else { return }
            updateRelationship(s)
            reschedule(s, &scheduler)
        }
    }

    /// The arrival step's arguments: profile, adults, children, on benefit, rung, network, problems, asks.
    func arrivalArguments(_ s: Int) -> [String] {
        let h = households[s], record = records[s]
        let problems = Domain.allCases.filter { h.level($0) <= 2 }.map { "\($0.key)=\(h.level($0))" }
        return [config.profiles[Int(h.profile)].name, "\(record.adults)", "\(h.children)", h.income == .benefit ? "1" : "0",
                "\(h.rung)", fmt(h.network), problems.joined(separator: ","), record.asks ? "1" : "0"]
    }
}

func fmt(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return "\(r)"
}
