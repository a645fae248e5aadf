// results.xlsx and summary-wide.csv of a run: the workbook's structure and its numbers against summary.csv
// (scripts/check-xlsx.sh opens the same file in openpyxl and LibreOffice).

import Testing
import Foundation
@testable import Experiments
@testable import Reporting
import SocialDomain
import ScenarioKit

@Suite("Run workbook (results.xlsx) and summary-wide.csv")
struct WorkbookTests {
    @Test("a run's workbook is a valid package with the six sheets, and All measures holds summary.csv's numbers as numeric cells")
    func runWorkbook() throws {
        let (info, results) = ReportTests.tinyRun
        let data = try #require(RunDirectory.dataFiles(info, results).first { $0.0 == "results.xlsx" }?.1)
        #expect(try Spreadsheet.verify(data) == 6)
        let parts = try Spreadsheet.read(data)
        let workbook = String(decoding: try #require(parts["xl/workbook.xml"]), as: UTF8.self)
        for name in ["Summary", "Comparison", "Per payer", "Scenario differences", "Sources", "All measures"] {
            #expect(workbook.contains("name=\"\(name)\""), "\(name)")
        }
        // Sheet 6 (All measures): every summary.csv mean appears as a number.
        let sheet = String(decoding: try #require(parts["xl/worksheets/sheet6.xml"]), as: UTF8.self)
        let summary = try #require(RunDirectory.files(info, results).first { $0.0 == "summary.csv" }?.1)
        let rows = summary.split(separator: "\n").dropFirst()
        #expect(rows.count > 100)
        for row in rows.prefix(40) {
            let mean = try #require(Double(row.split(separator: ",", omittingEmptySubsequences: false)[2]))
            let cell = try #require(XML.number(mean))
            #expect(sheet.contains("<v>\(cell)</v>"), "\(row)")
        }
        // The same results give the same bytes.
        #expect(RunDirectory.dataFiles(info, results).first?.1 == data)
    }

    @Test("Per payer is the MKBA view of a run with a baseline; Scenario differences lists the tandem's changes")
    func sheets() throws {
        let (info, results) = ReportTests.tinyRun
        let book = RunWorkbook.workbook(info, cells(info, results))
        let payers = try #require(book.sheets.first { $0.name == "Per payer" })
        #expect(payers.rows.count == 1 + 7)      // six payers and all payers, for the one scenario with a baseline
        let differences = try #require(book.sheets.first { $0.name == "Scenario differences" })
        #expect(differences.rows.contains { $0.contains(.text("teams.wijkteam.workers")) || $0.contains(.text("teams.wijkteam")) })
    }

    @Test("summary-wide.csv: one row per sweep point, a column per varied field, each measure's mean and CI beside it")
    func wide() throws {
        let (info, results) = ReportTests.tinySweep
        let text = RunWorkbook.wideCSV(info, cells(info, results))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1 + 3)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(5)) == ["scenario", "name", "path.own_strength_trial", "total_cost_eur_per_year", "total_cost_eur_per_year_ci95_low"])
        #expect(lines[1].split(separator: ",")[2] == "0w" && lines[3].split(separator: ",")[2] == "8w")
        let summary = try #require(RunDirectory.files(info, results).first { $0.0 == "summary.csv" }?.1)
        let firstTotal = try #require(summary.split(separator: "\n").first { $0.contains(",total_cost_eur_per_year,") })
        #expect(lines[1].split(separator: ",")[3] == firstTotal.split(separator: ",")[2])
    }
}


@Suite("Report: first page, intervals, bands, years, heatmap")
struct ReportFirstPageTests {
    @Test("the first page has the verdict per design with its CI, the per-payer differences and the caveats, in both languages")
    func firstPage() throws {
        let (info, results) = ReportTests.tinyRun
        for language in Language.allCases {
            let html = Report.html(info, results, language: language)
            let first = html.components(separatedBy: "</section>")[0]
            #expect(first.contains(esc(language.t("first.payers.title"))))
            let payers = first.components(separatedBy: "<table class=\"payers\">").last!.components(separatedBy: "</table>")[0]
            #expect(payers.components(separatedBy: "<tr>").count - 1 == 1 + Payer.allCases.count + 1, "a row per payer and all payers")
            #expect(first.contains(esc(language.t("first.caveat.calibration"))))
            #expect(first.contains(esc(language.t("first.caveat.replications", "3"))))
            // Assumption-marked numbers of the shipped files are counted.
            #expect(Builder.assumptionCount(info.files) > 20)
        }
        let en = Report.html(info, results, language: .en)
        #expect(en.contains("tandem-scale-down</strong> against default-city: "), "a verdict line for the design")
    }

    @Test("cost bars carry the total's CI, waiting lists a band, time axes years; a 2-field sweep is a heatmap with one minimum")
    func charts() throws {
        let (info, results) = ReportTests.tinyRun
        let html = Report.html(info, results, language: .en)
        let payer = try #require(svgs(html).first { $0.contains("data-chart=\"cost-per-payer\"") })
        #expect(payer.components(separatedBy: "data-low=").count - 1 == 2, "a CI whisker per scenario")
        #expect(html.contains("data-band=\""), "waiting lists have bands")
        #expect(html.contains("years after warm-up") && !html.contains(">month<"))
        let a1 = try! parseVary("teams.wijkteam.workers=20,28").get(), a2 = try! parseVary("path.own_strength_trial=0w,8w").get()
        let plan = try ExperimentPlan(kind: .sweep, scenarios: [tinyScenario("default-city.json5")], axes: [a1, a2],
                                      replications: 2, seed: 3, version: "test")
        let sweep = Report.html(plan.info, Runner.run(plan, jobs: 0..<plan.info.jobCount, threads: 2), language: .en)
        let map = try #require(svgs(sweep).first { $0.contains("data-chart=\"sweep-heatmap\"") })
        #expect(map.components(separatedBy: "<rect ").count - 1 == 4)
        #expect(map.components(separatedBy: "data-minimum=\"true\"").count == 2)
        #expect(!sweep.contains("data-chart=\"sweep-total_cost_eur_per_year\""), "no zig-zag line over a 2-D grid")
        #expect(sweep.contains("workers (wijkteam)"))
    }
}

@Suite("Report: the calibration caveat")
struct CalibrationCaveatTests {
    @Test("a run of the shipped default city names its calibration targets outside their bands; a changed city gets the general caveat")
    func shippedCity() throws {
        let city = try ScenarioLoader.load("wijksim:default-city")
        let plan = try ExperimentPlan(kind: .run, scenarios: [city], axes: [], replications: 2, seed: 1, version: "test")
        let results = Runner.run(plan, jobs: 0..<plan.info.jobCount, threads: 2)
        let cells = cells(plan.info, results)
        let html = Report.html(plan.info, results, language: .en)
        #expect(html.contains("Calibration: default-city is the shipped default city; at 2 replications it is outside the band of "), "\(html.prefix(0))")
        // The count it states is the count of targets whose mean lies outside value ± 2 sd.
        let targets = try TargetsLoader.load("wijksim:targets/city-150k", scenario: city)
        let used = targets.targets.filter { $0.monitorOnly == nil }
        let outside = used.filter { t in
            guard let m = cells[0].column(t.measure) else { return false }
            let mean = m.reduce(0, +) / Double(m.count)
            return abs(mean - t.value) > 2 * t.sd
        }
        #expect(html.contains("outside the band of \(outside.count) of its \(used.count) calibration targets"))
        let general = Report.html(ReportTests.tinyRun.0, ReportTests.tinyRun.1, language: .en)
        #expect(general.contains(esc(Language.en.t("first.caveat.calibration"))))
    }
}

@Suite("Report: Dutch intervals")
struct DutchIntervalTests {
    @Test("in Dutch, whose decimal mark is a comma, an interval's bounds are separated by a semicolon")
    func semicolon() throws {
        let (info, results) = ReportTests.tinyRun
        let html = Report.html(info, results, language: .nl)
        let pattern = try NSRegularExpression(pattern: #"\[[^\]\[<]{0,40}\d,\d+, [^\]\[<]{0,40}\]"#)
        let ambiguous = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range, in: html)!]) }
        #expect(ambiguous.isEmpty, "\(ambiguous.prefix(5))")
        #expect(html.contains("; "))
    }
}
