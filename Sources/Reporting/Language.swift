// Every word a reader sees in the report and the household stories, in English and Dutch.
// Dutch uses the social domain's own words (wijkteam, regisseur, bijstand, afschalen, schuldhulp,
// ggz, jeugdhulp, uithuisplaatsing, huisuitzetting, crisisopname; MODEL.md §10).

import Foundation
import Experiments
import ScenarioKit
import SimCore
import Uncertainty
import SocialDomain

public enum Language: String, Sendable, CaseIterable {
    case en, nl

    /// A label or sentence template; `{0}`, `{1}` … are replaced by `arguments`.
    public func t(_ key: String, _ arguments: String...) -> String {
        guard let pair = Language.labels[key] ?? Language.firstPageLabels[key] ?? Language.replayLabels[key] else { return key }
        var text = self == .en ? pair.en : pair.nl
        for (i, a) in arguments.enumerated() {
            text = Language.choosingPlural(text, i, a).replacingOccurrences(of: "{\(i)}", with: a)
        }
        return text
    }

    /// A name from the model or a scenario (team, service, crisis, domain, payer, category, profile);
    /// unknown names are shown with spaces for underscores.
    public func term(_ name: String) -> String {
        if let pair = Language.terms[name] { return self == .en ? pair.en : pair.nl }
        return name.replacingOccurrences(of: "_", with: " ")
    }

    /// A number with `digits` decimals, with the language's decimal mark.
    public func number(_ x: Double, digits: Int = 2) -> String {
        guard x.isFinite else { return "–" }
        var text = formatFixed(x, digits)
        if self == .nl { text = text.replacingOccurrences(of: ".", with: ",") }
        return text
    }

    /// Euros, short: €33.0M / €33,0 mln; €145k / €145k; €950.
    public func money(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        let sign = x < 0 ? "−" : ""
        let a = abs(x)
        if a >= 1e6 { return sign + "€" + number(a / 1e6, digits: a >= 1e8 ? 0 : 1) + (self == .en ? "M" : " mln") }
        if a >= 10_000 { return sign + "€" + number(a / 1e3, digits: 0) + "k" }
        return sign + "€" + grouped(Int(a.rounded()))
    }

    /// Euros to the euro, with thousands separators: €1,000 / €1.000.
    public func euros(_ x: Double) -> String {
        (x < 0 ? "−" : "") + "€" + grouped(Int(abs(x).rounded()))
    }

    func grouped(_ n: Int) -> String {
        var digits = String(n), out = ""
        let sep = self == .en ? "," : "."
        while digits.count > 3 { out = sep + digits.suffix(3) + out; digits = String(digits.dropLast(3)) }
        return digits + out
    }

    /// A simulated moment: "year 3, week 12" (weeks from the start of the run).
    public func when(_ week: Double) -> String {
        let w = max(0, week)
        let year = Int(w / 52) + 1
        let weekOfYear = Int(w.truncatingRemainder(dividingBy: 52)) + 1
        return t("story.when", "\(year)", "\(weekOfYear)")
    }

    /// A monthly series for readers: "waiting list of ggz" / "wachtlijst van ggz"; unknown series
    /// as `term`.
    public func series(_ name: String) -> String {
        for prefix in ["waiting_list", "caseload"] where name.hasPrefix(prefix + ".") {
            return t("series." + prefix, term(String(name.dropFirst(prefix.count + 1))))
        }
        return Language.labels["series." + name] != nil ? t("series." + name) : term(name)
    }

    // MARK: Counts and durations

    /// A noun's singular and plural in both languages, for `count` and `plural`.
    struct Noun { let en: (one: String, many: String); let nl: (one: String, many: String) }

    static let nouns: [String: Noun] = [
        "adult": Noun(en: ("adult", "adults"), nl: ("volwassene", "volwassenen")),
        "child": Noun(en: ("child", "children"), nl: ("kind", "kinderen")),
        "problem_domain": Noun(en: ("problem domain", "problem domains"),
                               nl: ("leefgebied met problemen", "leefgebieden met problemen")),
        "day": Noun(en: ("day", "days"), nl: ("dag", "dagen")),
        "week": Noun(en: ("week", "weeks"), nl: ("week", "weken")),
        "month": Noun(en: ("month", "months"), nl: ("maand", "maanden")),
        // Dutch says "2 jaar" after a number, not "2 jaren".
        "year": Noun(en: ("year", "years"), nl: ("jaar", "jaar")),
    ]

    /// The form of `noun` (a key of `nouns`) that goes with `n`: the singular for exactly 1, the
    /// plural otherwise (0 and 1.5 too, in both languages).
    public func plural(_ n: Double, _ noun: String) -> String {
        guard let forms = Language.nouns[noun] else { return noun }
        let pair = self == .en ? forms.en : forms.nl
        return n == 1 ? pair.one : pair.many
    }

    /// A count with its noun: "1 adult", "2 adults"; "1 kind", "2 kinderen".
    public func count(_ n: Int, _ noun: String) -> String { "\(n) \(plural(Double(n), noun))" }

    /// A duration as a person says it: whole days under four weeks, whole weeks under half a year,
    /// whole months under two years, years (to a tenth) beyond: "3 days", "13 weeks", "21 months",
    /// "2.5 years"; "3 dagen", "13 weken", "21 maanden", "2,5 jaar".
    public func duration(weeks: Double) -> String {
        guard weeks.isFinite else { return "–" }
        let w = max(0, weeks)
        let days = (w * 7).rounded()
        if days < 28 { return count(Int(days), "day") }
        let wholeWeeks = w.rounded()
        if wholeWeeks < 26 { return count(Int(wholeWeeks), "week") }
        let months = (w * 12 / 52).rounded()
        if months < 24 { return count(Int(months), "month") }
        let years = (w / 52 * 10).rounded() / 10
        let text = years == years.rounded() ? String(Int(years)) : number(years, digits: 1)
        return text + " " + plural(years, "year")
    }

    /// Resolves "{i|singular|plural}" in a label by its argument `i`: the singular when the argument
    /// is 1 ("{0} {0|replication|replications} per scenario").
    static func choosingPlural(_ text: String, _ i: Int, _ argument: String) -> String {
        let open = "{\(i)|"
        guard text.contains(open) else { return text }
        var out = "", rest = Substring(text)
        while let start = rest.range(of: open), let end = rest[start.upperBound...].firstIndex(of: "}") {
            out += rest[..<start.lowerBound]
            let forms = rest[start.upperBound..<end].split(separator: "|", omittingEmptySubsequences: false)
            out += forms.count == 2 ? (argument == "1" ? forms[0] : forms[1]) : rest[start.lowerBound...end]
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    // MARK: Household stories

    /// What a step of a household's story needs to know about the rest of the story.
    public struct StoryContext: Sendable {
        /// The household's profile (the scenario's name for it), from its arrival.
        public var profile: String?
        /// Whether the first-line worker supported the household while it waited for this team
        /// (a bridged wait: "handover.bridged" just before "team.taken").
        public var bridged: Bool
        public init(profile: String? = nil, bridged: Bool = false) { self.profile = profile; self.bridged = bridged }
    }

    /// One step of a household's story in this language. The model's own English sentence
    /// (`TraceEntry.text`) is used only for keys this table does not know.
    public func story(_ e: TraceEntry, _ context: StoryContext = StoryContext()) -> String {
        let en = self == .en
        let a = e.arguments
        func arg(_ i: Int) -> String { i < a.count ? a[i] : "?" }
        func name(_ i: Int) -> String { term(arg(i)) }
        func flag(_ i: Int) -> Bool { arg(i) == "1" }
        func decimal(_ i: Int) -> String { en ? arg(i) : arg(i).replacingOccurrences(of: ".", with: ",") }
        func int(_ i: Int) -> Int { Int(arg(i)) ?? Int(Double(arg(i)) ?? 0) }
        func weeks(_ i: Int) -> Double { Double(arg(i)) ?? 0 }
        func domains(_ i: Int) -> String { count(int(i), "problem_domain") }
        /// A wait given in days: "after waiting 3 weeks" / "na 3 weken wachten", or none under half a day.
        func waited(_ i: Int) -> (text: String, none: Bool) {
            let w = (Double(arg(i)) ?? 0) / 7
            return (duration(weeks: w), w * 7 < 0.5)
        }
        switch e.key {
        case "arrived":
            // profile, adults, children, on benefit, rung, network, problems, asks
            let problems = arg(6).split(separator: ",").map { part -> String in
                let kv = part.split(separator: "=")
                return kv.count == 2 ? "\(term(String(kv[0])))=\(kv[1])" : String(part)
            }.joined(separator: ", ")
            let children = int(2) == 0 ? (en ? "no children" : "geen kinderen") : count(int(2), "child")
            if en {
                return "profile \(name(0)), \(count(int(1), "adult")), \(children), "
                    + "\(flag(3) ? "on benefit (rung \(arg(4)) of the participation ladder)" : "not on benefit"), network \(arg(5)), "
                    + "problems: \(problems.isEmpty ? "none" : problems)\(flag(7) ? "" : "; does not ask for help")"
            }
            return "profiel \(name(0)), \(count(int(1), "adult")), \(children), "
                + "\(flag(3) ? "in de bijstand (trede \(arg(4)) van de participatieladder)" : "geen bijstand"), netwerk \(decimal(5)), "
                + "problemen: \(problems.isEmpty ? "geen" : problems)\(flag(7) ? "" : "; vraagt zelf geen hulp")"
        case "left":
            switch arg(0) {
            case "moved_away": return en ? "moves out of the city" : "verhuist naar een andere gemeente"
            case "lifted_before_asking": return en ? "leaves the model: problems lifted before anyone was asked"
                : "verdwijnt uit beeld: problemen opgelost voordat iemand werd gevraagd"
            default: return en ? "leaves the model: recovered, no help needed any more" : "verdwijnt uit beeld: hersteld, geen hulp meer nodig"
            }
        case "children.grown": return en ? "the youngest child comes of age: parenting no longer applies"
            : "het jongste kind wordt volwassen: opvoeding speelt niet meer"
        case "benefit.other_exit": return en ? "leaves benefit for another income (partner, other benefit)"
            : "verlaat de bijstand voor ander inkomen (partner, andere uitkering)"
        case "benefit.pension": return en ? "reaches pension age: the state pension replaces benefit"
            : "bereikt de AOW-leeftijd: AOW vervangt de bijstand"
        case "income.lost.benefit": return en ? "loses that income; back on benefit" : "verliest dat inkomen; terug in de bijstand"
        case "income.lost.other": return en ? "loses that income; other means" : "verliest dat inkomen; andere middelen"
        case "handover.bridging": return en ? "waits for \(name(0)); the first-line worker keeps supporting meanwhile"
            : "wacht op \(name(0)); de medewerker van de eerste lijn blijft intussen begeleiden"
        case "handover.bridged": return en ? "\(name(0)) takes over from the first-line worker (warm handover)"
            : "\(name(0)) neemt het over van de eerste lijn (warme overdracht)"
        case "triage.retriaged": return en ? "re-triaged while waiting: \(domains(0)), intensive support no longer needed"
            : "opnieuw getrieerd tijdens het wachten: \(domains(0)), intensieve hulp niet meer nodig"
        case "ladder": return en ? "climbs to rung \(arg(0)) of the participation ladder" : "stijgt naar trede \(arg(0)) van de participatieladder"
        case "level": return "\(name(0)) \(arg(1)) → \(arg(2))"
        case "crisis":
            // crisis, domain, weeks (0: over at once, as a police call-out)
            let lasting = weeks(2) > 0 ? " (\(duration(weeks: weeks(2))))" : ""
            return en ? "\(name(0)) after \(name(1)) fell to 1\(lasting)" : "\(name(0)) nadat \(name(1)) naar 1 zakte\(lasting)"
        case "crisis.averted": return en ? "\(name(0)) fell to 1; \(name(1)) averted" : "\(name(0)) zakt naar 1; \(name(1)) afgewend"
        case "crisis.acute": return en ? "\(name(0)) fell to 1 (acute, no crisis service)" : "\(name(0)) zakt naar 1 (acuut, geen crisisdienst)"
        case "work.found": return en ? "finds paid work; leaves benefit" : "vindt betaald werk; uitstroom uit de bijstand"
        case "work.lost.benefit": return en ? "loses the job; back on benefit" : "verliest het werk; terug in de bijstand"
        case "work.lost.other": return en ? "loses the job; other income" : "verliest het werk; ander inkomen"
        case "work.consultant":
            let parallel = arg(0) == "parallel"
            return en ? "work-and-income consultant assigned (\(parallel ? "work alongside care" : "stabilise first, then work"))"
                : "klantmanager van werk en inkomen toegewezen (\(parallel ? "werk naast zorg" : "eerst stabiliseren, dan werk"))"
        case "signal.lifted": return en ? "problems lifted by own strength before asking for help"
            : "problemen op eigen kracht opgelost voordat om hulp werd gevraagd"
        case "signal.crisis": return en ? "becomes known through a crisis" : "komt in beeld door een crisis"
        case "signal.back": return en ? "comes back for help" : "komt terug voor hulp"
        case "signal.asks": return en ? "asks for help or is found" : "vraagt om hulp of wordt gevonden (signaal)"
        case "team.taken":
            // worker, team, days waited on the team's list
            let (wait, none) = waited(2)
            if context.bridged {
                return en ? "taken on by worker \(arg(0)) of \(name(1)) after \(wait) on its waiting list (supported by the first line meanwhile)"
                    : "in zorg bij medewerker \(arg(0)) van \(name(1)) na \(wait) op de wachtlijst (intussen begeleid door de eerste lijn)"
            }
            if none { return en ? "taken on by worker \(arg(0)) of \(name(1)) without waiting" : "in zorg bij medewerker \(arg(0)) van \(name(1)) zonder wachten" }
            return en ? "taken on by worker \(arg(0)) of \(name(1)) after waiting \(wait)"
                : "in zorg bij medewerker \(arg(0)) van \(name(1)) na \(wait) wachten"
        case "triage.intake":
            // problem domains, whether the triage calls for intensive help (the scenario's referral
            // threshold reached, or an acute domain where the design sends crises to the intensive team)
            let profile = context.profile.map { en ? " (profile \(term($0)))" : " (profiel \(term($0)))" } ?? ""
            let intensive = flag(1) ? (en ? "; judged to need intensive help" : "; oordeel: intensieve hulp nodig") : ""
            return (en ? "intake done: " : "intake afgerond: ") + domains(0) + profile + intensive
        case "triage.trial": return en ? "own strength first: \(duration(weeks: weeks(0))) without professional support"
            : "eerst eigen kracht: \(duration(weeks: weeks(0))) zonder professionele hulp"
        case "triage.sufficed": return en ? "own strength sufficed" : "eigen kracht was genoeg"
        case "triage.sufficient": return en ? "own strength judged sufficient; \(domains(0)) left to the household"
            : "eigen kracht voldoende geacht; \(domains(0)) \(int(0) == 1 ? "blijft" : "blijven") bij het huishouden"
        case "triage.shortfall": return en ? "own strength fell short: \(domains(0)); back to the team"
            : "eigen kracht schoot tekort: \(domains(0)); terug naar het team"
        case "support.starts":
            // team, mandate, weeks to approval
            let approval = flag(1) || weeks(2) <= 0 ? ""
                : (en ? " after waiting \(duration(weeks: weeks(2))) for approval" : " na \(duration(weeks: weeks(2))) wachten op een beschikking")
            return (en ? "support by \(name(0)) starts" : "begeleiding door \(name(0)) begint") + approval
        case "support.max": return en ? "support by \(name(0)) reaches its maximum duration" : "begeleiding door \(name(0)) bereikt de maximale duur"
        case "handover":
            // reason (complex|up|down), team, warm, weeks
            let reason = switch arg(0) {
            case "complex": en ? "complex: to \(name(1))" : "complex: naar \(name(1))"
            case "up": en ? "scaled up to \(name(1))" : "opgeschaald naar \(name(1))"
            default: en ? "scaled down to \(name(1)) (afschalen)" : "afgeschaald naar \(name(1)) (afschalen)"
            }
            let lasting = duration(weeks: weeks(3))
            return en ? "\(reason); \(flag(2) ? "warm" : "cold") handover of \(lasting)" : "\(reason); \(flag(2) ? "warme" : "koude") overdracht van \(lasting)"
        case "handover.back": return en ? "back to \(name(0)) after specialist care" : "terug naar \(name(0)) na specialistische zorg"
        case "closed.stabilised": return en ? "case closed: stabilised, no domain at level 1 or 2"
            : "casus gesloten: gestabiliseerd, geen leefgebied op niveau 1 of 2"
        case "closed.open": return en ? "case closed with \(domains(0)) left" : "casus gesloten met \(domains(0))"
        case "referral": return en ? "referred to \(name(0))\(flag(1) ? " with priority (crisis)" : "")"
            : "doorverwezen naar \(name(0))\(flag(1) ? " met voorrang (crisis)" : "")"
        case "referral.refused": return en ? "turned away at the front desk of \(name(0)): not its business by its own criteria"
            : "afgewezen aan het loket van \(name(0)): volgens de eigen criteria niet aan de orde"
        case "treatment.starts": return en ? "treatment at \(name(0)) starts (\(duration(weeks: weeks(1))))"
            : "behandeling bij \(name(0)) begint (\(duration(weeks: weeks(1))))"
        case "treatment.ends": return en ? "treatment at \(name(0)) ends" : "behandeling bij \(name(0)) eindigt"
        case "treatment.front":
            // service, days waited on its list
            let (wait, none) = waited(1)
            if none { return en ? "reaches the front of the waiting list of \(name(0)) the same day" : "aan de beurt op de wachtlijst van \(name(0)) op dezelfde dag" }
            return en ? "reaches the front of the waiting list of \(name(0)) after \(wait)"
                : "aan de beurt op de wachtlijst van \(name(0)) na \(wait)"
        case "dropout": return en ? "gives up waiting for \(name(0))" : "haakt af op de wachtlijst van \(name(0))"
        default: return e.text
        }
    }

    // MARK: Tables

    struct Pair { let en: String; let nl: String }

    static let terms: [String: Pair] = [
        // teams and services (names from the shipped scenarios)
        "wijkteam": Pair(en: "wijkteam (neighbourhood team)", nl: "wijkteam"),
        "family_coaching": Pair(en: "family coaching", nl: "gezinscoaching"),
        "intervention_team": Pair(en: "intervention team", nl: "interventieteam"),
        "team": Pair(en: "team", nl: "team"),
        "debt_help": Pair(en: "debt help", nl: "schuldhulp"),
        "ggz": Pair(en: "mental health care (ggz)", nl: "ggz"),
        "addiction_care": Pair(en: "addiction care", nl: "verslavingszorg"),
        "youth_care": Pair(en: "youth care", nl: "jeugdhulp"),
        "housing_support": Pair(en: "housing support", nl: "woonbegeleiding"),
        "work_and_income": Pair(en: "work and income", nl: "werk en inkomen"),
        // crises
        "eviction": Pair(en: "eviction", nl: "huisuitzetting"),
        "out_of_home_placement": Pair(en: "out-of-home placement", nl: "uithuisplaatsing"),
        "crisis_admission": Pair(en: "crisis admission", nl: "crisisopname"),
        "police": Pair(en: "police", nl: "politie-inzet"),
        "sheltered_housing": Pair(en: "sheltered housing", nl: "beschermd wonen"),
        "chronic_mental_health_care": Pair(en: "chronic mental-health care", nl: "langdurige ggz"),
        "child_protection": Pair(en: "child-protection measure", nl: "kinderbeschermingsmaatregel"),
        // life domains
        "finances": Pair(en: "finances", nl: "financiën"),
        "work": Pair(en: "work", nl: "werk"),
        "housing": Pair(en: "housing", nl: "huisvesting"),
        "relations": Pair(en: "relations", nl: "relaties"),
        "mental_health": Pair(en: "mental health", nl: "geestelijke gezondheid"),
        "physical_health": Pair(en: "physical health", nl: "lichamelijke gezondheid"),
        "addiction": Pair(en: "addiction", nl: "verslaving"),
        "parenting": Pair(en: "parenting", nl: "opvoeding"),
        "social_network": Pair(en: "social network", nl: "sociaal netwerk"),
        "justice": Pair(en: "justice", nl: "justitie"),
        // payers
        "municipality_support": Pair(en: "municipality: support (Wmo)", nl: "gemeente: Wmo"),
        "municipality_youth": Pair(en: "municipality: youth (Jeugdwet)", nl: "gemeente: Jeugdwet"),
        "municipality_benefits": Pair(en: "municipality: benefits (bijstand)", nl: "gemeente: bijstand (Participatiewet)"),
        "health_insurer": Pair(en: "health insurer", nl: "zorgverzekeraar"),
        "housing_corporation": Pair(en: "housing corporation", nl: "woningcorporatie"),
        "police_justice": Pair(en: "police and justice", nl: "politie en justitie"),
        // cost categories
        "first_line": Pair(en: "first line", nl: "eerste lijn"),
        "second_line": Pair(en: "second line", nl: "tweede lijn"),
        "crisis": Pair(en: "crisis", nl: "crisis"),
        "benefits": Pair(en: "benefits", nl: "uitkeringen (bijstand)"),
        // profiles
        "light": Pair(en: "light", nl: "licht"),
        "complex": Pair(en: "complex", nl: "complex"),
        "benefit_only": Pair(en: "benefit only", nl: "alleen bijstand"),
        "debt_only": Pair(en: "debt only", nl: "alleen schulden"),
        "youth_only": Pair(en: "youth care only", nl: "alleen jeugdhulp"),
        // sweep fields
        "path.own_strength_trial": Pair(en: "own-strength trial", nl: "proefperiode eigen kracht"),
    ]

    /// Every label and reading of the report and the stories. Keys used in tests: see `reportKeys`.
    static let labels: [String: Pair] = [
        "report.title": Pair(en: "WijkSim report", nl: "WijkSim-rapport"),
        "report.meta": Pair(en: "{0} {0|replication|replications} per scenario, seed {1}, wijksim {2}.",
                            nl: "{0} {0|herhaling|herhalingen} per scenario, seed {1}, wijksim {2}."),
        "report.intro": Pair(
            en: "Costs are euros per simulated year, measured after the warm-up. Bars and bands show 95% confidence intervals over the replications. Every scenario meets the same households with the same luck, so differences are paired. These are model results under the assumptions in the scenario files, not forecasts.",
            nl: "Kosten zijn euro's per gesimuleerd jaar, gemeten na de inloopperiode. Strepen en banden tonen 95%-betrouwbaarheidsintervallen over de herhalingen. Elk scenario ontmoet dezelfde huishoudens met hetzelfde toeval, dus verschillen zijn gepaard. Dit zijn modeluitkomsten onder de aannames in de scenariobestanden, geen voorspellingen."),
        "report.reading": Pair(en: "Reading:", nl: "Zo lees je het:"),
        "table.title": Pair(en: "Headline figures", nl: "Kerncijfers"),
        "table.scenario": Pair(en: "scenario", nl: "scenario"),
        "table.total": Pair(en: "total cost per year", nl: "totale kosten per jaar"),
        "table.diff": Pair(en: "difference with {0} [95% CI]", nl: "verschil met {0} [95%-BI]"),
        "table.first_line": Pair(en: "first line per year", nl: "eerste lijn per jaar"),
        "table.outflow": Pair(en: "outflow to work", nl: "uitstroom naar werk"),
        "table.escalations": Pair(en: "escalations per 100 household-years", nl: "escalaties per 100 huishoudjaren"),
        "table.baseline": Pair(en: "baseline", nl: "vergelijkingsbasis"),
        "changes.title": Pair(en: "What each scenario changes", nl: "Wat elk scenario verandert"),
        "changes.against": Pair(en: "against {0}", nl: "ten opzichte van {0}"),
        "changes.added": Pair(en: "added", nl: "toegevoegd"),
        "changes.removed": Pair(en: "removed", nl: "verwijderd"),
        "changes.none": Pair(en: "no field differs", nl: "geen enkel veld verschilt"),
        "changes.more": Pair(en: "and {0} more (wijksim validate {1} lists them all)", nl: "en nog {0} (wijksim validate {1} toont ze allemaal)"),
        "changes.reading": Pair(
            en: "These are the fields each scenario file sets differently from the file it extends (its base); everything else is inherited unchanged, so every difference from the base comes from these.",
            nl: "Dit zijn de velden die elk scenariobestand anders instelt dan het bestand waarop het voortbouwt (de basis); al het andere is ongewijzigd overgenomen, dus elk verschil met de basis komt hieruit voort."),
        "chart.waiting.title": Pair(en: "Waiting lists over time", nl: "Wachtlijsten in de tijd"),
        "chart.waiting.axis": Pair(en: "households waiting (mean over replications), per month after warm-up",
                                   nl: "wachtende huishoudens (gemiddelde over herhalingen), per maand na de inloopperiode"),
        "chart.waiting.reading": Pair(en: "The longest waiting list is {0} in {1}: on average {2} households wait there in the last year of the run.",
                                      nl: "De langste wachtlijst is die van {0} in {1}: gemiddeld {2} wachtende huishoudens in het laatste jaar van de run."),
        "chart.waiting.none": Pair(en: "No waiting list has anyone on it.", nl: "Op geen enkele wachtlijst staat iemand."),
        "chart.month": Pair(en: "month", nl: "maand"),
        "chart.payer.title": Pair(en: "Who pays: cost per payer per year", nl: "Wie betaalt: kosten per financier per jaar"),
        "chart.payer.reading.diff": Pair(en: "{0} costs {1} a year {2} than {3} (95% CI {4}–{5}).",
                                         nl: "{0} kost {1} per jaar {2} dan {3} (95%-BI {4}–{5})."),
        "chart.payer.reading.unclear": Pair(en: "{0} and {1} cost about the same: the difference per year lies between {2} and {3} (95% CI), so it could go either way.",
                                            nl: "{0} en {1} kosten ongeveer hetzelfde: het verschil per jaar ligt tussen {2} en {3} (95%-BI), dus het kan beide kanten op."),
        "chart.payer.reading.one": Pair(en: "{0} costs {1} a year; the municipality pays {2}% of it, most of that as bijstand (benefits).",
                                        nl: "{0} kost {1} per jaar; de gemeente betaalt daarvan {2}%, vooral als bijstand."),
        "mkba.title": Pair(en: "Who invests and who gains (MKBA view)", nl: "Wie investeert en wie profiteert (MKBA-weergave)"),
        "mkba.intro": Pair(en: "Per payer, what a design costs more a year than its baseline (its investment) or less (its return), and the net present value over {0} {0|year|years} at a discount rate of {1}% (mkba.csv). The model compares designs in steady state, so each year's flow is the same; the switch itself (hiring, a backlog) is not modelled. Bijstand counts as the municipality's expense, as in a budget view.",
                           nl: "Per financier wat een ontwerp per jaar meer kost dan de basis (de investering) of minder (het rendement), en de netto contante waarde over {0} jaar bij een discontovoet van {1}% (mkba.csv). Het model vergelijkt ontwerpen in evenwicht, dus elk jaar is de stroom gelijk; de overgang zelf (werving, een achterstand) zit niet in het model. Bijstand telt als uitgave van de gemeente, zoals in een begrotingsbeeld."),
        "mkba.flow": Pair(en: "all payers, {0} against {1}", nl: "alle financiers, {0} tegenover {1}"),
        "mkba.nominal": Pair(en: "net saving", nl: "netto besparing"),
        "mkba.discounted": Pair(en: "discounted", nl: "contant gemaakt"),
        "mkba.cumulative": Pair(en: "cumulative, discounted", nl: "cumulatief, contant"),
        "mkba.yearN": Pair(en: "year {0}", nl: "jaar {0}"),
        "mkba.payer": Pair(en: "payer", nl: "financier"),
        "mkba.invests": Pair(en: "invests a year", nl: "investeert per jaar"),
        "mkba.gains": Pair(en: "gains a year", nl: "wint per jaar"),
        "mkba.npv": Pair(en: "net present value, {0} {0|year|years} [95% CI]", nl: "netto contante waarde, {0} jaar [95%-BI]"),
        "mkba.payback": Pair(en: "paid back", nl: "terugverdiend"),
        "mkba.year": Pair(en: "in year {0}", nl: "in jaar {0}"),
        "mkba.never": Pair(en: "not within {0} {0|year|years}", nl: "niet binnen {0} jaar"),
        "mkba.all": Pair(en: "all payers", nl: "alle financiers"),
        "mkba.nobody": Pair(en: "no payer", nl: "geen financier"),
        "mkba.chart": Pair(en: "{0} against {1}: net present value per payer", nl: "{0} tegenover {1}: netto contante waarde per financier"),
        "mkba.reading": Pair(en: "Against {1}, {0} costs more a year to {2}, and saves {3}. Over {4} {4|year|years} at {5}% the net present value for all payers is {6} (95% CI {7} to {8}).",
                             nl: "Tegenover {1} kost {0} per jaar meer voor {2}, en bespaart {3}. Over {4} jaar bij {5}% is de netto contante waarde voor alle financiers {6} (95%-BI {7} tot {8})."),
        "mkba.ratio": Pair(en: "Every euro one payer invests returns €{0} to the payers who gain.", nl: "Elke euro die een financier investeert, levert de financiers die winnen €{0} op."),
        "mkba.unclear": Pair(en: "The interval includes zero: whether all payers together gain is not clear from these replications.",
                             nl: "Het interval omvat nul: of alle financiers samen winnen, is met deze herhalingen niet duidelijk."),
        "explore.title": Pair(en: "Designs across plausible worlds", nl: "Ontwerpen in plausibele werelden"),
        "explore.meta": Pair(en: "Worlds: {0}; {1} {1|replication|replications} per design and world (common random numbers within a world); seed {2}; WijkSim {3}.",
                             nl: "Werelden: {0}; {1} {1|herhaling|herhalingen} per ontwerp en wereld (gemeenschappelijke toevalsgetallen binnen een wereld); seed {2}; WijkSim {3}."),
        "explore.intro": Pair(en: "Every design is run in every world: a world is one set of values for what we do not know (the parameters below). A conclusion that holds in most worlds survives that uncertainty; one that flips between worlds does not. Differences are against {0}.",
                              nl: "Elk ontwerp draait in elke wereld: een wereld is één set waarden voor wat we niet weten (de parameters hieronder). Een conclusie die in de meeste werelden standhoudt, overleeft die onzekerheid; een die tussen werelden omslaat niet. Verschillen zijn ten opzichte van {0}."),
        "explore.best.title": Pair(en: "How often each design is best", nl: "Hoe vaak elk ontwerp het beste is"),
        "explore.best.reading": Pair(en: "{0} has the lowest total cost in {1}% of the {2} {2|world|worlds}.", nl: "{0} heeft in {1}% van de {2} {2|wereld|werelden} de laagste totale kosten."),
        "explore.best.runner": Pair(en: "Next is {0} ({1}%); on average it costs {2} a year more than the best design of each world (its regret).",
                                    nl: "Daarna komt {0} ({1}%); gemiddeld kost het {2} per jaar meer dan het beste ontwerp van elke wereld (de spijt)."),
        "explore.diff.title": Pair(en: "Differences to {0} across worlds", nl: "Verschillen met {0} over de werelden"),
        "explore.diff.intro": Pair(en: "Per design: the paired difference to the baseline, with the range in which 95% of the worlds' differences lie (each world estimated from its replications), and the share of that spread due to the parameters rather than the replications' noise.",
                                   nl: "Per ontwerp: het gepaarde verschil met de basis, met het bereik waarin 95% van de verschillen per wereld ligt (elke wereld geschat uit haar herhalingen), en het deel van die spreiding dat door de parameters komt in plaats van door de ruis van de herhalingen."),
        "explore.diff.reading": Pair(en: "Cheaper or dearer than the baseline in 95% of the worlds (a conclusion that survives the uncertainty): {0}. It depends on the world: {1}.",
                                     nl: "Goedkoper of duurder dan de basis in 95% van de werelden (een conclusie die de onzekerheid overleeft): {0}. Hangt af van de wereld: {1}."),
        "explore.none": Pair(en: "none", nl: "geen"),
        "explore.measure": Pair(en: "measure", nl: "maatstaf"),
        "explore.regret": Pair(en: "mean regret", nl: "gemiddelde spijt"),
        "explore.diff": Pair(en: "difference [95% of worlds]", nl: "verschil [95% van de werelden]"),
        "explore.share": Pair(en: "due to parameters", nl: "door parameters"),
        "explore.discovery.title": Pair(en: "Where a design wins: scenario discovery", nl: "Waar een ontwerp wint: scenario-ontdekking"),
        "explore.discovery.intro": Pair(en: "For each design, the box of parameter values (found by PRIM) that holds most of the worlds where it is cheaper than the baseline, with the share of worlds in the box where it is (density) and the share of all such worlds the box holds (coverage). A bound is kept only when it matters: its quasi-p-value (how likely so dense a box would be by chance without it) is under 0.05.",
                                        nl: "Per ontwerp het blok parameterwaarden (gevonden met PRIM) dat de meeste werelden bevat waarin het goedkoper is dan de basis, met het deel van de werelden in het blok waar dat zo is (dichtheid) en het deel van al zulke werelden dat het blok bevat (dekking). Een grens blijft alleen staan als hij ertoe doet: zijn quasi-p-waarde (hoe waarschijnlijk zo'n dicht blok zonder hem bij toeval is) ligt onder 0,05."),
        "explore.scatter": Pair(en: "Worlds where {0} is cheaper (filled), and the box", nl: "Werelden waarin {0} goedkoper is (gevuld), en het blok"),
        "explore.parameters.title": Pair(en: "What varies between worlds", nl: "Wat tussen werelden verschilt"),
        "explore.parameter": Pair(en: "parameter", nl: "parameter"),
        "explore.range": Pair(en: "range", nl: "bereik"),
        "explore.source": Pair(en: "source", nl: "bron"),
        "explore.keeps": Pair(en: "designs that set it themselves", nl: "ontwerpen die het zelf instellen"),
        "sens.intro.sobol": Pair(en: "Sobol indices: the first-order index S1 is the share of the measure's variance over the parameter ranges that one parameter explains on its own; the total index ST adds what it explains together with others. A parameter with ST near 0 can be fixed anywhere in its range. Bars: estimates; lines: bootstrap 95% CIs.",
                                 nl: "Sobol-indices: de eerste-orde-index S1 is het deel van de variantie van de maatstaf over de parameterbereiken dat één parameter alleen verklaart; de totale index ST telt erbij wat hij samen met andere verklaart. Een parameter met ST bij 0 mag overal in zijn bereik vastgezet worden. Balken: schattingen; lijnen: bootstrap 95%-BI."),
        "sens.intro.morris": Pair(en: "Morris screening: μ* is the mean absolute change of the measure when one parameter moves across two thirds of its range, σ how much that change varies with the other parameters (interactions or curvature). Bars: μ*; lines: bootstrap 95% CIs.",
                                  nl: "Morris-screening: μ* is de gemiddelde absolute verandering van de maatstaf als één parameter over twee derde van zijn bereik beweegt, σ hoeveel die verandering varieert met de andere parameters (interacties of kromming). Balken: μ*; lijnen: bootstrap 95%-BI."),
        "sens.S1": Pair(en: "first-order S1", nl: "eerste orde S1"),
        "sens.ST": Pair(en: "total ST", nl: "totaal ST"),
        "sens.mu_star": Pair(en: "μ*", nl: "μ*"),
        "sens.mu": Pair(en: "μ", nl: "μ"),
        "sens.sigma": Pair(en: "σ", nl: "σ"),
        "sens.reading.sobol": Pair(en: "The measure turns most on {0}: its total index is {1} (95% CI {2}–{3}).", nl: "De maatstaf hangt het meest af van {0}: de totale index is {1} (95%-BI {2}–{3})."),
        "sens.reading.morris": Pair(en: "The measure turns most on {0}: μ* = {1} (95% CI {2}–{3}).", nl: "De maatstaf hangt het meest af van {0}: μ* = {1} (95%-BI {2}–{3})."),
        "sens.reading.negligible": Pair(en: "Negligible within their ranges: {0}.", nl: "Verwaarloosbaar binnen hun bereik: {0}."),
        "explain.title": Pair(en: "Why {0} differs from {1}", nl: "Waarom {0} verschilt van {1}"),
        "explain.meta": Pair(en: "{0} {0|group|groups} of fields; {1}; {2} {2|replication|replications} per coalition (common random numbers); seed {3}; WijkSim {4}.",
                             nl: "{0} {0|groep|groepen} velden; {1}; {2} {2|herhaling|herhalingen} per coalitie (gemeenschappelijke toevalsgetallen); seed {3}; WijkSim {4}."),
        "explain.exact": Pair(en: "exact Shapley values over all {0} coalitions", nl: "exacte Shapley-waarden over alle {0} coalities"),
        "explain.sampled": Pair(en: "Shapley values sampled over {0} {0|ordering|orderings} ({1} coalitions)", nl: "Shapley-waarden geschat over {0} {0|volgorde|volgordes} ({1} coalities)"),
        "explain.intro": Pair(en: "Each bar is what switching one group of fields from {0}'s values to {1}'s adds to the difference, averaged over every order of switching the groups (Shapley values): the bars add up to the whole difference. Lines: 95% CIs over the replications.",
                              nl: "Elke balk is wat het omzetten van één groep velden van de waarden van {0} naar die van {1} bijdraagt aan het verschil, gemiddeld over elke volgorde van omzetten (Shapley-waarden): samen vormen de balken het hele verschil. Lijnen: 95%-BI over de herhalingen."),
        "explain.chart": Pair(en: "{0}: contributions to the difference", nl: "{0}: bijdragen aan het verschil"),
        "explain.total": Pair(en: "total difference", nl: "totaal verschil"),
        "explain.from": Pair(en: "from", nl: "door"),
        "explain.reading": Pair(en: "{0} against {1}: {2} (95% CI {3} to {4}); the largest parts: {5}.", nl: "{0} tegenover {1}: {2} (95%-BI {3} tot {4}); de grootste delen: {5}."),
        "explain.unclear": Pair(en: "Not distinguishable from zero: {0}.", nl: "Niet te onderscheiden van nul: {0}."),
        "explain.group": Pair(en: "group", nl: "groep"),
        "explain.fields": Pair(en: "fields", nl: "velden"),
        "explain.contribution": Pair(en: "contribution [95% CI]", nl: "bijdrage [95%-BI]"),
        "less": Pair(en: "less", nl: "minder"),
        "more": Pair(en: "more", nl: "meer"),
        "chart.outcomes.title": Pair(en: "Outflow to work and escalations", nl: "Uitstroom naar werk en escalaties"),
        "chart.outflow.axis": Pair(en: "entries into paid work per household-year on benefit", nl: "uitstroom naar betaald werk per huishoudjaar in de bijstand"),
        "chart.escalations.axis": Pair(en: "crises per 100 household-years", nl: "crises per 100 huishoudjaren"),
        "chart.outcomes.reading": Pair(en: "Most outflow to work: {0} ({1} per benefit-year, 95% CI {2}–{3}). Fewest escalations: {4} ({5} per 100 household-years, 95% CI {6}–{7}).",
                                       nl: "Meeste uitstroom naar werk: {0} ({1} per bijstandsjaar, 95%-BI {2}–{3}). Minste escalaties: {4} ({5} per 100 huishoudjaren, 95%-BI {6}–{7})."),
        "chart.caseload.title": Pair(en: "Caseload use per team", nl: "Bezetting van de caseload per team"),
        "chart.caseload.axis": Pair(en: "share of caseload places in use (time-weighted)", nl: "deel van de caseloadplekken in gebruik (tijdgewogen)"),
        "chart.caseload.reading": Pair(en: "The fullest team is {0} in {1}: {2}% of its caseload places are in use. Near 100% means households wait for a worker.",
                                       nl: "Het volste team is {0} in {1}: {2}% van de caseloadplekken is bezet. Bij bijna 100% wachten huishoudens op een medewerker."),
        "chart.sweep.title": Pair(en: "Total cost along the sweep", nl: "Totale kosten over de reeks"),
        "chart.sweep.first": Pair(en: "First-line cost along the sweep", nl: "Kosten van de eerste lijn over de reeks"),
        "chart.sweep.reading": Pair(en: "Total cost is lowest at {0} = {1}: {2} a year (95% CI {3}–{4}).",
                                    nl: "De totale kosten zijn het laagst bij {0} = {1}: {2} per jaar (95%-BI {3}–{4})."),
        "chart.sweep.minimum": Pair(en: "minimum", nl: "minimum"),
        "chart.sweep.slider": Pair(en: "Move along the grid:", nl: "Schuif langs de reeks:"),
        "chart.sweep.point": Pair(en: "total {0} [{1}–{2}]; first line {3}; escalations {4} per 100 household-years",
                                  nl: "totaal {0} [{1}–{2}]; eerste lijn {3}; escalaties {4} per 100 huishoudjaren"),
        "paradox.shows": Pair(en: "The intervention paradox shows: at {0} = {1} first-line cost is {2} a year lower (95% CI {3}–{4}) but total cost {5} higher (95% CI {6}–{7}) than at {8}.",
                              nl: "De interventieparadox treedt op: bij {0} = {1} is de eerste lijn {2} per jaar goedkoper (95%-BI {3}–{4}) maar zijn de totale kosten {5} hoger (95%-BI {6}–{7}) dan bij {8}."),
        "paradox.not": Pair(en: "The intervention paradox does not show: no point has first-line cost clearly lower and total cost clearly higher than the first point.",
                            nl: "De interventieparadox treedt niet op: geen punt heeft duidelijk lagere kosten in de eerste lijn en tegelijk duidelijk hogere totale kosten dan het eerste punt."),
        "settle.title": Pair(en: "Does the city settle?", nl: "Komt de stad tot rust?"),
        "settle.intro": Pair(
            en: "Does each monthly series (waiting lists, caseloads, households on benefit, households in the system, crises) level off after the warm-up, or does it keep rising or falling? Its trend is the least-squares slope per year over the months after the warm-up, computed per replication and averaged, with a 95% CI across the replications. A series is steady when the whole CI lies within ±1% of its level a year (at least ±0.01 a year), rising or falling when it lies wholly beyond that, and unclear otherwise. MSER-5 (White 1997) estimates from the series averaged over the replications where the start-up transient ends. The figures per series are in stationarity.csv.",
            nl: "Vlakt elke maandelijkse reeks (wachtlijsten, caseloads, huishoudens in de bijstand, huishoudens in beeld, crises) na de inloopperiode af, of blijft ze stijgen of dalen? De trend is de kleinstekwadratenhelling per jaar over de maanden na de inloopperiode, per herhaling berekend en gemiddeld, met een 95%-betrouwbaarheidsinterval over de herhalingen. Een reeks is stabiel als het hele interval binnen ±1% van haar niveau per jaar ligt (minstens ±0,01 per jaar), stijgend of dalend als het er helemaal buiten ligt, en anders onduidelijk. MSER-5 (White 1997) schat uit de over de herhalingen gemiddelde reeks waar het opstarteffect ophoudt. De cijfers per reeks staan in stationarity.csv."),
        "settle.cell": Pair(en: "{0}: {1}.", nl: "{0}: {1}."),
        "settle.trend.up": Pair(en: "{0} up by {1} a year ({2}% of its level; 95% CI {3} to {4})",
                                nl: "{0} {1} per jaar omhoog ({2}% van het niveau; 95%-BI {3} tot {4})"),
        "settle.trend.down": Pair(en: "{0} down by {1} a year ({2}% of its level; 95% CI {3} to {4})",
                                  nl: "{0} {1} per jaar omlaag ({2}% van het niveau; 95%-BI {3} tot {4})"),
        "settle.up": Pair(en: "up", nl: "omhoog"),
        "settle.down": Pair(en: "down", nl: "omlaag"),
        "settle.all_steady": Pair(en: "all {0} series steady", nl: "alle {0} reeksen stabiel"),
        "settle.count": Pair(en: "{0} of {1} series steady", nl: "{0} van {1} reeksen stabiel"),
        "settle.unclear": Pair(en: ", {0} unclear", nl: ", {0} onduidelijk"),
        "settle.warmup": Pair(en: "{0}: MSER-5 places the end of the start-up transient beyond the configured warm-up of {1} {1|month|months} for {2}. Consider a longer warm-up.",
                              nl: "{0}: MSER-5 plaatst het einde van het opstarteffect na de ingestelde inloopperiode van {1} {1|maand|maanden} voor {2}. Overweeg een langere inloopperiode."),
        "settle.no_end": Pair(en: "{0}: for {1}, MSER-5 finds no end to the start-up transient in the first half of the run: these series are still changing. A longer run would tell whether and where they settle.",
                              nl: "{0}: voor {1} vindt MSER-5 in de eerste helft van de run geen einde aan het opstarteffect: deze reeksen veranderen nog. Een langere run laat zien of en waar ze tot rust komen."),
        "settle.warmup.item": Pair(en: "{0} (at {1} {1|month|months})", nl: "{0} (bij {1} {1|maand|maanden})"),
        "settle.warmup.unknown": Pair(en: "{0}: MSER-5 still finds a start-up transient after the warm-up for {1}. Consider a longer warm-up.",
                                      nl: "{0}: MSER-5 vindt na de inloopperiode nog een opstarteffect voor {1}. Overweeg een langere inloopperiode."),
        "settle.warmup.after": Pair(en: "{0} (the first {1} {1|month|months})", nl: "{0} (de eerste {1} {1|maand|maanden})"),
        "settle.one_replication": Pair(en: "With one replication a trend cannot be told apart from noise, so every verdict is unclear; run more replications.",
                                       nl: "Met één herhaling is een trend niet van toeval te onderscheiden, dus elk oordeel is onduidelijk; draai meer herhalingen."),
        "settle.reading.steady": Pair(en: "The city settles: after the warm-up every series in every scenario stays within 1% of its level a year.",
                                      nl: "De stad komt tot rust: na de inloopperiode blijft elke reeks in elk scenario binnen 1% van haar niveau per jaar."),
        "settle.reading.moving": Pair(
            en: "Not everything settles: {0} of the {1} series (counted per scenario) rise or fall by more than 1% of their level a year; most clearly {2} in {3}, {4} by {5}% of its level a year. Averages over a run with a trend depend on how long the run is.",
            nl: "Niet alles komt tot rust: {0} van de {1} reeksen (per scenario geteld) stijgen of dalen met meer dan 1% van hun niveau per jaar; het duidelijkst {2} in {3}, {5}% van het niveau per jaar {4}. Gemiddelden over een run met een trend hangen af van hoe lang de run duurt."),
        "settle.reading.unclear": Pair(
            en: "No series clearly rises or falls, but for {0} of the {1} series (counted per scenario) the replications cannot tell whether the trend stays within 1% of the level a year; more replications or a longer run would tell.",
            nl: "Geen reeks stijgt of daalt duidelijk, maar voor {0} van de {1} reeksen (per scenario geteld) kunnen de herhalingen niet uitmaken of de trend binnen 1% van het niveau per jaar blijft; meer herhalingen of een langere run maken het duidelijk."),
        "settle.none": Pair(en: "No monthly series were recorded, so there is nothing to judge.",
                            nl: "Er zijn geen maandelijkse reeksen vastgelegd, dus er valt niets te beoordelen."),
        "series.waiting_list": Pair(en: "waiting list of {0}", nl: "wachtlijst van {0}"),
        "series.caseload": Pair(en: "caseload of {0}", nl: "caseload van {0}"),
        "series.households_on_benefit": Pair(en: "households on benefit", nl: "huishoudens in de bijstand"),
        "series.households_in_system": Pair(en: "households in the system", nl: "huishoudens in beeld"),
        "series.households_present": Pair(en: "households present", nl: "aanwezige huishoudens"),
        "series.crises": Pair(en: "crises per month", nl: "crises per maand"),
        "legend": Pair(en: "Legend", nl: "Legenda"),
        "footer": Pair(en: "Written by wijksim {0} (commit {1}, built with {2}). Everything is in this one file; nothing is fetched from the network.",
                       nl: "Gemaakt door wijksim {0} (commit {1}, gebouwd met {2}). Alles staat in dit ene bestand; er wordt niets van het netwerk opgehaald."),
        // stories
        "story.title": Pair(en: "The story of household {0}", nl: "Het verhaal van huishouden {0}"),
        "story.scenario": Pair(en: "Scenario {0}, seed {1}, one replication; weeks counted from the start of the run (warm-up included).",
                               nl: "Scenario {0}, seed {1}, één herhaling; weken geteld vanaf het begin van de run (inloopperiode meegeteld)."),
        "story.picked": Pair(en: "Picked as the {0} example: household {1}.", nl: "Gekozen als voorbeeld ({0}): huishouden {1}."),
        "pick.escalated": Pair(en: "escalated", nl: "geëscaleerd"),
        "pick.work": Pair(en: "found work", nl: "werk gevonden"),
        "pick.typical": Pair(en: "typical", nl: "typisch"),
        "story.when": Pair(en: "year {0}, week {1}", nl: "jaar {0}, week {1}"),
        "story.cost": Pair(en: "cost {0} ({1})", nl: "kosten {0} ({1})"),
        "story.running": Pair(en: "costs still running at the end of the run", nl: "kosten die aan het eind van de run nog doorlopen"),
        "story.year_end": Pair(en: "running costs booked at the end of a measured year", nl: "doorlopende kosten geboekt aan het eind van een gemeten jaar"),
        "story.total": Pair(en: "In all this household cost {0}:", nl: "In totaal kostte dit huishouden {0}:"),
        "story.nocost": Pair(en: "This household caused no cost.", nl: "Dit huishouden veroorzaakte geen kosten."),
        "story.when.header": Pair(en: "when", nl: "wanneer"),
        "story.step.header": Pair(en: "what happened", nl: "wat er gebeurde"),
        "story.why.header": Pair(en: "why", nl: "waarom"),
        "story.cost.header": Pair(en: "cost", nl: "kosten"),
        "story.note": Pair(en: "Costs are counted for the whole story, also before the measured years.",
                           nl: "Kosten zijn geteld over het hele verhaal, ook vóór de gemeten jaren."),
        // why each kind of step happens
        "why.arrived": Pair(en: "problems start on some life domains", nl: "problemen ontstaan op een of meer leefgebieden"),
        "why.signal": Pair(en: "the household or someone near it sends a signal", nl: "het huishouden of iemand in de buurt geeft een signaal"),
        "why.team": Pair(en: "a caseload place came free", nl: "er kwam een plek vrij in een caseload"),
        "why.triage": Pair(en: "the worker weighs the problems (triage)", nl: "de medewerker weegt de problemen (triage)"),
        "why.support": Pair(en: "the team's plan", nl: "het plan van het team"),
        "why.referral": Pair(en: "a problem needs specialist care (tweede lijn)", nl: "een probleem vraagt om specialistische zorg (tweede lijn)"),
        "why.treatment": Pair(en: "a specialist place", nl: "een plek bij de specialist"),
        "why.dropout": Pair(en: "the wait was too long", nl: "het wachten duurde te lang"),
        "why.crisis": Pair(en: "a life domain reached level 1 (acute)", nl: "een leefgebied bereikte niveau 1 (acuut)"),
        "why.handover": Pair(en: "the need changed (opschalen / afschalen)", nl: "de hulpvraag veranderde (opschalen / afschalen)"),
        "why.improved": Pair(en: "own strength, support or treatment", nl: "eigen kracht, begeleiding of behandeling"),
        "why.worsened": Pair(en: "problems on other domains pull this one down", nl: "problemen op andere leefgebieden trekken dit leefgebied omlaag"),
        "why.work": Pair(en: "work support and the household's situation", nl: "werkbegeleiding en de situatie van het huishouden"),
        "why.ladder": Pair(en: "more participation", nl: "meer participatie"),
        "why.closed": Pair(en: "the review found no reason to go on", nl: "bij de evaluatie was er geen reden om door te gaan"),
        "why.left": Pair(en: "the follow-up period ended", nl: "de nazorgperiode is voorbij"),
        "why.moved": Pair(en: "households move house, some out of the city", nl: "huishoudens verhuizen, sommige naar een andere gemeente"),
        "why.life": Pair(en: "life goes on: age, children growing up", nl: "het leven gaat door: leeftijd, kinderen worden groot"),
    ]

    /// Label keys that must differ between the languages (checked by the tests).
    public static let reportKeys = ["report.title", "report.intro", "chart.waiting.title", "chart.payer.title",
                                    "chart.outcomes.title", "chart.caseload.title", "chart.sweep.title", "table.total",
                                    "table.outflow", "chart.month", "footer", "story.total", "settle.title", "settle.intro",
                                    "changes.title", "changes.reading", "mkba.title", "mkba.invests", "mkba.gains"]
}

func formatFixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (x * scale).rounded()
    // Beyond what an Int64 holds (or not a number): Swift's own shortest form, never a trap.
    guard r.isFinite, abs(r) < 9e18 else { return "\(x)" }
    let negative = r < 0
    let n = Int64(abs(r))
    let whole = n / Int64(scale), frac = n % Int64(scale)
    var text = String(whole)
    if digits > 0 {
        let f = String(frac)
        text += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return (negative ? "-" : "") + text
}

/// What built this binary, for the pages' footers (recorded at build time in Experiments).
var buildCommit: String { RunDirectory.build.commit }
var buildCompiler: String { RunDirectory.build.compiler }
