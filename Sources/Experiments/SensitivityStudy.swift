// What `wijksim sensitivity` shows: which uncertain parameters a measure (or the paired difference of
// two designs) turns on. Sobol first-order and total indices (Saltelli 2010 design and first-order
// estimator, Jansen 1999 total estimator) or Morris μ*, σ, with bootstrap 95% CIs; sensitivity.csv
// and sensitivity.html (bars with CIs, largest total effect first).
//
// With a stochastic model each design point is the mean of R replications that share their random
// numbers across points (common random numbers), so that what is left of the replications' noise
// shows as a little variance no parameter explains (the total indices then sum to less than it
// would without noise), not as spurious effects.

import SimCore
import Uncertainty

public enum SensitivityMethod: String, Sendable, CaseIterable { case sobol, morris }

/// A Saltelli or a Morris design in the unit cube.
public enum SensitivityDesign: Sendable {
    case sobol(Sobol.Design)
    case morris(Morris.Design)

    /// `samples`: N base rows for Sobol (N(d + 2) points), trajectories for Morris (r(d + 1) points).
    public init(_ method: SensitivityMethod, samples: Int, dimensions: Int, seed: UInt64) {
        var rng = StreamKey(seed: seed, purpose: 0x5EB0).makeGenerator()
        switch method {
        case .sobol: self = .sobol(Sobol.Design(samples: samples, dimensions: dimensions, using: &rng))
        case .morris: self = .morris(Morris.Design(trajectories: samples, dimensions: dimensions, levels: 4, using: &rng))
        }
    }

    public static func pointCount(_ method: SensitivityMethod, samples: Int, dimensions: Int) -> Int {
        method == .sobol ? samples * (dimensions + 2) : samples * (dimensions + 1)
    }

    public var points: [[Double]] {
        switch self {
        case .sobol(let d): d.points
        case .morris(let d): d.points
        }
    }
}

public struct SensitivityResult: Sendable {
    public struct Row: Sendable, Equatable {
        public var parameter: String
        /// S1, ST (Sobol); mu_star, mu, sigma (Morris).
        public var index: String
        public var value: Double
        public var low: Double
        public var high: Double
    }

    public var method: SensitivityMethod
    public var parameters: [String]
    public var rows: [Row]

    /// The indices of `outputs` (one per design point, in the design's order).
    public init(_ design: SensitivityDesign, outputs: [Double], parameters: [String], seed: UInt64, resamples: Int = 1000) {
        var rng = StreamKey(seed: seed, purpose: 0x5EB1).makeGenerator()
        self.parameters = parameters
        rows = []
        switch design {
        case .sobol(let d):
            method = .sobol
            let r = Sobol.analyse(outputs, design: d, resamples: resamples, using: &rng)
            for (j, name) in parameters.enumerated() {
                rows.append(Row(parameter: name, index: "S1", value: r.first[j].value, low: r.first[j].low, high: r.first[j].high))
                rows.append(Row(parameter: name, index: "ST", value: r.total[j].value, low: r.total[j].low, high: r.total[j].high))
            }
        case .morris(let d):
            method = .morris
            let effects = Morris.analyse(outputs, design: d, resamples: resamples, using: &rng)
            for (j, name) in parameters.enumerated() {
                let e = effects[j]
                rows.append(Row(parameter: name, index: "mu_star", value: e.muStar, low: e.muStarLow, high: e.muStarHigh))
                rows.append(Row(parameter: name, index: "mu", value: e.mu, low: .nan, high: .nan))
                rows.append(Row(parameter: name, index: "sigma", value: e.sigma, low: .nan, high: .nan))
            }
        }
    }

    public func row(_ parameter: String, _ index: String) -> Row? { rows.first { $0.parameter == parameter && $0.index == index } }

    /// The headline index: ST for Sobol, μ* for Morris.
    public var mainIndex: String { method == .sobol ? "ST" : "mu_star" }

    /// Parameters, largest headline index first.
    public var ranked: [String] {
        parameters.sorted { (row($0, mainIndex)?.value ?? 0) > (row($1, mainIndex)?.value ?? 0) }
    }

    public static let header = "parameter,index,value,ci95_low,ci95_high"

    public func csv() -> String {
        var out = Self.header + "\n"
        let n = RunDirectory.number
        for r in rows { out += "\(RunDirectory.csv(r.parameter)),\(r.index),\(n(r.value)),\(n(r.low)),\(n(r.high))\n" }
        return out
    }

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
