// The classroom replay (`wijksim replay`): one replication of the city, a neighbourhood's worth of its
// households as dots that move between zones as the model moves them, in one self-contained HTML page. With two
// scenarios, both cities run on the same streams (common random numbers): the same households arrive
// at the same moments with the same luck, so a family can be followed through both designs and the
// moment their paths part can be shown.
//
// The page's data is built here: the zones at the start of the measured window and every change
// after it (from `ZoneRecorder`), the month ends, the monthly series and costs, and each household's
// story in the chosen language (from `TraceRecorder`, rendered as `wijksim trace` renders it).

import Foundation
import Experiments
import SimCore
import SocialDomain

/// One scenario's replication, recorded for the replay. Its recorders are written only while the
/// replication runs, inside `init`, and only read afterwards: safe to hand between threads.
public struct ReplayRun: @unchecked Sendable {
    /// The scenario's name.
    public let name: String
    /// The configuration that ran (the whole city; the sample is only what is recorded).
    public let config: ModelConfig
    public let result: ReplicationResult
    public let zones: ZoneRecorder
    public let trace: TraceRecorder

    /// Runs replication 0 of `config` with `seed` (the city as `wijksim run` runs it), recording the
    /// zones and stories of a `share` of its households.
    public init(name: String, config: ModelConfig, seed: UInt64, share: Double) {
        self.name = name
        self.config = config
        zones = ZoneRecorder(share: share)
        trace = TraceRecorder(follows: ZoneRecorder.sample(share: share))
        result = CityModel.replicate(config, key: StreamKey(seed: seed), trace: trace, zones: zones)
    }

    /// The start of the measured window (the replay's time 0), in weeks of the run.
    public var start: Double { config.warmupWeeks }

    /// The run's own monthly series by name (months 1…).
    public func series(_ name: String) -> [Double] {
        result.timeseries.filter { $0.series == name && $0.month >= 1 }.sorted { $0.month < $1.month }.map(\.value)
    }
}

/// The data of a replay page, and the page.
public struct Replay {
    public let runs: [ReplayRun]
    public let language: Language
    public let seed: UInt64
    /// The share of the city's households followed (the neighbourhood on the page).
    public let share: Double
    /// Households present in the whole city at the start of the window (the first scenario).
    public var cityHouseholds: Int { runs[0].zones.presentAtStart }

    public init(runs: [ReplayRun], language: Language, seed: UInt64) {
        precondition(!runs.isEmpty && runs.count <= 2, "a replay shows one or two scenarios")
        self.runs = runs; self.language = language; self.seed = seed
        share = runs[0].zones.share
    }

    /// Times in the page: hundredths of a week from the start of the measured window.
    static func centiweeks(_ week: Double, from start: Double) -> Int { Int(((week - start) * 100).rounded()) }

    /// The end of measured month m in the page's time (as the page computes it).
    public static func monthEnd(_ m: Int) -> Int { Int((Double(m) * 52.0 / 12 * 100).rounded()) }

    /// The first step at which two stories of one household differ (nil if they are the same): the
    /// index in each, or nil in the one that has no step there (its story ended earlier).
    public static func firstDivergence(_ a: [TraceEntry], _ b: [TraceEntry]) -> (a: Int?, b: Int?)? {
        let n = min(a.count, b.count)
        for k in 0..<n where a[k] != b[k] { return (k, k) }
        if a.count == b.count { return nil }
        return (a.count > n ? n : nil, b.count > n ? n : nil)
    }

    // MARK: The data

    /// The page's data as JSON text.
    public func dataJSON() -> String {
        let L = language
        // Every household seen in any run's window, by arrival number: one index for all runs.
        var ids = Set<UInt64>()
        for run in runs {
            for c in run.zones.initial { ids.insert(c.household) }
            for c in run.zones.changes { ids.insert(c.household) }
        }
        let households = ids.sorted()
        var index: [UInt64: Int] = [:]
        for (i, h) in households.enumerated() { index[h] = i }

        // Stories by household, per run.
        var entriesByRun: [[UInt64: [TraceEntry]]] = []
        var chargesByRun: [[UInt64: [TraceCharge]]] = []
        for run in runs {
            var entries: [UInt64: [TraceEntry]] = [:], charges: [UInt64: [TraceCharge]] = [:]
            for e in run.trace.entries where index[e.household] != nil { entries[e.household, default: []].append(e) }
            for c in run.trace.charges where index[c.household] != nil { charges[c.household, default: []].append(c) }
            entriesByRun.append(entries); chargesByRun.append(charges)
        }

        // Profiles: the first run's, then any other names.
        var profiles = runs[0].config.profiles.map(\.name)
        var profileOf = [Int](repeating: 0, count: households.count)
        for (i, h) in households.enumerated() {
            let name = entriesByRun.lazy.compactMap { $0[h]?.first { $0.key == "arrived" }?.arguments.first }.first
            if let name {
                if let k = profiles.firstIndex(of: name) { profileOf[i] = k } else { profiles.append(name); profileOf[i] = profiles.count - 1 }
            }
        }

        // Story texts, each once, with its step's kind (for the page's colours).
        var strings: [String] = [], stringKinds: [Int] = [], stringIndex: [String: Int] = [:]
        let kinds = TraceKind.allCases.map(\.rawValue) + ["running"]
        func intern(_ s: String, kind: String) -> Int {
            let key = kind + "\u{1}" + s
            if let k = stringIndex[key] { return k }
            strings.append(s); stringKinds.append(kinds.firstIndex(of: kind)!); stringIndex[key] = strings.count - 1
            return strings.count - 1
        }

        // Every story, per run, and where the two stories of a household part (line indices).
        typealias Built = (story: HouseholdStory, lines: [HouseholdStory.Line])
        let built: [[Int: Built]] = runs.indices.map { r in
            var out: [Int: Built] = [:]
            for (i, h) in households.enumerated() {
                guard let entries = entriesByRun[r][h] else { continue }
                let story = HouseholdStory(household: h, entries: entries, charges: chargesByRun[r][h] ?? [])
                out[i] = (story, story.lines)
            }
            return out
        }
        var parting: [Int: [Int?]] = [:]
        if runs.count == 2 {
            for i in households.indices {
                guard let a = built[0][i], let b = built[1][i], let d = Self.firstDivergence(a.story.entries, b.story.entries) else { continue }
                // The k-th step is on the k-th line that has a step (lines keep the steps' order).
                func line(_ k: Int?, _ s: Built) -> Int? { k.map { k in s.lines.indices.filter { s.lines[$0].entry != nil }[k] } }
                parting[i] = [line(d.a, a), line(d.b, b)]
            }
        }

        var cities: [JSONValue] = []
        var keptParting: [Int: [Int]] = [:]
        for (r, run) in runs.enumerated() {
            let start = run.start
            var initial: [Int] = []
            for c in run.zones.initial { initial += [index[c.household]!, Int(c.zone.rawValue) << 4 | min(15, c.problems)] }
            var events: [Int] = []
            events.reserveCapacity(run.zones.changes.count * 3)
            // Rounded to hundredths of a week, a move may not cross a month end: the page's counts at the
            // end of month m (time `monthEnd(m)`) are those of the moves made before it, as the model's series.
            var last = 0, month = 0
            for (k, c) in run.zones.changes.enumerated() {
                while month < run.zones.monthEnds.count && run.zones.monthEnds[month] <= k { month += 1 }
                var t = max(last, Self.centiweeks(c.week, from: start))
                if month > 0 { t = max(t, Self.monthEnd(month) + 1) }
                if month < run.zones.monthEnds.count { t = min(t, Self.monthEnd(month + 1)) }
                events += [t - last, index[c.household]!, Int(c.zone.rawValue) << 4 | min(15, c.problems)]
                last = t
            }
            // Series for the small charts.
            var series: [(String, JSONValue)] = []
            for name in Self.seriesNames(run) { series.append((name, intArray(run.series(name)))) }
            // Costs per payer and month, in whole euros (payers with any cost).
            let months = run.zones.monthEnds.count
            var costs: [(String, JSONValue)] = []
            for payer in Payer.allCases {
                // (A rounding error's worth past the last month end belongs to the last month.)
                var perMonth = (0..<months).map { m in m < run.zones.costs.count ? run.zones.costs[m][payer.rawValue] : 0 }
                if months > 0 { for m in months..<max(months, run.zones.costs.count) { perMonth[months - 1] += run.zones.costs[m][payer.rawValue] } }
                if perMonth.contains(where: { $0 != 0 }) { costs.append((payer.key, intArray(perMonth))) }
            }
            // Stories: per household, per line [Δt, text, n, payer₁, euros₁, … payerₙ, eurosₙ] (Δt from the line
            // before, the first from the start of the window; a text has one kind, `stringKinds`).
            var stories: [(String, JSONValue)] = []
            for i in households.indices {
                guard let (story, lines) = built[r][i] else { continue }
                let partsAt = parting[i]?[r] ?? nil
                let keep = Self.keptLines(lines, start: start, divergence: partsAt)
                if parting[i] != nil {
                    keptParting[i, default: [-1, -1]][r] = keep.firstIndex {
                        if case .line(let k) = $0 { return k == partsAt } else { return false }
                    } ?? -1
                }
                var flat: [Int] = []
                flat.reserveCapacity(keep.count * 5)
                var last = 0
                for item in keep {
                    let t: Int, text: Int, costs: [(payer: Payer, amount: Double)]
                    switch item {
                    case .line(let k):
                        let line = lines[k]
                        t = Self.centiweeks(line.week, from: start)
                        text = intern(story.stepText(line, L), kind: line.entry?.kind.rawValue ?? "running")
                        costs = line.costs
                    case .skipped(let count, let week, let skippedCosts):
                        t = Self.centiweeks(week, from: start)
                        text = intern(L.t("replay.earlier", "\(count)"), kind: "running")
                        costs = skippedCosts
                    }
                    flat += [t - last, text, costs.count]
                    last = t
                    for c in costs { flat += [c.payer.rawValue, Int(c.amount.rounded())] }
                }
                stories.append(("\(i)", .raw(intText(flat))))
            }
            // The model's own month-end counts per zone, for checking the page (scripts/check-replay.sh).
            let zoneSeries: [(String, JSONValue)] = Zone.allCases.map { ($0.key, intArray(run.series("zone.\($0.key)"))) }
            cities.append(.object([
                ("name", .string(run.name)),
                ("zoneSeries", .object(zoneSeries)),
                ("initial", .raw(intText(initial))),
                ("events", .raw(intText(events))),
                ("monthEnds", .raw(intText(run.zones.monthEnds))),
                ("series", .object(series)),
                ("costs", .object(costs)),
                ("stories", .object(stories)),
            ]))
        }

        // Where the two stories of a household part: [household, line in the first, line in the second],
        // as indices into the lines the page holds (−1: that story has no line there, it ended earlier).
        let divergence = keptParting.keys.sorted().flatMap { [$0] + keptParting[$0]! }

        let first = runs[0]
        let payers = Payer.allCases.map { JSONValue.object([("key", .string($0.key)), ("label", .string(L.term($0.key)))]) }
        let object: JSONValue = .object([
            ("version", .integer(1)),
            ("lang", .string(L.rawValue)),
            ("seed", .unsigned(seed)),
            ("share", .number(share)),
            ("cityHouseholds", .integer(cityHouseholds)),
            ("warmupYears", .number(first.config.warmupWeeks / 52)),
            ("weeks", .number(first.config.measureWeeks)),
            ("weeksPerMonth", .number(52.0 / 12)),
            ("households", .raw(intText(households.map { Int($0) }))),
            ("profile", .raw(intText(profileOf))),
            ("profiles", .array(profiles.map { .string(L.term($0)) })),
            ("zones", .array(Zone.allCases.map { .object([("key", .string($0.key)), ("label", .string(L.t("zone." + $0.key)))]) })),
            ("payers", .array(payers)),
            ("kinds", .array(kinds.map { .string($0) })),
            ("seriesLabels", .object(Self.seriesNames(first).map { ($0, .string(L.series($0))) })),
            ("strings", .array(strings.map { .string($0) })),
            ("stringKinds", .raw(intText(stringKinds))),
            ("divergence", .raw(intText(divergence))),
            ("cities", .array(cities)),
            ("text", .object(Self.pageKeys.map { ($0, .string(L.t("replay." + $0))) })),
        ])
        return object.text
    }

    /// A line the page holds: a line of the story, or a marker for the earlier lines left out.
    enum KeptLine {
        case line(Int)
        case skipped(count: Int, week: Double, costs: [(payer: Payer, amount: Double)])
    }

    /// Steps before the window kept besides the arrival and the point where two stories part.
    static let earlierLinesKept = 12

    /// The lines the page holds: every line in the window; before it, the arrival, the last
    /// `earlierLinesKept` lines and the line where the stories part (`divergence`, a line index), with
    /// a marker standing for the lines left out (carrying their costs, so the totals stay whole).
    static func keptLines(_ lines: [HouseholdStory.Line], start: Double, divergence: Int?) -> [KeptLine] {
        let before = lines.prefix { $0.week < start }.count
        var out: [KeptLine] = []
        var skipped: [HouseholdStory.Line] = []
        func flush() {
            guard !skipped.isEmpty else { return }
            out.append(.skipped(count: skipped.count, week: skipped.last!.week, costs: HouseholdStory.byPayer(skipped.flatMap(\.costs))))
            skipped = []
        }
        for k in lines.indices {
            if k == 0 || k >= before - earlierLinesKept || k == divergence {
                flush()
                out.append(.line(k))
            } else {
                skipped.append(lines[k])
            }
        }
        flush()
        return out
    }

    static func seriesNames(_ run: ReplayRun) -> [String] {
        run.config.teams.map { "waiting_list.\($0.name)" } + run.config.services.map { "waiting_list.\($0.name)" } + ["crises"]
    }

    func intArray(_ xs: [Double]) -> JSONValue { .raw(intText(xs.map { Int($0.rounded()) })) }

    func intText(_ xs: [Int]) -> String {
        var s = "["
        s.reserveCapacity(xs.count * 5)
        for (k, x) in xs.enumerated() {
            if k > 0 { s += "," }
            s += String(x)
        }
        return s + "]"
    }

    /// The page's words, looked up as `replay.<key>`.
    static let pageKeys = [
        "title", "subtitle", "play", "pause", "speed", "colour", "colour.profile", "colour.problems", "clock", "clock.before",
        "weeks_per_second", "waiting", "costs", "crises", "story", "story.empty", "story.total", "story.parts", "story.same",
        "story.absent", "neighbourhood", "problems", "no_problems", "end", "legend", "crises_so_far", "lines", "not_drawn",
    ]
}
