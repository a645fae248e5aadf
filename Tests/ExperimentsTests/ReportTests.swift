// The run directory as people read it: golden CSV headers, a tiny fixed-seed run against a golden
// summary.csv, and report.html (well-formed, self-contained, every chart with data, Dutch labels).
//
// To regenerate the golden files after an intended change of the model or of the output:
//   WIJKSIM_UPDATE_GOLDEN=1 swift test --filter ReportTests
// then review `git diff Tests/ExperimentsTests/Golden` and commit.

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import ScenarioKit
import SimCore
import SocialDomain

let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

/// A shipped scenario made tiny for a debug build: 150 arrivals a year, 26 weeks warm-up, 1 measured year.
func tinyScenario(_ file: String) throws -> Scenario {
    var s = try ScenarioLoader.load(scenariosFolder.appendingPathComponent(file).path)
    s.tree = s.tree.setting(["warmup"], to: Node(.string("26w"))).setting(["measure"], to: Node(.string("1y")))
        .setting(["arrivals_per_year"], to: Node(.number(150)))
    // Not the file any more: its hashes say so (the report names a run of the unchanged shipped city as such).
    var tiny = try ScenarioLoader.build(s.tree, files: s.chain, defaultName: s.name, file: s.file, hashes: s.hashes.map { "tiny:" + $0 })
    tiny.changes = s.changes    // what the file changes against its base, for the report
    return tiny
}

/// Compares `text` with the golden file `name`, or writes it when WIJKSIM_UPDATE_GOLDEN is set.
func checkGolden(_ text: String, _ name: String) throws {
    let url = goldenFolder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["WIJKSIM_UPDATE_GOLDEN"] != nil {
        try Data(text.utf8).write(to: url)
        return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(text == golden, "\(name) differs from the golden file; regenerate with WIJKSIM_UPDATE_GOLDEN=1 if the change is intended")
}

/// Checks that `html` is well-formed: every tag closed in order, attributes quoted, no named entities
/// other than XML's. Returns the problems found (empty when well-formed) and the element names seen.
func wellFormedProblems(_ html: String) -> (problems: [String], elements: [String]) {
    var problems: [String] = []
    var stack: [String] = []
    var elements: [String] = []
    let chars = Array(html.unicodeScalars)
    var i = 0
    var text = ""
    func checkEntities(_ s: String) {
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.firstIndex(of: ";") else { problems.append("bare & in '\(rest.prefix(30))'"); return }
            let name = String(after[..<semi])
            if !(name.hasPrefix("#") || ["amp", "lt", "gt", "quot", "apos"].contains(name)) { problems.append("entity &\(name);") }
            rest = after[after.index(after: semi)...]
        }
    }
    while i < chars.count {
        if chars[i] == "<" {
            checkEntities(text); text = ""
            var j = i + 1
            var inQuote: Unicode.Scalar?
            while j < chars.count {
                if let q = inQuote { if chars[j] == q { inQuote = nil } } else if chars[j] == "\"" || chars[j] == "'" { inQuote = chars[j] } else if chars[j] == ">" { break }
                j += 1
            }
            guard j < chars.count else { problems.append("unterminated tag"); break }
            let tag = String(String.UnicodeScalarView(chars[(i + 1)..<j]))
            i = j + 1
            if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" })
            elements.append(name)
            // attributes: name="value" pairs only
            var attributes = tag.dropFirst(name.count)
            if attributes.hasSuffix("/") { attributes = attributes.dropLast() }
            let pattern = /\s*[A-Za-z_:][-A-Za-z0-9_:.]*="[^"<]*"/
            var rest = Substring(attributes)
            while let m = rest.prefixMatch(of: pattern) { rest = rest[m.range.upperBound...] }
            if !rest.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("<\(name)>: attributes not quoted: \(rest.prefix(40))") }
            if !tag.hasSuffix("/") {
                if ["meta", "br", "input", "link", "img", "hr"].contains(name) { problems.append("<\(name)> not self-closed") }
                stack.append(name)
                if name == "script" || name == "style" {
                    // raw text up to the closing tag; must not contain '<' or '&' to stay XML
                    let close = Array("</\(name)>".unicodeScalars)
                    var k = i
                    while k + close.count <= chars.count && Array(chars[k..<(k + close.count)]) != close { k += 1 }
                    let raw = String(String.UnicodeScalarView(chars[i..<min(k, chars.count)]))
                    if raw.contains("<") || raw.contains("&") { problems.append("<\(name)> contains '<' or '&'") }
                    i = k
                }
            }
        } else {
            text.unicodeScalars.append(chars[i])
            i += 1
        }
    }
    checkEntities(text)
    if !stack.isEmpty { problems.append("unclosed: \(stack)") }
    return (problems, elements)
}

/// The <svg> elements of a page, as text.
func svgs(_ html: String) -> [String] {
    html.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
}

@Suite("Report and tidy files")
struct ReportTests {
    static let tinyRun: (PlanInfo, [JobResult]) = {
        let plan = try! ExperimentPlan(kind: .run, scenarios: [tinyScenario("default-city.json5"), tinyScenario("tandem-scale-down.json5")],
                                       axes: [], replications: 3, seed: 11, version: "test")
        return (plan.info, Runner.run(plan, jobs: 0..<plan.info.jobCount, threads: 2))
    }()

    static let tinySweep: (PlanInfo, [JobResult]) = {
        let axis = try! parseVary("path.own_strength_trial=0w:8w:4w").get()
        let plan = try! ExperimentPlan(kind: .paradox, scenarios: [tinyScenario("burgerkracht.json5")], axes: [axis],
                                       replications: 2, seed: 5, version: "test")
        return (plan.info, Runner.run(plan, jobs: 0..<plan.info.jobCount, threads: 2))
    }()

    @Test("the CSV headers are the contract's (golden file)")
    func csvHeaders() throws {
        let files = RunDirectory.files(Self.tinyRun.0, Self.tinyRun.1)
        #expect(files.map(\.0) == ["summary.csv", "summary-wide.csv", "comparison.csv", "mkba.csv", "replications.csv", "timeseries.csv", "stationarity.csv",
                                   "summary.json", "report.html"])
        let headers = files.filter { $0.0.hasSuffix(".csv") }
            .map { "\($0.0): \($0.1.split(separator: "\n", omittingEmptySubsequences: false)[0])" }.joined(separator: "\n") + "\n"
        try checkGolden(headers, "csv-headers.txt")
    }

    @Test("a tiny fixed-seed run gives the golden summary.csv to the last digit")
    func tinyRunSummary() throws {
        let files = RunDirectory.files(Self.tinyRun.0, Self.tinyRun.1)
        try checkGolden(files.first { $0.0 == "summary.csv" }!.1, "tiny-run-summary.csv")
        // the time series are tidy: per month, waiting list per service, caseload per team, benefit, crises
        let series = Set(files.first { $0.0 == "timeseries.csv" }!.1.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[3] })
        for name in ["waiting_list.wijkteam", "waiting_list.ggz", "caseload.wijkteam", "households_on_benefit", "crises"] {
            #expect(series.contains(Substring(name)), "timeseries.csv lacks \(name)")
        }
    }

    @Test("report.html is well-formed, fetches nothing, and every chart has data", arguments: Language.allCases)
    func reportWellFormed(_ language: Language) throws {
        for (info, results) in [Self.tinyRun, Self.tinySweep] {
            let html = Report.html(info, results, language: language)
            let (problems, elements) = wellFormedProblems(html)
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            #expect(!html.contains("http://") && !html.contains("https://"), "the report must not reference the network")
            #expect(!elements.contains("link") && !elements.contains("img") && !elements.contains("iframe"))
            #expect(!html.contains(" src="), "no external sources")
            #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
            let charts = svgs(html)
            #expect(charts.count >= 4, "waiting lists, cost per payer, outcomes, caseload")
            for svg in charts {
                let marks = svg.components(separatedBy: "data-value=\"").dropFirst()
                #expect(!marks.isEmpty, "a chart without data marks: \(svg.prefix(120))")
                #expect(marks.allSatisfy { !$0.hasPrefix("\"") }, "a data mark without a value")
            }
            // The first page: what was compared, the changes, the headline, a verdict with its reading,
            // and what to doubt; then a reading under every chart section.
            let parts = html.components(separatedBy: "</section>")
            #expect(parts.count == 2, "one first page")
            let first = parts[0], rest = parts.count > 1 ? parts[1] : ""
            for key in ["first.compared.title", "table.title", "first.verdict.title", "first.caveats.title"] {
                #expect(first.contains(esc(language.t(key))), "first page lacks \(key)")
            }
            #expect(first.contains("class=\"reading\"") && first.contains("class=\"first-page\""))
            let sections = rest.components(separatedBy: "<h2>").count - 1
            #expect(sections >= 4 && rest.components(separatedBy: "class=\"reading\"").count - 1 >= sections, "a reading under every chart section")
        }
    }

    @Test("the run report has the charts of a comparison; the paradox report the cost curve and its slider")
    func reportContent() throws {
        let run = Report.html(Self.tinyRun.0, Self.tinyRun.1, language: .en)
        for chart in ["data-chart=\"waiting_list.wijkteam\"", "data-chart=\"cost-per-payer\"", "data-chart=\"outflow_to_work_per_benefit_year\"",
                      "data-chart=\"escalations_per_100_household_years\"", "data-chart=\"caseload\""] {
            #expect(run.contains(chart), "missing \(chart)")
        }
        #expect(!run.contains("type=\"range\""), "no slider for a plain run")
        #expect(run.contains("a year less than default-city") || run.contains("a year more than default-city")
                || run.contains("and default-city cost about the same"))
        // cost per payer: one stacked segment per payer per scenario
        let payerChart = svgs(run).first { $0.contains("data-chart=\"cost-per-payer\"") }!
        #expect(payerChart.components(separatedBy: "<rect ").count - 1 == 2 * Payer.allCases.count)

        let sweep = Report.html(Self.tinySweep.0, Self.tinySweep.1, language: .en)
        #expect(sweep.contains("type=\"range\"") && sweep.contains("max=\"2\""), "slider over the 3 grid points")
        #expect(sweep.components(separatedBy: "data-minimum=\"true\"").count == 2, "exactly one minimum marked")
        #expect(sweep.contains("data-chart=\"sweep-total_cost_eur_per_year\"") && sweep.contains("data-chart=\"sweep-category_cost_eur_per_year.first_line\""))
        #expect(sweep.contains("Total cost is lowest at own-strength trial = "))
        #expect(sweep.contains("intervention paradox"))
        #expect(sweep.contains("WS_POINTS") && sweep.components(separatedBy: "{x:").count - 1 == 3)
    }

    @Test("the Dutch report uses Dutch labels and none of the English ones")
    func dutchReport() throws {
        let nl = Report.html(Self.tinySweep.0, Self.tinySweep.1, language: .nl)
        let en = Report.html(Self.tinySweep.0, Self.tinySweep.1, language: .en)
        for key in Language.reportKeys {
            let dutch = esc(Language.nl.t(key, "test")).components(separatedBy: "{")[0]
            let english = esc(Language.en.t(key, "test")).components(separatedBy: "{")[0]
            #expect(dutch != english, "\(key) is not translated")
            if key.hasPrefix("story.") || key == "chart.month" { continue }
            #expect(nl.contains(dutch), "Dutch report lacks '\(dutch)' (\(key))")
            #expect(!nl.contains(english), "Dutch report contains English '\(english)' (\(key))")
            #expect(en.contains(english), "English report lacks '\(english)' (\(key))")
        }
        for word in ["wijkteam", "schuldhulp", "jeugdhulp", "bijstand", "interventieparadox"] {
            #expect(nl.contains(word), "Dutch report lacks '\(word)'")
        }
        #expect(Language.nl.term("eviction") == "huisuitzetting" && Language.nl.term("out_of_home_placement") == "uithuisplaatsing"
                && Language.nl.term("crisis_admission") == "crisisopname")
    }

    @Test("report.html is part of the run directory and the same after merging shards")
    func mergedReport() throws {
        let (info, results) = Self.tinyRun
        var parts: [(path: String, info: PlanInfo, shard: (Int, Int), results: [JobResult])] = []
        for k in 1...2 {
            let range = info.shard(k, of: 2)
            parts.append(("part\(k)", info, (k, 2), results.filter { range.contains($0.index) }))
        }
        let (mergedInfo, merged) = try RunDirectory.merge(parts)
        let whole = RunDirectory.files(info, results, language: .nl).first { $0.0 == "report.html" }!.1
        let again = RunDirectory.files(mergedInfo, merged, language: .nl).first { $0.0 == "report.html" }!.1
        #expect(whole == again)
    }
}
