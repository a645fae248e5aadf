// Second-line services with waiting lists, and work-and-income consultants.

import SimCore

extension CityModel {
    /// A referral by a professional: immediate with a mandate, after the approval delay without (000:L433).
    mutating func requestReferral(_ s: Int, _ service: Int, mandate: Bool, _ scheduler: inout Scheduler<CityEvent>) {
        let bit: UInt32 = 1 << UInt32(service)
        let h = households[s]
        guard (h.waitingServices | h.treatedServices | records[s].pendingReferrals) & bit == 0 else { return }
        let delay = mandate ? 0 : config.path.approvalDelayWeeks
        if records[s].handingOverCold { records[s].coldServices |= bit }
        if delay <= 0 {
            refer(s, service, priority: 1, &scheduler)
        } else {
            records[s].pendingReferrals |= bit
            scheduler.schedule(.referralApproved(ref(s), service: Int16(service)), after: delay)
        }
    }

    mutating func referralApproved(_ s: Int, _ service: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let bit: UInt32 = 1 << UInt32(service)
        guard records[s].pendingReferrals & bit != 0 else { return }
        records[s].pendingReferrals &= ~bit
        refer(s, service, priority: 1, &scheduler)
    }

    /// Puts the household on the service's waiting list (priority 0 = crisis) or straight into treatment.
    mutating func refer(_ s: Int, _ service: Int, priority: Double, _ scheduler: inout Scheduler<CityEvent>) {
        let bit: UInt32 = 1 << UInt32(service)
        records[s].pendingReferrals &= ~bit
        guard (households[s].waitingServices | households[s].treatedServices) & bit == 0 else { return }
        let config = self.config.services[service]
        trace?.record(now, records[s].arrivalIndex, .referral,
                      "referral", [config.name, priority == 0 ? "1" : "0"])
        if measuring && now <= end { stats.referrals[service] += 1 }
        // Every referral brings one more professional into the household's life (the service's
        // intake, then its practitioner), whether or not treatment follows; a cold start re-assesses.
        records[s].servicesSeen |= bit
        records[s].professionals &+= 1
        if records[s].handingOverCold { records[s].coldServices |= bit }
        if serviceLists[service].isEmpty && servicePools[service].tryAcquire(at: now) {
            serviceLists[service].recordServedAtOnce()
            startTreatment(s, service, &scheduler)
            return
        }
        let ticket = serviceLists[service].enqueue(ref(s), priority: priority, at: now)
        households[s].waitingServices |= bit
        serviceTicket[s * serviceCount + service] = ticket.rawValue
        reschedule(s, &scheduler)   // dropout while waiting is one of the household's competing clocks
    }

    mutating func startTreatment(_ s: Int, _ service: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let bit: UInt32 = 1 << UInt32(service)
        let config = self.config.services[service]
        households[s].treatedServices |= bit
        noteHelped(s)
        treatmentStart[s * serviceCount + service] = now
        book(s, config.pricePerTrajectory, payer: config.payer, category: .secondLine)
        var weeks = config.treatmentWeeks.sample(using: &households[s].luck)
        if records[s].coldServices & bit != 0 {
            records[s].coldServices &= ~bit
            weeks += self.config.path.handover.reassessmentWeeks   // the story told again (000:L534)
        }
        trace?.record(now, records[s].arrivalIndex, .treatment, "treatment.starts", [config.name, fmt(weeks)],
                      cost: config.pricePerTrajectory)
        scheduler.schedule(.treatmentCompleted(ref(s), service: Int16(service)), after: weeks)
        reschedule(s, &scheduler)
    }

    mutating func treatmentCompleted(_ s: Int, _ service: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let bit: UInt32 = 1 << UInt32(service)
        guard households[s].treatedServices & bit != 0 else { return }
        let config = self.config.services[service]
        let started = treatmentStart[s * serviceCount + service]
        let cost = accrue(s, perWeek: config.pricePerWeek, from: started, to: now, payer: config.payer, category: .secondLine)
        households[s].treatedServices &= ~bit
        let success = Bernoulli(config.completionSuccess).sample(using: &households[s].luck)
        trace?.record(now, records[s].arrivalIndex, .treatment, "treatment.ends", [config.name], cost: cost)
        if success && config.levelsGainedAtCompletion > 0 {
            setLevel(s, config.domain, households[s].level(config.domain) + config.levelsGainedAtCompletion, &scheduler)
        }
        // The place passes to the next on the list, or is freed.
        servePlace(service, &scheduler)
        afterSecondLineChange(s, &scheduler)
        reschedule(s, &scheduler)
    }

    /// A treatment place is free: the next on the list takes it, or it goes back to the pool.
    mutating func servePlace(_ service: Int, _ scheduler: inout Scheduler<CityEvent>) {
        while let (r, waited) = serviceLists[service].dequeue(at: now) {
            guard let next = live(r) else { continue }
            households[next].waitingServices &= ~(1 << UInt32(service))
            if measuring && waited > 4 { stats.serviceWaitsOver4w[service] += 1 }
            trace?.record(now, records[next].arrivalIndex, .treatment,
                          "treatment.front", [config.services[service].name, fmt(waited * 7)])
            startTreatment(next, service, &scheduler)
            return
        }
        servicePools[service].release(at: now)
    }

    mutating func droppedOut(_ s: Int, _ service: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let bit: UInt32 = 1 << UInt32(service)
        precondition(households[s].waitingServices & bit != 0, "dropout from a list the household is not on")
        let ticket = serviceTicket[s * serviceCount + service]
        serviceLists[service].remove(WaitingList<HouseholdRef>.Ticket(rawValue: ticket), at: now)
        households[s].waitingServices &= ~bit
        trace?.record(now, records[s].arrivalIndex, .dropout, "dropout", [config.services[service].name])
        // Giving up costs trust (003:L759–764); the untreated problem stays, and a household left
        // with no one asks again only later (or a crisis brings it back).
        gaveUp(s)
        records[s].coldServices &= ~bit
        afterSecondLineChange(s, &scheduler)
        if households[s].stage == .closed && households[s].problemCount > 0 {
            scheduleReturn(s, afterDropout: true, &scheduler)
        }
    }

    /// When the last second-line contact ends for a household with no team: back to the first line or closure.
    mutating func afterSecondLineChange(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].stage == .specialistOnly, !inSecondLineCare(s) else { return }
        if households[s].problemCount > 0, config.path.returnToFirstLineAfterTreatment, let first = firstTeam {
            trace?.record(now, records[s].arrivalIndex, .handover, "handover.back", [config.teams[first].name])
            records[s].needsIntake = false
            households[s].trust = max(0, households[s].trust - config.path.handover.loss)
            records[s].reassessWeeks = config.path.handover.reassessment
            joinTeam(s, first, priority: 1, &scheduler)
        } else {
            close(s, &scheduler)
        }
    }

    // MARK: Work and income

    mutating func requestConsultant(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].income == .benefit, !households[s].hasConsultant, !records[s].waitingConsultant,
              consultantPool.capacity > 0 else { return }
        if consultantList.isEmpty && consultantPool.tryAcquire(at: now) {
            grantConsultant(s)
        } else {
            records[s].waitingConsultant = true
            records[s].consultantTicket = consultantList.enqueue(ref(s), at: now).rawValue
        }
    }

    mutating func grantConsultant(_ s: Int) {
        households[s].hasConsultant = true
        records[s].consultantSince = now
        if !config.work.inTeam && records[s].reached && !records[s].consultantCounted {
            records[s].consultantCounted = true
            records[s].professionals &+= 1
        }
        trace?.record(now, records[s].arrivalIndex, .work,
                      "work.consultant", [config.work.mode.rawValue])
    }

    mutating func releaseConsultant(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].hasConsultant else { return }
        let work = config.work
        if work.costBasis == .caseload {
            accrue(s, perWeek: work.costPerFTEYear / (Double(work.caseloadLimit) * 52), from: records[s].consultantSince,
                   to: now, payer: .municipalityBenefits, category: work.inTeam ? .firstLine : .benefits)
        }
        households[s].hasConsultant = false
        while let (r, _) = consultantList.dequeue(at: now) {
            guard let next = live(r) else { continue }
            records[next].waitingConsultant = false
            grantConsultant(next)
            reschedule(next, &scheduler)
            return
        }
        consultantPool.release(at: now)
    }

    /// The household goes on bijstand: every recipient has a consultant (klantmanager) as soon as one
    /// has room, and the exit hazard steps down after one and three years on benefit (calibration E5).
    mutating func startBenefit(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        households[s].income = .benefit
        records[s].benefitSince = now
        records[s].benefitPaidTo = now
        stats.onBenefit.record(stats.onBenefit.value + 1, at: now)
        let p = Int(households[s].profile)
        stats.onBenefitByProfile[p].record(stats.onBenefitByProfile[p].value + 1, at: now)
        if records[s].adults == 2 { stats.couplesOnBenefit.record(stats.couplesOnBenefit.value + 1, at: now) }
        if measuring && now <= end {
            stats.benefitStarts += 1
            let exit = records[s].benefitExitAt
            if exit >= warmupEnd && exit <= end - 52 && now - exit <= 52 { stats.benefitReturnsWithinYear += 1 }
        }
        for step in [52.0, 156.0] where now + step <= end {
            scheduler.schedule(.lifeEvent(ref(s), .benefitDurationStep), after: step)
        }
        requestConsultant(s, &scheduler)
        reschedule(s, &scheduler)
    }

    /// The household leaves bijstand (work, another income, pension, or moving away): the benefit
    /// paid so far is booked and the consultant's place passes on.
    mutating func leaveBenefit(_ s: Int, toWork: Bool, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].income == .benefit else { return }
        let duration = now - records[s].benefitSince
        endBenefit(s)
        households[s].income = .other
        records[s].benefitExitAt = now
        if measuring && now <= end {
            stats.benefitExits += 1
            stats.benefitExitsByDuration[Self.durationBand(duration)] += 1
            if now <= end - 52 { stats.benefitExitsFollowedAYear += 1 }
        }
        if households[s].hasConsultant { releaseConsultant(s, &scheduler) }
        if records[s].waitingConsultant {
            consultantList.remove(WaitingList<HouseholdRef>.Ticket(rawValue: records[s].consultantTicket), at: now)
            records[s].waitingConsultant = false
        }
        reschedule(s, &scheduler)
    }

    /// The household's bijstand per week: the single or the couple norm (calibration E21).
    func benefitPerWeek(_ s: Int) -> Double {
        records[s].adults == 2 ? config.work.benefitPerWeekCouple : config.work.benefitPerWeekSingle
    }

    /// The band of a time on benefit: under one year, one to three years, over three years (calibration E5).
    static func durationBand(_ weeks: Double) -> Int { weeks < 52 ? 0 : (weeks < 156 ? 1 : 2) }

    /// Adds the spell's weeks inside the window to the exposure of each duration band.
    mutating func recordBenefitExposure(since: Double, until stop: Double) {
        let bands: [(Double, Double)] = [(0, 52), (52, 156), (156, .infinity)]
        for (b, band) in bands.enumerated() {
            let lo = max(since + band.0, warmupEnd), hi = min(since + band.1, stop, end)
            if hi > lo { stats.benefitWeeksByDuration[b] += hi - lo }
        }
    }

    /// Books the benefit paid since the spell began (the bookkeeping half of leaving bijstand).
    mutating func endBenefit(_ s: Int) {
        guard households[s].income == .benefit else { return }
        recordBenefitExposure(since: records[s].benefitSince, until: now)
        accrue(s, perWeek: benefitPerWeek(s), from: records[s].benefitPaidTo, to: now, payer: .municipalityBenefits, category: .benefits,
               benefitPayment: true)
        stats.onBenefit.record(stats.onBenefit.value - 1, at: now)
        let p = Int(households[s].profile)
        stats.onBenefitByProfile[p].record(stats.onBenefitByProfile[p].value - 1, at: now)
        if records[s].adults == 2 { stats.couplesOnBenefit.record(stats.couplesOnBenefit.value - 1, at: now) }
    }
}
