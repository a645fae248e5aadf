// The classroom replay: the page's data against the model's own monthly series, the stories' point
// of parting against the traces, and a page that fetches nothing.

import Foundation
import Testing
@testable import Reporting
import SimCore
import SocialDomain

/// The default city at a ninth of its size with a short warm-up, so a replay is quick with the
/// invariant checks compiled in (staff and places scaled with the arrivals, the first line with a
/// little more room: a small team is noisier).
func replayCity(years: Double = 4) -> ModelConfig {
    var c = ModelConfig.defaultCity
    c.name = "small-city"
    c.arrivalsPerYear /= 9
    c.teams[0].workers = 4
    c.teams[1].workers = 2
    for i in c.services.indices { c.services[i].capacity = Int((Double(c.services[i].capacity) / 9).rounded(.up)) }
    c.work.consultants = 4
    c.warmupWeeks = 8 * 52
    c.measureWeeks = years * 52
    return c
}

/// The page's data as the page reads it: the JSON inside the HTML.
func pageData(_ html: String) throws -> [String: Any] {
    let open = #"<script type="application/json" id="replay-data">"#
    let start = try #require(html.range(of: open))
    let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
    let text = String(html[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "<\\/", with: "</")
    return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Zone counts at the end of every month, computed the way the page computes them: the zones at the
/// start, then every move whose time is at or before the month's end.
func pageMonthCounts(_ city: [String: Any], zones: Int, months: Int) -> [[Int]] {
    let initial = city["initial"] as! [Int], events = city["events"] as! [Int]
    var zone: [Int: Int] = [:]
    for k in stride(from: 0, to: initial.count, by: 2) { zone[initial[k]] = initial[k + 1] >> 4 }
    var out: [[Int]] = []
    var i = 0, t = 0
    for m in 1...months {
        let end = Replay.monthEnd(m)
        while i < events.count {
            let next = t + events[i]
            guard next <= end else { break }
            t = next
            zone[events[i + 1]] = events[i + 2] >> 4
            i += 3
        }
        var counts = [Int](repeating: 0, count: zones)
        for z in zone.values { counts[z] += 1 }
        out.append(counts)
    }
    return out
}

@Suite("Classroom replay", .serialized)
struct ReplayTests {
    @Test("the replay's zone counts at every month end equal the model's own monthly series (a sample and the whole city)")
    func zoneCountsMatchSeries() throws {
        for share in [0.4, 1.0] {
            // A first line a worker short, so that households wait for the wijkteam too.
            var config = replayCity()
            config.teams[0].workers = 3
            let run = ReplayRun(name: "small-city", config: config, seed: 7, share: share)
            let replay = Replay(runs: [run], language: .en, seed: 7)
            let data = try pageData(replay.html())
            let city = (data["cities"] as! [[String: Any]])[0]
            let months = Int((config.measureWeeks / (52.0 / 12)).rounded())
            let counts = pageMonthCounts(city, zones: Zone.allCases.count, months: months)
            for (z, zone) in Zone.allCases.enumerated() {
                let series = run.series("zone.\(zone.key)")
                #expect(series.count == months, "zone.\(zone.key): \(series.count) months in the series, \(months) expected")
                for m in 0..<min(months, series.count) where Int(series[m]) != counts[m][z] {
                    Issue.record("share \(share), month \(m + 1), \(zone.key): the replay counts \(counts[m][z]), the model's series \(Int(series[m]))")
                    break
                }
            }
            // The picture is not empty: households are counted in the main zones at month ends, and moves
            // enter every zone but family coaching and own strength (not used in this design).
            for zone in [Zone.home, .withTeam, .waitingForSpecialist, .inTreatment, .atWork, .left] {
                #expect(run.series("zone.\(zone.key)").reduce(0, +) > 0, "share \(share): nobody ever in \(zone.key) at a month end")
            }
            for zone in Zone.allCases where zone != .familyCoaching && zone != .ownStrength {
                #expect(run.zones.changes.contains { $0.zone == zone }, "share \(share): no move into \(zone.key)")
            }
            #expect(run.zones.changes.count > 1_000)
            if share == 1 {
                // Following everyone, the present zones add up to the model's count of households present.
                let present = run.series("households_present")
                for m in 0..<months {
                    let sum = Zone.present.reduce(0) { $0 + counts[m][Int($1.rawValue)] }
                    #expect(sum == Int(present[m]), "month \(m + 1): \(sum) in the zones, \(Int(present[m])) present")
                }
            } else {
                let followed = Double(run.zones.initial.count), all = Double(run.zones.presentAtStart)
                #expect(abs(followed / all - share) < 0.05, "followed \(followed) of \(all) for a share of \(share)")
            }
        }
    }

    @Test("the sample follows the same households whatever the design, and the runs are the runs of 'wijksim run'")
    func sampleIsTheCitysOwn() throws {
        let config = replayCity(years: 2)
        let plain = CityModel.replicate(config, key: StreamKey(seed: 3))
        let run = ReplayRun(name: "small-city", config: config, seed: 3, share: 0.3)
        // Recording changes nothing in the model: the same measures to the last digit.
        #expect(plain.measures.map { "\($0.name)=\($0.value)" } == run.result.measures.map { "\($0.name)=\($0.value)" })
        var other = config
        other.path.ownStrengthTrialWeeks = 12
        let b = ReplayRun(name: "b", config: other, seed: 3, share: 0.3)
        let followed = Set(run.trace.entries.map(\.household)), followedB = Set(b.trace.entries.map(\.household))
        #expect(!followed.isEmpty)
        // The same arrival numbers are followed in both designs (arrivals are common to both).
        #expect(followed == followedB)
        #expect(followed.allSatisfy { run.zones.follows($0) })
    }

    @Test("the costs so far on the page add up, per payer, to the run's own measured costs")
    func costsMatchLedger() throws {
        let config = replayCity(years: 3)
        let run = ReplayRun(name: "small-city", config: config, seed: 2, share: 0.5)
        let data = try pageData(Replay(runs: [run], language: .en, seed: 2).html())
        let costs = (data["cities"] as! [[String: Any]])[0]["costs"] as! [String: [Int]]
        let months = Int((config.measureWeeks / (52.0 / 12)).rounded())
        var total = 0.0
        for payer in Payer.allCases {
            let measured = run.result.ledger.amount(payer: payer)
            let perMonth = costs[payer.key] ?? []
            #expect(perMonth.isEmpty || perMonth.count == months)
            // Whole euros per month: at most half a euro of rounding a month.
            let page = Double(perMonth.reduce(0, +))
            #expect(abs(page - measured) <= 0.5 * Double(months) + 1, "\(payer.key): the page sums to \(page), the run measured \(measured)")
            total += measured
        }
        #expect(total > 1_000_000, "a city that costs nothing tests nothing")
    }

    @Test("the point where two stories part, as the page marks it, is the first step at which the traces differ")
    func partingIsFirstDifference() throws {
        let a = replayCity(years: 3)
        var b = a
        b.path.handover.warm = !a.path.handover.warm
        b.path.ownStrengthTrialWeeks = 8
        let runs = [ReplayRun(name: "a", config: a, seed: 5, share: 0.3), ReplayRun(name: "b", config: b, seed: 5, share: 0.3)]
        let data = try pageData(Replay(runs: runs, language: .en, seed: 5).html())
        let households = data["households"] as! [Int]
        let strings = data["strings"] as! [String]
        let cities = data["cities"] as! [[String: Any]]
        let marks = data["divergence"] as! [Int]
        var marked: [Int: [Int]] = [:]
        for k in stride(from: 0, to: marks.count, by: 3) { marked[marks[k]] = [marks[k + 1], marks[k + 2]] }
        let stories = cities.map { $0["stories"] as! [String: [Int]] }
        var byHousehold: [[UInt64: [TraceEntry]]] = [[:], [:]]
        for r in 0..<2 { for e in runs[r].trace.entries { byHousehold[r][e.household, default: []].append(e) } }
        var checked = 0, same = 0
        for (i, h) in households.enumerated() {
            let ea = byHousehold[0][UInt64(h)] ?? [], eb = byHousehold[1][UInt64(h)] ?? []
            guard !ea.isEmpty || !eb.isEmpty else { continue }
            // The first difference, found here by a loop of its own.
            var k = 0
            while k < ea.count && k < eb.count && ea[k] == eb[k] { k += 1 }
            if k == ea.count && k == eb.count {
                #expect(marked[i] == nil, "household \(h): the same story in both, yet marked")
                same += 1
                continue
            }
            let mark = try #require(marked[i], "household \(h): the stories differ at step \(k), not marked")
            // The marked line in each page story is that step's text at that step's time.
            for (r, entries) in [ea, eb].enumerated() {
                guard k < entries.count else { #expect(mark[r] == -1); continue }
                let flat = try #require(stories[r]["\(i)"])
                var line = 0, t = 0, p = 0, found: (t: Int, text: String)?
                while p < flat.count {
                    t += flat[p]
                    if line == mark[r] { found = (t, strings[flat[p + 1]]) }
                    p += 3 + 2 * flat[p + 2]; line += 1
                }
                let f = try #require(found, "household \(h): marked line \(mark[r]) is not in the story")
                let e = entries[k]
                #expect(f.t == Int(((e.week - runs[r].start) * 100).rounded()), "household \(h): marked at the wrong time")
                let rendered = HouseholdStory(household: UInt64(h), entries: entries, charges: []).lines.first { $0.entry == e }
                #expect(f.text == rendered.map { HouseholdStory(household: UInt64(h), entries: entries, charges: []).stepText($0, .en) },
                        "household \(h): marked '\(f.text)', the first difference is '\(e.text)'")
            }
            checked += 1
        }
        #expect(checked > 50, "only \(checked) households whose stories part")
        #expect(same > 0, "no household with the same story in both designs")
    }

    @Test("the page fetches nothing: no URL, no external script, style, image or font, no network call")
    func pageIsSelfContained() throws {
        let run = ReplayRun(name: "small-city", config: replayCity(years: 1), seed: 1, share: 0.2)
        let html = Replay(runs: [run], language: .nl, seed: 1).html()
        for pattern in ["http://", "https://", "//cdn", "src=", "href=", "@import", "url(", "fetch(", "XMLHttpRequest",
                        "import(", "WebSocket", "EventSource", "sendBeacon", "<link", "<iframe", "<img", "new Worker"] {
            #expect(!html.contains(pattern), "the page contains '\(pattern)'")
        }
        #expect(html.components(separatedBy: "<script").count - 1 == 2, "one data element and one inline script")
        #expect(html.contains("lang=\"nl\""))
        // The page lays out every zone the model knows (its rows name them).
        for zone in Zone.allCases { #expect(Replay.script.contains("'\(zone.key)'"), "the page has no place for \(zone.key)") }
        // Every word of the page exists in both languages.
        for language in Language.allCases {
            let data = try pageData(Replay(runs: [run], language: language, seed: 1).html())
            let text = data["text"] as! [String: String]
            for (key, value) in text where value == "replay." + key || value.isEmpty { Issue.record("\(language): no text for replay.\(key)") }
            for zone in data["zones"] as! [[String: String]] where zone["label"]!.hasPrefix("zone.") { Issue.record("\(language): no label for \(zone["key"]!)") }
        }
        // The data parses, and every move refers to a household of the page.
        let data = try pageData(html)
        let households = (data["households"] as! [Int]).count
        let events = ((data["cities"] as! [[String: Any]])[0]["events"] as! [Int])
        #expect(events.count % 3 == 0 && !events.isEmpty)
        for k in stride(from: 1, to: events.count, by: 3) where events[k] < 0 || events[k] >= households {
            Issue.record("move \(k / 3) names household index \(events[k]) of \(households)"); break
        }
        #expect((0..<events.count / 3).allSatisfy { events[3 * $0] >= 0 }, "moves out of time order")
    }
}
