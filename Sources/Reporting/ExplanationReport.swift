// explain.html: the waterfall of one measure's difference B − A, group by group (largest first), each
// step with its 95% CI, ending at the total paired difference; the table of every group; a reading.

import Foundation
import Experiments
import SimCore
import SocialDomain
import Uncertainty
import ScenarioKit

public enum ExplanationReport {
    public static func html(_ e: Explanation, measure: String, seed: UInt64, version: String, language L: Language) -> String {
        let title = L.t("explain.title", e.b, e.a)
        var body = "<h1>\(esc(title))</h1>\n"
        body += "<p class=\"meta\">\(esc(L.t("explain.meta", "\(e.groups.count)", e.design.isExact ? L.t("explain.exact", "\(e.design.coalitions.count)") : L.t("explain.sampled", "\(e.design.orderings.count)", "\(e.design.coalitions.count)"), "\(e.replications)", "\(seed)", version)))</p>\n"
        body += "<p>\(esc(L.t("explain.intro", e.a, e.b)))</p>\n"
        let total = e.difference(measure)
        let parts = e.contributions(measure).sorted { abs($0.summary.mean) > abs($1.summary.mean) }
        let money = measure.contains("cost")
        func f(_ x: Double) -> String { money ? L.money(x) : L.number(x, digits: 3) }
        // Waterfall.
        let labelW = 300.0, plotW = 480.0, rowH = 22.0, top = 24.0
        let rows = parts.count + 1
        let height = top + Double(rows) * rowH + 28
        var running = 0.0, extent = [0.0, total.low, total.high]
        for p in parts { running += p.summary.mean; extent += [running, running - p.summary.mean + p.summary.low, running - p.summary.mean + p.summary.high] }
        let lo = extent.filter(\.isFinite).min() ?? 0, hi = extent.filter(\.isFinite).max() ?? 1
        let ticks = niceTicks(min(lo, 0), max(hi, 0) + (hi == lo ? 1 : 0), count: 5)
        let x0 = ticks.first ?? 0, x1 = ticks.last ?? 1
        func sx(_ x: Double) -> Double { labelW + (x - x0) / max(1e-300, x1 - x0) * plotW }
        var s = "<svg width=\"\(px(labelW + plotW + 20))\" height=\"\(px(height))\" role=\"img\" data-chart=\"waterfall\">"
        s += "<text x=\"4\" y=\"14\" font-weight=\"600\">\(esc(L.t("explain.chart", L.term(measure))))</text>"
        for t in ticks {
            s += "<line class=\"grid\" x1=\"\(px(sx(t)))\" x2=\"\(px(sx(t)))\" y1=\"\(px(top))\" y2=\"\(px(height - 24))\"/>"
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - 8))\" text-anchor=\"middle\">\(esc(f(t)))</text>"
        }
        s += "<line class=\"axis\" x1=\"\(px(sx(0)))\" x2=\"\(px(sx(0)))\" y1=\"\(px(top))\" y2=\"\(px(height - 24))\"/>"
        running = 0
        for (k, p) in parts.enumerated() {
            let y = top + Double(k) * rowH
            let start = running, end = running + p.summary.mean
            running = end
            let colour = (p.summary.mean < 0) == (Exploration.lowerIsBetter(measure) ?? true) ? "#59a14f" : "#e15759"
            s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y + rowH * 0.65))\" text-anchor=\"end\">\(esc(p.group.name))</text>"
            s += "<rect x=\"\(px(min(sx(start), sx(end))))\" y=\"\(px(y + 4))\" width=\"\(px(abs(sx(end) - sx(start))))\" height=\"\(px(rowH - 8))\" fill=\"\(colour)\" data-value=\"\(RunDirectory.number(p.summary.mean))\" data-low=\"\(RunDirectory.number(p.summary.low))\" data-high=\"\(RunDirectory.number(p.summary.high))\"><title>\(esc(p.group.name)): \(esc(f(p.summary.mean))) [\(esc(f(p.summary.low))), \(esc(f(p.summary.high)))]</title></rect>"
            s += "<line x1=\"\(px(sx(start + p.summary.low)))\" x2=\"\(px(sx(start + p.summary.high)))\" y1=\"\(px(y + rowH / 2))\" y2=\"\(px(y + rowH / 2))\" stroke=\"#333\"/>"
        }
        let y = top + Double(parts.count) * rowH
        s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y + rowH * 0.65))\" text-anchor=\"end\" font-weight=\"600\">\(esc(L.t("explain.total")))</text>"
        s += "<rect x=\"\(px(min(sx(0), sx(total.mean))))\" y=\"\(px(y + 4))\" width=\"\(px(abs(sx(total.mean) - sx(0))))\" height=\"\(px(rowH - 8))\" fill=\"#4e79a7\" data-value=\"\(RunDirectory.number(total.mean))\" data-low=\"\(RunDirectory.number(total.low))\" data-high=\"\(RunDirectory.number(total.high))\"><title>\(esc(f(total.mean))) [\(esc(f(total.low))), \(esc(f(total.high)))]</title></rect>"
        s += "<line x1=\"\(px(sx(total.low)))\" x2=\"\(px(sx(total.high)))\" y1=\"\(px(y + rowH / 2))\" y2=\"\(px(y + rowH / 2))\" stroke=\"#333\"/>"
        body += s + "</svg>\n"
        let named = parts.prefix(3).map { "\(f($0.summary.mean)) \(L.t("explain.from")) \($0.group.name)" }.joined(separator: ", ")
        var text = L.t("explain.reading", e.b, e.a, f(total.mean), f(total.low), f(total.high), named)
        let unclear = parts.filter { $0.summary.low <= 0 && $0.summary.high >= 0 }.map(\.group.name)
        if !unclear.isEmpty { text += " " + L.t("explain.unclear", unclear.joined(separator: ", ")) }
        body += "<p class=\"reading\"><strong>\(esc(L.t("report.reading")))</strong> \(esc(text))</p>\n"
        body += "<table>\n<tr><th>\(esc(L.t("explain.group")))</th><th>\(esc(L.t("explain.fields")))</th><th>\(esc(L.t("explain.contribution")))</th></tr>\n"
        for p in parts {
            body += "<tr><td>\(esc(p.group.name))</td><td>\(esc(p.group.fields.joined(separator: ", ")))</td><td>\(esc(f(p.summary.mean))) [\(esc(f(p.summary.low))), \(esc(f(p.summary.high)))]</td></tr>\n"
        }
        body += "<tr><td><strong>\(esc(L.t("explain.total")))</strong></td><td></td><td><strong>\(esc(f(total.mean))) [\(esc(f(total.low))), \(esc(f(total.high)))]</strong></td></tr>\n</table>\n"
        body += "<p class=\"footer\">\(esc(L.t("footer", version, buildCommit, buildCompiler)))</p>\n"
        return Report.page(title: title, language: L, body: body)
    }
}
