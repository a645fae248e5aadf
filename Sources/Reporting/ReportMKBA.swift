// The report's MKBA section: per comparison, who invests and who gains, per payer, as the net present
// value over the horizon with its 95% CI (a diverging bar chart and a table), and one reading in words.

import Foundation
import Experiments
import ScenarioKit
import SimCore
import Uncertainty
import SocialDomain

extension Builder {
    mutating func mkbaSection() {
        let rows = MKBAView.rows(info, all, settings: info.mkba)
        guard !rows.isEmpty else { return }
        let m = info.mkba
        body += "<h2>\(esc(L.t("mkba.title")))</h2>\n"
        body += "<p>\(esc(L.t("mkba.intro", "\(m.horizonYears)", L.number(100 * m.discountRate, digits: 2))))</p>\n"
        let comparisons = Dictionary(grouping: rows, by: { $0.scenario })
        let order = rows.map(\.scenario).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        body += "<div class=\"multiples\">\n"
        for scenario in order.prefix(6) { body += mkbaChart(comparisons[scenario]!) }
        body += "</div>\n"
        body += "<table>\n<tr><th>\(esc(L.t("table.scenario")))</th><th>\(esc(L.t("mkba.payer")))</th><th>\(esc(L.t("mkba.invests")))</th>"
            + "<th>\(esc(L.t("mkba.gains")))</th><th>\(esc(L.t("mkba.npv", "\(m.horizonYears)")))</th><th>\(esc(L.t("mkba.payback")))</th></tr>\n"
        for r in rows where r.investment != 0 || r.returns != 0 || r.payer == MKBAView.allPayers {
            let payer = r.payer == MKBAView.allPayers ? L.t("mkba.all") : L.term(r.payer)
            body += "<tr><td>\(esc(r.scenario))</td><td>\(esc(payer))</td><td>\(esc(L.money(r.investment)))</td><td>\(esc(L.money(r.returns)))</td>"
                + "<td>\(esc(L.money(r.npv))) [\(esc(L.money(r.npvLow)))\(L.listSeparator)\(esc(L.money(r.npvHigh)))]</td>"
                + "<td>\(esc(r.paybackYear.map { L.t("mkba.year", "\($0)") } ?? L.t("mkba.never", "\(m.horizonYears)")))</td></tr>\n"
        }
        body += "</table>\n"
        // Reading: the comparison with the largest NPV for all payers.
        let totals = rows.filter { $0.payer == MKBAView.allPayers }
        guard let best = totals.max(by: { $0.npv < $1.npv }) else { return }
        let payers = rows.filter { $0.scenario == best.scenario && $0.payer != MKBAView.allPayers }
        let investors = payers.filter { $0.investment > 0 }.sorted { $0.investment > $1.investment }
        let gainers = payers.filter { $0.returns > 0 }.sorted { $0.returns > $1.returns }
        func list(_ rs: [MKBARow], _ amount: (MKBARow) -> Double) -> String {
            rs.isEmpty ? L.t("mkba.nobody") : rs.prefix(3).map { "\(L.term($0.payer)) \(L.money(amount($0)))" }.joined(separator: ", ")
        }
        var text = L.t("mkba.reading", best.scenario, best.baseline, list(investors, \.investment), list(gainers, \.returns),
                       "\(m.horizonYears)", L.number(100 * m.discountRate, digits: 2), L.money(best.npv), L.money(best.npvLow), L.money(best.npvHigh))
        if let ratio = best.returnPerEuro { text += " " + L.t("mkba.ratio", L.number(ratio, digits: 2)) }
        if best.npvLow <= 0 && best.npvHigh >= 0 { text += " " + L.t("mkba.unclear") }
        reading(text)
        // The cash flow of that comparison per year, for all payers: nominal, discounted, cumulative.
        body += "<table data-table=\"mkba-cash-flow\">\n<tr><th>\(esc(L.t("mkba.flow", best.scenario, best.baseline)))</th><th>\(esc(L.t("mkba.nominal")))</th><th>\(esc(L.t("mkba.discounted")))</th><th>\(esc(L.t("mkba.cumulative")))</th></tr>\n"
        let flows = [Double](repeating: best.net, count: m.horizonYears)
        let cumulative = MKBA.cumulativeDiscounted(flows, rate: m.discountRate)
        for year in 1...max(1, m.horizonYears) where year <= flows.count {
            body += "<tr><td>\(esc(L.t("mkba.yearN", "\(year)")))</td><td>\(esc(L.money(flows[year - 1])))</td>"
                + "<td>\(esc(L.money(flows[year - 1] * MKBA.discountFactor(year: year, rate: m.discountRate))))</td><td>\(esc(L.money(cumulative[year - 1])))</td></tr>\n"
        }
        body += "</table>\n"
    }

    /// Net present value per payer (and all payers) with 95% CI whiskers; gains right, costs left.
    func mkbaChart(_ rows: [MKBARow]) -> String {
        let labelW = 190.0, plotW = 300.0, rowH = 22.0, top = 24.0
        let height = top + Double(rows.count) * rowH + 26
        let extent = max(rows.map { max(abs($0.npvLow), abs($0.npvHigh)) }.filter(\.isFinite).max() ?? 1, 1)
        let ticks = niceTicks(0, extent, count: 3)
        let maxX = ticks.last ?? extent
        func sx(_ x: Double) -> Double { labelW + plotW / 2 + max(-maxX, min(maxX, x)) / maxX * plotW / 2 }
        var s = "<svg width=\"\(px(labelW + plotW + 20))\" height=\"\(px(height))\" role=\"img\" data-chart=\"mkba\">"
        s += "<text x=\"4\" y=\"14\" font-weight=\"600\">\(esc(L.t("mkba.chart", rows[0].scenario, rows[0].baseline)))</text>"
        for t in ticks + ticks.dropFirst().map({ -$0 }) {
            s += "<line class=\"grid\" x1=\"\(px(sx(t)))\" x2=\"\(px(sx(t)))\" y1=\"\(px(top))\" y2=\"\(px(height - 22))\"/>"
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - 8))\" text-anchor=\"middle\">\(esc(L.money(t)))</text>"
        }
        s += "<line class=\"axis\" x1=\"\(px(sx(0)))\" x2=\"\(px(sx(0)))\" y1=\"\(px(top))\" y2=\"\(px(height - 22))\"/>"
        for (k, r) in rows.enumerated() {
            let y = top + Double(k) * rowH
            let all = r.payer == MKBAView.allPayers
            let label = all ? L.t("mkba.all") : L.term(r.payer)
            let colour = r.npv >= 0 ? "#59a14f" : "#e15759"
            s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y + rowH * 0.65))\" text-anchor=\"end\"\(all ? " font-weight=\"600\"" : "")>\(esc(label))</text>"
            let x0 = min(sx(0), sx(r.npv)), w = abs(sx(r.npv) - sx(0))
            s += "<rect x=\"\(px(x0))\" y=\"\(px(y + 4))\" width=\"\(px(w))\" height=\"\(px(rowH - 8))\" fill=\"\(colour)\" data-value=\"\(RunDirectory.number(r.npv))\" data-low=\"\(RunDirectory.number(r.npvLow))\" data-high=\"\(RunDirectory.number(r.npvHigh))\"><title>\(esc(label)): \(esc(L.money(r.npv))) [\(esc(L.money(r.npvLow)))\(L.listSeparator)\(esc(L.money(r.npvHigh)))]</title></rect>"
            s += "<line x1=\"\(px(sx(r.npvLow)))\" x2=\"\(px(sx(r.npvHigh)))\" y1=\"\(px(y + rowH / 2))\" y2=\"\(px(y + rowH / 2))\" stroke=\"#333\"/>"
        }
        return s + "</svg>\n"
    }
}
