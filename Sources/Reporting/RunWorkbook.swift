// A run's results for the people who work in Excel: results.xlsx (Summary, Comparison, Per payer,
// Scenario differences, Sources, All measures) and summary-wide.csv (one row per scenario or sweep
// point, a column per varied field, every measure with its CI). Numbers are numeric cells with
// number formats, so a Dutch-locale Excel shows "€ 88.038.250" and "73,1%" from the same file.

import Experiments
import SimCore
import Uncertainty
import Foundation
import ScenarioKit
import SocialDomain

public enum MeasureUnits {
    /// The unit of a measure in words (docs/MEASURES.md has the definitions).
    public static func unit(_ name: String) -> String {
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        switch stem {
        case "cost_eur_per_household_year": return "€ per household-year"
        case _ where stem.hasSuffix("_eur_per_year"): return "€ a year"
        case "outflow_to_work_per_benefit_year": return "jobs per household-year on benefit"
        case "benefit_exit_rate_per_year": return "exits per household-year on benefit"
        case "escalations_per_100_household_years": return "crises per 100 household-years"
        case "benefit_stock_change_per_year": return "share of the stock a year"
        case "referrals_per_1000_inhabitants": return "referrals a year per 1,000 inhabitants"
        case _ where stem.hasPrefix("wait_days"), "first_help_days_mean": return "days"
        case _ where stem.hasSuffix("_share") || stem.hasSuffix("utilisation") || stem.hasPrefix("cost_share"): return "share (0–1)"
        case _ where stem.hasPrefix("professionals"): return "professionals"
        case _ where stem.hasSuffix("_per_year"): return "a year"
        case _ where stem.hasPrefix("waiting_list") || stem.hasPrefix("households") || stem.hasSuffix("households_mean"): return "households"
        default: return ""
        }
    }

    /// How Excel should show a measure's numbers.
    static func format(_ name: String) -> NumberFormat {
        let unit = unit(name)
        if unit.hasPrefix("€") { return .euro }
        if unit == "share (0–1)" || unit == "share of the stock a year" { return .percent }
        if unit == "days" || unit == "households" || unit == "a year" { return .custom("#,##0.0") }
        return .threeDecimals
    }
}

public enum RunWorkbook {
    /// The measures of the Summary sheet, with their labels: a one-page overview; the rest is in
    /// All measures and summary-wide.csv.
    static let headline: [(name: String, label: String)] = [
        ("total_cost_eur_per_year", "Total cost, € a year"),
        ("care_cost_eur_per_year", "Care cost (all but bijstand), € a year"),
        ("benefit_cost_eur_per_year", "Bijstand paid, € a year"),
        ("outflow_to_work_per_benefit_year", "Outflow to work per household-year on benefit"),
        ("escalations_per_100_household_years", "Escalations per 100 household-years"),
        ("households_on_benefit_mean", "Households on bijstand"),
        ("first_help_days_mean", "Days from signal to first help"),
        ("professionals_per_household_mean", "Professionals per household"),
        ("stabilised_share_at_closure", "Stabilised at closure"),
        ("return_within_1y_share", "Back within a year"),
    ]

    /// The workbook of a run's results.
    public static func workbook(_ info: PlanInfo, _ cells: [Cell], started: Date? = nil) -> Workbook {
        var book = Workbook(title: "WijkSim results: " + info.scenarios.joined(separator: ", "))
        let summaries = cells.map(\.summaries)
        let paths = info.sweptPaths

        // Summary: one row per scenario or point; row 1 for people, row 2 the names scripts use.
        var summary = Sheet(name: "Summary", frozenRows: 2, frozenColumns: 1)
        var labels: [Sheet.Cell] = [.header("Scenario")] + paths.map { .header($0) }
        var keys: [Sheet.Cell] = [.text("scenario")] + paths.map { .text($0) }
        let present = headline.filter { h in summaries.contains { $0.contains { $0.name == h.name } } }
        for h in present {
            labels += [.header(h.label), .header("95% CI low"), .header("95% CI high")]
            keys += ["mean", "ci95_low", "ci95_high"].map { .text("\(h.name)|\($0)") }
        }
        summary.append(labels)
        summary.append(keys)
        for (i, cell) in cells.enumerated() {
            var row: [Sheet.Cell] = [.text(cell.label)] + paths.map { path in value(info, point: cell.point, path: path) }
            for h in present {
                if let s = summaries[i].first(where: { $0.name == h.name }) {
                    let f = MeasureUnits.format(h.name)
                    row += [.number(s.mean, format: f), .number(s.low, format: f), .number(s.high, format: f)]
                } else { row += [.empty, .empty, .empty] }
            }
            summary.append(row)
        }
        summary.columnWidths = [28] + paths.map { _ in 16 } + present.flatMap { _ in [18.0, 14, 14] }
        book.append(summary)

        // Comparison: every paired difference against the baseline, with its unit.
        var comparison = Sheet(name: "Comparison", frozenRows: 1, autoFilterRow: 1)
        comparison.append(["Scenario", "Baseline", "Measure", "Unit", "Difference (scenario − baseline)", "95% CI low", "95% CI high", "Replications"].map { .header($0) })
        for (i, cell) in cells.enumerated() {
            guard let b = baselineIndex(info, cells, of: i) else { continue }
            for d in pairedDifferences(cell, baseline: cells[b]) {
                let f = MeasureUnits.format(d.name)
                comparison.append([.text(cell.label), .text(cells[b].label), .text(d.name), .text(MeasureUnits.unit(d.name)),
                                   .number(d.mean, format: f), .number(d.low, format: f), .number(d.high, format: f), .number(Double(d.n), format: .integer)])
            }
        }
        comparison.columnWidths = [28, 20, 44, 26, 20, 16, 16, 12]
        book.append(comparison)

        // Per payer: who pays and who gains, the MKBA view when the run has a baseline.
        var payers = Sheet(name: "Per payer", frozenRows: 1, autoFilterRow: 1)
        let mkba = MKBAView.rows(info, cells, settings: info.mkba)
        if mkba.isEmpty {
            payers.append(["Scenario", "Payer", "Cost, € a year", "95% CI low", "95% CI high"].map { .header($0) })
            for (i, cell) in cells.enumerated() {
                for payer in Payer.allCases {
                    guard let s = summaries[i].first(where: { $0.name == "cost_eur_per_year.\(payer.key)" }) else { continue }
                    payers.append([.text(cell.label), .text(payer.key), .number(s.mean, format: .euro), .number(s.low, format: .euro), .number(s.high, format: .euro)])
                }
            }
        } else {
            payers.append(["Scenario", "Baseline", "Payer", "Baseline cost, € a year", "Scenario cost, € a year", "Investment, € a year",
                           "Return, € a year", "Net saving, € a year", "95% CI low", "95% CI high",
                           "NPV over \(info.mkba.horizonYears) years at \(formatNumber(info.mkba.discountRate * 100))%", "NPV 95% CI low", "NPV 95% CI high",
                           "Payback year", "Return per € invested"].map { .header($0) })
            for r in mkba {
                payers.append([.text(r.scenario), .text(r.baseline), .text(r.payer)]
                              + [r.baselineCost, r.scenarioCost, r.investment, r.returns, r.net, r.netLow, r.netHigh, r.npv, r.npvLow, r.npvHigh].map { .number($0, format: .euro) }
                              + [r.paybackYear.map { .number(Double($0), format: .integer) } ?? .text("not within the horizon"),
                                 r.returnPerEuro.map { .number($0, format: .twoDecimals) } ?? .empty])
            }
        }
        payers.columnWidths = [28, 20, 24] + [Double](repeating: 18, count: 12)
        book.append(payers)

        // Scenario differences: what each file changes against the file it extends.
        var differences = Sheet(name: "Scenario differences", frozenRows: 1, autoFilterRow: 1)
        differences.append(["Scenario", "Extends", "Field", "Change", "Base value", "This scenario"].map { .header($0) })
        for (s, name) in info.scenarios.enumerated() where s < info.changes.count {
            let c = info.changes[s]
            if c.base.isEmpty { differences.append([.text(name), .text("(nothing: a complete scenario)")]); continue }
            if c.items.isEmpty { differences.append([.text(name), .text(c.base), .text("(no changes)")]) }
            for item in c.items {
                differences.append([.text(name), .text(c.base), .text(item.path), .text(item.kind.rawValue), .text(item.old), .text(item.new)])
            }
        }
        for (p, values) in info.points.enumerated() where !values.isEmpty {
            for v in values { differences.append([.text("sweep point \(p + 1)"), .text("every scenario"), .text(v.path), .text("varied"), .empty, .text(v.value)]) }
        }
        differences.columnWidths = [28, 28, 44, 10, 30, 30]
        book.append(differences)

        // Sources: where the numbers come from and how to reproduce them.
        var sources = Sheet(name: "Sources")
        sources.columnWidths = [30, 110]
        sources.append([.header("Item"), .header("Value")])
        sources.append([.text("Made by"), .text("WijkSim \(info.version), wijksim \(info.kind.rawValue)")])
        sources.append([.text("Seed"), .text(String(info.seed))])
        sources.append([.text("Replications per scenario"), .number(Double(info.replications), format: .integer)])
        for (s, name) in info.scenarios.enumerated() {
            sources.append([.text("Scenario \(name)"), .text(info.files[s] + " (SHA-256 " + (info.hashes[s].first ?? "") + ")")])
        }
        sources.append([.text("Numbers in the scenarios"), .text("Every default number cites its source by a key (e.g. calibration E14, 000:L188) or says \"assumption\"; the keys are listed in docs/SOURCES.md.")])
        sources.append([.text("Measures"), .text("Definitions, units and windows: docs/MEASURES.md. Means over replications with Student-t 95% confidence intervals; differences are paired (common random numbers).")])
        sources.append([.text("The model"), .text("docs/MODEL.md (ODD protocol); calibration against Dutch figures: Scenarios/CALIBRATION.md.")])
        if !mkba.isEmpty {
            sources.append([.text("Per payer (MKBA)"), .text("Discount rate \(formatNumber(info.mkba.discountRate * 100))% [WerkgroepDiscontovoet2020], horizon \(info.mkba.horizonYears) years [LPBL2012Leeuwarden]; steady-state flows.")])
        }
        book.append(sources)

        // All measures: summary.csv as a sheet, with units.
        var all = Sheet(name: "All measures", frozenRows: 1, autoFilterRow: 1)
        all.append(["scenario", "measure", "unit", "mean", "sd", "ci95_low", "ci95_high", "n"].map { .header($0) })
        for (i, cell) in cells.enumerated() {
            for s in summaries[i] {
                let f = MeasureUnits.format(s.name)
                all.append([.text(cell.label), .text(s.name), .text(MeasureUnits.unit(s.name)), .number(s.mean, format: f),
                            .number(s.sd, format: f), .number(s.low, format: f), .number(s.high, format: f), .number(Double(s.n), format: .integer)])
            }
        }
        all.columnWidths = [28, 48, 30, 18, 16, 18, 18, 8]
        book.append(all)
        return book
    }

    /// summary-wide.csv: one row per scenario or sweep point; a column per varied field, then per
    /// measure its mean and CI (`<measure>`, `<measure>_ci95_low`, `<measure>_ci95_high`).
    public static func wideCSV(_ info: PlanInfo, _ cells: [Cell]) -> String {
        let paths = info.sweptPaths
        var names: [String] = []
        var seen: Set<String> = []
        for cell in cells { for n in cell.names where seen.insert(n).inserted { names.append(n) } }
        var text = (["scenario", "name"] + paths + names.flatMap { [$0, $0 + "_ci95_low", $0 + "_ci95_high"] }).map(RunDirectory.csv).joined(separator: ",") + "\n"
        for cell in cells {
            let summaries = Dictionary(cell.summaries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            var row = [RunDirectory.csv(cell.label), RunDirectory.csv(info.scenarios[cell.scenario])]
            row += paths.map { path in RunDirectory.csv(info.points[cell.point].first { $0.path == path }?.value ?? "") }
            for n in names {
                if let s = summaries[n] { row += [RunDirectory.number(s.mean), RunDirectory.number(s.low), RunDirectory.number(s.high)] }
                else { row += ["", "", ""] }
            }
            text += row.joined(separator: ",") + "\n"
        }
        return text
    }

    /// A sweep value as a number when it is one ("12" → 12); a duration or a word stays text.
    static func value(_ info: PlanInfo, point: Int, path: String) -> Sheet.Cell {
        guard let text = info.points[point].first(where: { $0.path == path })?.value else { return .empty }
        if let x = Double(text), x.isFinite { return .number(x, format: .general) }
        return .text(text)
    }
}
