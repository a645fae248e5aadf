// Paths through the system: signal → intake → triage → support → referral → scale-down → closure.

import SimCore

extension CityModel {
    /// The household becomes known: it asked, was found by outreach or chance, came back, or had a crisis.
    mutating func signalled(_ s: Int, viaCrisis: Bool, _ scheduler: inout Scheduler<CityEvent>) {
        let stage = households[s].stage
        if !viaCrisis { records[s].signalPending = false }
        guard stage == .latent || stage == .closed else { return }
        let problems = households[s].problemCount
        if problems == 0 && !viaCrisis {
            // The problems lifted before anyone was asked: no case.
            if stage == .latent {
                trace?.record(now, records[s].arrivalIndex, .signal, "signal.lifted")
                if isQuiet(s) {
                    leave(s, reason: .liftedBeforeAsking, &scheduler)
                } else {
                    // On benefit (or in care): still followed; it recovers, or problems bring it back.
                    scheduler.schedule(.followUpEnded(ref(s)), after: max(config.path.followUpWeeks, 13), on: processTimer[s])
                }
            } else {
                scheduler.schedule(.followUpEnded(ref(s)), at: max(now, records[s].closedAt + config.path.followUpWeeks),
                                   on: processTimer[s])
            }
            return
        }
        if stage == .closed {
            let closedAt = records[s].closedAt
            if records[s].closureCounted && closedAt >= warmupEnd && closedAt <= end - 52 && now - closedAt <= 52 {
                stats.returnsWithinYear += 1
            }
        }
        records[s].signalledAt = now
        if measuring && now <= end { stats.signalsByProfile[Int(households[s].profile)] += 1 }
        records[s].firstContactDone = false
        records[s].needsIntake = true
        records[s].trialDone = false
        // The professionals the household has had are counted over its whole time in view (every
        // episode, every service, worker and consultant: 000:L133), the same way in every design.
        if !records[s].reached {
            records[s].reached = true
            if measuring && now <= end { stats.householdsReached += 1 }
            if households[s].hasConsultant && !config.work.inTeam && !records[s].consultantCounted {
                records[s].consultantCounted = true
                records[s].professionals &+= 1
            }
        }
        if problems >= 2 { records[s].multiProblemEpisode = true }
        records[s].lastProgress = now
        scheduler.cancel(processTimer[s])
        records[s].signalPending = false
        trace?.record(now, records[s].arrivalIndex, .signal,
                      viaCrisis ? "signal.crisis" : (stage == .closed ? "signal.back" : "signal.asks"))
        setStage(s, .specialistOnly)  // provisional: routed below
        if households[s].income == .benefit { requestConsultant(s, &scheduler) }
        if let team = firstTeam {
            joinTeam(s, team, priority: viaCrisis ? 0 : 1, &scheduler)
            if viaCrisis { referAcuteDomains(s, &scheduler) }
        } else {
            // No first line (fragmented chain, 000:L114–145): the household goes to each problem's own
            // service, whose front desk takes a crisis on and a level-2 problem only when it meets the
            // service's own criteria; every desk starts from scratch (a cold start).
            records[s].handingOverCold = !config.path.handover.warm
            referAcuteDomains(s, &scheduler)
            for d in 0..<Domain.count where households[s].levels[d] == 2 {
                let service = serviceByDomain[d]
                guard service >= 0 else { continue }
                if Bernoulli(config.path.access.frontDeskAcceptance).sample(using: &households[s].luck) {
                    requestReferral(s, service, mandate: false, &scheduler)
                } else {
                    trace?.record(now, records[s].arrivalIndex, .referral, "referral.refused", [config.services[service].name])
                }
            }
            records[s].handingOverCold = false
            // Organisations appoint their own casemanagers for the heaviest (000:L188), if the design has them.
            if let casemanagers = intensiveTeam, problems >= config.path.referralThreshold {
                joinTeam(s, casemanagers, priority: viaCrisis ? 0 : 1, &scheduler)
            } else if !inSecondLineCare(s) {
                // Turned away everywhere: the case closes, and, disappointed as after giving up on a
                // list, the household tries again only later (or a crisis brings it back).
                close(s, &scheduler)
                if households[s].problemCount > 0 {
                    households[s].trust = max(0, households[s].trust - config.path.dropoutTrustLoss)
                    scheduleReturn(s, afterDropout: true, &scheduler)
                }
            }
        }
        reschedule(s, &scheduler)
    }

    mutating func referAcuteDomains(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        var acute = households[s].acute
        while acute != 0 {
            let d = acute.trailingZeroBitCount
            acute &= acute &- 1
            let service = serviceByDomain[d]
            if service >= 0 { refer(s, service, priority: 0, &scheduler) }
        }
    }

    /// Whether the household waits for, awaits approval of, or is in specialist treatment.
    mutating func inSecondLineCare(_ s: Int) -> Bool {   // mutating: see computeRates
        let h = households[s]
        return h.waitingServices | h.treatedServices | records[s].pendingReferrals != 0
    }

    /// Puts the household on a team's waiting list and assigns workers if any are free.
    mutating func joinTeam(_ s: Int, _ team: Int, priority: Double, _ scheduler: inout Scheduler<CityEvent>) {
        withdrawFromTeamList(s)
        if measuring && now <= end { stats.teamEntries[team] += 1 }
        setStage(s, .waitingForTeam)
        records[s].teamTicket = teamLists[team].enqueue(ref(s), priority: priority, at: now).rawValue
        records[s].waitingTeam = Int16(team)
        households[s].team = Int16(team)
        households[s].worker = -1
        assignWorkers(team, &scheduler)
        reschedule(s, &scheduler)   // giving up on the list is one of its clocks
    }

    /// Takes the household off the team waiting list it is on, if any.
    mutating func withdrawFromTeamList(_ s: Int) {
        let team = Int(records[s].waitingTeam)
        guard team >= 0 else { return }
        teamLists[team].remove(WaitingList<HouseholdRef>.Ticket(rawValue: records[s].teamTicket), at: now)
        records[s].waitingTeam = -1
    }

    /// The household gave up waiting for a team: the case closes unhelped, and with its problems
    /// still there it asks again later (or a crisis brings it back).
    mutating func droppedOffTeamList(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].stage == .waitingForTeam else { return }
        let team = Int(households[s].team)
        trace?.record(now, records[s].arrivalIndex, .dropout, "dropout", [config.teams[team].name])
        withdrawFromTeamList(s)
        if measuring && now <= end { stats.teamDropouts[team] += 1 }
        households[s].team = -1
        records[s].closedAt = now
        records[s].closureCounted = false
        gaveUp(s)
        if inSecondLineCare(s) { setStage(s, .specialistOnly) } else {
            setStage(s, .closed)
            scheduleReturn(s, afterDropout: true, &scheduler)
        }
        reschedule(s, &scheduler)
    }

    /// Serves a team's waiting list while a worker has room: the least-loaded worker takes the next household.
    mutating func assignWorkers(_ team: Int, _ scheduler: inout Scheduler<CityEvent>) {
        while !teamLists[team].isEmpty, teamPools[team].available > 0 {
            guard let (r, waited) = teamLists[team].dequeue(at: now), let s = live(r) else { continue }
            records[s].waitingTeam = -1
            if measuring && waited > 4 { stats.teamWaitsOver4w[team] += 1 }
            if households[s].team != Int16(team) {
                // Bridging: the first-line worker lets go now that the intensive team takes over (warm).
                releaseTeam(s, &scheduler)
                households[s].team = Int16(team)
                trace?.record(now, records[s].arrivalIndex, .handover, "handover.bridged", [config.teams[team].name])
            }
            var worker = 0
            for w in 1..<caseloads[team].count where caseloads[team][w] < caseloads[team][worker] { worker = w }
            caseloads[team][worker] += 1
            _ = teamPools[team].tryAcquire(at: now)
            noteHelped(s)
            updateRelationship(s)   // wear and gains up to now under the old arrangement
            households[s].worker = Int16(worker)
            records[s].supportSince = now
            records[s].relationshipSince = now
            records[s].caseStart = now
            let id = Int32(team << 16 | worker)
            if records[s].lastWorkerID != id {
                records[s].professionals &+= 1
                records[s].lastWorkerID = id
            }
            if !records[s].firstContactDone {
                records[s].firstContactDone = true
                if measuring { stats.firstHelpWeeks.add(now - records[s].signalledAt) }
            }
            trace?.record(now, records[s].arrivalIndex, .team,
                          "team.taken", ["\(worker + 1)", config.teams[team].name, fmt(waited * 7)])
            if records[s].needsIntake && config.teams[team].tier == .first {
                setStage(s, .intake)
                let weeks = config.path.intakeWeeks.sample(using: &households[s].luck)
                scheduler.schedule(.intakeCompleted(ref(s)), after: weeks, on: processTimer[s])
            } else {
                startSupport(s, &scheduler)
            }
            reschedule(s, &scheduler)
        }
    }

    mutating func intakeCompleted(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        records[s].needsIntake = false
        let n = households[s].problemCount
        let complex = n >= config.path.referralThreshold
            || (config.path.referOnCrisis && config.path.intensiveOnCrisis && households[s].hasAcute)
        let team = config.teams[Int(households[s].team)]
        trace?.record(now, records[s].arrivalIndex, .triage, "triage.intake", ["\(n)", complex ? "1" : "0"])
        if n == 0 && !inSecondLineCare(s) {
            close(s, &scheduler)
        } else if complex, let intensive = intensiveTeam {
            if config.path.bridgingSupport && team.tier == .first {
                startSupport(s, &scheduler)
                bridge(s, to: intensive, &scheduler)
            } else {
                handOver(s, to: intensive, reason: "complex", &scheduler)
            }
        } else if complex && team.role == .intermediary {
            // Complex problems straight to the second line (Burgerkracht, 004:L115).
            handOverToSecondLine(s, mandate: team.mandate, &scheduler)
            releaseTeam(s, &scheduler)
            if inSecondLineCare(s) { setStage(s, .specialistOnly) } else { startSupportAgainOrClose(s, &scheduler) }
        } else if !complex && config.path.ownStrengthTrialWeeks > 0 && !records[s].trialDone {
            releaseTeam(s, &scheduler)
            setStage(s, .ownStrength)
            households[s].network = min(1, households[s].network + config.path.ownStrengthNetworkGain)
            trace?.record(now, records[s].arrivalIndex, .triage,
                          "triage.trial", [fmt(config.path.ownStrengthTrialWeeks)])
            scheduler.schedule(.trialEnded(ref(s)), after: config.path.ownStrengthTrialWeeks, on: processTimer[s])
        } else {
            startSupport(s, &scheduler)
        }
        reschedule(s, &scheduler)
    }

    /// After an intermediary referred nothing (no service for the problems), the team keeps the case.
    mutating func startSupportAgainOrClose(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        if let team = firstTeam { joinTeam(s, team, priority: 1, &scheduler) } else { close(s, &scheduler) }
    }

    mutating func trialEnded(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].stage == .ownStrength else { return }
        records[s].trialDone = true
        let left = households[s].problemCount
        if left <= config.path.ownStrengthSufficesAtProblems && !households[s].hasAcute {
            trace?.record(now, records[s].arrivalIndex, .triage,
                          left == 0 ? "triage.sufficed" : "triage.sufficient", ["\(left)"])
            close(s, &scheduler)
        } else {
            trace?.record(now, records[s].arrivalIndex, .triage,
                          "triage.shortfall", ["\(households[s].problemCount)"])
            if let team = firstTeam { joinTeam(s, team, priority: households[s].hasAcute ? 0 : 0.5, &scheduler) }
            if households[s].hasAcute { referAcuteDomains(s, &scheduler) }
        }
        reschedule(s, &scheduler)
    }

    mutating func startSupport(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let team = config.teams[Int(households[s].team)]
        setStage(s, .teamSupport)
        // Without a mandate support waits for approval; after a cold handover the worker first
        // gathers again what was lost (000:L534).
        let approval = (team.mandate ? 0 : config.path.approvalDelayWeeks) + records[s].reassessWeeks
        records[s].reassessWeeks = 0
        households[s].approvalUntil = now + approval
        trace?.record(now, records[s].arrivalIndex, .support,
                      "support.starts", [team.name, team.mandate ? "1" : "0", fmt(approval)])
        // Without a mandate the first review falls when approval comes through, so that support
        // starts to work then (the household's rates are redrawn at that review).
        scheduler.schedule(.reviewDue(ref(s)), after: approval > 0 ? approval : config.path.reviewIntervalWeeks,
                           on: processTimer[s])
    }

    /// A case review: closure, transfer up or down, referral of stuck or acute domains, the end of support.
    mutating func review(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard households[s].stage == .teamSupport else { return }
        let teamIndex = Int(households[s].team)
        let tier = config.teams[teamIndex].tier
        let mandate = config.teams[teamIndex].mandate
        let interval = config.path.reviewIntervalWeeks
        if households[s].approvalUntil == now { reschedule(s, &scheduler) }   // approval came through: support starts
        let n = households[s].problemCount
        let acute = households[s].hasAcute
        if n == 0 && !inSecondLineCare(s) {
            close(s, &scheduler)
            return
        }
        if tier == .first, let intensive = intensiveTeam, n >= config.path.referralThreshold {
            if config.path.bridgingSupport {
                bridge(s, to: intensive, &scheduler)   // no-op when already on its list
            } else {
                handOver(s, to: intensive, reason: "up", &scheduler)
                return
            }
        } else if records[s].waitingTeam >= 0, tier == .first {
            // Re-triage of a long wait: the household no longer meets the intensive team's threshold.
            trace?.record(now, records[s].arrivalIndex, .triage, "triage.retriaged", ["\(n)"])
            withdrawFromTeamList(s)
        }
        if tier == .intensive, let first = firstTeam, config.path.scaleDownAtProblems >= 0,
           n <= config.path.scaleDownAtProblems, !acute {
            handOver(s, to: first, reason: "down", &scheduler)
            return
        }
        if now - records[s].caseStart >= config.teams[teamIndex].maxWeeks && records[s].waitingTeam < 0 {
            trace?.record(now, records[s].arrivalIndex, .support, "support.max", [config.teams[teamIndex].name])
            handOverToSecondLine(s, mandate: mandate, &scheduler)
            releaseTeam(s, &scheduler)
            if inSecondLineCare(s) { setStage(s, .specialistOnly) } else { close(s, &scheduler) }
            reschedule(s, &scheduler)
            return
        }
        // Refer acute domains, and domains stuck without progress, to their service.
        let stuck = now - records[s].lastProgress >= config.path.referAfterWeeksWithoutProgress
        // The problem domains (levels 1 and 2) in domain order, from the household's masks.
        let referAll = stuck || config.teams[teamIndex].role == .intermediary && n >= config.path.referralThreshold
        var problems = referAll ? households[s].problems : households[s].problems & households[s].acute
        while problems != 0 {
            let d = problems.trailingZeroBitCount
            problems &= problems &- 1
            let service = serviceByDomain[d]
            if service >= 0 { requestReferral(s, service, mandate: mandate, &scheduler) }
        }
        scheduler.schedule(.reviewDue(ref(s)), after: interval, on: processTimer[s])
    }

    /// The team lets go and hands the household's problems to the second line (000:L534): cold, the
    /// household loses trust and each service re-assesses; warm, the file and the introduction go along.
    mutating func handOverToSecondLine(_ s: Int, mandate: Bool, _ scheduler: inout Scheduler<CityEvent>) {
        let handover = config.path.handover
        households[s].trust = max(0, households[s].trust - handover.loss)
        records[s].handingOverCold = handover.reassessment > 0
        referProblemDomains(s, mandate: mandate, &scheduler)
        records[s].handingOverCold = false
    }

    mutating func referProblemDomains(_ s: Int, mandate: Bool, _ scheduler: inout Scheduler<CityEvent>) {
        var problems = households[s].problems
        while problems != 0 {
            let d = problems.trailingZeroBitCount
            problems &= problems &- 1
            let service = serviceByDomain[d]
            if service >= 0 { requestReferral(s, service, mandate: mandate, &scheduler) }
        }
    }

    /// Puts a household the first line keeps supporting on an intensive team's list: its worker
    /// bridges the wait and lets go when the intensive team takes it.
    mutating func bridge(_ s: Int, to team: Int, _ scheduler: inout Scheduler<CityEvent>) {
        guard records[s].waitingTeam < 0 else { return }
        trace?.record(now, records[s].arrivalIndex, .handover, "handover.bridging", [config.teams[team].name])
        if measuring && now <= end { stats.teamEntries[team] += 1 }
        records[s].teamTicket = teamLists[team].enqueue(ref(s), priority: households[s].hasAcute ? 0 : 1, at: now).rawValue
        records[s].waitingTeam = Int16(team)
        assignWorkers(team, &scheduler)
    }

    /// Moves the household to another team, warm or cold (000:L534): a delay, and trust lost when cold.
    mutating func handOver(_ s: Int, to team: Int, reason: String, _ scheduler: inout Scheduler<CityEvent>) {
        releaseTeam(s, &scheduler)
        let handover = config.path.handover
        households[s].trust = max(0, households[s].trust - handover.loss)
        records[s].reassessWeeks = handover.reassessment
        setStage(s, .handover)
        trace?.record(now, records[s].arrivalIndex, .handover,
                      "handover", [reason, config.teams[team].name, handover.warm ? "1" : "0", fmt(handover.delay)])
        scheduler.schedule(.handoverCompleted(ref(s), team: Int16(team)), after: handover.delay, on: processTimer[s])
        reschedule(s, &scheduler)
    }

    /// Frees the household's caseload slot and books its cost.
    mutating func releaseTeam(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let t = Int(households[s].team)
        guard t >= 0 else { return }
        if households[s].worker >= 0 {
            updateRelationship(s)
            let team = config.teams[t]
            if team.costBasis == .caseload {
                accrue(s, perWeek: team.costPerFTEYear / (Double(team.caseloadLimit) * 52),
                       from: records[s].supportSince, to: now, payer: team.payer, category: team.category)
            }
            caseloads[t][Int(households[s].worker)] -= 1
            teamPools[t].release(at: now)
            households[s].worker = -1
            households[s].team = -1
            assignWorkers(t, &scheduler)
        } else {
            households[s].team = -1
        }
    }

    /// Closes the household's case; it stays in view for the follow-up period and may come back.
    mutating func close(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        withdrawFromTeamList(s)
        releaseTeam(s, &scheduler)
        let stabilised = households[s].problemCount == 0
        if measuring && now <= end {
            stats.closures += 1
            if stabilised { stats.stabilisedClosures += 1 }
            if records[s].signalledAt.isFinite && now - records[s].signalledAt <= 52 { stats.closedWithinYear += 1 }
            if now <= end - 52 { stats.closuresFollowedAYear += 1 }
        }
        records[s].closedAt = now
        records[s].closureCounted = measuring && now <= end
        records[s].pendingReferrals = 0
        setStage(s, .closed)
        trace?.record(now, records[s].arrivalIndex, .closed,
                      stabilised ? "closed.stabilised" : "closed.open", ["\(households[s].problemCount)"])
        scheduler.schedule(.followUpEnded(ref(s)), after: config.path.followUpWeeks, on: processTimer[s])
        records[s].signalPending = false
        reschedule(s, &scheduler)
    }

    /// A problem came back after closure: the household will seek help again (or be found).
    /// The consequences of giving up on a waiting list (003:L759–764): trust lost, and a recipient
    /// loses the steps towards participation it had made.
    mutating func gaveUp(_ s: Int) {
        households[s].trust = max(0, households[s].trust - config.path.dropoutTrustLoss)
        if households[s].income == .benefit && config.path.dropoutRungsLost > 0 {
            households[s].rung = UInt8(max(1, Int(households[s].rung) - config.path.dropoutRungsLost))
        }
    }

    /// The first time any professional helps the household (for the households helped a year).
    mutating func noteHelped(_ s: Int) {
        guard !records[s].helped else { return }
        records[s].helped = true
        if measuring && now <= end { stats.householdsHelped += 1 }
    }

    /// After giving up on a waiting list the household waits longer before it asks again.
    mutating func scheduleReturn(_ s: Int, afterDropout: Bool = false, _ scheduler: inout Scheduler<CityEvent>) {
        let profile = config.profiles[Int(households[s].profile)]
        var delay = Distribution.exponential(mean: config.path.chanceDiscoveryWeeks, using: &households[s].luck)
        var ask = profile.helpSeekingDelay.sample(using: &households[s].luck)
        if afterDropout && config.path.askAgainAfterDropoutWeeks > 0 {
            ask = max(ask, Distribution.exponential(mean: config.path.askAgainAfterDropoutWeeks, using: &households[s].luck))
        }
        if records[s].asks { delay = min(delay, ask) }
        if config.path.outreachWeeks > 0 {
            delay = min(delay, Distribution.exponential(mean: config.path.outreachWeeks, using: &households[s].luck))
        }
        scheduler.schedule(.signalled(ref(s)), after: delay, on: processTimer[s])
        records[s].signalPending = true
    }
}

extension CityModel {
    /// Trust grows with the same worker (000:L297) and a community-building team strengthens the
    /// network (004:L133), continuously while the worker is assigned. Both are brought up to date at
    /// the household's own changes and when the worker lets go; the rates use the values of the
    /// last update (they move by at most a few hundredths between two changes).
    mutating func updateRelationship(_ s: Int) {
        let since = records[s].relationshipSince
        let weeks = now - since
        guard weeks > 0 else { return }
        records[s].relationshipSince = now
        let team = Int(households[s].team)
        if team >= 0, households[s].worker >= 0 {
            households[s].trust = min(1, households[s].trust + config.dynamics.trustGainPerWeek * weeks)
            households[s].network = min(1, households[s].network + config.teams[team].networkBuildingPerWeek * weeks)
        }
        // Network wear (000:L134): after a while in care, the network steps back as professionals
        // take over, unless the care leads towards work.
        let wear = config.dynamics.networkWearPerWeek
        if wear > 0, records[s].careSince.isFinite {
            let from = max(since, records[s].careSince + config.dynamics.passivityAfterWeeks)
            let h = households[s]
            let working = Self.workSupportActive(h.income, hasConsultant: h.hasConsultant, problems: h.problems,
                                                 mode: config.work.mode, basics: constants.basicsMask)
            if now > from && !working && h.income != .working {
                households[s].network = max(0, households[s].network - wear * (now - from))
            }
        }
    }

    /// Whether work support runs: for a recipient with a consultant, in the design's order (alongside
    /// care, once no domain is a problem, or once the basic needs are met). One rule for the rate loop
    /// and for network wear.
    @inline(__always)
    static func workSupportActive(_ income: Income, hasConsultant: Bool, problems: Int, mode: WorkSupportMode, basics: Int) -> Bool {
        guard income == .benefit, hasConsultant else { return false }
        switch mode {
        case .parallel: return true
        case .sequential: return problems == 0
        case .basicsFirst: return problems & basics == 0
        }
    }

    /// Starts or stops the household's care clock when it enters or leaves professional care (a
    /// worker or a treatment), and schedules the moment passivity sets in.
    mutating func updateCareClock(_ s: Int, _ scheduler: inout Scheduler<CityEvent>) {
        let inCare = households[s].worker >= 0 || households[s].treatedServices != 0
        let since = records[s].careSince
        if inCare == since.isFinite { return }
        updateRelationship(s)   // wear up to now under the old clock
        if inCare {
            records[s].careSince = now
            let at = now + config.dynamics.passivityAfterWeeks
            if at <= end && (config.dynamics.passivity > 0 || config.dynamics.networkWearPerWeek > 0) {
                scheduler.schedule(.lifeEvent(ref(s), .passivityStarts), at: at)
            }
        } else {
            records[s].careSince = .infinity
        }
    }
}
