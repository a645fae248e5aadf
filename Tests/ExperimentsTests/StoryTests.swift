// A household's story on a hand-checkable case: one household, one problem (finances at level 2),
// one worker, every duration fixed (the same case as SocialDomainTests/TraceTests).

import Foundation
import Testing
@testable import Experiments
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
            "taken on by worker 1 of wijkteam after waiting 0.0 days _(a caseload place came free)_",
            "intake done: 1 problem domain(s), complex _(the worker weighs the problems (triage))_",
            "referred to debt_help _(a problem needs specialist care (tweede lijn))_. cost €1,000 (municipality: support (Wmo))",
            "treatment at debt_help starts (12.0 weeks) _(a specialist place)_. cost €500 (municipality: support (Wmo))",
            "treatment at debt_help ends _(a specialist place)_. cost €1,200 (municipality: support (Wmo))",
            "finances 2 → 4 _(own strength, support or treatment)_",
            "case closed: stabilised, no domain at level 1 or 2 _(the review found no reason to go on)_",
            "leaves the model: recovered, no help needed any more _(the follow-up period ended)_",
        ]
        #expect(Array(steps.dropFirst()) == expected, "\(steps)")
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
        #expect(md.contains("- **jaar 1, week 4**: intake afgerond: 1 leefgebied(en) met problemen, complex"))
        #expect(md.contains("doorverwezen naar schuldhulp"))
        #expect(md.contains("in zorg bij medewerker 1 van wijkteam na 0,0 dagen wachten"))
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
