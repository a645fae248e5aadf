// sensitivity.html: the page of a sensitivity study (bars with CIs, the analytic values of a test function).

import Foundation
import ScenarioKit
import SocialDomain
import Uncertainty
import Experiments
import SimCore

extension SensitivityResult {
    /// sensitivity.html: bars with 95% CIs per parameter (S1 and ST, or μ*), largest first, and a reading.
    public func html(title: String, subtitle: String, version: String, language L: Language, analytic: [String: Double] = [:]) -> String {
        var body = "<h1>\(esc(title))</h1>\n<p class=\"meta\">\(esc(subtitle))</p>\n"
        body += "<p>\(esc(L.t(method == .sobol ? "sens.intro.sobol" : "sens.intro.morris")))</p>\n"
        let order = ranked
        let indices = method == .sobol ? ["S1", "ST"] : ["mu_star"]
        let colours = ["S1": "#4e79a7", "ST": "#f28e2b", "mu_star": "#4e79a7"]
        let labelW = 260.0, plotW = 420.0, rowH = 16.0, gap = 8.0, top = 28.0
        let height = top + Double(order.count) * (rowH * Double(indices.count) + gap) + 28
        let highs = rows.filter { indices.contains($0.index) }.flatMap { [$0.value, $0.high] }.filter(\.isFinite)
        let ticks = niceTicks(0, max(highs.max() ?? 1, method == .sobol ? 1 : 1e-9), count: 5)
        let maxX = ticks.last ?? 1
        func sx(_ x: Double) -> Double { labelW + max(0, min(maxX, x)) / maxX * plotW }
        var s = "<svg width=\"\(px(labelW + plotW + 30))\" height=\"\(px(height))\" role=\"img\" data-chart=\"sensitivity\">"
        s += "<text x=\"4\" y=\"14\" font-weight=\"600\">" + indices.map { "<tspan fill=\"\(colours[$0]!)\">■ \(esc(L.t("sens.\($0)")))</tspan> " }.joined() + "</text>"
        for t in ticks {
            s += "<line class=\"grid\" x1=\"\(px(sx(t)))\" x2=\"\(px(sx(t)))\" y1=\"\(px(top))\" y2=\"\(px(height - 24))\"/>"
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - 8))\" text-anchor=\"middle\">\(esc(L.number(t, digits: t == t.rounded() ? 0 : 2)))</text>"
        }
        for (k, p) in order.enumerated() {
            let y0 = top + Double(k) * (rowH * Double(indices.count) + gap)
            s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y0 + rowH * Double(indices.count) / 2 + 4))\" text-anchor=\"end\">\(esc(p))</text>"
            for (i, index) in indices.enumerated() {
                guard let r = row(p, index) else { continue }
                let y = y0 + Double(i) * rowH
                s += "<rect x=\"\(px(sx(0)))\" y=\"\(px(y + 2))\" width=\"\(px(sx(r.value) - sx(0)))\" height=\"\(px(rowH - 4))\" fill=\"\(colours[index]!)\" data-value=\"\(RunDirectory.number(r.value))\" data-low=\"\(RunDirectory.number(r.low))\" data-high=\"\(RunDirectory.number(r.high))\"><title>\(esc(p)) \(index): \(esc(L.number(r.value, digits: 3))) [\(esc(L.number(r.low, digits: 3))), \(esc(L.number(r.high, digits: 3)))]</title></rect>"
                if r.low.isFinite && r.high.isFinite {
                    s += "<line x1=\"\(px(sx(r.low)))\" x2=\"\(px(sx(r.high)))\" y1=\"\(px(y + rowH / 2))\" y2=\"\(px(y + rowH / 2))\" stroke=\"#333\"/>"
                }
                if let truth = analytic["\(p) \(index)"] {
                    s += "<line x1=\"\(px(sx(truth)))\" x2=\"\(px(sx(truth)))\" y1=\"\(px(y))\" y2=\"\(px(y + rowH))\" stroke=\"#d62728\" stroke-width=\"2\"><title>analytic \(esc(L.number(truth, digits: 3)))</title></line>"
                }
            }
        }
        body += s + "</svg>\n"
        if let first = order.first, let r = row(first, mainIndex) {
            var text = L.t(method == .sobol ? "sens.reading.sobol" : "sens.reading.morris", first, L.number(r.value, digits: 2),
                           L.number(r.low, digits: 2), L.number(r.high, digits: 2))
            let negligible = order.filter { (row($0, mainIndex)?.high ?? 1) < (method == .sobol ? 0.05 : 0.05 * r.value) }
            if !negligible.isEmpty { text += " " + L.t("sens.reading.negligible", negligible.joined(separator: ", ")) }
            body += "<p class=\"reading\"><strong>\(esc(L.t("report.reading")))</strong> \(esc(text))</p>\n"
        }
        body += "<table>\n<tr><th>\(esc(L.t("explore.parameter")))</th>" + rowsHeader(L) + "</tr>\n"
        for p in order {
            body += "<tr><td>\(esc(p))</td>"
            for index in method == .sobol ? ["S1", "ST"] : ["mu_star", "mu", "sigma"] {
                guard let r = row(p, index) else { body += "<td></td>"; continue }
                body += "<td>\(esc(L.number(r.value, digits: 3)))" + (r.low.isFinite ? " [\(esc(L.number(r.low, digits: 3))), \(esc(L.number(r.high, digits: 3)))]" : "") + "</td>"
            }
            body += "</tr>\n"
        }
        body += "</table>\n<p class=\"footer\">\(esc(L.t("footer", version, buildCommit, buildCompiler)))</p>\n"
        return Report.page(title: title, language: L, body: body)
    }

    func rowsHeader(_ L: Language) -> String {
        (method == .sobol ? ["S1", "ST"] : ["mu_star", "mu", "sigma"]).map { "<th>\(esc(L.t("sens.\($0)")))</th>" }.joined()
    }
}
