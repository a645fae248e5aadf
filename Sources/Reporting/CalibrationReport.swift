// calibration.html: one self-contained page (inline CSS, hand-built SVG, no script) that shows what a
// calibration did. Per target: its band and the model's range over each wave's points (all points,
// and the kept ones). Per pair of parameters: the non-implausible points in the full ranges, with
// the last region sampled. Per parameter and target: which part of the parameter's range the target
// rules out in the first wave (which samples the full ranges).

import Experiments
import SimCore
import SocialDomain
import Foundation
import ScenarioKit
import Uncertainty

public enum CalibrationReport {
    static func g(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "–" }

    /// The bins of a parameter's range used to say which part of it a target rules out.
    static let bins = 5

    /// Per target and parameter, per fifth of the parameter's range: the first-wave points there that
    /// the target alone puts at implausibility 3 or more, and all the first-wave points there.
    public static func ruledOutCounts(_ r: CalibrationResult) -> [[[(out: Int, all: Int)]]] {
        guard let first = r.waves.first else { return [] }
        return r.targets.indices.map { t in
            r.parameters.indices.map { j in
                var counts = [(out: Int, all: Int)](repeating: (0, 0), count: bins)
                let (lo, hi) = (first.box.lower[j], first.box.upper[j])
                for p in first.points {
                    let b = hi > lo ? min(bins - 1, Int(Double(bins) * (p.values[j] - lo) / (hi - lo))) : 0
                    counts[b].all += 1
                    if !(p.implausibility[t] < 3) { counts[b].out += 1 }
                }
                return counts
            }
        }
    }

    /// The shares of `ruledOutCounts` (NaN for a fifth without points).
    public static func ruledOut(_ r: CalibrationResult) -> [[[Double]]] {
        ruledOutCounts(r).map { $0.map { $0.map { $0.all > 0 ? Double($0.out) / Double($0.all) : .nan } } }
    }

    /// Whether a target's ruled-out share differs between the fifths of a range by 0.4 or more, and
    /// by more than chance: a two-proportion z of 2 or more between the fifth it rules out most and
    /// the one it rules out least (pooled variance).
    static func separates(_ counts: [(out: Int, all: Int)]) -> Bool {
        let filled = counts.filter { $0.all > 0 }
        guard let most = filled.max(by: { Double($0.out) / Double($0.all) < Double($1.out) / Double($1.all) }),
              let least = filled.min(by: { Double($0.out) / Double($0.all) < Double($1.out) / Double($1.all) }) else { return false }
        let (p1, p2) = (Double(most.out) / Double(most.all), Double(least.out) / Double(least.all))
        let pooled = Double(most.out + least.out) / Double(most.all + least.all)
        let se = (pooled * (1 - pooled) * (1 / Double(most.all) + 1 / Double(least.all))).squareRoot()
        return p1 - p2 >= 0.4 && se > 0 && (p1 - p2) / se >= 2
    }

    /// Per parameter, the targets that constrain it (`separates` on its fifths).
    public static func constraining(_ r: CalibrationResult) -> [[String]] {
        let counts = ruledOutCounts(r)
        return r.parameters.indices.map { j in
            r.targets.enumerated().compactMap { t, target in
                target.monitorOnly == nil && !counts.isEmpty && separates(counts[t][j]) ? target.name : nil
            }
        }
    }

    /// Sentences for the clearest cases: a target that rules out much more of one part of a range
    /// than of another (`separates`).
    public static func findings(_ r: CalibrationResult) -> [String] {
        guard let first = r.waves.first else { return [] }
        let shares = ruledOut(r), counts = ruledOutCounts(r)
        var found: [(Double, String)] = []
        for (t, target) in r.targets.enumerated() where target.monitorOnly == nil {
            for (j, p) in r.parameters.enumerated() where separates(counts[t][j]) {
                let s = shares[t][j]
                guard let lowest = s.filter(\.isFinite).min(), let highest = s.filter(\.isFinite).max() else { continue }
                let width = (first.box.upper[j] - first.box.lower[j]) / Double(bins)
                let worst = s.firstIndex(of: highest)!
                // The run of bins from the worst one outwards that stay within 0.2 of it.
                var a = worst, b = worst
                while a > 0, s[a - 1].isFinite, s[a - 1] >= highest - 0.2 { a -= 1 }
                while b < bins - 1, s[b + 1].isFinite, s[b + 1] >= highest - 0.2 { b += 1 }
                let from = first.box.lower[j] + Double(a) * width, to = first.box.lower[j] + Double(b + 1) * width
                let range = a == 0 ? "below \(p.display(to, significant: 3))" : b == bins - 1 ? "above \(p.display(from, significant: 3))" : "from \(p.display(from, significant: 3)) to \(p.display(to, significant: 3))"
                found.append((highest - lowest, "\(target.name) rules out \(p.path) \(range): \(Int((100 * highest).rounded()))% of the first wave's points there are implausible for it, against \(Int((100 * lowest).rounded()))% where it rules out least."))
            }
        }
        return found.sorted { $0.0 > $1.0 }.map(\.1)
    }

    public static func html(_ r: CalibrationResult, version: String) -> String {
        var body = "<h1>Calibration by history matching</h1>\n"
        let plausible = r.plausible
        body += "<p class=\"meta\">\(r.waves.count) wave\(r.waves.count == 1 ? "" : "s"), \(r.waves.first?.points.count ?? 0) points each; "
            + (r.finished ? "done \(esc(r.stopReason ?? ""))" : "wave \(r.nextWave) still to run") + ". "
            + "Non-implausible points: \(plausible.count)" + (r.best.map { "; the best has largest implausibility " + g($0.maxImplausibility) } ?? "") + ".</p>\n"
        body += "<div class=\"reading\">A point is kept when the model's mean lies close enough to every target, counting the model's own noise, "
            + "the observation's error and the model's discrepancy (implausibility under 3; with five or more targets the second largest under 3 "
            + "and the largest under 3.5). Each wave samples the box around the last wave's kept points. What is left is the set of parameter "
            + "values the targets cannot rule out: the model's uncertainty after calibration, not one best answer.</div>\n"

        body += "<h2>Waves</h2>\n<table><tr><th>wave</th><th>points</th><th>chosen from (candidates the emulators did not rule out)</th><th>kept</th><th>region's volume (share of the ranges)</th></tr>\n"
        let fullVolume = r.waves.first?.box.volume ?? 1
        for w in r.waves {
            let chosen = w.candidates > 0 ? "\(w.screened) of \(w.candidates)" : "a Latin hypercube of the region"
            body += "<tr><td>\(w.wave)</td><td>\(w.points.count)</td><td>\(chosen)</td><td>\(w.points.filter(\.kept).count)</td><td>\(g(fullVolume > 0 ? w.box.volume / fullVolume : 1))</td></tr>\n"
        }
        body += "</table>\n"

        body += "<h2>Parameters</h2>\n<table><tr><th>parameter</th><th>range</th><th>non-implausible</th><th>best point</th><th>source of the range</th></tr>\n"
        for (j, p) in r.parameters.enumerated() {
            let values = plausible.map { $0.values[j] }
            let kept = values.isEmpty ? "none" : "\(esc(p.display(values.min()!, significant: 4))) – \(esc(p.display(values.max()!, significant: 4)))"
            body += "<tr><td>\(esc(p.path))</td><td>\(esc(p.display(p.lower, significant: 4))) – \(esc(p.display(p.upper, significant: 4)))</td><td>\(kept)</td>"
                + "<td>\(r.best.map { esc(p.display($0.values[j], significant: 4)) } ?? "–")</td><td>\(esc(p.source))</td></tr>\n"
        }
        body += "</table>\n"

        body += "<h2>Targets: the band and the model per wave</h2>\n"
        body += "<p class=\"meta\">Shaded: the target's band (mean ± 2 sd). Per wave, the thin line spans the model's means over all the wave's points, "
            + "the thick line over the kept points. Monitored targets are shown but do not rule points out.</p>\n"
        for (t, target) in r.targets.enumerated() { body += targetChart(r, t, target) }

        body += "<h2>The non-implausible points, two parameters at a time</h2>\n"
        body += pairsChart(r)

        body += "<h2>Which target rules out which part of a range</h2>\n"
        let findings = findings(r)
        body += findings.isEmpty ? "<p>No target rules out one end of a range much more than the other in the first wave.</p>\n"
            : "<ul>\n" + findings.prefix(12).map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
        body += ruledOutTable(r)
        body += "<p class=\"footer\">wijksim \(esc(version)) · calibration \(esc(String(r.fingerprint.prefix(12))))</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>WijkSim calibration</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
            .meta, .footer { color: #666; font-size: 0.9em; }
            .reading { background: #f3f6fa; border-left: 4px solid #4e79a7; padding: 0.5em 0.8em; margin: 0.5em 0 1.5em; }
            table { border-collapse: collapse; font-size: 0.9em; } td, th { padding: 0.25em 0.6em; border-bottom: 1px solid #e4e4e4; text-align: left; }
            svg { font-size: 11px; } svg text { fill: #333; } .axis { stroke: #999; stroke-width: 1; }
            .cell { display: inline-block; width: 9px; height: 12px; margin-right: 1px; vertical-align: middle; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static func targetChart(_ r: CalibrationResult, _ t: Int, _ target: TargetSpec) -> String {
        let bandLo = target.value - 2 * target.sd, bandHi = target.value + 2 * target.sd
        var lo = bandLo, hi = bandHi
        for w in r.waves { for p in w.points where p.means[t].isFinite { lo = min(lo, p.means[t]); hi = max(hi, p.means[t]) } }
        if hi <= lo { hi = lo + 1 }
        let (labelW, plotW, rowH) = (70.0, 700.0, 16.0)
        let height = 24 + rowH * Double(r.waves.count) + 18
        func x(_ v: Double) -> Double { labelW + plotW * (v - lo) / (hi - lo) }
        var s = "<h3 style=\"font-size:1em;margin-bottom:0\">\(esc(target.name)) <span class=\"meta\">(\(esc(target.measure)); \(esc(target.source))"
            + (target.discrepancySD > 0 ? "; discrepancy sd \(g(target.discrepancySD))" : "") + ")</span></h3>\n"
        if let why = target.monitorOnly { s += "<p class=\"meta\" style=\"margin:0\">Monitored, not used to rule out: \(esc(why))</p>\n" }
        s += "<svg width=\"\(px(labelW + plotW + 20))\" height=\"\(px(height))\" role=\"img\" data-chart=\"target-\(esc(target.name))\">"
        s += "<rect x=\"\(px(x(bandLo)))\" y=\"4\" width=\"\(px(x(bandHi) - x(bandLo)))\" height=\"\(px(height - 22))\" fill=\"#d9ead3\"/>"
        s += "<line x1=\"\(px(x(target.value)))\" x2=\"\(px(x(target.value)))\" y1=\"4\" y2=\"\(px(height - 18))\" stroke=\"#6aa84f\"/>"
        for (i, w) in r.waves.enumerated() {
            let y = 16 + rowH * Double(i)
            let all = w.points.map { $0.means[t] }.filter(\.isFinite)
            let kept = w.points.filter(\.kept).map { $0.means[t] }.filter(\.isFinite)
            s += "<text x=\"0\" y=\"\(px(y + 4))\">wave \(w.wave)</text>"
            if let a = all.min(), let b = all.max() {
                s += "<line x1=\"\(px(x(a)))\" x2=\"\(px(max(x(b), x(a) + 1)))\" y1=\"\(px(y))\" y2=\"\(px(y))\" stroke=\"#999\" stroke-width=\"1.5\"/>"
            }
            if let a = kept.min(), let b = kept.max() {
                s += "<line x1=\"\(px(x(a)))\" x2=\"\(px(max(x(b), x(a) + 2)))\" y1=\"\(px(y))\" y2=\"\(px(y))\" stroke=\"#1f4e79\" stroke-width=\"5\"/>"
            }
        }
        let axisY = height - 14
        s += "<line class=\"axis\" x1=\"\(px(labelW))\" x2=\"\(px(labelW + plotW))\" y1=\"\(px(axisY))\" y2=\"\(px(axisY))\"/>"
        for tick in niceTicks(lo, hi) where tick >= lo && tick <= hi {
            s += "<text x=\"\(px(x(tick)))\" y=\"\(px(height - 2))\" text-anchor=\"middle\">\(esc(g(tick)))</text>"
        }
        return s + "</svg>\n"
    }

    /// The lower triangle of pairs: each cell the full ranges of two parameters, the last region
    /// sampled as a rectangle, the non-implausible points as dots.
    static func pairsChart(_ r: CalibrationResult) -> String {
        guard let first = r.waves.first, let last = r.waves.last else { return "" }
        let n = r.parameters.count
        guard n >= 2 else { return "<p>One parameter: see the table above.</p>\n" }
        let cell = n <= 4 ? 150.0 : n <= 8 ? 100.0 : 72.0
        let gap = 6.0, left = 16.0, top = 4.0
        let size = left + Double(n - 1) * (cell + gap) + 4
        var s = "<p class=\"meta\">Row parameter up, column parameter across, each over its whole range; the rectangle is the last wave's region; "
            + "dots are the non-implausible points. Parameters: " + r.parameters.enumerated().map { "\($0.offset + 1) \(esc($0.element.path))" }.joined(separator: ", ") + ".</p>\n"
        s += "<svg width=\"\(px(size))\" height=\"\(px(size + 14))\" role=\"img\" data-chart=\"pairs\">"
        let plausible = r.plausible
        func u(_ j: Int, _ v: Double) -> Double {
            let w = first.box.upper[j] - first.box.lower[j]
            return w > 0 ? (v - first.box.lower[j]) / w : 0.5
        }
        for row in 1..<n {
            for col in 0..<row {
                let x0 = left + Double(col) * (cell + gap), y0 = top + Double(row - 1) * (cell + gap)
                s += "<rect x=\"\(px(x0))\" y=\"\(px(y0))\" width=\"\(px(cell))\" height=\"\(px(cell))\" fill=\"none\" stroke=\"#ccc\"/>"
                let rx = x0 + cell * u(col, last.box.lower[col]), rw = cell * (u(col, last.box.upper[col]) - u(col, last.box.lower[col]))
                let ry = y0 + cell * (1 - u(row, last.box.upper[row])), rh = cell * (u(row, last.box.upper[row]) - u(row, last.box.lower[row]))
                s += "<rect x=\"\(px(rx))\" y=\"\(px(ry))\" width=\"\(px(max(1, rw)))\" height=\"\(px(max(1, rh)))\" fill=\"#eef3f8\" stroke=\"#9fb7cf\"/>"
                for p in plausible {
                    s += "<circle cx=\"\(px(x0 + cell * u(col, p.values[col])))\" cy=\"\(px(y0 + cell * (1 - u(row, p.values[row]))))\" r=\"1.6\" fill=\"#1f4e79\"/>"
                }
                if col == 0 { s += "<text x=\"0\" y=\"\(px(y0 + cell / 2))\">\(row + 1)</text>" }
                if row == n - 1 { s += "<text x=\"\(px(x0 + cell / 2))\" y=\"\(px(y0 + cell + 12))\" text-anchor=\"middle\">\(col + 1)</text>" }
            }
        }
        return s + "</svg>\n"
    }

    /// A table, parameters down and used targets across: per cell five squares, one per fifth of
    /// the range from low to high, the darker the more of the first wave's points there the target
    /// rules out.
    static func ruledOutTable(_ r: CalibrationResult) -> String {
        let shares = ruledOut(r)
        let used = r.targets.indices.filter { r.targets[$0].monitorOnly == nil }
        guard !shares.isEmpty else { return "" }
        var s = "<p class=\"meta\">Per cell five squares, the range's fifths from low to high; the darker, the larger the share of the first wave's "
            + "points there that the target alone rules out (implausibility 3 or more). White: rules out none; black: all.</p>\n"
        s += "<table><tr><th>parameter</th>" + used.map { "<th style=\"writing-mode:vertical-rl\">\(esc(r.targets[$0].name))</th>" }.joined() + "</tr>\n"
        for (j, p) in r.parameters.enumerated() {
            s += "<tr><td>\(esc(p.path))</td>"
            for t in used {
                s += "<td>" + shares[t][j].map { v -> String in
                    let level = v.isFinite ? Int((255 * (1 - v)).rounded()) : 255
                    return "<span class=\"cell\" style=\"background:rgb(\(level),\(level),\(level))\" title=\"\(v.isFinite ? "\(Int((100 * v).rounded()))%" : "no points")\"></span>"
                }.joined() + "</td>"
            }
            s += "</tr>\n"
        }
        return s + "</table>\n"
    }
}
