// The MKBA arithmetic (discounting, NPV, payback) and the per-payer view, on hand-computed cases.

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import SocialDomain

@Suite("MKBA")
struct MKBATests {
    @Test("discounting: the annuity factor equals its closed form; a rate of 0 counts the years")
    func annuity() {
        #expect(MKBA.annuityFactor(years: 4, rate: 0) == 4)
        let r = 0.0225
        let closed = (1 - pow(1 + r, -4.0)) / r           // 3.7847402…
        #expect(abs(MKBA.annuityFactor(years: 4, rate: r) - closed) < 1e-12)
        #expect(abs(closed - 3.7847402) < 1e-6)
        #expect(abs(MKBA.discountFactor(year: 2, rate: 0.1) - 1 / 1.21) < 1e-15)
        #expect(abs(MKBA.presentValue([110, 121], rate: 0.1) - 200) < 1e-12)
    }

    @Test("payback: the first year the cumulative discounted flow turns and stays non-negative")
    func payback() {
        // Undiscounted: −100, −70, −30, +20 → year 4.
        #expect(MKBA.paybackYear([-100, 30, 40, 50], rate: 0) == 4)
        // At 10%: −90.91, −66.12, −36.06, −1.91 → not within the four years.
        #expect(MKBA.paybackYear([-100, 30, 40, 50], rate: 0.1) == nil)
        // Positive, then negative, then positive again: paid back only from year 3 on.
        #expect(MKBA.paybackYear([50, -100, 60], rate: 0) == 3)
        #expect(MKBA.paybackYear([10, 10], rate: 0.0225) == 1)
        #expect(MKBA.paybackYear([0, 0, 0], rate: 0.0225) == nil)
    }

    @Test("an investment of rounding size gives no return per euro (it crashed the report with a ratio of 10^15); huge numbers format without a trap")
    func roundingInvestment() {
        let info = PlanInfo(kind: .run, seed: 1, replications: 2, scenarios: ["base", "design"], files: ["b.json5", "d.json5"],
                            hashes: [[], []], points: [[]], version: "test")
        let names = ["cost_eur_per_year.municipality_support", "cost_eur_per_year.health_insurer", "total_cost_eur_per_year"]
        let base = Cell(point: 0, scenario: 0, label: "base", names: names, values: [[100, 200, 300], [110, 220, 330]])
        let design = Cell(point: 0, scenario: 1, label: "design", names: names, values: [[100 + 1e-11, 100, 200], [110 + 1e-11, 100, 210]])
        let rows = MKBAView.rows(info, [base, design], settings: .standard)
        #expect(rows.last?.payer == "all_payers" && rows.last?.returnPerEuro == nil)
        #expect(Language.en.number(1e20, digits: 2) == "1e+20" && Language.en.money(1e22).hasPrefix("€"))
    }

    @Test("the per-payer view of a hand-made pair of scenarios: investment, return, NPV with CI, return per euro")
    func view() throws {
        let info = PlanInfo(kind: .run, seed: 1, replications: 2, scenarios: ["base", "design"], files: ["b.json5", "d.json5"],
                            hashes: [[], []], points: [[]], version: "test")
        let names = ["cost_eur_per_year.municipality_support", "cost_eur_per_year.health_insurer", "total_cost_eur_per_year"]
        let base = Cell(point: 0, scenario: 0, label: "base", names: names, values: [[100, 200, 300], [110, 220, 330]])
        let design = Cell(point: 0, scenario: 1, label: "design", names: names, values: [[150, 100, 250], [150, 100, 250]])
        let settings = MKBASettings(discountRate: 0.0225, horizonYears: 4)
        let rows = MKBAView.rows(info, [base, design], settings: settings)
        #expect(rows.map(\.payer) == ["municipality_support", "health_insurer", "all_payers"])
        let a = MKBA.annuityFactor(years: 4, rate: 0.0225)
        // Wmo: differences +50, +40 → invests 45 a year, net −45.
        #expect(rows[0].investment == 45 && rows[0].returns == 0 && rows[0].net == -45)
        #expect(abs(rows[0].npv + 45 * a) < 1e-9 && rows[0].paybackYear == nil)
        // Health insurer: −100, −120 → gains 110 a year; paid back in year 1.
        #expect(rows[1].returns == 110 && rows[1].investment == 0 && rows[1].paybackYear == 1)
        // All payers: −50, −80 → net 65 a year; sd 21.21, standard error 15: the 95% CI is 65 ± t(0.975, 1) × 15 = ± 190.6.
        let all = rows[2]
        #expect(all.net == 65 && all.investment == 45 && all.returns == 110)
        #expect(abs((all.netHigh - all.net) - 12.7062 * 15) < 0.01)
        #expect(abs(all.npv - 65 * a) < 1e-9 && abs(all.npvLow - all.netLow * a) < 1e-9)
        #expect(abs(all.returnPerEuro! - 110.0 / 45) < 1e-12)
        let csv = MKBAView.csv(rows, settings: settings)
        #expect(csv.hasPrefix(MKBAView.header + "\n"))
        #expect(csv.split(separator: "\n").count == 4)
        #expect(csv.contains("design,base,all_payers,315.0,250.0,45.0,110.0,65.0,"))
    }
}
