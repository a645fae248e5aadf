// From per-replication values to what people read: mean, sd and 95% CI per measure; paired
// differences against a baseline (common random numbers: replication r of every scenario meets
// the same households with the same luck); and the intervention-paradox verdict of a sweep.

import SimCore

public struct MeasureSummary: Sendable, Equatable {
    public var name: String
    public var mean: Double
    public var sd: Double
    public var low: Double
    public var high: Double
    public var n: Int
}

/// The results of one scenario at one point, replication by replication.
public struct Cell: Sendable {
    public var point: Int
    public var scenario: Int
    public var label: String
    /// Measure names in output order; values[r][m].
    public var names: [String]
    public var values: [[Double]]

    public func column(_ name: String) -> [Double]? {
        names.firstIndex(of: name).map { m in values.map { $0[m] } }
    }

    public var summaries: [MeasureSummary] {
        names.indices.map { m in summarise(names[m], values.map { $0[m] }) }
    }
}

func summarise(_ name: String, _ xs: [Double]) -> MeasureSummary {
    let ci = ConfidenceInterval(values: xs)
    let n = xs.count
    let mean = ci.mean
    let sd = n > 1 ? (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : 0
    // One replication has no confidence interval: the bounds are not numbers (blank in the CSV files,
    // null in JSON, "no CI" on the terminal), not a zero-width interval that would look certain.
    return MeasureSummary(name: name, mean: mean, sd: sd, low: n > 1 ? ci.lower : .nan, high: n > 1 ? ci.upper : .nan, n: n)
}

/// Paired differences of `cell` minus `baseline`, for every measure both have.
public func pairedDifferences(_ cell: Cell, baseline: Cell) -> [MeasureSummary] {
    cell.names.compactMap { name in
        guard let a = cell.column(name), let b = baseline.column(name), a.count == b.count else { return nil }
        return summarise(name, zip(a, b).map { $0 - $1 })
    }
}

/// Job results (any order) grouped by cell, in the order of `cells`: point by point, scenario by
/// scenario, replications in order; cells without results left out.
public func jobsByCell(_ info: PlanInfo, _ results: [JobResult]) -> [(point: Int, scenario: Int, jobs: [JobResult])] {
    var byCell: [Int: [JobResult]] = [:]
    for r in results {
        let (p, s, _) = info.job(r.index)
        byCell[p * info.scenarios.count + s, default: []].append(r)
    }
    var out: [(point: Int, scenario: Int, jobs: [JobResult])] = []
    for p in info.points.indices {
        for s in info.scenarios.indices {
            guard let jobs = byCell[p * info.scenarios.count + s], !jobs.isEmpty else { continue }
            out.append((p, s, jobs.sorted { $0.index < $1.index }))
        }
    }
    return out
}

/// Groups job results (any order) into cells, replications in order.
public func cells(_ info: PlanInfo, _ results: [JobResult]) -> [Cell] {
    jobsByCell(info, results).map { p, s, jobs in
        let names = jobs[0].names
        let values = jobs.map { job in names.map { job.value($0) ?? .nan } }
        return Cell(point: p, scenario: s, label: info.label(point: p, scenario: s), names: names, values: values)
    }
}

/// The cell each cell is compared with: the first scenario at the same point for a run; the same
/// scenario at the first point for a sweep or paradox run.
public func baselineIndex(_ info: PlanInfo, _ cells: [Cell], of i: Int) -> Int? {
    let c = cells[i]
    let j: Int?
    if info.kind == .run || info.points.count == 1 {
        j = cells.firstIndex { $0.point == c.point && $0.scenario == 0 }
    } else {
        j = cells.firstIndex { $0.point == 0 && $0.scenario == c.scenario }
    }
    return j == i ? nil : j
}

/// The intervention-paradox verdict along a sweep (MODEL.md §6, 004:L143).
public struct ParadoxVerdict: Sendable {
    public var minimumAt: [PlanInfo.PointValue]
    public var shows: Bool
    public var reason: String
}

public func paradoxVerdict(_ info: PlanInfo, _ cells: [Cell]) -> ParadoxVerdict? {
    let own = cells.filter { $0.scenario == 0 }
    guard own.count > 1, let base = own.first else { return nil }
    let total = "total_cost_eur_per_year", direct = "category_cost_eur_per_year.first_line"
    let means = own.map { summarise(total, $0.column(total) ?? []).mean }
    let best = means.indices.min { means[$0] < means[$1] } ?? 0
    // The paradox shows when, against the first point, first-line (direct support) cost is
    // significantly lower while total cost is significantly higher (paired 95% CIs).
    for cell in own.dropFirst() {
        let diffs = pairedDifferences(cell, baseline: base)
        guard let d = diffs.first(where: { $0.name == direct }), let t = diffs.first(where: { $0.name == total }) else { continue }
        if d.high < 0 && t.low > 0 {
            let at = info.points[cell.point].map { "\($0.path)=\($0.value)" }.joined(separator: ", ")
            return ParadoxVerdict(minimumAt: info.points[own[best].point], shows: true, reason:
                "at \(at) first-line cost is \(money(-d.mean)) a year lower [\(money(-d.high)), \(money(-d.low))] "
                + "but total cost \(money(t.mean)) higher [\(money(t.low)), \(money(t.high))] than at the first point (paired 95% CIs)")
        }
    }
    return ParadoxVerdict(minimumAt: info.points[own[best].point], shows: false, reason:
        "no point has first-line cost significantly lower and total cost significantly higher than the first point (paired 95% CIs)")
}

/// Euros rounded to the thousand, for the verdict's sentence: "€145,000".
/// Whole thousands of euros with separators: 590000 → "€590,000" (the paradox verdict's reason, in English).
func money(_ x: Double) -> String {
    let n = Int(((x / 1000).rounded() * 1000))
    var digits = String(abs(n)), grouped = ""
    while digits.count > 3 { grouped = "," + digits.suffix(3) + grouped; digits = String(digits.dropLast(3)) }
    return (n < 0 ? "-" : "") + "€" + digits + grouped
}
