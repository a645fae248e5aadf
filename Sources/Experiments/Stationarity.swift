// stationarity.csv: does every monthly series settle after the warm-up? Per cell (scenario, and
// sweep point) and series: the level, the trend per year with a 95% CI across replications, a
// verdict, and where MSER-5 (White 1997) places the end of the start-up transient.
//
// The trend is estimated per replication (least squares on the months after the warm-up) and its
// CI taken across replications. Replications are independent, so this interval is honest about the
// autocorrelation within a series, which an interval from one regression's residuals is not.

import SimCore
import SocialDomain

/// Whether a series rises, falls, stays level or cannot be told apart from noise.
public enum StationarityVerdict: String, Sendable, Equatable {
    /// The whole 95% CI of the slope lies within ± the tolerance.
    case steady
    /// The whole CI lies above + the tolerance.
    case rising
    /// The whole CI lies below − the tolerance.
    case falling
    /// Neither: the CI is too wide, or straddles a tolerance bound, or there is one replication.
    case unclear

    /// The verdict on a slope per year whose 95% CI over `replications` is `low`…`high`, for a
    /// series at `level`.
    public init(low: Double, high: Double, level: Double, replications: Int) {
        let tolerance = Stationarity.tolerance(level: level)
        if replications < 2 || !low.isFinite || !high.isFinite || !tolerance.isFinite { self = .unclear }
        else if low > tolerance { self = .rising }
        else if high < -tolerance { self = .falling }
        else if low >= -tolerance && high <= tolerance { self = .steady }
        else { self = .unclear }
    }
}

/// The stationarity of one series in one cell.
public struct SeriesStationarity: Sendable, Equatable {
    /// The cell's index in `cells(info, results)` and its label (scenario, with the point's values).
    public var cell: Int
    public var label: String
    public var series: String
    /// Mean of the series over the months after the warm-up (month ≥ 1) and all replications.
    public var level: Double
    /// Mean over replications of each replication's least-squares slope per year (months ≥ 1),
    /// with its 95% t interval; low = high = the slope with one replication.
    public var slopePerYear: Double
    public var low: Double
    public var high: Double
    /// Replications with a slope (at least two months after the warm-up).
    public var replications: Int
    public var verdict: StationarityVerdict
    /// MSER-5 truncation of the replication-averaged series over every recorded month, in months
    /// from the first recorded month (the start of the run when the warm-up is recorded, else the
    /// end of the warm-up); nil when nothing is recorded.
    public var mserWarmupMonths: Int?
    /// The warm-up in months: the number of recorded months ≤ 0; nil when the warm-up is not recorded.
    public var configuredWarmupMonths: Int?
    /// Months in the averaged series MSER-5 ran on (warm-up included when recorded).
    public var recordedMonths: Int
    /// How far the measured months that MSER-5 would also discard (months 1 … excess) lie from the
    /// rest: per replication the mean of those months minus the mean of the later ones, then the
    /// mean over replications with its 95% CI; nil when MSER-5 ends within the warm-up.
    public var excessBias: MeasureSummary?

    /// MSER-5 stopped at the last truncation it considers (just under half the recorded months):
    /// it found no end of the transient, the series is still changing in the first half of the run.
    public var mserAtLimit: Bool {
        guard let m = mserWarmupMonths else { return false }
        let limit = mserLimit(count: recordedMonths, batchSize: Stationarity.batchSize)
        return limit > 0 && m == limit
    }

    /// ± this slope per year counts as level: `Stationarity.tolerance(level:)`.
    public var tolerance: Double { Stationarity.tolerance(level: level) }

    /// Months after the end of the configured warm-up that MSER-5 still finds transient (0 when
    /// MSER-5 ends within the warm-up). When the warm-up is not recorded the series starts at the
    /// end of the warm-up, so the truncation itself is the excess.
    public var excessWarmupMonths: Int {
        guard let m = mserWarmupMonths else { return 0 }
        return max(0, m - (configuredWarmupMonths ?? 0))
    }
}

public enum Stationarity {
    /// MSER-m batch size: MSER-5.
    public static let batchSize = 5

    /// The slope per year within which a series counts as steady: 1% of its level per year,
    /// 0.01 × max(|level|, 1). The floor of 1 on the level keeps near-empty series (a waiting list
    /// that is mostly empty, crises in a month) from being judged on noise: without it the
    /// tolerance of a level near 0 shrinks to nothing, and any trend, however small, whose CI does
    /// not sit exactly on 0 would make the series "unclear" or worse. Below a level of 1 the
    /// tolerance stays at 0.01 a year.
    public static func tolerance(level: Double) -> Double { 0.01 * max(abs(level), 1) }

    /// Whether MSER-5 suggests a longer warm-up, as the report says it:
    ///  - the truncation lies at least one batch (5 months) beyond the configured warm-up. MSER-5
    ///    works in whole batches, so it cannot place the end of a transient more precisely: a
    ///    truncation at 10 or 15 months for a 12-month warm-up agrees with it; and
    ///  - the measured months it would drop really lie off the level: the 95% CI of `excessBias`
    ///    (over at least two replications) excludes 0 and its mean is at least 1% of the level
    ///    (`tolerance`, read as a level instead of a level per year).
    /// The second condition is needed because MSER-5's choice does not depend on the size of the
    /// noise: on a purely stationary series it cuts one batch or more about a third of the time, and
    /// a city has a dozen or more series. (When the truncation is also `mserAtLimit`, no end was
    /// found at all.)
    public static func suggestsLongerWarmup(_ row: SeriesStationarity) -> Bool {
        guard row.excessWarmupMonths >= batchSize, let bias = row.excessBias, bias.n >= 2 else { return false }
        return (bias.low > 0 || bias.high < 0) && abs(bias.mean) >= row.tolerance
    }

    /// Every series of every cell, in cell order (as `cells`) and, within a cell, in the order the
    /// series are first seen in its replications.
    ///
    /// - Complexity: O(rows) for the grouping plus O(months) per series for slopes and MSER-5.
    public static func analyse(_ info: PlanInfo, _ results: [JobResult]) -> [SeriesStationarity] {
        var out: [SeriesStationarity] = []
        for (c, group) in jobsByCell(info, results).enumerated() {
            let label = info.label(point: group.point, scenario: group.scenario)
            let replications = group.jobs.count
            var names: [String] = []
            var index: [String: Int] = [:]
            // Per series: per replication, the months after the warm-up and their values; and per
            // month over all replications, sum and count for the averaged series.
            var measured: [[(months: [Int], values: [Double])]] = []
            var byMonth: [[Int: (sum: Double, count: Int)]] = []
            for (r, job) in group.jobs.enumerated() {
                for row in job.timeseries {
                    let k: Int
                    if let known = index[row.series] { k = known } else {
                        k = names.count
                        index[row.series] = k
                        names.append(row.series)
                        measured.append(Array(repeating: ([], []), count: replications))
                        byMonth.append([:])
                    }
                    if row.month >= 1 {
                        measured[k][r].months.append(row.month)
                        measured[k][r].values.append(row.value)
                    }
                    let old = byMonth[k][row.month] ?? (0, 0)
                    byMonth[k][row.month] = (old.sum + row.value, old.count + 1)
                }
            }
            for (k, name) in names.enumerated() {
                var total = 0.0, count = 0
                var slopes: [Double] = []
                for rep in measured[k] {
                    for v in rep.values { total += v; count += 1 }
                    let slope = olsSlope(x: rep.months.map { Double($0) / 12 }, y: rep.values)
                    if slope.isFinite { slopes.append(slope) }
                }
                let level = count > 0 ? total / Double(count) : .nan
                let slope = slopes.isEmpty ? nil : summarise(name, slopes)
                let months = byMonth[k].keys.sorted()
                let averaged = months.map { byMonth[k][$0]!.sum / Double(byMonth[k][$0]!.count) }
                let warmup = months.filter { $0 <= 0 }.count
                let truncation = averaged.isEmpty ? nil : mser(averaged, batchSize: batchSize)
                // The measured months 1 … excess that MSER-5 would also drop, against the rest.
                let excess = max(0, (truncation ?? 0) - warmup)
                var differences: [Double] = []
                if excess > 0 {
                    for rep in measured[k] {
                        var early = 0.0, earlyCount = 0, late = 0.0, lateCount = 0
                        for (month, v) in zip(rep.months, rep.values) {
                            if month <= excess { early += v; earlyCount += 1 } else { late += v; lateCount += 1 }
                        }
                        if earlyCount > 0 && lateCount > 0 {
                            differences.append(early / Double(earlyCount) - late / Double(lateCount))
                        }
                    }
                }
                out.append(SeriesStationarity(
                    cell: c, label: label, series: name, level: level,
                    slopePerYear: slope?.mean ?? .nan, low: slope?.low ?? .nan, high: slope?.high ?? .nan,
                    replications: slopes.count,
                    verdict: StationarityVerdict(low: slope?.low ?? .nan, high: slope?.high ?? .nan, level: level,
                                                 replications: slopes.count),
                    mserWarmupMonths: truncation, configuredWarmupMonths: warmup > 0 ? warmup : nil,
                    recordedMonths: averaged.count, excessBias: differences.isEmpty ? nil : summarise(name, differences)))
            }
        }
        return out
    }

    /// The header of stationarity.csv.
    public static let header = "scenario,series,level,slope_per_year,ci95_low,ci95_high,verdict,mser5_warmup_months,configured_warmup_months"

    /// stationarity.csv: one row per cell and series; unknown numbers left blank.
    public static func csv(_ rows: [SeriesStationarity]) -> String {
        var text = header + "\n"
        for r in rows {
            text += "\(RunDirectory.csv(r.label)),\(RunDirectory.csv(r.series)),\(RunDirectory.number(r.level)),"
                + "\(RunDirectory.number(r.slopePerYear)),\(RunDirectory.number(r.low)),\(RunDirectory.number(r.high)),"
                + "\(r.verdict.rawValue),\(r.mserWarmupMonths.map(String.init) ?? ""),\(r.configuredWarmupMonths.map(String.init) ?? "")\n"
        }
        return text
    }
}
