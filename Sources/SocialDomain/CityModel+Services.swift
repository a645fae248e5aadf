// Second-line services with waiting lists, and work-and-income consultants.

import SimCore

extension CityModel {
    /// A referral by a professional: immediate with a mandate, after the approval delay without (000:L433).
    mutating func requestReferral(_ s: Int, _ service: Int, mandate: Bool, _ scheduler: inout Scheduler<CityEvent>) {
        let bit: UInt32 = 1 << UInt32(service)
        let h = households[s]
        guard (h.waitingServices | h.treatedServices | records[s].pendingReferrals) & bit == 0 else { return }
        let delay = mandate ? 0 : config.path.approvalDelayWeeks
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
        if records[s].servicesSeen & bit == 0 {
            records[s].servicesSeen |= bit
            records[s].professionals &+= 1
        }
        treatmentStart[s * serviceCount + service] = now
        book(s, config.pricePerTrajectory, payer: config.payer, category: .secondLine)
        let weeks = config.treatmentWeeks.sample(using: &households[s].luck)
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
        afterSecondLineChange(s, &scheduler)
    }

    /// When the last second-line contact ends for a household with no team: back to the first line or closure.
    mutating func afterSecondLineChange(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].stage == .specialistOnly, !inSecondLineCare(s) else { return }
        if households[s].problemCount > 0, config.path.returnToFirstLineAfterTreatment, let first = firstTeam {
            trace?.record(now, records[s].arrivalIndex, .handover, "handover.back", [config.teams[first].name])
            records[s].needsIntake = false
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
        if !config.work.inTeam { records[s].professionals &+= 1 }
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

    mutating func startBenefit(_ s: Int) {
        records[s].benefitSince = now
        stats.onBenefit.record(stats.onBenefit.value + 1, at: now)
        let p = Int(households[s].profile)
        stats.onBenefitByProfile[p].record(stats.onBenefitByProfile[p].value + 1, at: now)
    }

    mutating func endBenefit(_ s: Int) {
        guard households[s].income == .benefit else { return }
        let perWeek = records[s].adults == 2 ? config.work.benefitPerWeekCouple : config.work.benefitPerWeekSingle
        accrue(s, perWeek: perWeek, from: records[s].benefitSince, to: now, payer: .municipalityBenefits, category: .benefits)
        stats.onBenefit.record(stats.onBenefit.value - 1, at: now)
        let p = Int(households[s].profile)
        stats.onBenefitByProfile[p].record(stats.onBenefitByProfile[p].value - 1, at: now)
    }
}
