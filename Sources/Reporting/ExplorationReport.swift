// exploration.html: which design wins across plausible worlds. Bars of the probability of being best
// per key measure, the table of regret and paired differences across worlds, the PRIM boxes in words
// with a scatter of the worlds on the two parameters the first box restricts, and the parameters.

import Foundation
import Experiments
import SimCore
import SocialDomain
import ScenarioKit
import Uncertainty

public enum ExplorationReport {
    static let keyMeasures = ["total_cost_eur_per_year", "care_cost_eur_per_year", "outflow_to_work_per_benefit_year",
                              "escalations_per_100_household_years"]

    public static func html(_ e: Exploration, decisions: [Exploration.DecisionLine], discoveries: [Exploration.Discovery],
                            seed: UInt64, version: String, language L: Language) -> String {
        let title = L.t("explore.title") + ": " + e.designs.joined(separator: ", ")
        var body = "<h1>\(esc(title))</h1>\n"
        body += "<p class=\"meta\">\(esc(L.t("explore.meta", e.worlds.origin, "\(e.replications)", "\(seed)", version)))</p>\n"
        body += "<p>\(esc(L.t("explore.intro", e.designs[0])))</p>\n"
        // Probability of being best.
        body += "<h2>\(esc(L.t("explore.best.title")))</h2>\n<div class=\"multiples\">\n"
        for m in keyMeasures {
            let lines = decisions.filter { $0.measure == m && $0.lowerIsBetter != nil }
            guard !lines.isEmpty else { continue }
            body += bars(lines.map { ($0.scenario, $0.row.pBest) }, title: L.term(m), L: L)
        }
        body += "</div>\n"
        let cost = decisions.filter { $0.measure == "total_cost_eur_per_year" }
        if let top = cost.max(by: { $0.row.pBest < $1.row.pBest }) {
            var text = L.t("explore.best.reading", top.scenario, L.number(100 * top.row.pBest, digits: 0), "\(e.worlds.count)")
            if let runner = cost.filter({ $0.scenario != top.scenario }).max(by: { $0.row.pBest < $1.row.pBest }), runner.row.pBest > 0 {
                text += " " + L.t("explore.best.runner", runner.scenario, L.number(100 * runner.row.pBest, digits: 0), L.money(runner.row.meanRegret))
            }
            body += reading(text, L)
        }
        // Differences across worlds.
        body += "<h2>\(esc(L.t("explore.diff.title", e.designs[0])))</h2>\n"
        body += "<p>\(esc(L.t("explore.diff.intro")))</p>\n<table>\n<tr><th>\(esc(L.t("explore.measure")))</th><th>\(esc(L.t("table.scenario")))</th>"
            + "<th>p_best</th><th>\(esc(L.t("explore.regret")))</th><th>\(esc(L.t("explore.diff")))</th><th>\(esc(L.t("explore.share")))</th></tr>\n"
        for m in keyMeasures {
            for l in decisions where l.measure == m && l.scenario != e.designs[0] {
                let money = m.contains("cost")
                func f(_ x: Double) -> String { money ? L.money(x) : L.number(x, digits: 3) }
                body += "<tr><td>\(esc(L.term(m)))</td><td>\(esc(l.scenario))</td><td>\(esc(L.number(l.row.pBest, digits: 2)))</td>"
                    + "<td>\(esc(f(l.row.meanRegret)))</td><td>\(esc(f(l.row.diffMean))) [\(esc(f(l.row.diffLow))), \(esc(f(l.row.diffHigh)))]</td>"
                    + "<td>\(l.row.parameterShare.isFinite ? esc(L.number(100 * l.row.parameterShare, digits: 0)) + "%" : "–")</td></tr>\n"
            }
        }
        body += "</table>\n"
        let robust = cost.filter { $0.scenario != e.designs[0] && ($0.row.diffHigh < 0 || $0.row.diffLow > 0) }
        let fragile = cost.filter { $0.scenario != e.designs[0] && $0.row.diffLow <= 0 && $0.row.diffHigh >= 0 }
        body += reading(L.t("explore.diff.reading", robust.map(\.scenario).joined(separator: ", ").ifEmpty(L.t("explore.none")),
                            fragile.map(\.scenario).joined(separator: ", ").ifEmpty(L.t("explore.none"))), L)
        // Scenario discovery.
        body += "<h2>\(esc(L.t("explore.discovery.title")))</h2>\n<p>\(esc(L.t("explore.discovery.intro")))</p>\n<ul>\n"
        for d in discoveries where d.measure == "total_cost_eur_per_year" { body += "<li>\(esc(d.words))</li>\n" }
        body += "</ul>\n"
        if let d = discoveries.filter({ $0.measure == "total_cost_eur_per_year" && $0.box != nil && !$0.restrictions.isEmpty })
            .max(by: { ($0.box!.density - $0.share) < ($1.box!.density - $1.share) }) {
            body += scatter(e, d, L: L)
        }
        // The parameters.
        body += "<h2>\(esc(L.t("explore.parameters.title")))</h2>\n<table>\n<tr><th>\(esc(L.t("explore.parameter")))</th><th>\(esc(L.t("explore.range")))</th><th>\(esc(L.t("explore.source")))</th><th>\(esc(L.t("explore.keeps")))</th></tr>\n"
        for (j, p) in e.worlds.parameters.enumerated() {
            let keeps = e.designs.indices.filter { !e.sharing[$0][j] }.map { e.designs[$0] }.joined(separator: ", ")
            body += "<tr><td>\(esc(p.path))</td><td>\(esc(p.display(p.lower, significant: 3)))–\(esc(p.display(p.upper, significant: 3)))</td><td>\(esc(p.source))</td><td>\(esc(keeps))</td></tr>\n"
        }
        body += "</table>\n<p class=\"footer\">\(esc(L.t("footer", version, buildCommit, buildCompiler)))</p>\n"
        return Report.page(title: title, language: L, body: body)
    }

    static func reading(_ text: String, _ L: Language) -> String {
        "<p class=\"reading\"><strong>\(esc(L.t("report.reading")))</strong> \(esc(text))</p>\n"
    }

    /// Horizontal bars of shares (0–1), one per design.
    static func bars(_ rows: [(String, Double)], title: String, L: Language) -> String {
        let labelW = max(120, 6.2 * Double(rows.map(\.0.count).max() ?? 20) + 10), plotW = 220.0, rowH = 20.0, top = 24.0
        let height = top + Double(rows.count) * rowH + 24
        func sx(_ x: Double) -> Double { labelW + max(0, min(1, x)) * plotW }
        var s = "<svg width=\"\(px(labelW + plotW + 50))\" height=\"\(px(height))\" role=\"img\" data-chart=\"p-best\">"
        s += "<text x=\"4\" y=\"14\" font-weight=\"600\">\(esc(title))</text>"
        for t in [0.0, 0.5, 1.0] {
            s += "<line class=\"grid\" x1=\"\(px(sx(t)))\" x2=\"\(px(sx(t)))\" y1=\"\(px(top))\" y2=\"\(px(height - 20))\"/>"
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - 6))\" text-anchor=\"middle\">\(esc(L.number(100 * t, digits: 0)))%</text>"
        }
        for (k, (name, share)) in rows.enumerated() {
            let y = top + Double(k) * rowH
            s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y + rowH * 0.65))\" text-anchor=\"end\">\(esc(name))</text>"
            s += "<rect x=\"\(px(sx(0)))\" y=\"\(px(y + 3))\" width=\"\(px(sx(share) - sx(0)))\" height=\"\(px(rowH - 6))\" fill=\"\(Report.palette[k % Report.palette.count])\" data-value=\"\(RunDirectory.number(share))\"><title>\(esc(name)): \(esc(L.number(100 * share, digits: 0)))%</title></rect>"
            s += "<text x=\"\(px(sx(share) + 4))\" y=\"\(px(y + rowH * 0.65))\">\(esc(L.number(100 * share, digits: 0)))%</text>"
        }
        return s + "</svg>\n"
    }

    /// The worlds on the box's first two restricted parameters (or one and the next parameter): a
    /// filled dot where the design beats the baseline, an open one where it does not, and the box.
    static func scatter(_ e: Exploration, _ d: Exploration.Discovery, L: Language) -> String {
        guard let box = d.box, e.worlds.parameters.count >= 2 else { return "" }
        let px0 = d.restrictions[0].parameter
        let py0 = d.restrictions.count > 1 ? d.restrictions[1].parameter : (px0 == 0 ? 1 : 0)
        let P = e.worlds.parameters
        let yes = d.answers
        let w = 420.0, h = 300.0, left = 60.0, bottom = 40.0, top = 24.0, right = 16.0
        func sx(_ v: Double) -> Double { left + (v - P[px0].lower) / max(1e-300, P[px0].upper - P[px0].lower) * (w - left - right) }
        func sy(_ v: Double) -> Double { h - bottom - (v - P[py0].lower) / max(1e-300, P[py0].upper - P[py0].lower) * (h - top - bottom) }
        var s = "<svg width=\"\(px(w))\" height=\"\(px(h))\" role=\"img\" data-chart=\"prim-box\">"
        s += "<text x=\"4\" y=\"14\" font-weight=\"600\">\(esc(L.t("explore.scatter", d.scenario)))</text>"
        s += "<line class=\"axis\" x1=\"\(px(left))\" x2=\"\(px(w - right))\" y1=\"\(px(h - bottom))\" y2=\"\(px(h - bottom))\"/>"
        s += "<line class=\"axis\" x1=\"\(px(left))\" x2=\"\(px(left))\" y1=\"\(px(top))\" y2=\"\(px(h - bottom))\"/>"
        s += "<text x=\"\(px((left + w - right) / 2))\" y=\"\(px(h - 8))\" text-anchor=\"middle\">\(esc(P[px0].path)) (\(esc(P[px0].display(P[px0].lower, significant: 2)))–\(esc(P[px0].display(P[px0].upper, significant: 2))))</text>"
        s += "<text x=\"12\" y=\"\(px((top + h - bottom) / 2))\" transform=\"rotate(-90 12 \(px((top + h - bottom) / 2)))\" text-anchor=\"middle\">\(esc(P[py0].path))</text>"
        let bx0 = sx(box.lower[px0]), bx1 = sx(box.upper[px0]), by0 = sy(box.upper[py0]), by1 = sy(box.lower[py0])
        s += "<rect x=\"\(px(bx0))\" y=\"\(px(by0))\" width=\"\(px(bx1 - bx0))\" height=\"\(px(by1 - by0))\" fill=\"#59a14f\" fill-opacity=\"0.12\" stroke=\"#59a14f\" stroke-dasharray=\"4 3\"/>"
        for (i, world) in e.worlds.values.enumerated() {
            let fill = yes[i] ? "#59a14f" : "none"
            s += "<circle cx=\"\(px(sx(world[px0])))\" cy=\"\(px(sy(world[py0])))\" r=\"3.5\" fill=\"\(fill)\" stroke=\"#59a14f\" data-value=\"\(yes[i] ? 1 : 0)\"/>"
        }
        return s + "</svg>\n"
    }
}

extension String {
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
