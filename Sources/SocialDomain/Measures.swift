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
    var crisesThisMonth = 0
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
    /// Set when the replication stopped at a safety limit (RunLimits) before its horizon: the
    /// measures are then not valid results.
    public var limitReached: String? = nil

    public func value(_ name: String) -> Double? { measures.first { $0.name == name }?.value }
}

extension CityModel {
    /// Books a one-off cost at `now` if it falls inside the measurement window.
    mutating func book(_ s: Int, _ amount: Double, payer: Payer, category: CostCategory) {
        if let trace { trace.charge(now, records[s].arrivalIndex, amount, payer: payer, category: category) }
        guard amount != 0, measuring, now <= end else { return }
        ledger.add(amount, payer: payer, category: category)
        records[s].cost += amount
    }

    /// Books a cost that ran at `perWeek` from `start` to `stop`, clipped to the measurement window.
    /// - Returns: the whole amount (also the part outside the window), for the household's story.
    @discardableResult
    mutating func accrue(_ s: Int, perWeek: Double, from start: Double, to stop: Double, payer: Payer,
                         category: CostCategory) -> Double {
        if let trace { trace.charge(stop, records[s].arrivalIndex, perWeek * max(0, stop - start), payer: payer, category: category) }
        let inside = max(0, min(stop, end) - max(start, warmupEnd))
        if inside > 0 && perWeek != 0 {
            ledger.add(perWeek * inside, payer: payer, category: category)
            records[s].cost += perWeek * inside
        }
        return perWeek * max(0, stop - start)
    }

    mutating func beginMeasuring(at time: Double) {
        measuring = true
        stats.present.reset(at: time)
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
        let crises = stats.escalations.reduce(0, +)
        timeseries.append(TimeseriesRow(month: month, series: "crises", value: Double(crises - stats.crisesThisMonth)))
        stats.crisesThisMonth = crises
    }

    /// Books what is still running at the end, and computes the measures.
    public mutating func finish(at time: Double, scheduler: Scheduler<CityEvent>) -> ReplicationResult {
        now = time
        for s in households.indices where !freeSlotFlags[s] {
            let h = households[s], record = records[s]
            if h.team >= 0 && h.worker >= 0 {
                let team = config.teams[Int(h.team)]
                if team.costBasis == .caseload {
                    accrue(s, perWeek: team.costPerFTEYear / (Double(team.caseloadLimit) * 52), from: record.supportSince, to: time,
                           payer: team.payer, category: team.category)
                }
            }
            for service in 0..<serviceCount where h.treatedServices & (1 << UInt32(service)) != 0 {
                accrue(s, perWeek: config.services[service].pricePerWeek, from: treatmentStart[s * serviceCount + service],
                       to: time, payer: config.services[service].payer, category: .secondLine)
            }
            if h.hasConsultant && config.work.costBasis == .caseload {
                accrue(s, perWeek: config.work.costPerFTEYear / (Double(config.work.caseloadLimit) * 52), from: record.consultantSince,
                       to: time, payer: .municipalityBenefits, category: config.work.inTeam ? .firstLine : .benefits)
            }
            if h.income == .benefit {
                let perWeek = record.adults == 2 ? config.work.benefitPerWeekCouple : config.work.benefitPerWeekSingle
                accrue(s, perWeek: perWeek, from: record.benefitSince, to: time, payer: .municipalityBenefits, category: .benefits)
            }
            if records[s].cost > 0 { householdCosts.append(records[s].cost) }
        }
        let years = config.measureWeeks / 52
        for team in config.teams where team.costBasis == .fte {
            ledger.add(Double(team.workers) * team.costPerFTEYear * years, payer: team.payer, category: team.category)
        }
        if config.work.costBasis == .fte {
            ledger.add(Double(config.work.consultants) * config.work.costPerFTEYear * years, payer: .municipalityBenefits,
                       category: config.work.inTeam ? .firstLine : .benefits)
        }
        return ReplicationResult(measures: measures(at: time, years: years), timeseries: timeseries,
                                 events: scheduler.eventsHandled, peakPending: scheduler.peakPending,
                                 householdsArrived: arrived, ledger: ledger, trace: trace?.entries ?? [])
    }

    func measures(at time: Double, years: Double) -> [Measure] {
        var m: [Measure] = []
        func add(_ name: String, _ value: Double) { m.append(Measure(name: name, value: value.isFinite ? value : 0)) }
        let perYear = years > 0 ? 1 / years : 0
        add("total_cost_eur_per_year", ledger.total * perYear)
        for payer in Payer.allCases { add("cost_eur_per_year.\(payer.key)", ledger.amount(payer: payer) * perYear) }
        for category in CostCategory.allCases { add("cost_eur_per_year.\(category.key)", ledger.amount(category: category) * perYear) }
        let benefitYears = stats.onBenefit.mean(at: time) * years
        add("outflow_to_work_per_benefit_year", benefitYears > 0 ? Double(stats.jobsFound) / benefitYears : 0)
        for (p, profile) in config.profiles.enumerated() {
            let years = stats.onBenefitByProfile[p].mean(at: time) * years
            add("outflow_to_work_per_benefit_year.\(profile.name)", years > 0 ? Double(stats.jobsFoundByProfile[p]) / years : 0)
        }
        let householdYears = stats.present.mean(at: time) * years
        let crises = stats.escalations.reduce(0, +)
        add("escalations_per_100_household_years", householdYears > 0 ? 100 * Double(crises) / householdYears : 0)
        var crisisNames: [String] = []
        for c in config.crises where !crisisNames.contains(c.name) { crisisNames.append(c.name) }
        for name in crisisNames {
            let count = config.crises.indices.filter { config.crises[$0].name == name }.reduce(0) { $0 + stats.escalations[$1] }
            add("escalations_per_year.\(name)", Double(count) * perYear)
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
        for (i, team) in config.teams.enumerated() { add("caseload_utilisation.\(team.name)", teamPools[i].utilisation(at: time)) }
        add("caseload_utilisation.work_and_income", consultantPool.utilisation(at: time))
        add("stabilised_share_at_closure", stats.closures > 0 ? Double(stats.stabilisedClosures) / Double(stats.closures) : 0)
        add("closed_within_1y_share", stats.closures > 0 ? Double(stats.closedWithinYear) / Double(stats.closures) : 0)
        add("return_within_1y_share",
            stats.closuresFollowedAYear > 0 ? Double(stats.returnsWithinYear) / Double(stats.closuresFollowedAYear) : 0)
        add("cost_share_top5pct_households", topShare(householdCosts, fraction: 0.05))
        add("households_in_system_mean", stats.openCases.mean(at: time))
        add("households_on_benefit_mean", stats.onBenefit.mean(at: time))
        add("households_present_mean", stats.present.mean(at: time))
        add("escalations_per_year", Double(crises) * perYear)
        return m
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
        precondition(arrived == stageCounts.reduce(0, +) + gone,
                     "households arrived (\(arrived)) ≠ present by stage (\(stageCounts)) + gone (\(gone))")
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
            }
            precondition(counts == stageCounts, "stage counters \(stageCounts) ≠ recount \(counts)")
        }
    }
}
