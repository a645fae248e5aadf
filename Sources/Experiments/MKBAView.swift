// The MKBA view of a run with a baseline (mkba.csv, the report's per-payer balance): per payer, what a
// design costs it more a year (its investment) or less (its return), the net present value over the
// horizon with a 95% CI from the paired replications, the payback year; and for all payers together
// the return per euro invested, as the LPBL MKBA tool for social teams shows it [LPBL2014].
//
// WijkSim compares designs in steady state (after the warm-up), so a design's yearly flow is the same
// every year of the horizon: the NPV is the yearly net times the annuity factor, and an investment pays
// back in year 1 or not within the horizon. The switch itself (hiring, a backlog) is not modelled.

import SimCore
import SocialDomain

public struct MKBARow: Sendable, Equatable {
    public var scenario: String
    public var baseline: String
    /// A payer's key (`municipality_support` …), or `all_payers`.
    public var payer: String
    public var baselineCost: Double
    public var scenarioCost: Double
    /// What the design costs this payer more a year (0 when it costs less).
    public var investment: Double
    /// What the design saves this payer a year (0 when it costs more).
    public var returns: Double
    /// Saving per year (baseline − scenario), mean and 95% CI over paired replications.
    public var net: Double, netLow: Double, netHigh: Double
    public var npv: Double, npvLow: Double, npvHigh: Double
    public var paybackYear: Int?
    /// All payers only: the returns of the payers who gain per euro the payers who pay invest.
    public var returnPerEuro: Double?
}

public enum MKBAView {
    public static let allPayers = "all_payers"

    /// Per scenario with a baseline, one row per payer and one for all payers together.
    public static func rows(_ info: PlanInfo, _ cells: [Cell], settings: MKBASettings) -> [MKBARow] {
        let annuity = MKBA.annuityFactor(years: settings.horizonYears, rate: settings.discountRate)
        var rows: [MKBARow] = []
        for (i, cell) in cells.enumerated() {
            guard let b = baselineIndex(info, cells, of: i) else { continue }
            let base = cells[b]
            let diffs = Dictionary(pairedDifferences(cell, baseline: base).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            func mean(_ c: Cell, _ name: String) -> Double {
                let xs = c.column(name) ?? []
                return xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count)
            }
            var invested = 0.0, returned = 0.0
            func row(_ payer: String, measure: String) -> MKBARow? {
                guard let d = diffs[measure] else { return nil }
                // d is scenario − baseline cost: a saving is its negative.
                let net = -d.mean, low = -d.high, high = -d.low
                return MKBARow(scenario: cell.label, baseline: base.label, payer: payer,
                               baselineCost: mean(base, measure), scenarioCost: mean(cell, measure),
                               investment: max(0, -net), returns: max(0, net), net: net, netLow: low, netHigh: high,
                               npv: net * annuity, npvLow: low * annuity, npvHigh: high * annuity,
                               paybackYear: MKBA.paybackYear([Double](repeating: net, count: settings.horizonYears), rate: settings.discountRate),
                               returnPerEuro: nil)
            }
            for payer in Payer.allCases {
                guard let r = row(payer.key, measure: "cost_eur_per_year.\(payer.key)") else { continue }
                invested += r.investment; returned += r.returns
                rows.append(r)
            }
            if var all = row(allPayers, measure: "total_cost_eur_per_year") {
                all.investment = invested; all.returns = returned
                // Below a euro a year the investment is rounding in the sums, not money: no ratio.
                all.returnPerEuro = invested >= 1 ? returned / invested : nil
                rows.append(all)
            }
        }
        return rows
    }

    public static let header = "scenario,baseline,payer,baseline_eur_per_year,scenario_eur_per_year,investment_eur_per_year,return_eur_per_year,net_eur_per_year,net_ci95_low,net_ci95_high,npv_eur,npv_ci95_low,npv_ci95_high,payback_year,return_per_euro_invested,horizon_years,discount_rate"

    public static func csv(_ rows: [MKBARow], settings: MKBASettings) -> String {
        var out = header + "\n"
        let n = RunDirectory.number
        for r in rows {
            out += [RunDirectory.csv(r.scenario), RunDirectory.csv(r.baseline), r.payer, n(r.baselineCost), n(r.scenarioCost),
                    n(r.investment), n(r.returns), n(r.net), n(r.netLow), n(r.netHigh), n(r.npv), n(r.npvLow), n(r.npvHigh),
                    r.paybackYear.map(String.init) ?? "", r.returnPerEuro.map(n) ?? "", String(settings.horizonYears),
                    n(settings.discountRate)].joined(separator: ",") + "\n"
        }
        return out
    }
}
