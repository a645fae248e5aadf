// Costs per payer and category, the statistics gathered during a replication, and its result.

import SimCore

/// Costs booked per payer and category; the total is kept apart so that an invariant can check that
/// the parts add up.
public struct CostLedger: Sendable, Equatable {
    public private(set) var byPayerAndCategory = [Double](repeating: 0, count: Payer.allCases.count * CostCategory.allCases.count)
    public private(set) var total: Double = 0

    mutating func add(_ amount: Double, payer: Payer, category: CostCategory) {
        byPayerAndCategory[payer.rawValue * CostCategory.allCases.count + category.rawValue] += amount
        total += amount
    }

    public func amount(payer: Payer) -> Double {
        CostCategory.allCases.reduce(0) { $0 + byPayerAndCategory[payer.rawValue * CostCategory.allCases.count + $1.rawValue] }
    }

    public func amount(category: CostCategory) -> Double {
        Payer.allCases.reduce(0) { $0 + byPayerAndCategory[$1.rawValue * CostCategory.allCases.count + category.rawValue] }
    }
}

/// What a replication counts while it measures.
struct CityStatistics {
    var present = TimeWeightedAverage()
    var openCases = TimeWeightedAverage()
    var onBenefit = TimeWeightedAverage()
    var escalations: [Int] = []
    var jobsFound = 0
    var jobsFoundByProfile: [Int] = []
    var onBenefitByProfile: [TimeWeightedAverage] = []
    var firstHelpWeeks = Tally()
    var closures = 0
    var stabilisedClosures = 0
    var closedWithinYear = 0
    var closuresFollowedAYear = 0
    var returnsWithinYear = 0
    var professionalsPerEpisode = Tally()
    /// The same for households that had two or more problem domains when they came forward (000:L133).
    var professionalsPerMultiProblemEpisode = Tally()
    /// Households that came forward (or were found) for the first time.
    var householdsReached = 0
    /// Households a professional helped for the first time.
    var householdsHelped = 0
    var crisesThisMonth = 0
    /// Households followed by the zone recorder that left since measuring began.
    var followedLeft = 0
    /// Crises over the whole run, warm-up included (the monthly series).
    var crisesEver = 0
    var presentByProfile: [TimeWeightedAverage] = []
    var couplesOnBenefit = TimeWeightedAverage()
    /// Costs booked inside the window, per profile of the household that caused them.
    var costByProfile: [Double] = []
    /// Bijstand paid inside the window (the benefit money itself, not its staff).
    var benefitPayments = 0.0
    var referrals: [Int] = []
    /// Households becoming known (asked, found, came back or a crisis), per profile.
    var signalsByProfile: [Int] = []
    var teamEntries: [Int] = []
    var serviceWaitsOver4w: [Int] = []
    var teamWaitsOver4w: [Int] = []
    var teamDropouts: [Int] = []
    var benefitStarts = 0
    var benefitExits = 0
    var benefitExitsFollowedAYear = 0
    var benefitReturnsWithinYear = 0
    var benefitStockAtStart = 0.0
    /// Month-end counts inside the window: households with 2+ problem domains, with 5+, on benefit
    /// with 2+ (the multi-problem stock, calibration E8–E10), and the number of month ends.
    var multiProblemMonthSum = 0.0
    var heavyMonthSum = 0.0
    var hiddenMonthSum = 0.0
    var benefitMultiProblemMonthSum = 0.0
    var benefitMonthSum = 0.0
    var snapshotMonths = 0
    /// Exits from benefit and weeks on benefit inside the window, by time on benefit (< 1 y, 1–3 y, > 3 y).
    var benefitExitsByDuration = [Int](repeating: 0, count: 3)
    var benefitWeeksByDuration = [Double](repeating: 0, count: 3)
    var leftByReason = [Int](repeating: 0, count: LeaveReason.allCases.count)
    /// Costs of households inside the window, summed as each household's account is closed (left,
    /// or still present at the end): checked against the ledger.
    var householdCostSum = 0.0
    /// The costs in the current calendar year of households that left during it, and the share of
    /// the costliest 5% of households in each full calendar year of the window.
    var leaversYearCosts: [Double] = []
    var yearTopShares: [Double] = []
}

/// One measure's value in one replication.
public struct Measure: Sendable, Equatable {
    public let name: String
    public let value: Double
}

/// One row of the monthly series (CONTRACT.md timeseries.csv): month after warm-up, series, value.
public struct TimeseriesRow: Sendable, Equatable {
    public let month: Int
    public let series: String
    public let value: Double

    public init(month: Int, series: String, value: Double) {
        self.month = month; self.series = series; self.value = value
    }
}

/// What one replication produces.
public struct ReplicationResult: Sendable {
    /// The measures of CONTRACT.md and some more, in a fixed order.
    public let measures: [Measure]
    public let timeseries: [TimeseriesRow]
    public let events: UInt64
    public let peakPending: Int
    public let householdsArrived: Int
    public let ledger: CostLedger
    public let trace: [TraceEntry]
    /// The sum of every household's own account (costs caused by households, inside the window);
    /// with the fixed staff costs it must equal the ledger's total.
    public var householdCostSum: Double = 0
    /// Staff costs booked per FTE whatever the use (not caused by any one household).
    public var fixedStaffCost: Double = 0
    /// Bijstand paid inside the window, and the same from the time-weighted stock of households on
    /// benefit (singles and couples) × the weekly benefit: the two must agree.
    public var benefitPaid: Double = 0
    public var benefitFromStock: Double = 0
    /// Households arrived, present at the end, and left per reason (`LeaveReason` order).
    public var householdsPresentAtEnd: Int = 0
    public var householdsLeftByReason: [Int] = []
    /// Set when the replication stopped at a safety limit (RunLimits) before its horizon: the
    /// measures are then not valid results.
    public var limitReached: String? = nil
    /// Set when `RunLimits.shouldStop` stopped the replication part-way (an interruption): no results.
    public var interrupted = false

    public func value(_ name: String) -> Double? { measures.first { $0.name == name }?.value }
}

extension CityModel {
    /// Books a one-off cost at `now` if it falls inside the measurement window.
    mutating func book(_ s: Int, _ amount: Double, payer: Payer, category: CostCategory) {
        if let trace { trace.charge(now, records[s].arrivalIndex, amount, payer: payer, category: category) }
        guard amount != 0, measuring, now <= end else { return }
        addToLedger(amount, payer: payer, category: category, from: now, to: now)
        charge(s, amount, at: now)
    }

    /// Adds a measured cost to the ledger, and to the replay's months when a zone recorder is attached
    /// (spread evenly over `from`…`to`, the span it ran).
    mutating func addToLedger(_ amount: Double, payer: Payer, category: CostCategory, from: Double, to: Double) {
        ledger.add(amount, payer: payer, category: category)
        if let zones, zones.recording { zones.cost(amount, payer: payer, from: from, to: to) }
    }

    /// Adds a cost inside the window to the household's own account, its profile and its calendar year.
    mutating func charge(_ s: Int, _ amount: Double, at time: Double) {
        records[s].cost += amount
        stats.costByProfile[Int(households[s].profile)] += amount
        // A moment on a year's end belongs to the year that ends there (the books close after it).
        let year = Int32(min(max(0, Int(((time - warmupEnd) / 52 - 1e-9).rounded(.up)) - 1), yearCostCount - 1))
        if records[s].costYear != year {
            records[s].costYear = year
            records[s].yearCost = 0
        }
        records[s].yearCost += amount
    }

    /// Books a cost that ran at `perWeek` from `start` to `stop`, clipped to the measurement window.
    /// - Returns: the whole amount (also the part outside the window), for the household's story.
    @discardableResult
    mutating func accrue(_ s: Int, perWeek: Double, from start: Double, to stop: Double, payer: Payer,
                         category: CostCategory, benefitPayment: Bool = false) -> Double {
        if let trace { trace.charge(stop, records[s].arrivalIndex, perWeek * max(0, stop - start), payer: payer, category: category) }
        let lo = max(start, warmupEnd), hi = min(stop, end)
        let inside = max(0, hi - lo)
        if inside > 0 && perWeek != 0 {
            addToLedger(perWeek * inside, payer: payer, category: category, from: lo, to: hi)
            if benefitPayment { stats.benefitPayments += perWeek * inside }
            // Into the household's account year by year, so the yearly concentration is right.
            var t = lo
            while t < hi {
                let yearEnd = min(hi, warmupEnd + (((t - warmupEnd) / 52).rounded(.down) + 1) * 52)
                charge(s, perWeek * (yearEnd - t), at: (t + yearEnd) / 2)
                t = yearEnd
            }
        }
        return perWeek * max(0, stop - start)
    }

    var yearCostCount: Int { Int((config.measureWeeks / 52).rounded(.up)) }

    /// Closes a household's account: its costs go into the concentration measures.
    mutating func recordHouseholdCost(_ s: Int) {
        if records[s].cost > 0 {
            householdCosts.append(records[s].cost)
            stats.householdCostSum += records[s].cost
        }
        if measuring, records[s].yearCost > 0, Int(records[s].costYear) == stats.yearTopShares.count {
            stats.leaversYearCosts.append(records[s].yearCost)
        }
    }

    /// Books every running cost (benefit, treatment, caseload-costed support, consultants) up to
    /// now and restarts it from now, so that each household's costs of the year just ended are
    /// complete. Called at every year end of the window: the yearly concentration is then exact,
    /// and only the current year's cost is kept per household.
    mutating func settleRunningCosts() {
        for s in households.indices where !freeSlotFlags[s] {
            let h = households[s]
            if h.team >= 0 && h.worker >= 0 {
                let team = config.teams[Int(h.team)]
                if team.costBasis == .caseload {
                    accrue(s, perWeek: team.costPerFTEYear / (Double(team.caseloadLimit) * 52), from: records[s].supportSince, to: now,
                           payer: team.payer, category: team.category)
                    records[s].supportSince = now
                }
            }
            var treated = h.treatedServices
            while treated != 0 {
                let service = treated.trailingZeroBitCount
                treated &= treated &- 1
                accrue(s, perWeek: config.services[service].pricePerWeek, from: treatmentStart[s * serviceCount + service], to: now,
                       payer: config.services[service].payer, category: .secondLine)
                treatmentStart[s * serviceCount + service] = now
            }
            if h.hasConsultant && config.work.costBasis == .caseload {
                accrue(s, perWeek: config.work.costPerFTEYear / (Double(config.work.caseloadLimit) * 52), from: records[s].consultantSince,
                       to: now, payer: .municipalityBenefits, category: config.work.inTeam ? .firstLine : .benefits)
                records[s].consultantSince = now
            }
            if h.income == .benefit {
                accrue(s, perWeek: benefitPerWeek(s), from: records[s].benefitPaidTo, to: now, payer: .municipalityBenefits, category: .benefits,
                       benefitPayment: true)
                records[s].benefitPaidTo = now
            }
        }
    }

    /// At the end of a full calendar year of the window: the share of that year's cost borne by the
    /// costliest 5% of households (those present, and those that left during the year).
    mutating func closeCalendarYear() {
        settleRunningCosts()
        let year = Int32(stats.yearTopShares.count)
        var costs = stats.leaversYearCosts
        for s in households.indices where !freeSlotFlags[s] && records[s].costYear == year && records[s].yearCost > 0 {
            costs.append(records[s].yearCost)
        }
        stats.yearTopShares.append(topShare(costs, fraction: 0.05))
        stats.leaversYearCosts.removeAll(keepingCapacity: true)
    }

    mutating func beginMeasuring(at time: Double) {
        measuring = true
        stats.benefitStockAtStart = stats.onBenefit.value
        if let zones { beginZones(zones) }
        stats.present.reset(at: time)
        stats.couplesOnBenefit.reset(at: time)
        for i in stats.presentByProfile.indices { stats.presentByProfile[i].reset(at: time) }
        stats.openCases.reset(at: time)
        stats.onBenefit.reset(at: time)
        for i in stats.onBenefitByProfile.indices { stats.onBenefitByProfile[i].reset(at: time) }
        for i in teamLists.indices { teamLists[i].resetStatistics(at: time); teamPools[i].busy.reset(at: time) }
        for i in serviceLists.indices { serviceLists[i].resetStatistics(at: time); servicePools[i].busy.reset(at: time) }
        consultantList.resetStatistics(at: time)
        consultantPool.busy.reset(at: time)
    }

    mutating func recordMonth(at time: Double) {
        guard time <= end + 1e-9 else { return }
        month += 1
        for (i, team) in config.teams.enumerated() {
            timeseries.append(TimeseriesRow(month: month, series: "waiting_list.\(team.name)", value: Double(teamLists[i].count)))
            timeseries.append(TimeseriesRow(month: month, series: "caseload.\(team.name)", value: Double(teamPools[i].inUse)))
        }
        for (i, service) in config.services.enumerated() {
            timeseries.append(TimeseriesRow(month: month, series: "waiting_list.\(service.name)", value: Double(serviceLists[i].count)))
        }
        timeseries.append(TimeseriesRow(month: month, series: "households_on_benefit", value: stats.onBenefit.value))
        timeseries.append(TimeseriesRow(month: month, series: "households_in_system", value: stats.openCases.value))
        timeseries.append(TimeseriesRow(month: month, series: "households_present", value: stats.present.value))
        if month >= 1 && month % 12 == 0 && Double(month / 12) * 52 <= config.measureWeeks + 1e-6 { closeCalendarYear() }
        if month >= 1 {
            // Month-end counts of the multi-problem stock (cheap: once a month over the households present).
            var multi = 0, heavy = 0, onBenefit = 0, onBenefitMulti = 0, hidden = 0
            for s in households.indices where !freeSlotFlags[s] {
                let n = households[s].problemCount
                // Hidden need (004:L35): problems no professional knows of (never asked, or closed).
                let stage = households[s].stage
                if n > 0 && (stage == .latent || stage == .closed)
                    && households[s].waitingServices | households[s].treatedServices | records[s].pendingReferrals == 0 { hidden += 1 }
                if n >= 2 { multi += 1 }
                if n >= 5 { heavy += 1 }
                if households[s].income == .benefit {
                    onBenefit += 1
                    if n >= 2 { onBenefitMulti += 1 }
                }
            }
            stats.multiProblemMonthSum += Double(multi)
            stats.heavyMonthSum += Double(heavy)
            stats.hiddenMonthSum += Double(hidden)
            stats.benefitMonthSum += Double(onBenefit)
            stats.benefitMultiProblemMonthSum += Double(onBenefitMulti)
            stats.snapshotMonths += 1
        }
        let crises = stats.crisesEver
        timeseries.append(TimeseriesRow(month: month, series: "crises", value: Double(crises - stats.crisesThisMonth)))
        stats.crisesThisMonth = crises
        if month >= 1, let zones, zones.recording { recordZoneMonth(zones) }
    }

    /// Books what is still running at the end, and computes the measures.
    public mutating func finish(at time: Double, scheduler: Scheduler<CityEvent>) -> ReplicationResult {
        now = time
        settleRunningCosts()
        for s in households.indices where !freeSlotFlags[s] {
            if households[s].income == .benefit { recordBenefitExposure(since: records[s].benefitSince, until: time) }
            recordHouseholdCost(s)
        }
        // The measured span: the whole window, or up to a safety stop.
        let years = max(0, min(time, end) - warmupEnd) / 52
        var fixed = 0.0
        for team in config.teams where team.costBasis == .fte {
            let amount = Double(team.workers) * team.costPerFTEYear * years
            addToLedger(amount, payer: team.payer, category: team.category, from: warmupEnd, to: min(time, end))
            fixed += amount
        }
        if config.work.costBasis == .fte {
            let amount = Double(config.work.consultants) * config.work.costPerFTEYear * years
            addToLedger(amount, payer: .municipalityBenefits, category: config.work.inTeam ? .firstLine : .benefits,
                        from: warmupEnd, to: min(time, end))
            fixed += amount
        }
        var result = ReplicationResult(measures: measures(at: time, years: years), timeseries: timeseries,
                                       events: scheduler.eventsHandled, peakPending: scheduler.peakPending,
                                       householdsArrived: arrived, ledger: ledger, trace: trace?.entries ?? [])
        result.householdCostSum = stats.householdCostSum
        result.fixedStaffCost = fixed
        result.benefitPaid = stats.benefitPayments
        let couples = stats.couplesOnBenefit.mean(at: time), all = stats.onBenefit.mean(at: time)
        result.benefitFromStock = (couples * config.work.benefitPerWeekCouple + (all - couples) * config.work.benefitPerWeekSingle) * years * 52
        result.householdsPresentAtEnd = arrived - gone
        result.householdsLeftByReason = goneByReason
        return result
    }

    func measures(at time: Double, years: Double) -> [Measure] {
        var m: [Measure] = []
        func add(_ name: String, _ value: Double) { m.append(Measure(name: name, value: value.isFinite ? value : 0)) }
        let perYear = years > 0 ? 1 / years : 0
        add("total_cost_eur_per_year", ledger.total * perYear)
        for payer in Payer.allCases { add("cost_eur_per_year.\(payer.key)", ledger.amount(payer: payer) * perYear) }
        for category in CostCategory.allCases { add("category_cost_eur_per_year.\(category.key)", ledger.amount(category: category) * perYear) }
        let benefitYears = stats.onBenefit.mean(at: time) * years
        add("outflow_to_work_per_benefit_year", benefitYears > 0 ? Double(stats.jobsFound) / benefitYears : 0)
        for (p, profile) in config.profiles.enumerated() {
            let years = stats.onBenefitByProfile[p].mean(at: time) * years
            add("outflow_to_work_per_benefit_year.\(profile.name)", years > 0 ? Double(stats.jobsFoundByProfile[p]) / years : 0)
        }
        let householdYears = stats.present.mean(at: time) * years
        let crises = config.crises.indices.filter { config.crises[$0].countsAsEscalation }.reduce(0) { $0 + stats.escalations[$1] }
        add("escalations_per_100_household_years", householdYears > 0 ? 100 * Double(crises) / householdYears : 0)
        var crisisNames: [(String, Bool)] = []
        for c in config.crises where !crisisNames.contains(where: { $0.0 == c.name }) { crisisNames.append((c.name, c.countsAsEscalation)) }
        for (name, escalation) in crisisNames {
            let count = config.crises.indices.filter { config.crises[$0].name == name }.reduce(0) { $0 + stats.escalations[$1] }
            add(escalation ? "escalations_per_year.\(name)" : "long_care_starts_per_year.\(name)", Double(count) * perYear)
        }
        for (i, team) in config.teams.enumerated() {
            let list = teamLists[i]
            add("wait_days_mean.\(team.name)", list.waits.count > 0 ? list.waits.mean * 7 : 0)
            add("wait_days_p90.\(team.name)", list.waitP90.count > 0 ? list.waitP90.estimate * 7 : 0)
            add("waiting_list_mean.\(team.name)", teamLists[i].length.mean(at: time))
        }
        for (i, service) in config.services.enumerated() {
            let list = serviceLists[i]
            add("wait_days_mean.\(service.name)", list.waits.count > 0 ? list.waits.mean * 7 : 0)
            add("wait_days_p90.\(service.name)", list.waitP90.count > 0 ? list.waitP90.estimate * 7 : 0)
            add("waiting_list_mean.\(service.name)", serviceLists[i].length.mean(at: time))
            let left = list.waits.count + list.dropouts
            add("dropout_while_waiting_share.\(service.name)", left > 0 ? Double(list.dropouts) / Double(left) : 0)
            add("utilisation.\(service.name)", servicePools[i].utilisation(at: time))
        }
        add("first_help_days_mean", stats.firstHelpWeeks.mean * 7)
        add("professionals_per_household_mean", stats.professionalsPerEpisode.mean)
        add("professionals_per_multi_problem_household_mean", stats.professionalsPerMultiProblemEpisode.mean)
        for (i, team) in config.teams.enumerated() { add("caseload_utilisation.\(team.name)", teamPools[i].utilisation(at: time)) }
        add("caseload_utilisation.work_and_income", consultantPool.utilisation(at: time))
        add("stabilised_share_at_closure", stats.closures > 0 ? Double(stats.stabilisedClosures) / Double(stats.closures) : 0)
        add("closed_within_1y_share", stats.closures > 0 ? Double(stats.closedWithinYear) / Double(stats.closures) : 0)
        add("return_within_1y_share",
            stats.closuresFollowedAYear > 0 ? Double(stats.returnsWithinYear) / Double(stats.closuresFollowedAYear) : 0)
        add("cost_share_top5pct_households", topShare(householdCosts, fraction: 0.05))
        add("cost_share_top5pct_households_per_year",
            stats.yearTopShares.isEmpty ? 0 : stats.yearTopShares.reduce(0, +) / Double(stats.yearTopShares.count))
        add("households_in_system_mean", stats.openCases.mean(at: time))
        add("households_on_benefit_mean", stats.onBenefit.mean(at: time))
        add("households_present_mean", stats.present.mean(at: time))
        add("escalations_per_year", Double(crises) * perYear)
        // The whole clientele (MODEL.md §2): care apart from benefits, costs per profile, referrals.
        add("benefit_cost_eur_per_year", stats.benefitPayments * perYear)
        add("care_cost_eur_per_year", (ledger.total - stats.benefitPayments) * perYear)
        for (p, profile) in config.profiles.enumerated() {
            let present = stats.presentByProfile[p].mean(at: time)
            add("households_present_mean.\(profile.name)", present)
            add("cost_eur_per_household_year.\(profile.name)", present * years > 0 ? stats.costByProfile[p] / (present * years) : 0)
        }
        for (i, service) in config.services.enumerated() {
            add("referrals_per_year.\(service.name)", Double(stats.referrals[i]) * perYear)
            let served = serviceLists[i].waits.count
            add("wait_over_4w_share.\(service.name)", served > 0 ? Double(stats.serviceWaitsOver4w[i]) / Double(served) : 0)
        }
        for (i, team) in config.teams.enumerated() {
            let served = teamLists[i].waits.count
            add("wait_over_4w_share.\(team.name)", served > 0 ? Double(stats.teamWaitsOver4w[i]) / Double(served) : 0)
            let left = served + stats.teamDropouts[i]
            add("dropout_while_waiting_share.\(team.name)", left > 0 ? Double(stats.teamDropouts[i]) / Double(left) : 0)
        }
        add("referrals_per_1000_inhabitants",
            Double(stats.referrals.reduce(0, +)) * perYear * 1000 / Double(max(1, config.inhabitants)))
        // The bijstand stock-flow (calibration E3–E7).
        let stockStart = stats.benefitStockAtStart, stockEnd = stats.onBenefit.value
        add("benefit_stock_change_per_year", stockStart > 0 && years > 0 ? (stockEnd - stockStart) / stockStart / years : 0)
        add("benefit_exit_rate_per_year", benefitYears > 0 ? Double(stats.benefitExits) / benefitYears : 0)
        add("benefit_inflow_per_year", Double(stats.benefitStarts) * perYear)
        for (b, band) in ["under_1y", "from_1y_to_3y", "over_3y"].enumerated() {
            let years = stats.benefitWeeksByDuration[b] / 52
            add("benefit_exit_rate_per_year.\(band)", years > 0 ? Double(stats.benefitExitsByDuration[b]) / years : 0)
        }
        add("return_to_benefit_within_1y_share",
            stats.benefitExitsFollowedAYear > 0 ? Double(stats.benefitReturnsWithinYear) / Double(stats.benefitExitsFollowedAYear) : 0)
        add("multi_problem_share_of_benefit",
            stats.benefitMonthSum > 0 ? stats.benefitMultiProblemMonthSum / stats.benefitMonthSum : multiProblemShareOfBenefit())
        let months = Double(max(1, stats.snapshotMonths))
        add("multi_problem_households_mean", stats.multiProblemMonthSum / months)
        add("heavy_multi_problem_households_mean", stats.heavyMonthSum / months)
        add("hidden_need_households_mean", stats.hiddenMonthSum / months)
        add("signals_per_year", Double(stats.signalsByProfile.reduce(0, +)) * perYear)
        add("households_reached_per_year", Double(stats.householdsReached) * perYear)
        add("households_helped_per_year", Double(stats.householdsHelped) * perYear)
        add("referrals_per_year", Double(stats.referrals.reduce(0, +)) * perYear)
        for (p, profile) in config.profiles.enumerated() {
            add("signals_per_year.\(profile.name)", Double(stats.signalsByProfile[p]) * perYear)
        }
        for (i, team) in config.teams.enumerated() { add("entries_per_year.\(team.name)", Double(stats.teamEntries[i]) * perYear) }
        for reason in LeaveReason.allCases { add("left_per_year.\(reason.key)", Double(stats.leftByReason[reason.rawValue]) * perYear) }
        return m
    }

    /// Share of the households on benefit at the end that have two or more problem domains: it
    /// comes out of the dynamics, it is not typed in (calibration E8: more than 40%).
    func multiProblemShareOfBenefit() -> Double {
        var onBenefit = 0, multi = 0
        for s in households.indices where !freeSlotFlags[s] && households[s].income == .benefit {
            onBenefit += 1
            if households[s].problemCount >= 2 { multi += 1 }
        }
        return onBenefit > 0 ? Double(multi) / Double(onBenefit) : 0
    }

    /// Share of the total borne by the costliest `fraction` of the values.
    func topShare(_ costs: [Double], fraction: Double) -> Double {
        guard !costs.isEmpty else { return 0 }
        let sorted = costs.sorted(by: >)
        let k = max(1, Int((Double(sorted.count) * fraction).rounded(.up)))
        let total = sorted.reduce(0, +)
        return total > 0 ? sorted.prefix(k).reduce(0, +) / total : 0
    }

    /// Debug builds check the model's invariants after every event (MODEL.md; issue: households
    /// arrived = latent + waiting + in care + closed + gone; caseloads within limits; costs add up).
    func checkInvariants() {
        precondition(arrived == stageCounts.reduce(0, +) + goneByReason.reduce(0, +),
                     "households arrived (\(arrived)) ≠ present by stage (\(stageCounts)) + left by reason (\(goneByReason))")
        precondition(gone == goneByReason.reduce(0, +), "households gone out of step with the reasons")
        precondition(stats.presentByProfile.reduce(0) { $0 + $1.value } == stats.present.value, "households present by profile out of step")
        for (t, team) in config.teams.enumerated() {
            var sum = 0
            for load in caseloads[t] {
                precondition(load >= 0 && load <= team.caseloadLimit, "caseload \(load) outside 0...\(team.caseloadLimit) in \(team.name)")
                sum += load
            }
            precondition(sum == teamPools[t].inUse, "caseloads of \(team.name) do not add up to the slots in use")
        }
        let byPayer = Payer.allCases.reduce(0) { $0 + ledger.amount(payer: $1) }
        let byCategory = CostCategory.allCases.reduce(0) { $0 + ledger.amount(category: $1) }
        precondition(abs(byPayer - ledger.total) <= 1e-9 * max(1, ledger.total), "costs per payer do not add up to the total")
        precondition(abs(byCategory - ledger.total) <= 1e-9 * max(1, ledger.total), "costs per category do not add up to the total")
        precondition(stats.present.value == Double(arrived - gone), "households present out of step")
        // A full recount now and then, to check the incremental counters against the households themselves.
        if arrived % 64 == 0 {
            var counts = [Int](repeating: 0, count: Stage.allCases.count)
            for s in households.indices where !freeSlotFlags[s] {
                counts[Int(households[s].stage.rawValue)] += 1
                let h = households[s]
                precondition(h.stage != .teamSupport || h.worker >= 0, "household in team support without a worker")
                precondition(h.stage != .waitingForTeam || h.worker < 0, "household waiting for a team with a worker")
                precondition(h.stage != .waitingForTeam || records[s].waitingTeam == h.team, "household waiting for a team it is not listed on")
                precondition(records[s].waitingTeam < 0 || h.stage == .waitingForTeam || h.stage == .teamSupport,
                             "household on a team list while neither waiting nor bridging")
                precondition(h.income != .benefit || h.hasConsultant || records[s].waitingConsultant || consultantPool.capacity == 0,
                             "household on benefit without a consultant or a place on the consultants' list")
            }
            precondition(counts == stageCounts, "stage counters \(stageCounts) ≠ recount \(counts)")
        }
    }
}
