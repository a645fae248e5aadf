import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import ScenarioKit
import SimCore
import SocialDomain

let scenariosFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Scenarios")

/// A shipped scenario shortened for a debug build: 1 year warm-up, 2 measured years, 300 arrivals a year.
func shortScenario(_ file: String) throws -> Scenario {
    var s = try ScenarioLoader.load(scenariosFolder.appendingPathComponent(file).path)
    s.tree = s.tree.setting(["warmup"], to: Node(.string("1y"))).setting(["measure"], to: Node(.string("2y")))
        .setting(["arrivals_per_year"], to: Node(.number(300)))
    return try ScenarioLoader.build(s.tree, files: s.chain, defaultName: s.name, file: s.file, hashes: s.hashes)
}

func runFiles(_ plan: ExperimentPlan, threads: Int, jobs: Range<Int>? = nil) -> [(String, String)] {
    RunDirectory.files(plan.info, Runner.run(plan, jobs: jobs ?? 0..<plan.info.jobCount, threads: threads))
}

@Suite("Experiments")
struct ExperimentTests {
    @Test("--vary on an entry the scenario does not have is refused with a did-you-mean, not run as a new entry")
    func varyUnknownEntry() throws {
        let axis = try parseVary("teams.wijkteem.workers=10,20").get()
        do {
            _ = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [axis],
                                   replications: 1, seed: 1, version: "test")
            Issue.record("a sweep over teams.wijkteem was planned")
        } catch let error as ScenarioErrors {
            let issue = try #require(error.issues.first)
            #expect(issue.file == "--vary" && issue.path == "teams.wijkteem.workers")
            #expect(issue.message.contains("did you mean 'wijkteam'?"))
        }
        // An existing entry is fine.
        let good = try parseVary("teams.wijkteam.workers=10,20").get()
        _ = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [good],
                               replications: 1, seed: 1, version: "test")
    }

    @Test("the same to the last digit on 1 and 2 threads")
    func threadsDoNotMatter() throws {
        let plan = try ExperimentPlan(kind: .run, scenarios: [shortScenario("default-city.json5"), shortScenario("burgerkracht.json5")],
                                      axes: [], replications: 4, seed: 7, version: "test")
        let one = runFiles(plan, threads: 1)
        let two = runFiles(plan, threads: 2)
        #expect(one.map(\.0) == two.map(\.0))
        for (a, b) in zip(one, two) { #expect(a.1 == b.1, "\(a.0) differs between 1 and 2 threads") }
        #expect(one.first { $0.0 == "replications.csv" }!.1.split(separator: "\n").count > 100)
    }

    @Test("one run and three shards merged give the same files", arguments: [1, 3, 5])
    func shardsMergeToTheSameRun(_ n: Int) throws {
        let axis = try parseVary("path.own_strength_trial=0w,8w").get()
        let plan = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [axis],
                                      replications: 3, seed: 3, version: "test")
        let whole = runFiles(plan, threads: 2)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wijksim-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var parts: [(path: String, info: PlanInfo, shard: (Int, Int), results: [JobResult])] = []
        for k in 1...n {
            let results = Runner.run(plan, jobs: plan.info.shard(k, of: n), threads: 1)
            let path = folder.appendingPathComponent(RunDirectory.partName(k, n)).path
            try RunDirectory.writeAtomically(RunDirectory.partJSON(plan.info, shard: (k, n), results: results), to: path)
            let (info, shard, read) = try RunDirectory.readPart(path)
            #expect(read == results, "a part file reads back exactly")
            parts.append((path, info, shard, read))
        }
        let (info, merged) = try RunDirectory.merge(parts)
        let fromShards = RunDirectory.files(info, merged)
        for (a, b) in zip(whole, fromShards) { #expect(a.1 == b.1, "\(a.0) differs after merging \(n) shards") }
        if n > 1 {
            #expect(throws: RunDirectory.MergeError.self) { try RunDirectory.merge(Array(parts.dropLast())) }
            #expect(throws: RunDirectory.MergeError.self) { try RunDirectory.merge(parts + [parts[0]]) }
        }
    }

    @Test("a scenario compared with itself differs by exactly zero")
    func selfComparisonIsZero() throws {
        let s = try shortScenario("default-city.json5")
        let plan = try ExperimentPlan(kind: .run, scenarios: [s, s], axes: [], replications: 3, seed: 1, version: "test")
        let all = cells(plan.info, Runner.run(plan, jobs: 0..<plan.info.jobCount, threads: 2))
        #expect(all.map(\.label) == ["default-city", "default-city#2"])
        let diffs = pairedDifferences(all[1], baseline: all[0])
        #expect(!diffs.isEmpty)
        for d in diffs { #expect(d.mean == 0 && d.low == 0 && d.high == 0, "\(d.name)") }
    }

    @Test("paired (common random numbers) CIs are narrower than unpaired ones for two designs")
    func pairingNarrowsIntervals() throws {
        let plan = try ExperimentPlan(kind: .run, scenarios: [shortScenario("default-city.json5"), shortScenario("work-in-team.json5")],
                                      axes: [], replications: 8, seed: 11, version: "test")
        let all = cells(plan.info, Runner.run(plan, jobs: 0..<plan.info.jobCount, threads: 2))
        var narrower = 0, compared = 0
        for name in ["total_cost_eur_per_year", "escalations_per_100_household_years", "category_cost_eur_per_year.crisis",
                     "households_in_system_mean", "category_cost_eur_per_year.benefits"] {
            let a = all[1].column(name)!, b = all[0].column(name)!
            let paired = ConfidenceInterval(values: zip(a, b).map { $0 - $1 })
            // Welch-style unpaired half-width with the same t quantile, from the two samples' variances.
            let va = ConfidenceInterval(values: a), vb = ConfidenceInterval(values: b)
            let unpairedHalf = ((va.halfWidth * va.halfWidth) + (vb.halfWidth * vb.halfWidth)).squareRoot()
            compared += 1
            if paired.halfWidth < unpairedHalf { narrower += 1 }
        }
        #expect(narrower == compared, "paired CIs narrower for \(narrower) of \(compared) measures")
    }

    @Test("sweep grids: lists, lo:hi:step with units, several axes as a product")
    func sweepGrid() throws {
        let a = try parseVary("path.own_strength_trial=0w:26w:2w").get()
        #expect(a.labels.count == 14 && a.labels.first == "0w" && a.labels.last == "26w")
        let b = try parseVary("teams.wijkteam.workers=10,12,14").get()
        #expect(b.labels == ["10", "12", "14"])
        let plan = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [a, b],
                                      replications: 2, seed: 1, version: "test")
        #expect(plan.info.points.count == 42 && plan.info.jobCount == 84)
        #expect(plan.configs[1][0].path.ownStrengthTrialWeeks == 0 && plan.configs[1][0].teams[0].workers == 12)
        #expect(plan.configs[41][0].path.ownStrengthTrialWeeks == 26 && plan.configs[41][0].teams[0].workers == 14)
        if case .success = parseVary("nothing") { Issue.record("a spec without = was accepted") }
        if case .success = parseVary("x=5w:1w:1w") { Issue.record("a descending grid was accepted") }
        // A bad value or path is refused with the field's path, like a bad file.
        let bad = try parseVary("teams.wijkteam.workerz=3").get()
        #expect(throws: ScenarioErrors.self) {
            _ = try ExperimentPlan(kind: .sweep, scenarios: [shortScenario("default-city.json5")], axes: [bad],
                                   replications: 1, seed: 1, version: "test")
        }
    }
}
