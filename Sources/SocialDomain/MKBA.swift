// The arithmetic of a social cost-benefit analysis (maatschappelijke kosten-batenanalyse, MKBA) as
// Dutch municipalities read one: per payer, the yearly cash flow of a design against a baseline,
// discounted to the present over a stated horizon; the net present value; the year the investment
// has paid back. Pure arithmetic on yearly flows; no I/O.

/// How an MKBA discounts: the rate and the horizon.
public struct MKBASettings: Sendable, Equatable {
    /// The yearly discount rate, real. Default 2.25%: the standard rate of the Dutch guidance for
    /// MKBAs since 1 January 2021 (a risk-free −1% plus a 3.25% risk premium) [WerkgroepDiscontovoet2020].
    public var discountRate: Double
    /// Years after the switch to the design that the analysis counts. Default 4: the horizon of the
    /// LPBL MKBA of the Leeuwarden front-line teams [LPBL2012Leeuwarden]; an assumption for other cities.
    public var horizonYears: Int

    public static let standard = MKBASettings(discountRate: 0.0225, horizonYears: 4)

    public init(discountRate: Double, horizonYears: Int) {
        self.discountRate = discountRate; self.horizonYears = horizonYears
    }
}

public enum MKBA {
    /// The factor that brings a flow at the end of `year` (1 = the first year) to the present:
    /// 1 / (1 + rate)^year.
    public static func discountFactor(year: Int, rate: Double) -> Double {
        1 / pow1p(rate, year)
    }

    /// The present value of `flows` (flows[0] at the end of year 1, flows[1] of year 2, …).
    /// - Complexity: O(n).
    public static func presentValue(_ flows: [Double], rate: Double) -> Double {
        var sum = 0.0
        for (t, flow) in flows.enumerated() { sum += flow * discountFactor(year: t + 1, rate: rate) }
        return sum
    }

    /// The present value of 1 a year for `years` years: Σ_{t=1..years} (1 + rate)^−t
    /// (= years at a rate of 0; (1 − (1 + rate)^−years) / rate otherwise).
    public static func annuityFactor(years: Int, rate: Double) -> Double {
        presentValue([Double](repeating: 1, count: max(0, years)), rate: rate)
    }

    /// The cumulative discounted flow at the end of each year.
    public static func cumulativeDiscounted(_ flows: [Double], rate: Double) -> [Double] {
        var sum = 0.0
        return flows.enumerated().map { t, flow in
            sum += flow * discountFactor(year: t + 1, rate: rate)
            return sum
        }
    }

    /// The first year (1-based) at whose end the cumulative discounted net flow is zero or more and
    /// stays so to the horizon; nil when that does not happen within the flows given (or the flows are
    /// all zero: nothing invested, nothing to pay back).
    public static func paybackYear(_ flows: [Double], rate: Double) -> Int? {
        guard flows.contains(where: { $0 != 0 }) else { return nil }
        let cumulative = cumulativeDiscounted(flows, rate: rate)
        var year: Int? = nil
        for (t, c) in cumulative.enumerated() {
            if c >= 0 { if year == nil { year = t + 1 } } else { year = nil }
        }
        return year
    }

    /// (1 + r)^n by repeated multiplication (exact for the small integer horizons used here).
    static func pow1p(_ r: Double, _ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<max(0, n) { x *= 1 + r }
        return x
    }
}
