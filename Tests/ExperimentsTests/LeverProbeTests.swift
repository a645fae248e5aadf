// The inert-lever probe against cases with a known answer, on a tiny city (the built-in default
// city with 100 arrivals a year, half a year of warm-up and one measured year): a field the model
// never reads (price_year), a field that must move every output (arrivals_per_year), a lever this
// configuration switches off for a stated reason (path.handover.delay: households reach the
// intensive team by bridging and none scale down), and the probe's two failure verdicts (no
// reason known; a reason given for a field that is live). The full check of the shipped scenarios
// is the release pass scripts/check-levers.sh (CI).

import Testing
@testable import Experiments
@testable import Reporting
import ScenarioKit
import SimCore
import SocialDomain

@Suite("No inert lever: the probe")
struct LeverProbeTests {
    static func tiny() throws -> Scenario {
        let tree = try JSON5Parser.parse("{ arrivals_per_year: 100 }")
        return try ScenarioLoader.build(tree, files: ["(test)"], defaultName: "tiny", file: "tiny.json5")
    }

    static let settings = LeverSettings(warmupYears: 0.5, measureYears: 1, replications: 2, seed: 7, threads: 2,
                                        only: ["price_year", "arrivals_per_year", "path.handover.delay"])

    @Test("known answers: price_year inert by design, arrivals_per_year live, handover.delay inert with its reason")
    func knownAnswers() throws {
        let report = try LeverProbe.probe(Self.tiny(), settings: Self.settings)
        let r = Dictionary(uniqueKeysWithValues: report.results.map { ($0.path, $0) })
        #expect(r.count == 3)
        let price = try #require(r["price_year"])
        #expect(price.isInert && !price.isProblem && price.explanation?.byDesign == true)
        #expect(price.tried == ["2000", "2100"])
        let arrivals = try #require(r["arrivals_per_year"])
        #expect(!arrivals.isInert && arrivals.changed != nil && !arrivals.isProblem)
        #expect(arrivals.tried == ["50"], "a live field stops at its first change: \(arrivals.tried)")
        let delay = try #require(r["path.handover.delay"])
        #expect(delay.isInert && !delay.isProblem)
        #expect(delay.explanation?.reason.contains("bridging") == true)
        #expect(delay.tried == ["1w", "4w"])
        #expect(report.problems.isEmpty)
        // 2 unperturbed runs; arrivals: 1; price_year and delay: 2 values × 2 replications each.
        #expect(report.runs == 2 + 1 + 4 + 4)
    }

    @Test("an inert field with no reason is a problem; so is a reason given for a live field")
    func failureVerdicts() throws {
        let wrong = [InertField(path: "arrivals_per_year", reason: "(wrong on purpose)")]
        let report = try LeverProbe.probe(Self.tiny(), settings: Self.settings, explanations: wrong)
        let r = Dictionary(uniqueKeysWithValues: report.results.map { ($0.path, $0) })
        #expect(r["price_year"]?.isUnexplained == true)
        #expect(r["path.handover.delay"]?.isUnexplained == true)
        #expect(r["arrivals_per_year"]?.isWronglyExplained == true)
        #expect(report.problems.count == 3)
    }

    @Test("an identical configuration gives identical outputs, to the last bit")
    func determinism() throws {
        var config = try Self.tiny().config
        config.warmupWeeks = 26
        config.measureWeeks = 52
        let key = StreamKey(seed: 7, replication: 1)
        #expect(Outputs(CityModel.replicate(config, key: key)).firstDifference(CityModel.replicate(config, key: key)) == nil)
        var other = config
        other.arrivalsPerYear += 1
        #expect(Outputs(CityModel.replicate(config, key: key)).firstDifference(CityModel.replicate(other, key: key)) != nil)
    }

    @Test("every numeric and true/false field of the field reference is a lever the probe can perturb")
    func everyFieldPerturbed() throws {
        let fields = ScenarioLoader.fields(of: ScenarioLoader.statingCollections(Node(.object([]))))
        let levers = fields.filter(\.isLever)
        let notLevers: Set<String> = ["choice", "text", "list of domains", "named entries", "object", "list of durations"]
        for spec in ScenarioLoader.fieldSpecs() where !notLevers.contains(spec.type) {
            #expect(levers.contains { $0.pattern == spec.path }, "\(spec.path) (\(spec.type)) is not probed")
        }
        let inert = InertFields.list(config: ModelConfig.defaultCity, fields: fields)
        for f in levers where f.perturbations().isEmpty {
            #expect(inert.contains { $0.path == f.path }, "\(f.path) = \(f.valueText) has no perturbation and no reason")
        }
        // Loading the stated collections reads the same city.
        let built = try ScenarioLoader.build(ScenarioLoader.statingCollections(Node(.object([]))), files: ["(test)"],
                                             defaultName: ModelConfig.defaultCity.name, file: "(test)")
        let same = built.config == ModelConfig.defaultCity
        #expect(same)
    }

    @Test("perturbed values stay inside the allowed range and differ from the value")
    func perturbations() {
        func field(_ value: FieldValue, _ pattern: String = "x") -> ScenarioField {
            ScenarioField(path: pattern, pattern: pattern, type: "", value: value, node: nil)
        }
        func labels(_ f: ScenarioField) -> [String] { f.perturbations().map(\.label) }
        #expect(labels(field(.integer(0, bounds: 0...10))) == ["1"])
        #expect(labels(field(.integer(-1, bounds: -1...10))) == ["0"])
        #expect(labels(field(.integer(1, bounds: 1...1_000))) == ["2"])
        #expect(labels(field(.integer(5, bounds: 1...11))) == ["3", "10"])
        #expect(labels(field(.number(0.8, bounds: 0...1, unit: .plain))) == ["0.4", "1"])
        #expect(labels(field(.number(0, bounds: 0...1, unit: .perWeek))) == ["0.52/y"])
        #expect(labels(field(.number(.infinity, bounds: 1...2600, unit: .weeks))).isEmpty)
        #expect(labels(field(.flag(false))) == ["true"])
        #expect(labels(field(.numbers([1, 0, 0], bounds: 0...1e9, unit: .plain, perDomain: false), "w.weights"))
                == ["halfway to equal [0.6667, 0.1667, 0.1667]", "largest ×2 [2, 0, 0]"])
        #expect(labels(field(.distribution(.gamma(mean: 26, cv: 0.5), max: 5200))) == ["mean 13w", "mean 1y"])
        #expect(labels(field(.distribution(.constant(0), max: 5200))) == ["1y"])
    }
}
