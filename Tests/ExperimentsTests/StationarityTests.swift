// stationarity.csv from hand-built job results: synthetic monthly series with known levels and
// slopes (flat with noise, rising 5% a year, falling, a transient that outlasts the warm-up), with
// and without recorded warm-up months (month ≤ 0).

import Foundation
import Testing
@testable import Experiments
@testable import Reporting
import SimCore
import SocialDomain

/// Synthetic results: scenario "alpha" records a 12-month warm-up (months −11 … 0) before 96
/// measured months; "beta" records only the 96 measured months (as before the warm-up was recorded).
enum Synthetic {
    static let measured = 96
    static let warmup = 12

    static func info(replications: Int, scenarios: [String] = ["alpha", "beta"]) -> PlanInfo {
        PlanInfo(kind: .run, seed: 1, replications: replications, scenarios: scenarios, files: scenarios.map { "\($0).json5" },
                 hashes: scenarios.map { _ in [] }, points: [[]], version: "test")
    }

    /// The series, in the order each month records them, with their true value at `month`.
    ///   flat:     100 after the warm-up (300 → 100 during it), noise sd 2;
    ///   rising:   200 · (1 + 0.05 · years), 5% of its start a year = +10 a year, noise sd 2;
    ///   falling:  50 − 3 · years, noise sd 0.5;
    ///   settling: 100 + 300 · e^(−(months since the start)/4), noise sd 4: its transient lasts
    ///             about two years, well beyond the 12-month warm-up.
    static let names = ["flat", "rising", "falling", "settling"]
    static let slopes: [String: Double] = ["flat": 0, "rising": 10, "falling": -3]
    static let noise: [Double] = [2, 2, 0.5, 4]

    static func truth(_ series: Int, month: Int) -> Double {
        let years = Double(month) / 12
        switch series {
        case 0: return month >= 1 ? 100 : 100 + 200 * Double(-month) / 12
        case 1: return 200 * (1 + 0.05 * years)
        case 2: return 50 - 3 * years
        default: return 100 + 300 * exp(-Double(month + warmup - 1) / 4)
        }
    }

    static func results(_ info: PlanInfo) -> [JobResult] {
        (0..<info.jobCount).map { k in
            let (_, s, r) = info.job(k)
            let first = info.scenarios[s] == "alpha" ? 1 - warmup : 1
            var generators = names.indices.map { StreamKey(seed: 2024, replication: UInt64(r), purpose: UInt64($0)).makeGenerator() }
            var rows: [TimeseriesRow] = []
            for month in first...measured {
                for i in names.indices {
                    let e = noise[i] * Distribution.standardNormal(using: &generators[i])
                    rows.append(TimeseriesRow(month: month, series: names[i], value: truth(i, month: month) + e))
                }
            }
            return JobResult(index: k, names: ["total_cost_eur_per_year"], values: [1_000_000 + Double(r)], timeseries: rows)
        }
    }
}

@Suite("Stationarity")
struct StationarityTests {
    static let info = Synthetic.info(replications: 8)
    static let results = Synthetic.results(info)
    static let rows = Stationarity.analyse(info, results)

    func row(_ scenario: String, _ series: String) throws -> SeriesStationarity {
        try #require(Self.rows.first { $0.label == scenario && $0.series == series })
    }

    @Test("rows come in cell order, then series in first-seen order")
    func order() {
        #expect(Self.rows.map(\.label) == Array(repeating: "alpha", count: 4) + Array(repeating: "beta", count: 4))
        #expect(Self.rows.map(\.series) == Synthetic.names + Synthetic.names)
        #expect(Self.rows.map(\.cell) == [0, 0, 0, 0, 1, 1, 1, 1])
    }

    @Test("level: the mean over the measured months and all replications")
    func level() throws {
        // flat 100; rising 200 + 10 · mean(month)/12 = 200 + 10 · 48.5/12; falling 50 − 3 · 48.5/12.
        // Noise of the mean over 8 × 96 values: sd ≤ 2/√768 ≈ 0.07.
        for scenario in ["alpha", "beta"] {
            #expect(abs(try row(scenario, "flat").level - 100) < 0.5)
            #expect(abs(try row(scenario, "rising").level - (200 + 10 * 48.5 / 12)) < 0.5)
            #expect(abs(try row(scenario, "falling").level - (50 - 3 * 48.5 / 12)) < 0.2)
        }
        // Exactly the pooled mean of the month ≥ 1 rows.
        let measured = Self.results.filter { Self.info.job($0.index).scenario == 0 }
            .flatMap { $0.timeseries.filter { $0.series == "rising" && $0.month >= 1 }.map(\.value) }
        #expect(measured.count == 8 * 96)
        #expect(abs(try row("alpha", "rising").level - measured.reduce(0, +) / Double(measured.count)) < 1e-9)
    }

    @Test("slope per year: mean of the replications' slopes; the 95% CI contains the true slope")
    func slopes() throws {
        for scenario in ["alpha", "beta"] {
            for (series, truth) in Synthetic.slopes {
                let r = try row(scenario, series)
                #expect(r.replications == 8)
                #expect(r.low <= truth && truth <= r.high, "\(scenario) \(series): \(truth) outside [\(r.low), \(r.high)]")
                #expect(r.low < r.slopePerYear && r.slopePerYear < r.high)
                // Per replication the slope's sd is about σ / √Σ(x − x̄)² ≈ σ / √512 (96 months over 8
                // years); the CI of 8 is far narrower than 1 a year.
                #expect(r.high - r.low < 1, "\(scenario) \(series): CI [\(r.low), \(r.high)] too wide")
            }
        }
        // The wiring: the same numbers as olsSlope per replication and a t interval across them.
        let perReplication = Self.results.filter { Self.info.job($0.index).scenario == 0 }.map { job in
            let rows = job.timeseries.filter { $0.series == "rising" && $0.month >= 1 }
            return olsSlope(x: rows.map { Double($0.month) / 12 }, y: rows.map(\.value))
        }
        let ci = ConfidenceInterval(values: perReplication)
        let r = try row("alpha", "rising")
        #expect(abs(r.slopePerYear - ci.mean) < 1e-12 && abs(r.low - ci.lower) < 1e-12 && abs(r.high - ci.upper) < 1e-12)
    }

    @Test("verdicts: flat steady, +5% a year rising, −3 a year falling")
    func verdicts() throws {
        for scenario in ["alpha", "beta"] {
            #expect(try row(scenario, "flat").verdict == .steady)
            #expect(try row(scenario, "rising").verdict == .rising)
            #expect(try row(scenario, "falling").verdict == .falling)
        }
        // Rising is 5% of its start a year, about 4.4% of its level: far beyond 1%.
        let rising = try row("alpha", "rising")
        #expect(abs(rising.tolerance - 0.01 * rising.level) < 1e-12)
    }

    @Test("the verdict rule at its edges: tolerance 1% of max(|level|, 1) a year; one replication is unclear")
    func verdictRule() {
        #expect(Stationarity.tolerance(level: 250) == 2.5 && Stationarity.tolerance(level: -250) == 2.5)
        #expect(Stationarity.tolerance(level: 0.2) == 0.01 && Stationarity.tolerance(level: 0) == 0.01)
        #expect(StationarityVerdict(low: -2.5, high: 2.5, level: 250, replications: 5) == .steady)
        #expect(StationarityVerdict(low: -2.6, high: 2.4, level: 250, replications: 5) == .unclear)
        #expect(StationarityVerdict(low: 2.6, high: 9, level: 250, replications: 5) == .rising)
        #expect(StationarityVerdict(low: 2.5, high: 9, level: 250, replications: 5) == .unclear)
        #expect(StationarityVerdict(low: -9, high: -2.6, level: 250, replications: 5) == .falling)
        #expect(StationarityVerdict(low: -0.005, high: 0.008, level: 0.1, replications: 5) == .steady)
        #expect(StationarityVerdict(low: 0, high: 0, level: 100, replications: 1) == .unclear)
        #expect(StationarityVerdict(low: .nan, high: .nan, level: 100, replications: 5) == .unclear)
    }

    @Test("a longer warm-up is suggested for a cut of at least one batch past the warm-up whose months lie off the level")
    func longerWarmupRule() {
        func row(mser: Int?, configured: Int?, bias: (Double, Double, Double, Int)?) -> SeriesStationarity {
            SeriesStationarity(cell: 0, label: "x", series: "s", level: 200, slopePerYear: 0, low: -1, high: 1, replications: 10,
                               verdict: .steady, mserWarmupMonths: mser, configuredWarmupMonths: configured, recordedMonths: 120,
                               excessBias: bias.map { MeasureSummary(name: "s", mean: $0.0, sd: 1, low: $0.1, high: $0.2, n: $0.3) })
        }
        let off = (5.0, 3.0, 7.0, 10)          // 2.5% of the level, CI clear of 0
        #expect(Stationarity.suggestsLongerWarmup(row(mser: 20, configured: 12, bias: off)))
        #expect(Stationarity.suggestsLongerWarmup(row(mser: 5, configured: nil, bias: off)), "no recorded warm-up: counted from month 1")
        #expect(!Stationarity.suggestsLongerWarmup(row(mser: 15, configured: 12, bias: off)), "within a batch of the warm-up")
        #expect(!Stationarity.suggestsLongerWarmup(row(mser: 20, configured: 12, bias: (5, -1, 11, 10))), "CI includes 0")
        #expect(!Stationarity.suggestsLongerWarmup(row(mser: 20, configured: 12, bias: (1.5, 1, 2, 10))), "below 1% of the level")
        #expect(!Stationarity.suggestsLongerWarmup(row(mser: 20, configured: 12, bias: (5, 5, 5, 1))), "one replication")
        #expect(!Stationarity.suggestsLongerWarmup(row(mser: nil, configured: 12, bias: nil)))
        #expect(row(mser: 55, configured: 12, bias: off).mserAtLimit && !row(mser: 50, configured: 12, bias: off).mserAtLimit)
    }

    @Test("one replication: no CI (not a zero-width one) and every verdict unclear")
    func oneReplication() throws {
        let info = Synthetic.info(replications: 1, scenarios: ["alpha"])
        let rows = Stationarity.analyse(info, Synthetic.results(info))
        #expect(rows.count == 4)
        for r in rows {
            #expect(r.replications == 1 && r.slopePerYear.isFinite && r.low.isNaN && r.high.isNaN && r.verdict == .unclear)
        }
        let report = Report.html(info, Synthetic.results(info), language: .en)
        #expect(report.contains("With one replication a trend cannot be told apart from noise"))
    }

    @Test("warm-up months (month ≤ 0) are left out of level and slope but used by MSER-5")
    func warmupMonths() throws {
        let alpha = try row("alpha", "flat"), beta = try row("beta", "flat")
        // The warm-up falls from 300 to 100: with it the slope would be steeply negative.
        #expect(alpha.verdict == .steady && abs(alpha.slopePerYear) < 1)
        #expect(alpha.configuredWarmupMonths == 12 && beta.configuredWarmupMonths == nil)
        // MSER-5 finds the end of the warm-up's transient to the batch: month 0 is the 12th month of
        // the run, in the third batch (months 11–15 from the start).
        #expect((10...15).contains(alpha.mserWarmupMonths ?? -1), "\(String(describing: alpha.mserWarmupMonths))")
        #expect(!Stationarity.suggestsLongerWarmup(alpha))
        // Without recorded warm-up nothing is transient; MSER-5 may still cut a batch of noise (it
        // does here: 5 months), but those months are not off the level, so no longer warm-up is
        // suggested.
        #expect((0...5).contains(beta.mserWarmupMonths ?? -1), "\(String(describing: beta.mserWarmupMonths))")
        #expect(!Stationarity.suggestsLongerWarmup(beta))
        // The slow transient, 300 · e^(−t/4) for t months from the start, against noise of about
        // 4/√8/√5 ≈ 0.63 in a batch mean of the averaged series: still 7 (11 noise sds) at t = 15,
        // 0.05 at t = 35. MSER-5 cuts in between, well after the warm-up, and below its limit.
        let settling = try row("alpha", "settling")
        #expect((15...35).contains(settling.mserWarmupMonths ?? -1), "\(String(describing: settling.mserWarmupMonths))")
        #expect(Stationarity.suggestsLongerWarmup(settling) && !settling.mserAtLimit)
        #expect(settling.recordedMonths == 108 && mserLimit(count: 108) == 45)
        // MSER-5 runs on the averaged series with its warm-up rows: without them (beta) the series
        // starts at t = 12, where the transient is 15, and MSER-5 counts from month 1.
        let measuredOnly = try row("beta", "settling")
        #expect((5...25).contains(measuredOnly.mserWarmupMonths ?? -1), "\(String(describing: measuredOnly.mserWarmupMonths))")
        #expect(Stationarity.suggestsLongerWarmup(measuredOnly) && !measuredOnly.mserAtLimit)
        // A straight trend never settles: MSER-5 runs to its limit.
        for scenario in ["alpha", "beta"] {
            for series in ["rising", "falling"] { #expect(try row(scenario, series).mserAtLimit, "\(scenario) \(series)") }
        }
    }

    @Test("stationarity.csv: the header, one row per cell and series, blanks for an unknown warm-up")
    func csvFile() throws {
        let files = RunDirectory.files(Self.info, Self.results)
        let text = try #require(files.first { $0.0 == "stationarity.csv" }?.1)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "scenario,series,level,slope_per_year,ci95_low,ci95_high,verdict,mser5_warmup_months,configured_warmup_months")
        #expect(lines.count == 1 + 8 + 1 && lines.last == "")
        let alphaRising = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let r = try row("alpha", "rising")
        #expect(alphaRising == ["alpha", "rising", RunDirectory.number(r.level), RunDirectory.number(r.slopePerYear),
                                RunDirectory.number(r.low), RunDirectory.number(r.high), "rising",
                                "\(r.mserWarmupMonths!)", "12"])
        let betaFlat = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(betaFlat[0] == "beta" && betaFlat[1] == "flat" && betaFlat[6] == "steady" && betaFlat[8] == "")
        #expect(lines[3].hasPrefix("alpha,falling,") && lines[3].contains(",falling,"))
    }

    @Test("timeseries.csv leaves out the warm-up months; the report's charts too")
    func timeseriesWithoutWarmup() throws {
        let files = RunDirectory.files(Self.info, Self.results)
        let text = try #require(files.first { $0.0 == "timeseries.csv" }?.1)
        let months = text.split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[2])! }
        #expect(months.allSatisfy { $0 >= 1 })
        #expect(months.count == 2 * 8 * 96 * 4, "every measured month of both scenarios")
        #expect(Set(months) == Set(1...96))
        // A waiting-list chart starts at month 1: add a waiting list recorded through the warm-up.
        let info = Synthetic.info(replications: 2, scenarios: ["alpha"])
        let results = Synthetic.results(info).map { job in
            var job = job
            job.timeseries += (-11...96).map { TimeseriesRow(month: $0, series: "waiting_list.ggz", value: $0 <= 0 ? 1000 : 7) }
            return job
        }
        let html = Report.html(info, results, language: .en)
        let chart = try #require(svgs(html).first { $0.contains("data-chart=\"waiting_list.ggz\"") })
        #expect(chart.contains("data-value=\"7.0\""), "the line's mean is that of the measured months only")
    }

    @Test("part files keep the warm-up rows, so merged shards give the same stationarity.csv")
    func shardsKeepWarmup() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wijksim-stationarity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var parts: [(path: String, info: PlanInfo, shard: (Int, Int), results: [JobResult])] = []
        for k in 1...3 {
            let range = Self.info.shard(k, of: 3)
            let path = folder.appendingPathComponent(RunDirectory.partName(k, 3)).path
            try RunDirectory.writeAtomically(RunDirectory.partJSON(Self.info, shard: (k, 3), results: Self.results.filter { range.contains($0.index) }),
                                             to: path)
            let (info, shard, read) = try RunDirectory.readPart(path)
            // jobs 0…7 are alpha's, which recorded the warm-up
            #expect(read.contains { $0.timeseries.contains { $0.month <= 0 } } == (range.lowerBound < 8), "shard \(k): warm-up rows")
            parts.append((path, info, shard, read))
        }
        let (info, merged) = try RunDirectory.merge(parts)
        let whole = RunDirectory.files(Self.info, Self.results), again = RunDirectory.files(info, merged)
        #expect(whole.map(\.0) == again.map(\.0))
        for (a, b) in zip(whole, again) { #expect(a.1 == b.1, "\(a.0) differs after merging") }
    }

    @Test("the report says which series rise or fall, per scenario, and when MSER-5 wants a longer warm-up", arguments: Language.allCases)
    func reportSection(_ language: Language) throws {
        let html = Report.html(Self.info, Self.results, language: language)
        #expect(wellFormedProblems(html).problems.isEmpty, "\(wellFormedProblems(html).problems.prefix(3))")
        let section = try #require(html.components(separatedBy: "<h2>\(esc(language.t("settle.title")))</h2>").dregs)
        if language == .en {
            #expect(section.contains("alpha: rising up by 10.0") || section.contains("alpha: rising up by 9.9"),
                    "\(section.prefix(1200))")
            #expect(section.contains("falling down by 2.9") || section.contains("falling down by 3.0"))
            let alphaNote = section.components(separatedBy: "<p>alpha: MSER-5 places the end of the start-up transient beyond the configured warm-up of 12 months for ")
            #expect(alphaNote.count == 2 && alphaNote.last!.components(separatedBy: "</p>")[0].contains("settling (at "))
            let betaNote = section.components(separatedBy: "<p>beta: MSER-5 still finds a start-up transient after the warm-up for ")
            #expect(betaNote.count == 2 && betaNote.last!.components(separatedBy: "</p>")[0].contains("settling (the first "))
            #expect(section.contains("<p>alpha: for rising, falling, MSER-5 finds no end to the start-up transient"))
            #expect(section.contains("Not everything settles:"))
        } else {
            #expect(section.contains("alpha: rising 10,0") || section.contains("alpha: rising 9,9"),
                    "\(section.prefix(1200))")
            #expect(section.contains("per jaar omhoog") && section.contains("per jaar omlaag"))
            #expect(section.contains("falling 2,9") || section.contains("falling 3,0"))
            #expect(section.contains("alpha: voor rising, falling vindt MSER-5"))
            #expect(section.contains("Niet alles komt tot rust:"))
        }
        // Only steady series: the plain sentence.
        let flatOnly = Self.results.map { job in
            var job = job
            job.timeseries = job.timeseries.filter { $0.series == "flat" && $0.month >= 1 }
            return job
        }
        let steady = Report.html(Self.info, flatOnly, language: language)
        #expect(steady.contains(esc(language.t("settle.reading.steady"))))
        #expect(steady.contains(esc(language.t("settle.cell", "alpha", language.t("settle.all_steady", "1")))))
    }
}

extension Array where Element == String {
    /// The part after the first separator, when there is one.
    fileprivate var dregs: String? { count > 1 ? self[1] : nil }
}
