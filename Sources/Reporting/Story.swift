// A household's life as a dated story for the classroom (`wijksim trace`): every step with the
// reason it happened and the cost it caused, and at the end the total cost and who paid it.
// Rendered as Markdown, a self-contained HTML page, or JSON, in English or Dutch.

import Foundation
import Experiments
import ScenarioKit
import SimCore
import Uncertainty
import SocialDomain

public struct HouseholdStory: Sendable {
    public let household: UInt64
    public let entries: [TraceEntry]
    public let charges: [TraceCharge]

    /// The story of `household` from a recorder's entries and charges (of any households).
    public init(household: UInt64, entries: [TraceEntry], charges: [TraceCharge]) {
        self.household = household
        self.entries = entries.filter { $0.household == household }
        self.charges = charges.filter { $0.household == household }
    }

    /// One line of the story: a step with the costs booked at that moment, or (step nil) costs booked
    /// with no step of their own (costs still running when the run ends).
    public struct Line: Sendable {
        public let week: Double
        public let entry: TraceEntry?
        public let costs: [(payer: Payer, amount: Double)]
        public var cost: Double { costs.reduce(0) { $0 + $1.amount } }
    }

    /// The steps, each with the costs booked at the same moment: crisis costs to the crisis, treatment
    /// costs to the treatment, other costs (support, benefit, work-and-income) to the last other step
    /// at that moment (the one that ended them). Costs at a moment without a step get a line of their own.
    public var lines: [Line] {
        var byEntry: [Int: [TraceCharge]] = [:]
        var orphans: [Double: [TraceCharge]] = [:]
        var atWeek: [Double: [Int]] = [:]
        for (k, e) in entries.enumerated() { atWeek[e.week, default: []].append(k) }
        for c in charges {
            guard let candidates = atWeek[c.week] else { orphans[c.week, default: []].append(c); continue }
            let preferred: TraceKind? = c.category == .crisis ? .crisis : (c.category == .secondLine ? .treatment : nil)
            let owner = candidates.last { preferred != nil && entries[$0].kind == preferred && entries[$0].cost > 0 }
                ?? candidates.last { entries[$0].kind != .crisis && entries[$0].kind != .treatment }
                ?? candidates.last!
            byEntry[owner, default: []].append(c)
        }
        var out: [Line] = entries.enumerated().map { k, e in
            Line(week: e.week, entry: e, costs: byEntry[k].map(Self.byPayer) ?? [])
        }
        for week in orphans.keys.sorted() { out.append(Line(week: week, entry: nil, costs: Self.byPayer(orphans[week]!))) }
        return out.enumerated().sorted { ($0.element.week, $0.offset) < ($1.element.week, $1.offset) }.map(\.element)
    }

    /// Amounts summed per payer, in payer order (payers with nothing left out).
    static func byPayer(_ costs: [(payer: Payer, amount: Double)]) -> [(payer: Payer, amount: Double)] {
        var sums = [Double](repeating: 0, count: Payer.allCases.count)
        for c in costs { sums[c.payer.rawValue] += c.amount }
        return Payer.allCases.filter { sums[$0.rawValue] != 0 }.map { ($0, sums[$0.rawValue]) }
    }

    static func byPayer(_ charges: [TraceCharge]) -> [(payer: Payer, amount: Double)] {
        byPayer(charges.map { (payer: $0.payer, amount: $0.amount) })
    }

    /// Total cost per payer over the whole story, largest first.
    public var totals: [(payer: Payer, amount: Double)] {
        Self.byPayer(charges).sorted { $0.amount > $1.amount }
    }

    public var totalCost: Double { charges.reduce(0) { $0 + $1.amount } }

    func costText(_ line: Line, _ L: Language) -> String {
        guard line.cost != 0 else { return "" }
        return L.t("story.cost", L.euros(line.cost), line.costs.map { L.term($0.payer.key) }.joined(separator: ", "))
    }

    func stepText(_ line: Line, _ L: Language) -> String {
        line.entry.map { L.story($0, context(of: $0)) } ?? L.t(runningKey(line))
    }

    /// Costs booked without a step of their own are the running costs (benefit, treatment, support)
    /// that the model books at the end of every measured year and at the end of the run: the end of
    /// the run when nothing follows in the story, the end of a year otherwise.
    func runningKey(_ line: Line) -> String {
        let last = max(entries.map(\.week).max() ?? -.infinity, charges.map(\.week).max() ?? -.infinity)
        return line.week < last ? "story.year_end" : "story.running"
    }

    /// The household's profile, from its arrival (nil if the story does not begin there).
    public var profile: String? {
        entries.first { $0.key == "arrived" }.flatMap(\.arguments.first)
    }

    /// What the sentence of step `e` needs from the rest of the story: the household's profile, and
    /// whether a team's worker took over a bridged wait (the first line supported it meanwhile).
    func context(of e: TraceEntry) -> Language.StoryContext {
        var bridged = false
        if e.key == "team.taken", let k = entries.firstIndex(of: e), k > 0 {
            let before = entries[k - 1]
            bridged = before.key == "handover.bridged" && before.week == e.week && before.arguments.first == e.arguments.dropFirst().first
        }
        return Language.StoryContext(profile: profile, bridged: bridged)
    }

    func whyText(_ line: Line, _ L: Language) -> String {
        line.entry.map { L.t(Self.whyKey($0)) } ?? ""
    }

    /// The reason of a step: by its kind, with the life course's own steps told apart.
    static func whyKey(_ e: TraceEntry) -> String {
        switch e.key {
        case "left" where e.arguments.first == "moved_away": "why.moved"
        case "children.grown", "benefit.pension": "why.life"
        default: "why.\(e.kind.rawValue)"
        }
    }

    // MARK: Formats

    public func markdown(_ L: Language, scenario: String, seed: UInt64, picked: String? = nil) -> String {
        var s = "# \(L.t("story.title", "\(household)"))\n\n"
        s += L.t("story.scenario", scenario, "\(seed)") + "\n"
        if let picked { s += "\n" + L.t("story.picked", L.t("pick.\(picked)"), "\(household)") + "\n" }
        s += "\n"
        for line in lines {
            var text = "- **\(L.when(line.week))**: \(stepText(line, L))"
            let why = whyText(line, L)
            if !why.isEmpty { text += " _(\(why))_" }
            let cost = costText(line, L)
            if !cost.isEmpty { text += ". " + cost }
            s += text + "\n"
        }
        s += "\n" + summaryText(L).joined(separator: "\n") + "\n"
        return s
    }

    func summaryText(_ L: Language) -> [String] {
        guard totalCost != 0 else { return [L.t("story.nocost")] }
        var out = [L.t("story.total", L.euros(totalCost))]
        for t in totals { out.append("- \(L.term(t.payer.key)): \(L.euros(t.amount))") }
        out.append("")
        out.append(L.t("story.note"))
        return out
    }

    public func html(_ L: Language, scenario: String, seed: UInt64, picked: String? = nil) -> String {
        let title = L.t("story.title", "\(household)")
        var s = """
            <!DOCTYPE html>
            <html lang="\(L.rawValue)">
            <head>
            <meta charset="utf-8"/>
            <title>\(esc(title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222; }
            table { border-collapse: collapse; width: 100%; } td, th { padding: 0.35em 0.6em; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
            td.cost { text-align: right; white-space: nowrap; } td.when { white-space: nowrap; color: #555; } .why { color: #666; font-style: italic; }
            tr.crisis td { background: #fdecea; } tr.work td { background: #eaf6ea; } tr.closed td { background: #eef3fa; }
            </style>
            </head>
            <body>
            <h1>\(esc(title))</h1>
            <p>\(esc(L.t("story.scenario", scenario, "\(seed)")))</p>

            """
        if let picked { s += "<p>\(esc(L.t("story.picked", L.t("pick.\(picked)"), "\(household)")))</p>\n" }
        s += "<table>\n<tr><th>\(esc(L.t("story.when.header")))</th><th>\(esc(L.t("story.step.header")))</th>"
            + "<th>\(esc(L.t("story.why.header")))</th><th>\(esc(L.t("story.cost.header")))</th></tr>\n"
        for line in lines {
            let kind = line.entry?.kind.rawValue ?? "running"
            s += "<tr class=\"\(kind)\"><td class=\"when\">\(esc(L.when(line.week)))</td><td>\(esc(stepText(line, L)))</td>"
                + "<td class=\"why\">\(esc(whyText(line, L)))</td><td class=\"cost\">\(esc(costText(line, L)))</td></tr>\n"
        }
        s += "</table>\n"
        let summary = summaryText(L)
        s += "<p><strong>\(esc(summary[0]))</strong></p>\n"
        let items = summary.dropFirst().filter { $0.hasPrefix("- ") }
        if !items.isEmpty { s += "<ul>\n" + items.map { "<li>\(esc(String($0.dropFirst(2))))</li>\n" }.joined() + "</ul>\n" }
        if let note = summary.last, summary.count > 1 { s += "<p>\(esc(note))</p>\n" }
        return s + "</body>\n</html>\n"
    }

    public func json(_ L: Language) -> String {
        let items: [JSONValue] = lines.map { line in
            var pairs: [(String, JSONValue)] = [("week", .number(line.week)), ("when", .string(L.when(line.week))),
                                                ("household", .integer(Int(household)))]
            if let e = line.entry {
                pairs += [("kind", .string(e.kind.rawValue)), ("key", .string(e.key)),
                          ("arguments", .array(e.arguments.map { .string($0) })), ("text", .string(L.story(e, context(of: e)))),
                          ("why", .string(L.t(Self.whyKey(e))))]
            } else {
                pairs += [("kind", .string("running")), ("text", .string(L.t(runningKey(line))))]
            }
            pairs.append(("cost", .number(line.cost)))
            pairs.append(("cost_by_payer", .object(line.costs.map { ($0.payer.key, .number($0.amount)) })))
            return .object(pairs)
        }
        return JSONValue.array(items).text + "\n"
    }
}

/// Which example household `wijksim trace --pick` looks for.
public enum StoryPick: String, Sendable, CaseIterable {
    /// a crisis after the household asked for help or was found
    case escalated
    /// found paid work
    case work
    /// a closed case with the median cost
    case typical

    /// Picks a household from the entries and charges of a recorder that followed everyone: among
    /// the candidates, the one with the median number of steps (typical: the median cost).
    public func pick(entries: [TraceEntry], charges: [TraceCharge]) -> UInt64? {
        var steps: [UInt64: [TraceEntry]] = [:]
        for e in entries { steps[e.household, default: []].append(e) }
        var cost: [UInt64: Double] = [:]
        for c in charges { cost[c.household, default: 0] += c.amount }
        let candidates: [UInt64] = steps.keys.sorted().filter { h in
            let es = steps[h]!
            // A story worth telling ends within the run: the case was closed.
            guard es.contains(where: { $0.kind == .closed }) else { return false }
            switch self {
            case .escalated:
                // asked for help (or was found) before any crisis, and escalated while known
                guard let signal = es.firstIndex(where: { $0.kind == .signal }), es[signal].key != "signal.crisis",
                      !es[..<signal].contains(where: { $0.key == "crisis" }) else { return false }
                return es[signal...].contains { $0.key == "crisis" }
            case .work: return es.contains { $0.key == "work.found" }
            case .typical: return true
            }
        }
        guard !candidates.isEmpty else { return nil }
        let key: (UInt64) -> Double = self == .typical ? { cost[$0] ?? 0 } : { Double(steps[$0]!.count) }
        let sorted = candidates.sorted { (key($0), $0) < (key($1), $1) }
        return sorted[(sorted.count - 1) / 2]
    }
}
