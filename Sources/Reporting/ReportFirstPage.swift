// The report's first page, the one a policy maker prints: what was compared, what differs from the
// baseline field by field, the headline with CIs, a verdict in plain words, who pays and who gains,
// and what to doubt (trending series, assumptions, replications, calibration).

import Experiments
import SimCore
import Uncertainty
import Foundation
import ScenarioKit
import SocialDomain

extension Builder {
    mutating func firstPage(title: String) {
        body += "<section class=\"first-page\">\n<h1>\(esc(title))</h1>\n"
        body += "<p class=\"meta\">\(esc(L.t("report.meta", "\(info.replications)", "\(info.seed)", info.version)))</p>\n"
        compared()
        changesSection()
        headlineTable()
        verdict()
        payerDifferences()
        caveats()
        body += "</section>\n"
        body += "<p>\(esc(L.t("report.intro")))</p>\n"
    }

    /// The rows the first page speaks of: every scenario of a run; a sweep's points of its first scenario.
    var headlineRows: [Int] { isSweep ? all.indices.filter { all[$0].scenario == 0 } : Array(all.indices) }

    /// A row's name on the first page: in a sweep only the point's values, since the header names the fields.
    func shortName(_ i: Int) -> String {
        guard isSweep else { return name(i) }
        return info.points[all[i].point].map(\.value).joined(separator: ", ")
    }

    /// The swept fields, for the header of a sweep's rows.
    var sweptFields: String { info.sweptPaths.map { L.field($0) }.joined(separator: ", ") }

    mutating func compared() {
        body += "<h2>\(esc(L.t("first.compared.title")))</h2>\n"
        if isSweep {
            let axes = info.sweptPaths.map { L.field($0) }
            var values: [String: [String]] = [:]
            for point in info.points { for v in point where !(values[v.path]?.contains(v.value) ?? false) { values[v.path, default: []].append(v.value) } }
            let ranges = info.sweptPaths.map { "\(L.field($0)): \((values[$0] ?? []).joined(separator: ", "))" }
            body += "<p>\(esc(L.t("first.compared.sweep", info.scenarios.joined(separator: ", "), "\(info.points.count)", axes.joined(separator: " × "), ranges.joined(separator: "; "))))</p>\n"
        } else if info.scenarios.count > 1 {
            body += "<p>\(esc(L.t("first.compared.run", "\(info.scenarios.count)", info.scenarios[0], info.scenarios.dropFirst().joined(separator: ", "))))</p>\n"
        } else {
            body += "<p>\(esc(L.t("first.compared.one", info.scenarios[0])))</p>\n"
        }
    }

    /// One interval in words: "€1.2M [€0.4M, €2.0M]".
    func interval(_ mean: Double, _ low: Double, _ high: Double, money: Bool, digits: Int = 2) -> String {
        let f: (Double) -> String = money ? { L.money($0) } : { L.number($0, digits: digits) }
        // Dutch writes decimals with a comma, so its bounds are separated by a semicolon.
        return low.isFinite ? "\(f(mean)) [\(f(low))\(L.listSeparator)\(f(high))]" : "\(f(mean)) [\(L.t("first.no_ci"))]"
    }

    /// Plain-language verdict: per design against its baseline, cost, outflow to work and escalations,
    /// each "clearly lower", "clearly higher" or "no clear difference" by its paired 95% CI.
    mutating func verdict() {
        let rows = headlineRows.filter { baselineIndex(info, all, of: $0) != nil }
        body += "<h2>\(esc(L.t("first.verdict.title")))</h2>\n"
        guard !rows.isEmpty else {
            body += "<p>\(esc(L.t("first.verdict.none")))</p>\n"
            return
        }
        let shown = rows.count <= 6 ? rows : Array(rows.sorted { cost($0) < cost($1) }.prefix(4)).sorted()
        var clearWinners: [(Int, MeasureSummary)] = []
        body += "<ul>\n"
        for i in shown {
            let b = baselineIndex(info, all, of: i)!
            let diffs = differences[i]
            var parts: [String] = []
            if let d = diffs["total_cost_eur_per_year"] {
                if d.high < 0 { parts.append(L.t("first.cost.less", L.money(-d.mean), L.money(-d.high), L.money(-d.low))); clearWinners.append((i, d)) }
                else if d.low > 0 { parts.append(L.t("first.cost.more", L.money(d.mean), L.money(d.low), L.money(d.high))) }
                else { parts.append(L.t("first.cost.unclear", L.money(d.low), L.money(d.high))) }
            }
            for (measure, up, down, same, digits) in [("outflow_to_work_per_benefit_year", "first.outflow.more", "first.outflow.less", "first.outflow.same", 3),
                                                      ("escalations_per_100_household_years", "first.escalations.more", "first.escalations.less", "first.escalations.same", 2)] {
                guard let d = diffs[measure] else { continue }
                let text = interval(d.mean, d.low, d.high, money: false, digits: digits)
                parts.append(L.t(d.low > 0 ? up : d.high < 0 ? down : same, text))
            }
            body += "<li><strong>\(esc(shortName(i)))</strong> \(esc(L.t("first.against", shortName(b)))): \(esc(parts.joined(separator: "; "))).</li>\n"
        }
        body += "</ul>\n"
        if rows.count > shown.count { body += "<p class=\"meta\">\(esc(L.t("first.verdict.more", "\(rows.count - shown.count)")))</p>\n" }
        if let best = clearWinners.max(by: { -$0.1.mean < -$1.1.mean }) {
            reading(L.t("first.verdict.best", shortName(best.0), L.money(-best.1.mean), "\(info.replications)"))
        } else {
            reading(L.t("first.verdict.nobest", "\(info.replications)"))
        }
    }

    func cost(_ i: Int) -> Double { value(i, "total_cost_eur_per_year")?.mean ?? .infinity }

    /// Who pays and who gains: per payer, each design's paired difference with its baseline.
    mutating func payerDifferences() {
        let rows = headlineRows.filter { baselineIndex(info, all, of: $0) != nil }.prefix(6)
        guard !rows.isEmpty else { return }
        body += "<h2>\(esc(L.t("first.payers.title")))</h2>\n<table class=\"payers\">\n<tr><th>\(esc(L.t("mkba.payer")))</th>"
        for i in rows { body += "<th>\(esc(shortName(i)))</th>" }
        body += "</tr>\n"
        let diffs = rows.map { differences[$0] }
        for key in Payer.allCases.map(\.key) + ["total"] {
            let measure = key == "total" ? "total_cost_eur_per_year" : "cost_eur_per_year.\(key)"
            body += "<tr><td>\(esc(key == "total" ? L.t("mkba.all") : L.term(key)))</td>"
            for d in diffs {
                guard let x = d[measure] else { body += "<td>–</td>"; continue }
                let clear = x.low > 0 || x.high < 0
                let cls = !clear ? "" : x.mean > 0 ? " class=\"pays\"" : " class=\"gains\""
                body += "<td\(cls)>\(esc((x.mean > 0 ? "+" : "") + interval(x.mean, x.low, x.high, money: true)))</td>"
            }
            body += "</tr>\n"
        }
        body += "</table>\n<p class=\"meta\">\(esc(L.t("first.payers.note", shortName(baselineIndex(info, all, of: rows.first!)!))))</p>\n"
    }

    /// What to doubt: series that do not settle, how many numbers are assumptions, the replications,
    /// calibration and steady state.
    mutating func caveats() {
        var items: [String] = []
        let rows = stationarity
        let moving = rows.filter { $0.verdict == .rising || $0.verdict == .falling }
        if !moving.isEmpty {
            let top = moving.sorted { abs($0.slopePerYear) / max(abs($0.level), 1) > abs($1.slopePerYear) / max(abs($1.level), 1) }.prefix(3)
            let list = top.map { r in L.t("first.caveat.series", L.series(r.series), name(r.cell),
                                           L.t(r.verdict == .rising ? "settle.up" : "settle.down"),
                                           L.number(abs(100 * r.slopePerYear / max(abs(r.level), 1e-9)), digits: 1)) }
            items.append(L.t("first.caveat.trend", "\(moving.count)", "\(rows.count)", list.joined(separator: "; ")))
        }
        let assumptions = Self.assumptionCount(info.files)
        if assumptions > 0 { items.append(L.t("first.caveat.assumptions", "\(assumptions)", "\(info.replications)")) }
        if info.replications < 10 { items.append(L.t("first.caveat.replications", "\(info.replications)")) }
        items.append(calibrationCaveat())
        items.append(L.t("first.caveat.steady"))
        body += "<h2>\(esc(L.t("first.caveats.title")))</h2>\n<ul class=\"caveats\">\n"
        for item in items { body += "<li>\(esc(item))</li>\n" }
        body += "</ul>\n"
    }

    /// The default city's calibration in this run: when the run holds the shipped default city itself
    /// (the same file, unchanged), its targets outside their bands at these replications, by name;
    /// otherwise where the fit is told.
    func calibrationCaveat() -> String {
        // A plain run runs its files as they are on disk, so the same hash is the same city (a sweep,
        // exploration or calibration changes fields).
        guard info.kind == .run, let text = BuiltInScenarios.text("default-city"),
              let s = info.scenarios.indices.first(where: { info.hashes[$0] == [SHA256.hex(Data(text.utf8))] }),
              let cell = all.indices.first(where: { all[$0].scenario == s && all[$0].point == 0 }),
              let scenario = try? ScenarioLoader.load(info.files[s]),
              let targets = try? TargetsLoader.load("wijksim:targets/city-150k", scenario: scenario) else {
            return L.t("first.caveat.calibration")
        }
        var misses: [String] = []
        var used = 0
        let monitored = targets.targets.filter { $0.monitorOnly != nil }.count
        for t in targets.targets where t.monitorOnly == nil {
            guard let v = value(cell, t.measure) else { continue }
            used += 1
            let lo = t.value - 2 * t.sd, hi = t.value + 2 * t.sd
            if v.mean < lo || v.mean > hi {
                // As many decimals as the size of the band needs: days and households whole, shares to 0.001.
                let digits = hi - lo >= 10 ? 0 : hi - lo >= 1 ? 1 : 3
                misses.append(L.t("first.caveat.miss", L.term(t.name), L.number(v.mean, digits: digits), L.number(lo, digits: digits), L.number(hi, digits: digits)))
            }
        }
        let list = misses.isEmpty ? L.t("first.caveat.nomiss") : misses.joined(separator: "; ")
        return L.t("first.caveat.calibration.run", name(cell), "\(misses.count)", "\(used)", "\(info.replications)", list, "\(monitored)")
    }

    /// Numbers in the scenario files (and the files they extend) whose comment says "assumption":
    /// each line with a number before `//` and "assumption" after it counts once; a file shared by
    /// several scenarios counts once.
    static func assumptionCount(_ files: [String]) -> Int {
        var chain: [String] = []
        for file in files {
            guard let scenario = try? ScenarioLoader.load(file) else { continue }
            for f in scenario.chain where !chain.contains(f) { chain.append(f) }
        }
        var count = 0
        for file in chain {
            let text = BuiltInScenarios.name(file).flatMap { BuiltInScenarios.text($0) }
                ?? (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                guard let slashes = line.range(of: "//") else { continue }
                let code = line[..<slashes.lowerBound], comment = line[slashes.upperBound...]
                if code.contains(where: \.isNumber) && comment.lowercased().contains("assumption") { count += 1 }
            }
        }
        return count
    }
}

extension Language {
    /// Between the two bounds of an interval: ", " in English, "; " in Dutch (whose decimal mark is a comma).
    public var listSeparator: String { self == .nl ? "; " : ", " }

    /// A field path as readers see it: "teams.wijkteam.workers" → "workers (wijkteam)".
    public func field(_ path: String) -> String {
        if Language.terms[path] != nil { return term(path) }
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count > 1 else { return term(path) }
        // The owner as the file names it (teams.wijkteam → wijkteam); its long name would crowd the label.
        let owner = parts.count > 2 ? parts[1] : term(parts[0])
        return "\(term(parts.last!)) (\(owner))"
    }

    static let firstPageLabels: [String: Pair] = [
        "first.compared.title": Pair(en: "What was compared", nl: "Wat is vergeleken"),
        "first.compared.run": Pair(en: "{0} designs of the same city, each against {1} (the baseline): {2}. The same households meet each design with the same luck.",
                                   nl: "{0} inrichtingen van dezelfde stad, elk vergeleken met {1} (de vergelijkingsbasis): {2}. Dezelfde huishoudens ontmoeten elke inrichting met hetzelfde toeval."),
        "first.compared.one": Pair(en: "One design: {0}. Without a second scenario there is no comparison; give 'wijksim run' two files to compare them.",
                                   nl: "Eén inrichting: {0}. Zonder tweede scenario valt er niets te vergelijken; geef 'wijksim run' twee bestanden om ze te vergelijken."),
        "first.compared.sweep": Pair(en: "{0} at {1} points of {2}, each against the first point: {3}.",
                                     nl: "{0} op {1} punten van {2}, elk vergeleken met het eerste punt: {3}."),
        "first.no_ci": Pair(en: "no CI: 1 replication", nl: "geen BI: 1 herhaling"),
        "first.verdict.title": Pair(en: "Verdict", nl: "Oordeel"),
        "first.verdict.none": Pair(en: "There is nothing to compare against, so there is no verdict.", nl: "Er is geen vergelijkingsbasis, dus geen oordeel."),
        "first.against": Pair(en: "against {0}", nl: "tegenover {0}"),
        "first.cost.less": Pair(en: "costs {0} a year less (95% CI {1} to {2})", nl: "kost {0} per jaar minder (95%-BI {1} tot {2})"),
        "first.cost.more": Pair(en: "costs {0} a year more (95% CI {1} to {2})", nl: "kost {0} per jaar meer (95%-BI {1} tot {2})"),
        "first.cost.unclear": Pair(en: "no clear difference in total cost (between {0} and {1} a year)", nl: "geen duidelijk verschil in totale kosten (tussen {0} en {1} per jaar)"),
        "first.outflow.more": Pair(en: "more outflow to work ({0} per household-year on benefit)", nl: "meer uitstroom naar werk ({0} per huishoudjaar in de bijstand)"),
        "first.outflow.less": Pair(en: "less outflow to work ({0} per household-year on benefit)", nl: "minder uitstroom naar werk ({0} per huishoudjaar in de bijstand)"),
        "first.outflow.same": Pair(en: "no clear difference in outflow to work ({0})", nl: "geen duidelijk verschil in uitstroom naar werk ({0})"),
        "first.escalations.more": Pair(en: "more escalations ({0} per 100 household-years)", nl: "meer escalaties ({0} per 100 huishoudjaren)"),
        "first.escalations.less": Pair(en: "fewer escalations ({0} per 100 household-years)", nl: "minder escalaties ({0} per 100 huishoudjaren)"),
        "first.escalations.same": Pair(en: "no clear difference in escalations ({0})", nl: "geen duidelijk verschil in escalaties ({0})"),
        "first.verdict.more": Pair(en: "{0} more in the tables below and in results.xlsx.", nl: "Nog {0} in de tabellen hieronder en in results.xlsx."),
        "first.verdict.best": Pair(en: "Of the designs that cost clearly less, {0} saves the most: {1} a year (paired means over {2} replications).",
                                   nl: "Van de inrichtingen die duidelijk minder kosten, bespaart {0} het meest: {1} per jaar (gepaarde gemiddelden over {2} herhalingen)."),
        "first.verdict.nobest": Pair(en: "No design costs clearly less than its baseline at {0} replications: the differences could go either way. More replications narrow the intervals.",
                                     nl: "Geen inrichting kost duidelijk minder dan de vergelijkingsbasis bij {0} herhalingen: de verschillen kunnen beide kanten op. Meer herhalingen maken de intervallen smaller."),
        "first.payers.title": Pair(en: "Who pays, who gains (difference with the baseline, € a year)", nl: "Wie betaalt, wie wint (verschil met de vergelijkingsbasis, € per jaar)"),
        "first.payers.note": Pair(en: "Positive: the payer pays more than under {0}; negative: it saves. Green: clearly saves; red: clearly pays more (95% CI). The same split over years, discounted, is in the MKBA section.",
                                  nl: "Positief: de financier betaalt meer dan bij {0}; negatief: hij bespaart. Groen: bespaart duidelijk; rood: betaalt duidelijk meer (95%-BI). Dezelfde verdeling over jaren, verdisconteerd, staat in het MKBA-deel."),
        "first.caveats.title": Pair(en: "What to doubt", nl: "Waar u aan moet twijfelen"),
        "first.caveat.trend": Pair(en: "{0} of the {1} monthly series (counted per scenario) still rise or fall after the warm-up, so their averages depend on the run's length: {2}.",
                                   nl: "{0} van de {1} maandreeksen (per scenario geteld) stijgen of dalen na de inloopperiode nog, dus hun gemiddelden hangen af van de lengte van de run: {2}."),
        "first.caveat.series": Pair(en: "{0} in {1} goes {2} by {3}% of its level a year", nl: "{0} in {1} gaat {3}% van het niveau per jaar {2}"),
        "first.caveat.assumptions": Pair(en: "{0} numbers in these scenario files rest on an assumption rather than a published figure (marked \"assumption\" in the files). The intervals cover the luck of {1} replications, not these assumptions; 'wijksim explore' shows whether a ranking survives across plausible values.",
                                         nl: "{0} getallen in deze scenariobestanden berusten op een aanname in plaats van een gepubliceerd cijfer (gemarkeerd met \"assumption\"). De intervallen dekken het toeval van {1} herhalingen, niet deze aannames; 'wijksim explore' laat zien of een rangorde standhoudt over plausibele waarden."),
        "first.caveat.replications": Pair(en: "Only {0} replications: the intervals are wide and a difference may go unseen; the default is 30.",
                                          nl: "Maar {0} herhalingen: de intervallen zijn breed en een verschil kan onopgemerkt blijven; standaard zijn het er 30."),
        "first.caveat.calibration": Pair(en: "The default city is calibrated against published Dutch figures; it does not meet every target. Scenarios/CALIBRATION.md lists the targets, the fit and the cause of each miss.",
                                         nl: "De standaardstad is gekalibreerd op gepubliceerde Nederlandse cijfers; niet elk doel wordt gehaald. Scenarios/CALIBRATION.md noemt de doelen, de fit en de oorzaak van elke misser."),
        "first.caveat.calibration.run": Pair(en: "Calibration: {0} is the shipped default city; at {3} replications it is outside the band of {1} of its {2} calibration targets ({4}). {5} more targets are reported but not matched, because the model counts those things differently from their sources (Scenarios/CALIBRATION.md).",
                                             nl: "Kalibratie: {0} is de meegeleverde standaardstad; bij {3} herhalingen valt ze buiten de band van {1} van haar {2} kalibratiedoelen ({4}). Nog {5} doelen worden getoond maar niet gehaald, omdat het model die zaken anders telt dan hun bronnen (Scenarios/CALIBRATION.md)."),
        "first.caveat.miss": Pair(en: "{0}: {1}, target {2}–{3}", nl: "{0}: {1}, doel {2}–{3}"),
        "first.caveat.nomiss": Pair(en: "none", nl: "geen"),
        "first.caveat.steady": Pair(en: "Designs are compared in steady state after the warm-up: the switch itself (hiring, a backlog, training) is not modelled.",
                                    nl: "Inrichtingen worden vergeleken in evenwicht na de inloopperiode: de overgang zelf (werving, een achterstand, scholing) is niet gemodelleerd."),
        "table.note": Pair(en: "Mean [95% CI] over the replications; costs in euros a year, outflow to work per household-year on benefit.",
                           nl: "Gemiddelde [95%-BI] over de herhalingen; kosten in euro per jaar, uitstroom naar werk per huishoudjaar in de bijstand."),
        "chart.year": Pair(en: "years after warm-up", nl: "jaren na de inloopperiode"),
        "chart.waiting.band": Pair(en: "households waiting: mean over replications with its 95% CI band, by year after the warm-up",
                                   nl: "wachtende huishoudens: gemiddelde over herhalingen met de 95%-BI-band, per jaar na de inloopperiode"),
        "chart.caseload.full": Pair(en: "Every team's caseloads are full in every scenario ({0}% or more of the slots in use), so this chart cannot tell the designs apart; the waiting lists above show where the pressure goes.",
                                    nl: "De caseloads van elk team zijn in elk scenario vol ({0}% of meer van de plaatsen bezet), dus deze grafiek onderscheidt de inrichtingen niet; de wachtlijsten hierboven laten zien waar de druk heen gaat."),
        "chart.heatmap.title": Pair(en: "Total cost a year over the two swept fields", nl: "Totale kosten per jaar over de twee gevarieerde velden"),
        "chart.heatmap.note": Pair(en: "Darker is costlier; the outlined cell is the lowest cost. Each cell: mean over the replications (95% CI in its tooltip).",
                                   nl: "Donkerder is duurder; de omlijnde cel heeft de laagste kosten. Elke cel: gemiddelde over de herhalingen (95%-BI in de tooltip)."),
        "chart.payer.ci": Pair(en: "The black line at the end of each bar is the 95% CI of the total.", nl: "De zwarte streep aan het eind van elke balk is het 95%-BI van het totaal."),
    ]
}
