// A household's story on a hand-checkable case: one household, one problem (finances at level 2),
// one worker, every duration fixed (the same case as SocialDomainTests/TraceTests).

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import SimCore
@testable import SocialDomain

enum StoryFixtures {
    static var singleHousehold: ModelConfig {
        var c = ModelConfig.defaultCity
        c.name = "single-household"
        c.scriptedArrivals = [0]
        c.profiles = [ProfileConfig(name: "one-problem", share: 1, problemCounts: [1], problemCountWeights: [1],
                                    otherLevelWeights: [0, 0, 1], startsInCrisis: false, coupling: 0, networkMean: 0.5,
                                    benefitProbability: 0, childrenProbability: 0, neverAsksProbability: 0,
                                    helpSeekingDelay: .constant(2), hoursNeededPerWeek: 1)]
        c.problemDomainWeights = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        c.dynamics.baseDown = [Double](repeating: 0, count: 10)
        c.dynamics.baseUp = [Double](repeating: 0, count: 10)
        c.dynamics.firstLineEffect = [Double](repeating: 0, count: 10)
        c.crises = []
        c.teams = [TeamConfig(name: "wijkteam", tier: .first, role: .intermediary, workers: 1, caseloadLimit: 1,
                              directHoursPerWeek: 30, expertise: .none, mandate: true, networkBuildingPerWeek: 0,
                              maxWeeks: 52, costPerFTEYear: 52_000, costBasis: .caseload,
                              payer: .municipalitySupport, category: .firstLine)]
        c.services = [ServiceConfig(name: "debt_help", domain: .finances, capacity: 1, discipline: .firstComeFirstServed,
                                    treatmentWeeks: .constant(10), effectPerWeek: 0, levelsGainedAtCompletion: 2,
                                    completionSuccess: 1, pricePerWeek: 100, pricePerTrajectory: 500,
                                    payer: .municipalitySupport, dropoutPerWeek: 0)]
        c.work.consultants = 0
        c.path.intakeWeeks = .constant(1)
        c.path.referralThreshold = 1
        c.path.chanceDiscoveryWeeks = 1e9
        c.path.followUpWeeks = 10
        // Nobody moves, retires or grows up during the hand-checked half year.
        c.flows = FlowsConfig(moveAwayPerWeek: 0, benefitOtherExitPerWeek: [0, 0, 0], pensionAge: 200, childAdultAge: 200)
        c.warmupWeeks = 0
        c.measureWeeks = 30
        return c
    }

    static func story() -> HouseholdStory {
        let recorder = TraceRecorder(households: [0])
        _ = CityModel.replicate(singleHousehold, key: StreamKey(seed: 1), trace: recorder)
        return HouseholdStory(household: 0, entries: recorder.entries, charges: recorder.charges)
    }
}

@Suite("Household stories")
struct StoryTests {
    @Test("the hand-checked household's story: dated steps, reasons, the cost of each step and who paid")
    func handChecked() {
        let story = StoryFixtures.story()
        let md = story.markdown(.en, scenario: "single-household", seed: 1)
        let steps = md.split(separator: "\n").filter { $0.hasPrefix("- **") }.map { String($0.drop { $0 != ":" }.dropFirst(2)) }
        // Hand computation: help asked after 2 weeks; a worker at once; intake 1 week (week 3); the
        // intermediary refers the one problem and hands the case over (1 week of a €52,000 worker with a
        // caseload of 1: €1,000); debt help starts at once (trajectory €500) and takes 10 weeks at €100,
        // plus 2 weeks of re-assessment after the cold handover (000:L534): €1,200; finances rise 2
        // levels; the case closes; follow-up ends 10 weeks later.
        let expected = [
            "asks for help or is found _(the household or someone near it sends a signal)_",
            "taken on by worker 1 of wijkteam (neighbourhood team) without waiting _(a caseload place came free)_",
            // the triage's verdict (the fixture's referral threshold is 1), told apart from the profile
            "intake done: 1 problem domain (profile one-problem); judged to need intensive help _(the worker weighs the problems (triage))_",
            "referred to debt help _(a problem needs specialist care (tweede lijn))_. cost €1,000 (municipality: support (Wmo))",
            "treatment at debt help starts (12 weeks) _(a specialist place)_. cost €500 (municipality: support (Wmo))",
            "treatment at debt help ends _(a specialist place)_. cost €1,200 (municipality: support (Wmo))",
            "finances 2 → 4 _(own strength, support or treatment)_",
            "case closed: stabilised, no domain at level 1 or 2 _(the review found no reason to go on)_",
            "leaves the model: recovered, no help needed any more _(the follow-up period ended)_",
        ]
        #expect(Array(steps.dropFirst()) == expected, "\(steps)")
        #expect(steps.first?.hasPrefix("profile one-problem, 1 adult, no children, not on benefit, network ") == true, "\(steps)")
        // simulation week 3.0 is the start of the 4th week of year 1
        #expect(md.contains("- **year 1, week 4**: intake done"))
        #expect(md.contains("- **year 1, week 26**: leaves the model"))
        #expect(md.contains("In all this household cost €2,700:\n- municipality: support (Wmo): €2,700"))
        #expect(story.totalCost == 2_700)
    }

    @Test("the same story in Dutch, with the domain's words")
    func dutch() {
        let md = StoryFixtures.story().markdown(.nl, scenario: "single-household", seed: 1)
        #expect(md.contains("# Het verhaal van huishouden 0"))
        #expect(md.contains("- **jaar 1, week 4**: intake afgerond: 1 leefgebied met problemen (profiel one-problem); oordeel: intensieve hulp nodig"))
        #expect(md.contains("doorverwezen naar schuldhulp"))
        #expect(md.contains("in zorg bij medewerker 1 van wijkteam zonder wachten"))
        #expect(md.contains("profiel one-problem, 1 volwassene, geen kinderen, geen bijstand"))
        #expect(md.contains("behandeling bij schuldhulp begint (12 weken)"))
        #expect(md.contains("financiën 2 → 4"))
        #expect(md.contains("kosten €1.000 (gemeente: Wmo)"))
        #expect(md.contains("In totaal kostte dit huishouden €2.700:"))
        for english in ["referred", "treatment", "case closed", "cost €", "year 1"] { #expect(!md.contains(english), "\(english)") }
    }

    @Test("every message key renders in both languages, and Dutch differs from English")
    func allKeys() {
        for key in TraceText.keys {
            let e = TraceEntry(week: 0, household: 0, kind: .signal, key: key, arguments: ["wijkteam", "1", "2", "1", "3", "0.5", "finances=2", "1"])
            #expect(!e.text.hasPrefix(key + " "), "no English text for \(key)")
            #expect(Language.nl.story(e) != e.text || key == "level", "no Dutch text for \(key)")
            for L in Language.allCases {
                let text = L.story(e)
                #expect(!text.hasPrefix(key + " "), "no \(L) text for \(key)")
                for mark in StoryTests.placeholderPlurals { #expect(!text.contains(mark), "\(L) \(key): \(text)") }
            }
        }
    }

    @Test("json and html forms of the story")
    func formats() throws {
        let story = StoryFixtures.story()
        let json = try JSONSerialization.jsonObject(with: Data(story.json(.en).utf8)) as? [[String: Any]]
        #expect(json?.count == 10)
        #expect(json?.first?["kind"] as? String == "arrived")
        #expect((json?.compactMap { $0["cost"] as? Double }.reduce(0, +)) == 2_700)
        let html = story.html(.nl, scenario: "single-household", seed: 1)
        #expect(wellFormedProblems(html).problems.isEmpty)
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("<td>doorverwezen naar schuldhulp</td>"))
    }

    @Test("picking an example household")
    func picking() throws {
        let recorder = TraceRecorder()
        _ = CityModel.replicate(try tinyScenario("default-city.json5").config, key: StreamKey(seed: 1), trace: recorder)
        for pick in StoryPick.allCases {
            let h = try #require(pick.pick(entries: recorder.entries, charges: recorder.charges), "\(pick)")
            let steps = recorder.entries.filter { $0.household == h }
            #expect(steps.contains { $0.kind == .closed })
            switch pick {
            case .escalated:
                let signal = try #require(steps.firstIndex { $0.kind == .signal })
                #expect(steps[signal...].contains { $0.key == "crisis" })
            case .work: #expect(steps.contains { $0.key == "work.found" })
            case .typical: break
            }
        }
    }
}

// The defects reported on the stories: "1 adult(s)"; "1 problem domain(s), complex" for a light
// household (the triage's verdict read as the profile); "waiting 638.96 days" (a wait in days to
// the hundredth; achter-de-voordeur, seed 1, household 44681: 91 weeks on youth care's list).
extension StoryTests {
    /// Marks of a plural left to the reader; none may appear in a story.
    static let placeholderPlurals = ["(s)", "(en)", "(ren)", "(eren)", "(n)"]

    static func entry(_ key: String, _ arguments: [String], week: Double = 0) -> TraceEntry {
        TraceEntry(week: week, household: 0, kind: .triage, key: key, arguments: arguments)
    }

    @Test("count and noun agree in both languages, for 1 and for 2")
    func plurals() {
        let expected: [(Language, String, String, String)] = [
            (.en, "adult", "1 adult", "2 adults"), (.nl, "adult", "1 volwassene", "2 volwassenen"),
            (.en, "child", "1 child", "2 children"), (.nl, "child", "1 kind", "2 kinderen"),
            (.en, "problem_domain", "1 problem domain", "2 problem domains"),
            (.nl, "problem_domain", "1 leefgebied met problemen", "2 leefgebieden met problemen"),
            (.en, "day", "1 day", "2 days"), (.nl, "day", "1 dag", "2 dagen"),
            (.en, "week", "1 week", "2 weeks"), (.nl, "week", "1 week", "2 weken"),
            (.en, "month", "1 month", "2 months"), (.nl, "month", "1 maand", "2 maanden"),
        ]
        for (L, noun, one, two) in expected {
            #expect(L.count(1, noun) == one)
            #expect(L.count(2, noun) == two)
        }
        #expect(Language.en.count(0, "adult") == "0 adults")
        // and in the sentences of the story
        let arrived = { (adults: String, children: String) in
            StoryTests.entry("arrived", ["light", adults, children, "1", "2", "0.5", "finances=2,housing=2", "1"])
        }
        #expect(Language.en.story(arrived("1", "1")).hasPrefix("profile light, 1 adult, 1 child, on benefit"))
        #expect(Language.en.story(arrived("2", "2")).hasPrefix("profile light, 2 adults, 2 children, on benefit"))
        #expect(Language.en.story(arrived("1", "0")).hasPrefix("profile light, 1 adult, no children,"))
        #expect(Language.nl.story(arrived("1", "1")).hasPrefix("profiel licht, 1 volwassene, 1 kind, in de bijstand"))
        #expect(Language.nl.story(arrived("2", "2")).hasPrefix("profiel licht, 2 volwassenen, 2 kinderen, in de bijstand"))
        #expect(Language.nl.story(arrived("1", "0")).hasPrefix("profiel licht, 1 volwassene, geen kinderen,"))
        let cases: [(String, [String], String, String)] = [
            ("triage.intake", ["0"], "intake done: 1 problem domain", "intake afgerond: 1 leefgebied met problemen"),
            ("closed.open", [], "case closed with 1 problem domain left", "casus gesloten met 1 leefgebied met problemen"),
            ("triage.shortfall", [], "own strength fell short: 1 problem domain;", "eigen kracht schoot tekort: 1 leefgebied met problemen;"),
            ("triage.retriaged", [], "re-triaged while waiting: 1 problem domain,", "opnieuw getrieerd tijdens het wachten: 1 leefgebied met problemen,"),
            ("triage.sufficient", [], "1 problem domain left to the household", "1 leefgebied met problemen blijft bij het huishouden"),
        ]
        for (key, rest, en, nl) in cases {
            let one = StoryTests.entry(key, ["1"] + rest), two = StoryTests.entry(key, ["2"] + rest)
            #expect(Language.en.story(one).contains(en), "\(Language.en.story(one))")
            #expect(Language.nl.story(one).contains(nl), "\(Language.nl.story(one))")
            let en2 = en.replacingOccurrences(of: "1 problem domain", with: "2 problem domains")
            let nl2 = nl.replacingOccurrences(of: "1 leefgebied met problemen", with: "2 leefgebieden met problemen")
                .replacingOccurrences(of: "blijft", with: "blijven")
            #expect(Language.en.story(two).contains(en2), "\(Language.en.story(two))")
            #expect(Language.nl.story(two).contains(nl2), "\(Language.nl.story(two))")
        }
    }

    @Test("labels with a count take the singular for 1")
    func labelPlurals() {
        #expect(Language.en.t("report.meta", "1", "7", "x").hasPrefix("1 replication per scenario"))
        #expect(Language.en.t("report.meta", "20", "7", "x").hasPrefix("20 replications per scenario"))
        #expect(Language.nl.t("report.meta", "1", "7", "x").hasPrefix("1 herhaling per scenario"))
        #expect(Language.nl.t("report.meta", "20", "7", "x").hasPrefix("20 herhalingen per scenario"))
        #expect(Language.en.t("mkba.never", "1") == "not within 1 year")
        #expect(Language.en.t("mkba.never", "10") == "not within 10 years")
        #expect(Language.nl.t("settle.warmup.item", "x", "1") == "x (bij 1 maand)")
        #expect(Language.nl.t("settle.warmup.item", "x", "3") == "x (bij 3 maanden)")
        #expect(Language.choosingPlural("{0} {0|a|b}, {1} {1|c|d} {0|a|b}", 0, "1") == "{0} a, {1} {1|c|d} a")
    }

    @Test("durations as a person says them: days, then weeks, then months")
    func durations() {
        let en: [(Double, String)] = [(0, "0 days"), (1.0 / 7, "1 day"), (3.0 / 7, "3 days"), (1, "7 days"), (27.0 / 7, "27 days"),
                                     (4, "4 weeks"), (13, "13 weeks"), (91.0 / 7, "13 weeks"), (25, "25 weeks"),
                                     (26, "6 months"), (638.96 / 7, "21 months"), (100, "23 months"), (104, "2 years"), (130, "2.5 years")]
        for (weeks, text) in en { #expect(Language.en.duration(weeks: weeks) == text, "\(weeks)") }
        let nl: [(Double, String)] = [(1.0 / 7, "1 dag"), (3.0 / 7, "3 dagen"), (13, "13 weken"), (638.96 / 7, "21 maanden"), (130, "2,5 jaar")]
        for (weeks, text) in nl { #expect(Language.nl.duration(weeks: weeks) == text, "\(weeks)") }
        // the reported wait, and one of none
        let front = StoryTests.entry("treatment.front", ["youth_care", "638.96"])
        #expect(Language.en.story(front) == "reaches the front of the waiting list of youth care after 21 months")
        #expect(Language.nl.story(front) == "aan de beurt op de wachtlijst van jeugdhulp na 21 maanden")
        let taken = StoryTests.entry("team.taken", ["3", "wijkteam", "91.0"])
        #expect(Language.en.story(taken) == "taken on by worker 3 of wijkteam (neighbourhood team) after waiting 13 weeks")
        #expect(Language.nl.story(taken) == "in zorg bij medewerker 3 van wijkteam na 13 weken wachten")
        let none = StoryTests.entry("team.taken", ["3", "wijkteam", "0.0"])
        #expect(Language.en.story(none).hasSuffix("without waiting"))
        #expect(Language.nl.story(none).hasSuffix("zonder wachten"))
    }

    @Test("the intake names the household's own profile, and the verdict fits any number of domains")
    func profileLabel() throws {
        // The fixture: one problem domain, profile one-problem, referral threshold 1.
        let story = StoryFixtures.story()
        #expect(story.profile == "one-problem")
        let intake = try #require(story.entries.first { $0.key == "triage.intake" })
        let en = Language.en.story(intake, story.context(of: intake))
        #expect(en == "intake done: 1 problem domain (profile one-problem); judged to need intensive help")
        #expect(!en.contains(", complex"))
        // A light household with a light intake: its own profile, no verdict.
        let light = HouseholdStory(household: 0, entries: [
            StoryTests.entry("arrived", ["light", "1", "0", "0", "0", "0.6", "finances=2,work=2", "1"]),
            StoryTests.entry("triage.intake", ["2", "0"], week: 3),
        ], charges: [])
        let lines = light.markdown(.en, scenario: "s", seed: 1)
        #expect(lines.contains("intake done: 2 problem domains (profile light) _("), "\(lines)")
        #expect(light.markdown(.nl, scenario: "s", seed: 1).contains("intake afgerond: 2 leefgebieden met problemen (profiel licht) _("))
        // In a whole city every intake names the profile its household arrived with.
        let recorder = TraceRecorder()
        _ = CityModel.replicate(try tinyScenario("default-city.json5").config, key: StreamKey(seed: 1), trace: recorder)
        var profiles: [UInt64: String] = [:]
        for e in recorder.entries where e.key == "arrived" { profiles[e.household] = e.arguments[0] }
        var intakes = 0
        for e in recorder.entries where e.key == "triage.intake" {
            let profile = try #require(profiles[e.household])
            let s = HouseholdStory(household: e.household, entries: recorder.entries.filter { $0.household == e.household }, charges: [])
            for L in Language.allCases {
                let text = L.story(e, s.context(of: e))
                #expect(text.contains(L == .en ? "(profile \(L.term(profile)))" : "(profiel \(L.term(profile)))"), "\(text)")
                #expect(!text.contains(", complex"), "\(text)")
                #expect(text.contains(L.count(Int(e.arguments[0])!, "problem_domain")), "\(text)")
            }
            intakes += 1
        }
        #expect(intakes > 20)
    }

    @Test("no plural left to the reader and no wait to the hundredth of a day, in 50 stories in both languages")
    func noPlaceholders() throws {
        let recorder = TraceRecorder()
        _ = CityModel.replicate(try tinyScenario("default-city.json5").config, key: StreamKey(seed: 3), trace: recorder)
        let decimalDays = try Regex(#"[0-9][.,][0-9]+ (days|dagen|weeks|weken)"#)
        let wrongNumber = try Regex(#"(^|[^0-9.,])1 (adults|children|problem domains|days|weeks|months|volwassenen|kinderen|leefgebieden|dagen|weken|maanden)"#)
        var steps = 0
        for h: UInt64 in 0..<50 {
            let story = HouseholdStory(household: h, entries: recorder.entries, charges: recorder.charges)
            steps += story.entries.count
            for L in Language.allCases {
                for text in [story.markdown(L, scenario: "tiny", seed: 3), story.html(L, scenario: "tiny", seed: 3), story.json(L)] {
                    for mark in StoryTests.placeholderPlurals { #expect(!text.contains(mark), "household \(h) (\(L)): \(mark)") }
                    #expect(text.firstMatch(of: decimalDays) == nil, "household \(h) (\(L))")
                    #expect(text.firstMatch(of: wrongNumber) == nil, "household \(h) (\(L))")
                }
            }
        }
        #expect(steps > 200)
    }

    /// A city whose lists are long: one place per service, one family coach.
    static var crowdedCity: ModelConfig {
        get throws {
            var c = try tinyScenario("default-city.json5").config
            for i in c.services.indices { c.services[i].capacity = 1 }
            for i in c.teams.indices where c.teams[i].tier == .intensive { c.teams[i].workers = 1 }
            return c
        }
    }

    @Test("every wait told is the time on that waiting list, never longer than the household has been in view")
    func waitsAreListTime() throws {
        let recorder = TraceRecorder()
        _ = CityModel.replicate(try StoryTests.crowdedCity, key: StreamKey(seed: 1), trace: recorder)
        var byHousehold: [UInt64: [TraceEntry]] = [:]
        for e in recorder.entries { byHousehold[e.household, default: []].append(e) }
        var checked = 0, long = 0, bridged = 0
        for (h, es) in byHousehold {
            let story = HouseholdStory(household: h, entries: es, charges: [])
            let arrival = try #require(es.first { $0.key == "arrived" }).week
            for (k, e) in es.enumerated() where e.key == "team.taken" || e.key == "treatment.front" {
                let team = e.key == "team.taken"
                let days = try #require(Double(e.arguments[team ? 2 : 1]))
                let weeks = days / 7
                // recorded to the hundredth of a day
                #expect(weeks <= e.week - arrival + 0.01 / 7, "household \(h) waited longer than it has been in view")
                // the list was joined at the referral to that service, or (a bridged wait) when the
                // first line put the household on the intensive team's list
                let joined: TraceEntry? = team
                    ? es[..<k].last { $0.key == "handover.bridging" && $0.arguments.first == e.arguments[1] }
                    : es[..<k].last { $0.key == "referral" && $0.arguments.first == e.arguments[0] }
                let context = story.context(of: e)
                if !team || context.bridged {
                    let j = try #require(joined, "household \(h): no step that joined the list")
                    #expect(abs(weeks - (e.week - j.week)) <= 0.01 / 7, "household \(h): wait \(weeks) weeks, on the list \(e.week - j.week)")
                }
                if context.bridged { bridged += 1 }
                // and the story tells that time in words, never in hundredths of a day
                for L in Language.allCases {
                    let text = L.story(e, context)
                    if days >= 0.5 { #expect(text.contains(L.duration(weeks: weeks)), "\(text)") }
                    #expect(!text.contains(e.arguments[team ? 2 : 1]) || days == 0, "\(text)")
                }
                if weeks > 13 { long += 1 }
                checked += 1
            }
        }
        #expect(checked > 50)
        #expect(long > 0, "no long wait in the crowded city: the test would check nothing")
        #expect(bridged > 0, "no bridged wait in the crowded city")
    }

    @Test("a bridged wait says the first line supported the household meanwhile")
    func bridgedWait() {
        let es = [
            StoryTests.entry("arrived", ["crisis", "1", "1", "0", "0", "0.1", "parenting=1", "0"]),
            StoryTests.entry("handover.bridging", ["family_coaching"], week: 10),
            StoryTests.entry("handover.bridged", ["family_coaching"], week: 10 + 638.96 / 7),
            StoryTests.entry("team.taken", ["1", "family_coaching", "638.96"], week: 10 + 638.96 / 7),
        ]
        let story = HouseholdStory(household: 0, entries: es, charges: [])
        let en = story.markdown(.en, scenario: "s", seed: 1), nl = story.markdown(.nl, scenario: "s", seed: 1)
        #expect(en.contains("taken on by worker 1 of family coaching after 21 months on its waiting list (supported by the first line meanwhile)"), "\(en)")
        #expect(nl.contains("in zorg bij medewerker 1 van gezinscoaching na 21 maanden op de wachtlijst (intussen begeleid door de eerste lijn)"), "\(nl)")
        #expect(!en.contains("638"))
    }
}

extension StoryTests {
    @Test("running costs booked at a year's end are not called the end of the run")
    func yearEndCosts() {
        // achter-de-voordeur, seed 1, household 44681: the treatment's cost to the end of the first
        // measured year (week 1612) stood as "costs still running at the end of the run" mid-story.
        let charge = { (week: Double) in
            TraceCharge(week: week, household: 0, payer: .municipalityYouth, category: .secondLine, amount: 65)
        }
        let story = HouseholdStory(household: 0, entries: [
            StoryTests.entry("arrived", ["youth_only", "1", "1", "0", "0", "0.2", "parenting=2", "1"]),
            StoryTests.entry("treatment.ends", ["youth_care"], week: 20),
        ], charges: [charge(10), charge(30)])
        let md = story.markdown(.en, scenario: "s", seed: 1)
        #expect(md.contains("- **year 1, week 11**: running costs booked at the end of a measured year. cost €65"), "\(md)")
        #expect(md.contains("- **year 1, week 31**: costs still running at the end of the run. cost €65"), "\(md)")
        #expect(story.markdown(.nl, scenario: "s", seed: 1).contains("doorlopende kosten geboekt aan het eind van een gemeten jaar"))
    }
}
