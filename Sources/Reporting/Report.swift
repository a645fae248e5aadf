// report.html: one self-contained file (inline CSS, hand-built SVG, a small inline script for the
// sweep slider; nothing fetched from the network) that a policy maker reads. Every label comes from
// Language.swift; under each chart one plain-language reading computed from the data.
//
// The output is also well-formed XML (every element closed, no named entities, the script free of
// '<' and '&'), so tests can parse it.

import Foundation
import Experiments
import ScenarioKit
import Uncertainty
import SimCore
import SocialDomain

public enum Report {
    /// The report for the results of a plan, in `language`.
    public static func html(_ info: PlanInfo, _ results: [JobResult], language: Language) -> String {
        html(info, results, cells: cells(info, results), stationarity: Stationarity.analyse(info, results), language: language)
    }

    /// The same from the cells and the stationarity rows the run directory computed already.
    static func html(_ info: PlanInfo, _ results: [JobResult], cells: [Cell], stationarity: [SeriesStationarity],
                     language: Language) -> String {
        var r = Builder(info: info, results: results, cells: cells, stationarity: stationarity, L: language)
        return r.build()
    }

    /// A self-contained page: the shared head and style around `body` (also used by the exploration,
    /// sensitivity and explanation pages).
    static func page(title: String, language: Language, body: String) -> String {
        """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(esc(title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 1060px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
            .meta, .footer { color: #666; font-size: 0.9em; }
            .reading { background: #f3f6fa; border-left: 4px solid #4e79a7; padding: 0.5em 0.8em; margin: 0.5em 0 1.5em; }
            table { border-collapse: collapse; font-size: 0.92em; } td, th { padding: 0.3em 0.7em; border-bottom: 1px solid #e4e4e4; text-align: right; }
            td:first-child, th:first-child { text-align: left; }
            svg { font-size: 11px; } svg text { fill: #333; } .axis { stroke: #999; stroke-width: 1; } .grid { stroke: #eee; }
            .multiples { display: flex; flex-wrap: wrap; gap: 8px; }
            .legend span { display: inline-block; margin-right: 1.2em; } .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
            #ws-point { font-weight: 600; } input[type=range] { width: 600px; max-width: 100%; }
            .first-page h2 { margin-top: 1.2em; } td.pays { color: #b22222; } td.gains { color: #1a7f37; } ul.caveats li { margin-bottom: 0.3em; }
            @page { size: A4; margin: 14mm; }
            @media print {
              body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; line-height: 1.3; }
              .first-page { break-after: page; } h2 { break-after: avoid; margin-top: 1em; } svg, table, .reading { break-inside: avoid; }
              input[type=range], label[for=ws-slider], #ws-point { display: none; }
              .reading { background: none; border-left: 2px solid #4e79a7; }
            }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                          "#7f7f7f", "#bcbd22"]
    static let payerColours = ["#4e79a7", "#76b7b2", "#f28e2b", "#e15759", "#59a14f", "#b07aa1"]
}

/// HTML/XML text escape.
func esc(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&#38;"
        case "<": out += "&#60;"
        case ">": out += "&#62;"
        case "\"": out += "&#34;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// A JavaScript string literal without '<', '&' or quotes that could end the script.
func jsString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "<", "&", ">": out += String(format: "\\u%04x", u.value)
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

/// Coordinates with at most one decimal.
func px(_ x: Double) -> String { formatFixed(x.isFinite ? x : 0, 1) }

/// About `count` round tick values covering lo…hi.
func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
    guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
    let raw = (hi - lo) / Double(count)
    var mag = 1.0
    while mag * 10 <= raw { mag *= 10 }
    while mag > raw { mag /= 10 }
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
    var ticks: [Double] = []
    var t = (lo / step).rounded(.down) * step
    while t <= hi + step * 1e-9 { ticks.append(t); t += step }
    if ticks.last! < hi { ticks.append(t) }
    return ticks
}

struct Builder {
    let info: PlanInfo
    let results: [JobResult]
    let L: Language
    let all: [Cell]
    let stats: [[String: MeasureSummary]]
    let differences: [[String: MeasureSummary]]
    let stationarity: [SeriesStationarity]
    var body = ""

    init(info: PlanInfo, results: [JobResult], cells: [Cell], stationarity: [SeriesStationarity], L: Language) {
        self.info = info; self.results = results; self.L = L; self.stationarity = stationarity
        all = cells
        stats = all.map { cell in Dictionary(cell.summaries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }) }
        // Each cell's paired differences with its baseline, by measure: the headline, the verdict,
        // the payer table and the readings all read them.
        differences = all.indices.map { i in
            baselineIndex(info, cells, of: i).map { b in
                Dictionary(pairedDifferences(cells[i], baseline: cells[b]).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            } ?? [:]
        }
    }

    /// The paired difference of a cell with its baseline in one measure; nil for a baseline.
    func difference(_ i: Int, _ measure: String) -> MeasureSummary? { differences[i][measure] }

    var isSweep: Bool { info.kind != .run && info.points.count > 1 }

    /// A cell's name for readers: the scenario, and for a sweep the point's values.
    func name(_ i: Int) -> String {
        let c = all[i]
        let values = info.points[c.point]
        let scenario = info.scenarios[c.scenario]
        if values.isEmpty { return scenario }
        let point = values.map { "\(L.field($0.path)) = \($0.value)" }.joined(separator: ", ")
        return info.scenarios.count > 1 ? "\(scenario) · \(point)" : point
    }

    func value(_ i: Int, _ measure: String) -> MeasureSummary? { stats[i][measure] }

    /// The cells drawn in the time series charts: all scenarios of a run; for a sweep the first
    /// point, the cost minimum and the last point. At most 10.
    var shown: [Int] {
        if !isSweep { return Array(all.indices.prefix(10)) }
        let own = all.indices.filter { all[$0].scenario == 0 }
        guard let first = own.first, let last = own.last else { return [] }
        var picks = [first]
        if let m = minimumCell, !picks.contains(m) { picks.append(m) }
        if !picks.contains(last) { picks.append(last) }
        return picks.sorted()
    }

    var minimumCell: Int? {
        let own = all.indices.filter { all[$0].scenario == 0 }
        return own.min { (value($0, "total_cost_eur_per_year")?.mean ?? .infinity) < (value($1, "total_cost_eur_per_year")?.mean ?? .infinity) }
    }

    /// Per cell and series, by month after the warm-up: the mean over replications and its 95% t
    /// interval (NaN bounds with one replication).
    func seriesBands() -> [Int: [String: [(month: Int, mean: Double, low: Double, high: Double)]]] {
        var values: [Int: [String: [Int: [Double]]]] = [:]
        for (i, group) in jobsByCell(info, results).enumerated() {
            for r in group.jobs {
                for row in r.timeseries where row.month >= 1 {
                    values[i, default: [:]][row.series, default: [:]][row.month, default: []].append(row.value)
                }
            }
        }
        return values.mapValues { bySeries in
            bySeries.mapValues { byMonth in
                byMonth.keys.sorted().map { month in
                    let xs = byMonth[month]!
                    let n = Double(xs.count), mean = xs.reduce(0, +) / n
                    guard xs.count > 1 else { return (month, mean, .nan, .nan) }
                    let sd = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
                    let half = StudentT.quantile(0.975, degreesOfFreedom: n - 1) * sd / n.squareRoot()
                    return (month, mean, mean - half, mean + half)
                }
            }
        }
    }

    mutating func build() -> String {
        let title = L.t("report.title") + ": " + (isSweep ? "\(info.scenarios[0]) (\(info.kind.rawValue))" : info.scenarios.joined(separator: ", "))
        firstPage(title: title)
        if isSweep { sweepCharts() }
        waitingCharts()
        payerChart()
        outcomeCharts()
        caseloadChart()
        mkbaSection()
        settleSection()
        body += "<p class=\"footer\">\(esc(L.t("footer", info.version, buildCommit, buildCompiler)))</p>\n"
        return Report.page(title: title, language: L, body: body)
    }

    mutating func reading(_ text: String) {
        body += "<p class=\"reading\"><strong>\(esc(L.t("report.reading")))</strong> \(esc(text))</p>\n"
    }

    // MARK: Headline table

    mutating func headlineTable() {
        let rows = headlineRows
        let base = info.scenarios.count > 0 ? name(0) : ""
        body += "<h2>\(esc(L.t("table.title")))</h2>\n<table>\n<tr><th>\(esc(isSweep ? sweptFields : L.t("table.scenario")))</th><th>\(esc(L.t("table.total")))</th>"
            + "<th>\(esc(L.t("table.diff", isSweep ? shortName(rows.first ?? 0) : base)))</th><th>\(esc(L.t("table.outflow")))</th>"
            + "<th>\(esc(L.t("table.escalations")))</th></tr>\n"
        for i in rows {
            let total = value(i, "total_cost_eur_per_year")
            var diff = L.t("table.baseline")
            if let d = difference(i, "total_cost_eur_per_year") {
                diff = (d.mean >= 0 ? "+" : "") + interval(d.mean, d.low, d.high, money: true)
            }
            func cell(_ measure: String, digits: Int) -> String {
                value(i, measure).map { interval($0.mean, $0.low, $0.high, money: false, digits: digits) } ?? "–"
            }
            body += "<tr><td>\(esc(shortName(i)))</td><td>\(esc(total.map { interval($0.mean, $0.low, $0.high, money: true) } ?? "–"))</td><td>\(esc(diff))</td>"
                + "<td>\(esc(cell("outflow_to_work_per_benefit_year", digits: 3)))</td>"
                + "<td>\(esc(cell("escalations_per_100_household_years", digits: 2)))</td></tr>\n"
        }
        body += "</table>\n<p class=\"meta\">\(esc(L.t("table.note")))</p>\n"
    }

    // MARK: What each scenario changes against the file it extends (`wijksim validate` lists it all)

    mutating func changesSection() {
        let extending = info.changes.indices.filter { $0 < info.scenarios.count && !info.changes[$0].base.isEmpty }
        guard !extending.isEmpty else { return }
        /// At most this many changes per scenario, and an added entry's fields cut short: the section stays short.
        let limit = 8
        body += "<h2>\(esc(L.t("changes.title")))</h2>\n<ul>\n"
        for i in extending {
            let c = info.changes[i]
            let items = c.items.prefix(limit).map { item -> String in
                switch item.kind {
                case .changed: return "\(item.path): \(item.old) → \(item.new)"
                case .removed: return "\(item.path) \(L.t("changes.removed"))"
                case .added:
                    let fields = item.new.count > 70 ? String(item.new.prefix(66)) + " …}" : item.new
                    return "\(item.path) \(L.t("changes.added")) \(fields)"
                }
            }
            var text = items.map { "<code>\(esc($0))</code>" }.joined(separator: "; ")
            if c.items.isEmpty { text = esc(L.t("changes.none")) }
            if c.items.count > limit {
                text += "; " + esc(L.t("changes.more", "\(c.items.count - limit)", info.files[i]))
            }
            body += "<li><strong>\(esc(info.scenarios[i]))</strong>, \(esc(L.t("changes.against", c.base))): \(text)</li>\n"
        }
        body += "</ul>\n"
        reading(L.t("changes.reading"))
    }

    // MARK: Waiting lists (small multiples, one per list; a line per shown cell)

    mutating func waitingCharts() {
        let bands = seriesBands()
        let means = bands.mapValues { $0.mapValues { $0.map { (month: $0.month, value: $0.mean) } } }
        let picks = shown
        var names: [String] = []
        for i in picks {
            for key in (means[i] ?? [:]).keys.sorted() where key.hasPrefix("waiting_list.") && !names.contains(key) { names.append(key) }
        }
        body += "<h2>\(esc(L.t("chart.waiting.title")))</h2>\n"
        legend(picks)
        body += "<div class=\"multiples\">\n"
        var longest: (value: Double, list: String, cell: Int) = (0, "", 0)
        for series in names {
            let list = String(series.dropFirst("waiting_list.".count))
            var lines: [(colour: String, label: String, points: [(Double, Double)])] = []
            var lineBands: [[(Double, Double, Double)]] = []
            for (k, i) in picks.enumerated() {
                let rows = means[i]?[series] ?? []
                // Years after the warm-up: month 12 ends year 1.
                lines.append((Report.palette[k % Report.palette.count], name(i), rows.map { (Double($0.month) / 12, $0.value) }))
                lineBands.append((bands[i]?[series] ?? []).filter { $0.low.isFinite }.map { (Double($0.month) / 12, $0.low, $0.high) })
                let last = rows.suffix(12)
                let avg = last.isEmpty ? 0 : last.reduce(0) { $0 + $1.value } / Double(last.count)
                if avg > longest.value { longest = (avg, list, i) }
            }
            body += lineChart(title: L.term(list), lines: lines, width: 340, height: 200, xLabel: L.t("chart.year"),
                              money: false, id: series, bands: lineBands)
        }
        body += "</div>\n<p class=\"meta\">\(esc(L.t("chart.waiting.band")))</p>\n"
        if longest.value > 0 {
            reading(L.t("chart.waiting.reading", L.term(longest.list), name(longest.cell), L.number(longest.value, digits: 1)))
        } else {
            reading(L.t("chart.waiting.none"))
        }
    }

    mutating func legend(_ picks: [Int]) {
        body += "<p class=\"legend\">"
        for (k, i) in picks.enumerated() {
            body += "<span><span class=\"swatch\" style=\"background:\(Report.palette[k % Report.palette.count])\"></span>\(esc(name(i)))</span>"
        }
        body += "</p>\n"
    }

    /// Lines over x, each with an optional band (x, low, high) drawn beneath it.
    func lineChart(title: String, lines: [(colour: String, label: String, points: [(Double, Double)])], width: Double,
                   height: Double, xLabel: String, money: Bool, id: String, bands: [[(Double, Double, Double)]] = []) -> String {
        let left = 48.0, right = 10.0, top = 22.0, bottom = 30.0
        let xs = lines.flatMap { $0.points.map(\.0) }, ys = lines.flatMap { $0.points.map(\.1) } + bands.flatMap { $0.map(\.2) }
        let x0 = xs.min() ?? 0, x1 = max(xs.max() ?? 1, x0 + 1)
        let yTicks = niceTicks(0, max(ys.max() ?? 1, 1), count: 4)
        let y1 = yTicks.last ?? 1
        func sx(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (width - left - right) }
        func sy(_ y: Double) -> Double { height - bottom - y / y1 * (height - top - bottom) }
        var s = "<svg width=\"\(px(width))\" height=\"\(px(height))\" viewBox=\"0 0 \(px(width)) \(px(height))\" role=\"img\" data-chart=\"\(esc(id))\">"
        s += "<title>\(esc(title))</title><text x=\"\(px(left))\" y=\"14\" font-weight=\"600\">\(esc(title))</text>"
        for t in yTicks {
            s += "<line class=\"grid\" x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(sy(t)))\" y2=\"\(px(sy(t)))\"/>"
            s += "<text x=\"\(px(left - 4))\" y=\"\(px(sy(t) + 4))\" text-anchor=\"end\">\(esc(money ? L.money(t) : L.number(t, digits: t == t.rounded() ? 0 : 1)))</text>"
        }
        for t in niceTicks(x0, x1, count: 4) where t <= x1 && t >= x0 {
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - bottom + 14))\" text-anchor=\"middle\">\(esc(L.number(t, digits: t == t.rounded() ? 0 : 1)))</text>"
        }
        s += "<text x=\"\(px(width - right))\" y=\"\(px(height - 4))\" text-anchor=\"end\">\(esc(xLabel))</text>"
        s += "<line class=\"axis\" x1=\"\(px(left))\" x2=\"\(px(left))\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\"/>"
        s += "<line class=\"axis\" x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(height - bottom))\" y2=\"\(px(height - bottom))\"/>"
        for (k, band) in bands.enumerated() where band.count > 1 && k < lines.count {
            let upper = band.map { (sx($0.0), sy(max(0, $0.2))) }, lower = band.reversed().map { (sx($0.0), sy(max(0, $0.1))) }
            let d = (upper + lower).enumerated().map { "\($0.offset == 0 ? "M" : "L")\(px($0.element.0)),\(px($0.element.1))" }.joined() + "Z"
            s += "<path d=\"\(d)\" fill=\"\(lines[k].colour)\" fill-opacity=\"0.15\" stroke=\"none\" data-band=\"\(esc(lines[k].label))\"/>"
        }
        for line in lines where !line.points.isEmpty {
            let d = line.points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(px(sx($0.element.0))),\(px(sy($0.element.1)))" }.joined()
            let mean = line.points.reduce(0) { $0 + $1.1 } / Double(line.points.count)
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"1.6\" data-value=\"\(RunDirectory.number(mean))\" data-series=\"\(esc(line.label))\"><title>\(esc(line.label))</title></path>"
        }
        return s + "</svg>\n"
    }

    // MARK: Cost per payer (stacked bars)

    mutating func payerChart() {
        let rows = isSweep ? all.indices.filter { all[$0].scenario == 0 } : Array(all.indices)
        let payers = Payer.allCases.map(\.key)
        body += "<h2>\(esc(L.t("chart.payer.title")))</h2>\n<p class=\"legend\">"
        for (k, p) in payers.enumerated() {
            body += "<span><span class=\"swatch\" style=\"background:\(Report.payerColours[k])\"></span>\(esc(L.term(p)))</span>"
        }
        body += "</p>\n"
        let totals = rows.map { i in payers.reduce(0) { $0 + max(0, value(i, "cost_eur_per_year.\($1)")?.mean ?? 0) } }
        let highs = rows.compactMap { value($0, "total_cost_eur_per_year")?.high }.filter(\.isFinite)
        let ticks = niceTicks(0, max((totals + highs).max() ?? 1, 1), count: 5)
        let maxX = ticks.last ?? 1
        let labelW = 260.0, plotW = 560.0, rowH = 24.0, top = 8.0
        let height = top + Double(rows.count) * rowH + 28
        func sx(_ x: Double) -> Double { labelW + x / maxX * plotW }
        var s = "<svg width=\"\(px(labelW + plotW + 210))\" height=\"\(px(height))\" role=\"img\" data-chart=\"cost-per-payer\">"
        for t in ticks {
            s += "<line class=\"grid\" x1=\"\(px(sx(t)))\" x2=\"\(px(sx(t)))\" y1=\"\(px(top))\" y2=\"\(px(height - 24))\"/>"
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - 8))\" text-anchor=\"middle\">\(esc(L.money(t)))</text>"
        }
        for (row, i) in rows.enumerated() {
            let y = top + Double(row) * rowH
            s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y + rowH * 0.65))\" text-anchor=\"end\">\(esc(name(i)))</text>"
            var x = 0.0
            for (k, p) in payers.enumerated() {
                let v = max(0, value(i, "cost_eur_per_year.\(p)")?.mean ?? 0)
                s += "<rect x=\"\(px(sx(x)))\" y=\"\(px(y + 3))\" width=\"\(px(v / maxX * plotW))\" height=\"\(px(rowH - 6))\" fill=\"\(Report.payerColours[k])\" data-value=\"\(RunDirectory.number(v))\" data-series=\"\(p)\"><title>\(esc(name(i))): \(esc(L.term(p))) \(esc(L.money(v)))</title></rect>"
                x += v
            }
            // The total's 95% CI as a whisker at the end of the bar, and in the label.
            var label = L.money(x)
            if let t = value(i, "total_cost_eur_per_year"), t.low.isFinite {
                let mid = y + rowH / 2
                s += "<line x1=\"\(px(sx(t.low)))\" x2=\"\(px(sx(t.high)))\" y1=\"\(px(mid))\" y2=\"\(px(mid))\" stroke=\"#111\" stroke-width=\"1.5\" data-low=\"\(RunDirectory.number(t.low))\" data-high=\"\(RunDirectory.number(t.high))\"/>"
                for end in [t.low, t.high] {
                    s += "<line x1=\"\(px(sx(end)))\" x2=\"\(px(sx(end)))\" y1=\"\(px(mid - 5))\" y2=\"\(px(mid + 5))\" stroke=\"#111\" stroke-width=\"1.5\"/>"
                }
                label += " [\(L.money(t.low))\(L.listSeparator)\(L.money(t.high))]"
                x = max(x, t.high)
            }
            s += "<text x=\"\(px(sx(x) + 6))\" y=\"\(px(y + rowH * 0.65))\">\(esc(label))</text>"
        }
        body += s + "</svg>\n<p class=\"meta\">\(esc(L.t("chart.payer.ci")))</p>\n"
        // Reading: the cheapest design against its baseline, or the single design's payers.
        let total = "total_cost_eur_per_year"
        let withBase = rows.filter { baselineIndex(info, all, of: $0) != nil }
        if let best = withBase.min(by: { (value($0, total)?.mean ?? .infinity) < (value($1, total)?.mean ?? .infinity) }),
           let b = baselineIndex(info, all, of: best), let d = difference(best, total) {
            let less = d.mean < 0
            if d.low <= 0 && d.high >= 0 {
                reading(L.t("chart.payer.reading.unclear", name(best), name(b), L.money(d.low), L.money(d.high)))
            } else {
                reading(L.t("chart.payer.reading.diff", name(best), L.money(abs(d.mean)), L.t(less ? "less" : "more"), name(b),
                        L.money(less ? -d.high : d.low), L.money(less ? -d.low : d.high)))
            }
        } else if let i = rows.first, let t = value(i, total), t.mean > 0 {
            let municipal = ["municipality_support", "municipality_youth", "municipality_benefits"]
                .reduce(0) { $0 + (value(i, "cost_eur_per_year.\($1)")?.mean ?? 0) }
            reading(L.t("chart.payer.reading.one", name(i), L.money(t.mean), L.number(100 * municipal / t.mean, digits: 0)))
        }
    }

    // MARK: Outflow and escalations (points with 95% CI bars)

    mutating func outcomeCharts() {
        let rows = isSweep ? all.indices.filter { all[$0].scenario == 0 } : Array(all.indices)
        body += "<h2>\(esc(L.t("chart.outcomes.title")))</h2>\n<div class=\"multiples\">\n"
        body += ciChart(rows, measure: "outflow_to_work_per_benefit_year", title: L.t("chart.outflow.axis"), colour: "#59a14f", digits: 3)
        body += ciChart(rows, measure: "escalations_per_100_household_years", title: L.t("chart.escalations.axis"), colour: "#e15759", digits: 2)
        body += "</div>\n"
        let o = "outflow_to_work_per_benefit_year", e = "escalations_per_100_household_years"
        if let bo = rows.max(by: { (value($0, o)?.mean ?? -1) < (value($1, o)?.mean ?? -1) }), let so = value(bo, o),
           let be = rows.min(by: { (value($0, e)?.mean ?? .infinity) < (value($1, e)?.mean ?? .infinity) }), let se = value(be, e) {
            reading(L.t("chart.outcomes.reading", name(bo), L.number(so.mean, digits: 3), L.number(so.low, digits: 3), L.number(so.high, digits: 3),
                        name(be), L.number(se.mean, digits: 2), L.number(se.low, digits: 2), L.number(se.high, digits: 2)))
        }
    }

    func ciChart(_ rows: [Int], measure: String, title: String, colour: String, digits: Int) -> String {
        let labelW = 200.0, plotW = 300.0, rowH = 22.0, top = 24.0
        let height = top + Double(rows.count) * rowH + 26
        let highs = rows.compactMap { value($0, measure)?.high }.filter(\.isFinite)
        let ticks = niceTicks(0, max(highs.max() ?? 1, 1e-9), count: 4)
        let maxX = ticks.last ?? 1
        func sx(_ x: Double) -> Double { labelW + max(0, x) / maxX * plotW }
        var s = "<svg width=\"\(px(labelW + plotW + 20))\" height=\"\(px(height))\" role=\"img\" data-chart=\"\(esc(measure))\">"
        s += "<text x=\"4\" y=\"14\" font-weight=\"600\">\(esc(title))</text>"
        for t in ticks {
            s += "<line class=\"grid\" x1=\"\(px(sx(t)))\" x2=\"\(px(sx(t)))\" y1=\"\(px(top))\" y2=\"\(px(height - 22))\"/>"
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - 8))\" text-anchor=\"middle\">\(esc(L.number(t, digits: t == t.rounded() ? 0 : (t * 10 == (t * 10).rounded() ? 1 : digits))))</text>"
        }
        for (row, i) in rows.enumerated() {
            let y = top + Double(row) * rowH + rowH / 2
            s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y + 4))\" text-anchor=\"end\">\(esc(name(i)))</text>"
            guard let v = value(i, measure) else { continue }
            s += "<line x1=\"\(px(sx(v.low)))\" x2=\"\(px(sx(v.high)))\" y1=\"\(px(y))\" y2=\"\(px(y))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            s += "<line x1=\"\(px(sx(v.low)))\" x2=\"\(px(sx(v.low)))\" y1=\"\(px(y - 5))\" y2=\"\(px(y + 5))\" stroke=\"\(colour)\"/>"
            s += "<line x1=\"\(px(sx(v.high)))\" x2=\"\(px(sx(v.high)))\" y1=\"\(px(y - 5))\" y2=\"\(px(y + 5))\" stroke=\"\(colour)\"/>"
            s += "<circle cx=\"\(px(sx(v.mean)))\" cy=\"\(px(y))\" r=\"4\" fill=\"\(colour)\" data-value=\"\(RunDirectory.number(v.mean))\" data-low=\"\(RunDirectory.number(v.low))\" data-high=\"\(RunDirectory.number(v.high))\"><title>\(esc(name(i))): \(esc(L.number(v.mean, digits: digits))) [\(esc(L.number(v.low, digits: digits)))\(L.listSeparator)\(esc(L.number(v.high, digits: digits)))]</title></circle>"
        }
        return s + "</svg>\n"
    }

    // MARK: Caseload use

    mutating func caseloadChart() {
        let rows = isSweep ? shown : Array(all.indices)
        var teams: [String] = []
        for i in rows { for n in all[i].names where n.hasPrefix("caseload_utilisation.") && !teams.contains(n) { teams.append(n) } }
        body += "<h2>\(esc(L.t("chart.caseload.title")))</h2>\n"
        // A chart of full caseloads everywhere says nothing: say so instead.
        let uses = rows.flatMap { i in teams.compactMap { value(i, $0)?.mean } }
        if !uses.isEmpty, uses.allSatisfy({ $0 >= 0.98 }) {
            reading(L.t("chart.caseload.full", "98"))
            return
        }
        legend(rows)
        let labelW = 220.0, plotW = 500.0, barH = 12.0, gap = 10.0, top = 8.0
        let groupH = Double(rows.count) * barH + gap
        let height = top + Double(teams.count) * groupH + 26
        func sx(_ x: Double) -> Double { labelW + min(max(0, x), 1.2) / 1.2 * plotW }
        var s = "<svg width=\"\(px(labelW + plotW + 60))\" height=\"\(px(height))\" role=\"img\" data-chart=\"caseload\">"
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            s += "<line class=\"\(t == 1 ? "axis" : "grid")\" x1=\"\(px(sx(t)))\" x2=\"\(px(sx(t)))\" y1=\"\(px(top))\" y2=\"\(px(height - 22))\"/>"
            s += "<text x=\"\(px(sx(t)))\" y=\"\(px(height - 8))\" text-anchor=\"middle\">\(Int(t * 100))%</text>"
        }
        var fullest: (value: Double, team: String, cell: Int) = (-1, "", 0)
        for (g, team) in teams.enumerated() {
            let y0 = top + Double(g) * groupH
            let teamName = String(team.dropFirst("caseload_utilisation.".count))
            s += "<text x=\"\(px(labelW - 6))\" y=\"\(px(y0 + Double(rows.count) * barH / 2 + 4))\" text-anchor=\"end\">\(esc(L.term(teamName)))</text>"
            for (k, i) in rows.enumerated() {
                guard let v = value(i, team) else { continue }
                let y = y0 + Double(k) * barH
                if v.mean > fullest.value { fullest = (v.mean, teamName, i) }
                s += "<rect x=\"\(px(labelW))\" y=\"\(px(y + 1))\" width=\"\(px(sx(v.mean) - labelW))\" height=\"\(px(barH - 2))\" fill=\"\(Report.palette[k % Report.palette.count])\" data-value=\"\(RunDirectory.number(v.mean))\" data-series=\"\(esc(name(i)))\"><title>\(esc(name(i))): \(esc(L.term(teamName))) \(esc(L.number(100 * v.mean, digits: 1)))%</title></rect>"
                s += "<line x1=\"\(px(sx(v.low)))\" x2=\"\(px(sx(v.high)))\" y1=\"\(px(y + barH / 2))\" y2=\"\(px(y + barH / 2))\" stroke=\"#333\"/>"
            }
        }
        body += s + "</svg>\n<p class=\"meta\">\(esc(L.t("chart.caseload.axis")))</p>\n"
        if fullest.value >= 0 {
            reading(L.t("chart.caseload.reading", L.term(fullest.team), name(fullest.cell), L.number(100 * fullest.value, digits: 0)))
        }
    }

    // MARK: Does the city settle? (stationarity.csv in words)

    mutating func settleSection() {
        let rows = stationarity
        body += "<h2>\(esc(L.t("settle.title")))</h2>\n<p>\(esc(L.t("settle.intro")))</p>\n"
        var items = ""
        /// Decimals for a slope: fewer for larger numbers.
        func digits(_ x: Double) -> Int { abs(x) >= 10 ? 0 : abs(x) >= 1 ? 1 : 2 }
        func signed(_ x: Double, _ d: Int) -> String { (x > 0 ? "+" : "") + L.number(x, digits: d) }
        /// Slope as a share of the level, in % per year.
        func share(_ r: SeriesStationarity) -> Double { 100 * r.slopePerYear / abs(r.level) }
        var moving: [SeriesStationarity] = []
        var unclear = 0
        var warmupNotes: [String] = []
        let byCell = Dictionary(grouping: rows, by: \.cell)
        for i in all.indices {
            guard let own = byCell[i], !own.isEmpty else { continue }
            var parts: [String] = []
            for r in own where r.verdict == .rising || r.verdict == .falling {
                // as many decimals as the slope and the width of its CI need
                let d = digits(max(r.tolerance, min(abs(r.slopePerYear), r.high - r.low)))
                parts.append(L.t(r.verdict == .rising ? "settle.trend.up" : "settle.trend.down", L.series(r.series),
                                 L.number(abs(r.slopePerYear), digits: d), L.number(abs(share(r)), digits: 1),
                                 signed(r.low, d), signed(r.high, d)))
                moving.append(r)
            }
            let steady = own.filter { $0.verdict == .steady }.count
            let vague = own.filter { $0.verdict == .unclear }.count
            unclear += vague
            if steady == own.count {
                parts.append(L.t("settle.all_steady", "\(own.count)"))
            } else {
                parts.append(L.t("settle.count", "\(steady)", "\(own.count)") + (vague > 0 ? L.t("settle.unclear", "\(vague)") : ""))
            }
            items += "<li>\(esc(L.t("settle.cell", name(i), parts.joined(separator: "; "))))</li>\n"
            let longer = own.filter(Stationarity.suggestsLongerWarmup)
            let endless = longer.filter(\.mserAtLimit)
            if !endless.isEmpty {
                warmupNotes.append(L.t("settle.no_end", name(i), endless.map { L.series($0.series) }.joined(separator: ", ")))
            }
            let late = longer.filter { !$0.mserAtLimit }
            if !late.isEmpty {
                let list = late.map { r in
                    r.configuredWarmupMonths == nil ? L.t("settle.warmup.after", L.series(r.series), "\(r.excessWarmupMonths)")
                        : L.t("settle.warmup.item", L.series(r.series), "\(r.mserWarmupMonths ?? 0)")
                }.joined(separator: ", ")
                if let w = late[0].configuredWarmupMonths {
                    warmupNotes.append(L.t("settle.warmup", name(i), "\(w)", list))
                } else {
                    warmupNotes.append(L.t("settle.warmup.unknown", name(i), list))
                }
            }
        }
        if !items.isEmpty { body += "<ul>\n" + items + "</ul>\n" }
        for note in warmupNotes { body += "<p>\(esc(note))</p>\n" }
        if all.contains(where: { $0.values.count < 2 }) { body += "<p>\(esc(L.t("settle.one_replication")))</p>\n" }
        if let steepest = moving.max(by: { abs($0.slopePerYear) / $0.tolerance < abs($1.slopePerYear) / $1.tolerance }) {
            reading(L.t("settle.reading.moving", "\(moving.count)", "\(rows.count)", L.series(steepest.series), name(steepest.cell),
                        L.t(steepest.verdict == .rising ? "settle.up" : "settle.down"),
                        L.number(abs(share(steepest)), digits: 1)))
        } else if rows.isEmpty {
            reading(L.t("settle.none"))
        } else if unclear > 0 {
            reading(L.t("settle.reading.unclear", "\(unclear)", "\(rows.count)"))
        } else {
            reading(L.t("settle.reading.steady"))
        }
    }

    // MARK: Sweep and paradox: the cost curve with its minimum, and a slider along the grid

    mutating func sweepCharts() {
        let own = all.indices.filter { all[$0].scenario == 0 }
        guard own.count > 1 else { return }
        let labels = own.map { i in info.points[all[i].point].map(\.value).joined(separator: ", ") }
        let axisName = info.points[all[own[0]].point].map { L.field($0.path) }.joined(separator: ", ")
        let width = 700.0, height = 260.0, left = 70.0, right = 20.0, top = 26.0, bottom = 36.0
        func sx(_ k: Int) -> Double { left + Double(k) / Double(own.count - 1) * (width - left - right) }
        var markerXs: [Double] = []
        for k in own.indices { markerXs.append(sx(k)) }
        let minimum = minimumCell ?? own[0]
        let paths = info.points[all[own[0]].point].map(\.path)
        if paths.count == 2 {
            heatmap(own, paths: paths, minimum: minimum)
        } else {
            body += "<h2>\(esc(L.t("chart.sweep.title")))</h2>\n"
            for (measure, title, colour) in [("total_cost_eur_per_year", L.t("chart.sweep.title"), "#1f77b4"),
                                             ("category_cost_eur_per_year.first_line", L.t("chart.sweep.first"), "#2ca02c")] {
                let vs = own.map { value($0, measure) }
                let lows = vs.compactMap { $0?.low }.filter(\.isFinite), highs = vs.compactMap { $0?.high }.filter(\.isFinite)
                var lo = lows.min() ?? 0, hi = highs.max() ?? 1
                if hi - lo < 1 { lo -= 1; hi += 1 }
                let pad = (hi - lo) * 0.08
                let ticks = niceTicks(max(0, lo - pad), hi + pad, count: 4)
                let y0 = ticks.first ?? 0, y1 = ticks.last ?? 1
                func sy(_ y: Double) -> Double { height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom) }
                var s = "<svg width=\"\(px(width))\" height=\"\(px(height))\" role=\"img\" data-chart=\"sweep-\(esc(measure))\">"
                s += "<text x=\"\(px(left))\" y=\"16\" font-weight=\"600\">\(esc(title))</text>"
                for t in ticks {
                    s += "<line class=\"grid\" x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(sy(t)))\" y2=\"\(px(sy(t)))\"/>"
                    s += "<text x=\"\(px(left - 4))\" y=\"\(px(sy(t) + 4))\" text-anchor=\"end\">\(esc(L.money(t)))</text>"
                }
                let every = max(1, own.count / 14)
                for (k, label) in labels.enumerated() where k % every == 0 {
                    s += "<text x=\"\(px(sx(k)))\" y=\"\(px(height - bottom + 14))\" text-anchor=\"middle\">\(esc(label))</text>"
                }
                s += "<text x=\"\(px(width - right))\" y=\"\(px(height - 4))\" text-anchor=\"end\">\(esc(axisName))</text>"
                // 95% CI band, mean line, points
                let upper = own.indices.compactMap { k in vs[k].map { (sx(k), sy($0.high)) } }
                let lower = own.indices.reversed().compactMap { k in vs[k].map { (sx(k), sy($0.low)) } }
                let band = (upper + lower).enumerated().map { "\($0.offset == 0 ? "M" : "L")\(px($0.element.0)),\(px($0.element.1))" }.joined() + "Z"
                s += "<path d=\"\(band)\" fill=\"\(colour)\" fill-opacity=\"0.18\" stroke=\"none\"/>"
                let line = own.indices.compactMap { k in vs[k].map { (sx(k), sy($0.mean)) } }
                    .enumerated().map { "\($0.offset == 0 ? "M" : "L")\(px($0.element.0)),\(px($0.element.1))" }.joined()
                s += "<path d=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" data-value=\"\(own.count)\"/>"
                for (k, i) in own.enumerated() {
                    guard let v = vs[k] else { continue }
                    let isMin = i == minimum && measure == "total_cost_eur_per_year"
                    s += "<circle cx=\"\(px(sx(k)))\" cy=\"\(px(sy(v.mean)))\" r=\"\(isMin ? 6 : 3)\" fill=\"\(isMin ? "#d62728" : colour)\" data-value=\"\(RunDirectory.number(v.mean))\" data-low=\"\(RunDirectory.number(v.low))\" data-high=\"\(RunDirectory.number(v.high))\"\(isMin ? " data-minimum=\"true\"" : "")><title>\(esc(labels[k])): \(esc(L.money(v.mean))) [\(esc(L.money(v.low)))\(L.listSeparator)\(esc(L.money(v.high)))]</title></circle>"
                    if isMin {
                        // Below the point, or above it when that would fall off the plot.
                    let below = sy(v.mean) + 20 <= height - bottom - 2
                    s += "<text x=\"\(px(min(max(sx(k), left + 24), width - right - 24)))\" y=\"\(px(below ? sy(v.mean) + 20 : sy(v.mean) - 10))\" text-anchor=\"middle\" fill=\"#d62728\">\(esc(L.t("chart.sweep.minimum")))</text>"
                    }
                }
                s += "<line class=\"ws-marker\" x1=\"\(px(sx(0)))\" x2=\"\(px(sx(0)))\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>"
                body += s + "</svg>\n"
            }
            // Slider
            var points: [String] = []
            for (k, i) in own.enumerated() {
                let t = value(i, "total_cost_eur_per_year"), f = value(i, "category_cost_eur_per_year.first_line")
                let e = value(i, "escalations_per_100_household_years")
                let text = L.t("chart.sweep.point", t.map { L.money($0.mean) } ?? "–", t.map { L.money($0.low) } ?? "–",
                               t.map { L.money($0.high) } ?? "–", f.map { L.money($0.mean) } ?? "–", e.map { L.number($0.mean, digits: 2) } ?? "–")
                points.append("{x:\(px(markerXs[k])),label:\(jsString(axisName + " = " + labels[k])),text:\(jsString(text))}")
            }
            body += "<p><label for=\"ws-slider\">\(esc(L.t("chart.sweep.slider")))</label><br/>"
                + "<input type=\"range\" id=\"ws-slider\" min=\"0\" max=\"\(own.count - 1)\" step=\"1\" value=\"0\" oninput=\"wsMove(this.value)\"/></p>\n"
                + "<p id=\"ws-point\"></p>\n"
            body += "<script>\nvar WS_POINTS = [\(points.joined(separator: ",\n"))];\n"
                + "function wsMove(i) { var p = WS_POINTS[Number(i)]; var ms = document.querySelectorAll('.ws-marker');\n"
                + "  for (var k = 0; k !== ms.length; k++) { ms[k].setAttribute('x1', p.x); ms[k].setAttribute('x2', p.x); }\n"
                + "  document.getElementById('ws-point').textContent = p.label + ': ' + p.text; }\n"
                + "wsMove(0);\n</script>\n"
        }
        // Reading: the minimum, and the paradox.
        if let t = value(minimum, "total_cost_eur_per_year") {
            reading(L.t("chart.sweep.reading", axisName, labels[own.firstIndex(of: minimum) ?? 0], L.money(t.mean), L.money(t.low), L.money(t.high)))
        }
        if info.kind == .paradox {
            var sentence = L.t("paradox.not")
            for (k, i) in own.enumerated().dropFirst() {
                let diffs = pairedDifferences(all[i], baseline: all[own[0]])
                guard let d = diffs.first(where: { $0.name == "category_cost_eur_per_year.first_line" }),
                      let t = diffs.first(where: { $0.name == "total_cost_eur_per_year" }) else { continue }
                if d.high < 0 && t.low > 0 {
                    sentence = L.t("paradox.shows", axisName, labels[k], L.money(-d.mean), L.money(-d.high), L.money(-d.low),
                                   L.money(t.mean), L.money(t.low), L.money(t.high), labels[0])
                    break
                }
            }
            reading(sentence)
        }
    }

    /// Two swept fields: total cost as a grid of cells (rows: the first field, columns: the second),
    /// darker for costlier, the cheapest outlined; a line through the points would zig-zag.
    mutating func heatmap(_ own: [Int], paths: [String], minimum: Int) {
        func values(_ path: String) -> [String] {
            var seen: [String] = []
            for i in own { if let v = info.points[all[i].point].first(where: { $0.path == path })?.value, !seen.contains(v) { seen.append(v) } }
            return seen
        }
        let rowsV = values(paths[0]), colsV = values(paths[1])
        var at: [String: Int] = [:]
        for i in own {
            let p = info.points[all[i].point]
            at[(p.first { $0.path == paths[0] }?.value ?? "") + "\u{1}" + (p.first { $0.path == paths[1] }?.value ?? "")] = i
        }
        let costs = own.compactMap { value($0, "total_cost_eur_per_year")?.mean }.filter(\.isFinite)
        let lo = costs.min() ?? 0, hi = max(costs.max() ?? 1, lo + 1)
        let cellW = max(56.0, min(96.0, 640.0 / Double(max(colsV.count, 1)))), cellH = 30.0, left = 150.0, top = 56.0
        let width = left + Double(colsV.count) * cellW + 20, height = top + Double(rowsV.count) * cellH + 16
        body += "<h2>\(esc(L.t("chart.heatmap.title")))</h2>\n"
        var s = "<svg width=\"\(px(width))\" height=\"\(px(height))\" role=\"img\" data-chart=\"sweep-heatmap\">"
        s += "<text x=\"\(px(left))\" y=\"16\" font-weight=\"600\">\(esc(L.field(paths[1])))</text>"
        s += "<text x=\"4\" y=\"\(px(top - 8))\" font-weight=\"600\">\(esc(L.field(paths[0])))</text>"
        for (c, v) in colsV.enumerated() {
            s += "<text x=\"\(px(left + (Double(c) + 0.5) * cellW))\" y=\"\(px(top - 8))\" text-anchor=\"middle\">\(esc(v))</text>"
        }
        for (r, rv) in rowsV.enumerated() {
            let y = top + Double(r) * cellH
            s += "<text x=\"\(px(left - 6))\" y=\"\(px(y + cellH * 0.62))\" text-anchor=\"end\">\(esc(rv))</text>"
            for (c, cv) in colsV.enumerated() {
                guard let i = at[rv + "\u{1}" + cv], let t = value(i, "total_cost_eur_per_year") else { continue }
                let share = (t.mean - lo) / (hi - lo)
                // From a pale to a deep blue; text turns white on the darker half.
                let shade = { (a: Double, b: Double) in Int((a + (b - a) * share).rounded()) }
                let fill = "rgb(\(shade(222, 8)),\(shade(235, 48)),\(shade(247, 107)))"
                let x = left + Double(c) * cellW
                let minimumMark = " stroke=\"#d62728\" stroke-width=\"3\" data-minimum=\"true\""
                s += "<rect x=\"\(px(x))\" y=\"\(px(y))\" width=\"\(px(cellW - 2))\" height=\"\(px(cellH - 2))\" fill=\"\(fill)\"\(i == minimum ? minimumMark : "") data-value=\"\(RunDirectory.number(t.mean))\"><title>\(esc(L.field(paths[0]))) = \(esc(rv)), \(esc(L.field(paths[1]))) = \(esc(cv)): \(esc(interval(t.mean, t.low, t.high, money: true)))</title></rect>"
                s += "<text x=\"\(px(x + cellW / 2 - 1))\" y=\"\(px(y + cellH * 0.62))\" text-anchor=\"middle\" style=\"fill:\(share > 0.5 ? "#fff" : "#111")\">\(esc(L.money(t.mean)))</text>"
            }
        }
        body += s + "</svg>\n<p class=\"meta\">\(esc(L.t("chart.heatmap.note")))</p>\n"
    }
}
