// The files of a run directory: the CSVs scripts read (the contract's columns), summary.json,
// report.html, results.xlsx and summary-wide.csv.

import ScenarioKit
import SocialDomain
import Uncertainty
import Foundation
import Experiments
import SimCore

extension RunDirectory {
    /// The result files, from the results of all jobs; report.html in `language`.
    public static func files(_ info: PlanInfo, _ results: [JobResult], language: Language = .en) -> [(String, String)] {
        let cells = cells(info, results)
        let stationarity = Stationarity.analyse(info, results)
        var summaryCSV = "scenario,measure,mean,sd,ci95_low,ci95_high,n\n"
        var comparisonCSV = "scenario,baseline,measure,mean_diff,ci95_low,ci95_high,n\n"
        var replicationsCSV = "scenario,replication,measure,value\n"
        var timeseriesCSV = "scenario,replication,month,series,value\n"
        var scenarioJSON: [Int: JSONValue] = [:]
        var comparisonJSON: [JSONValue] = []
        for (i, cell) in cells.enumerated() {
            let label = csv(cell.label)
            var measures: [(String, JSONValue)] = []
            for s in cell.summaries {
                summaryCSV += "\(label),\(csv(s.name)),\(number(s.mean)),\(number(s.sd)),\(number(s.low)),\(number(s.high)),\(s.n)\n"
                measures.append((s.name, .object([("mean", .number(s.mean)), ("sd", .number(s.sd)),
                                                  ("ci95", .array([.number(s.low), .number(s.high)]))])))
            }
            scenarioJSON[i] = .object([("name", .string(cell.label)), ("file", .string(info.files[cell.scenario])),
                                       ("replications", .integer(cell.values.count)), ("measures", .object(measures))])
            for (r, row) in cell.values.enumerated() {
                for (m, v) in row.enumerated() { replicationsCSV += "\(label),\(r),\(csv(cell.names[m])),\(number(v))\n" }
            }
            if let b = baselineIndex(info, cells, of: i) {
                let base = cells[b]
                var diffs: [(String, JSONValue)] = []
                for d in pairedDifferences(cell, baseline: base) {
                    comparisonCSV += "\(label),\(csv(base.label)),\(csv(d.name)),\(number(d.mean)),\(number(d.low)),\(number(d.high)),\(d.n)\n"
                    diffs.append((d.name, .object([("mean_diff", .number(d.mean)), ("ci95", .array([.number(d.low), .number(d.high)]))])))
                }
                comparisonJSON.append(.object([("scenario", .string(cell.label)), ("baseline", .string(base.label)),
                                               ("measures", .object(diffs))]))
            }
        }
        for r in results.sorted(by: { $0.index < $1.index }) {
            let (p, s, rep) = info.job(r.index)
            let label = csv(info.label(point: p, scenario: s))
            // Months of the warm-up (month ≤ 0) are recorded for stationarity.csv, not shown here.
            for row in r.timeseries where row.month >= 1 {
                timeseriesCSV += "\(label),\(rep),\(row.month),\(csv(row.series)),\(number(row.value))\n"
            }
        }
        var summary: [(String, JSONValue)] = [
            ("scenarios", .array(cells.indices.filter { cells[$0].point == 0 }.compactMap { scenarioJSON[$0] })),
            ("comparisons", .array(comparisonJSON)),
        ]
        if info.kind != .run {
            summary.append(("points", .array(info.points.indices.map { p in
                .object([("values", .object(info.points[p].map { ($0.path, pointValue($0.value)) })),
                         ("scenarios", .array(cells.indices.filter { cells[$0].point == p }.compactMap { scenarioJSON[$0] }))])
            })))
        }
        if info.kind == .paradox, let verdict = paradoxVerdict(info, cells) {
            summary.append(("paradox", .object([("minimum_at", .object(verdict.minimumAt.map { ($0.path, pointValue($0.value)) })),
                                                ("shows", .bool(verdict.shows)), ("reason", .string(verdict.reason))])))
        }
        var mkba: [(String, String)] = []
        let mkbaRows = MKBAView.rows(info, cells, settings: info.mkba)
        if !mkbaRows.isEmpty { mkba.append(("mkba.csv", MKBAView.csv(mkbaRows, settings: info.mkba))) }
        return [("summary.csv", summaryCSV), ("summary-wide.csv", RunWorkbook.wideCSV(info, cells)), ("comparison.csv", comparisonCSV)] + mkba + [("replications.csv", replicationsCSV),
                ("timeseries.csv", timeseriesCSV), ("stationarity.csv", Stationarity.csv(stationarity)),
                ("summary.json", JSONValue.object(summary).text + "\n"),
                ("report.html", Report.html(info, results, cells: cells, stationarity: stationarity, language: language))]
    }

    /// The binary result files: results.xlsx.
    public static func dataFiles(_ info: PlanInfo, _ results: [JobResult]) -> [(String, Data)] {
        [("results.xlsx", RunWorkbook.workbook(info, cells(info, results)).xlsxData())]
    }
}
