// The story of households, event by event, for teaching and for hand-checked tests.
//
// Each step is recorded as structured data: a kind, a message key and its arguments (names, numbers).
// `text` is the English sentence rendered from them here; other languages render the same key and
// arguments at output time (Reporting/Language.swift), so the model itself stays language-free.
// Recording never draws random numbers or changes the model's state.

/// What kind of step a trace entry records.
public enum TraceKind: String, Sendable, CaseIterable {
    case arrived, signal, team, triage, support, referral, treatment, dropout, crisis, handover
    case improved, worsened, work, ladder, closed, left
}

/// One step in a household's story.
public struct TraceEntry: Sendable, Equatable {
    /// Simulation time in weeks.
    public let week: Double
    /// The household's arrival number (stable across designs).
    public let household: UInt64
    public let kind: TraceKind
    /// The English sentence (rendered from `key` and `arguments`).
    public let text: String
    /// Cost this step caused, in euros (0 if none).
    public let cost: Double
    /// The message key (see `TraceText.english`) and its arguments, for rendering in other languages.
    public let key: String
    public let arguments: [String]

    public init(week: Double, household: UInt64, kind: TraceKind, key: String, arguments: [String], cost: Double = 0) {
        self.week = week; self.household = household; self.kind = kind
        self.key = key; self.arguments = arguments; self.cost = cost
        self.text = TraceText.english(key, arguments)
    }
}

/// A cost booked for a household at a moment (every cost, also outside the measurement window).
public struct TraceCharge: Sendable, Equatable {
    public let week: Double
    public let household: UInt64
    public let payer: Payer
    public let category: CostCategory
    public let amount: Double
}

/// Records the steps of some households (or all). A reference type, so that the model can compute a
/// step's text from its own state while recording it.
public final class TraceRecorder {
    /// Whether to follow the household with this arrival number; nil follows everyone.
    public let follows: (@Sendable (UInt64) -> Bool)?
    public private(set) var entries: [TraceEntry] = []
    public private(set) var charges: [TraceCharge] = []

    /// At most this many steps and charges are kept (about 200 bytes each), so that following every
    /// household of a scenario whose events explode cannot exhaust memory; past it `truncated` is set.
    public let maxRecords: Int
    public private(set) var truncated = false

    /// Follows these households, by arrival number (nil: everyone).
    public convenience init(households: Set<UInt64>? = nil, maxRecords: Int = 5_000_000) {
        var test: (@Sendable (UInt64) -> Bool)?
        if let households { test = { households.contains($0) } }
        self.init(follows: test, maxRecords: maxRecords)
    }

    /// Follows the households for which `follows` holds (a sample, e.g. a replay's neighbourhood).
    public init(follows: (@Sendable (UInt64) -> Bool)?, maxRecords: Int = 5_000_000) {
        self.follows = follows; self.maxRecords = maxRecords
    }

    func record(_ week: Double, _ household: UInt64, _ kind: TraceKind, _ key: String,
                _ arguments: @autoclosure () -> [String] = [], cost: Double = 0) {
        if let follows, !follows(household) { return }
        if entries.count + charges.count >= maxRecords { truncated = true; return }
        entries.append(TraceEntry(week: week, household: household, kind: kind, key: key, arguments: arguments(), cost: cost))
    }

    func charge(_ week: Double, _ household: UInt64, _ amount: Double, payer: Payer, category: CostCategory) {
        guard amount != 0 else { return }
        if let follows, !follows(household) { return }
        if entries.count + charges.count >= maxRecords { truncated = true; return }
        charges.append(TraceCharge(week: week, household: household, payer: payer, category: category, amount: amount))
    }
}

/// The English sentences of the story. Arguments are strings: names from the scenario, numbers
/// already formatted, flags as "1"/"0", lists joined with ",".
public enum TraceText {
    /// Every message key the model records.
    public static let keys = [
        "arrived", "left", "ladder", "level", "crisis", "crisis.averted", "crisis.acute", "work.found", "work.lost.benefit",
        "work.lost.other", "work.consultant", "signal.lifted", "signal.crisis", "signal.back", "signal.asks", "team.taken",
        "triage.intake", "triage.trial", "triage.sufficed", "triage.sufficient", "triage.shortfall", "support.starts",
        "support.max", "handover", "handover.back", "closed.stabilised", "closed.open", "referral", "referral.refused", "treatment.starts",
        "treatment.ends", "treatment.front", "dropout",
    ]

    public static func english(_ key: String, _ a: [String]) -> String {
        func arg(_ i: Int) -> String { i < a.count ? a[i] : "?" }
        func flag(_ i: Int) -> Bool { arg(i) == "1" }
        /// "1 adult", "2 adults": the count in argument i with its noun.
        func count(_ i: Int, _ one: String, _ many: String) -> String { "\(arg(i)) \(arg(i) == "1" ? one : many)" }
        switch key {
        case "arrived":
            // profile, adults, children, on benefit, rung, network, problems, asks
            return "profile \(arg(0)), \(count(1, "adult", "adults")), \(count(2, "child", "children")), "
                + "\(flag(3) ? "on benefit (rung \(arg(4)))" : "not on benefit"), network \(arg(5)), "
                + "problems: \(arg(6).isEmpty ? "none" : arg(6).split(separator: ",").joined(separator: ", "))\(flag(7) ? "" : "; does not ask for help")"
        case "left":
            switch arg(0) {
            case "moved_away": return "moves out of the city"
            case "lifted_before_asking": return "leaves the model: problems lifted before anyone was asked"
            default: return "leaves the model: recovered, no help needed any more"
            }
        case "children.grown": return "the youngest child comes of age: parenting no longer applies"
        case "benefit.other_exit": return "leaves benefit for another income (partner, other benefit)"
        case "benefit.pension": return "reaches pension age: the state pension replaces benefit"
        case "income.lost.benefit": return "loses that income; back on benefit"
        case "income.lost.other": return "loses that income; other means"
        case "handover.bridging": return "waits for \(arg(0)); the first-line worker keeps supporting meanwhile"
        case "handover.bridged": return "\(arg(0)) takes over from the first-line worker (warm)"
        case "triage.retriaged": return "re-triaged while waiting: \(count(0, "problem domain", "problem domains")), intensive support no longer needed"
        case "ladder": return "climbs to participation-ladder rung \(arg(0))"
        case "level": return "\(arg(0)) \(arg(1)) → \(arg(2))"
        case "crisis": return "\(arg(0)) after \(arg(1)) fell to 1 (\(arg(2)) weeks)"
        case "crisis.averted": return "\(arg(0)) fell to 1; \(arg(1)) averted"
        case "crisis.acute": return "\(arg(0)) fell to 1 (acute, no crisis service)"
        case "work.found": return "finds paid work; leaves benefit"
        case "work.lost.benefit": return "loses the job; back on benefit"
        case "work.lost.other": return "loses the job; other income"
        case "work.consultant": return "work-and-income consultant assigned (\(arg(0)) work support)"
        case "signal.lifted": return "problems lifted by own strength before asking for help"
        case "signal.crisis": return "becomes known through a crisis"
        case "signal.back": return "comes back for help"
        case "signal.asks": return "asks for help or is found"
        case "team.taken": return "taken on by worker \(arg(0)) of \(arg(1)) after waiting \(arg(2)) days"
        case "triage.intake": return "intake done: \(count(0, "problem domain", "problem domains"))\(flag(1) ? "; judged to need intensive help" : "")"
        case "triage.trial": return "own strength first: \(arg(0)) weeks without professional support"
        case "triage.sufficed": return "own strength sufficed"
        case "triage.sufficient": return "own strength judged sufficient; \(arg(0)) problem domain left to the household"
        case "triage.shortfall": return "own strength fell short: \(count(0, "problem domain", "problem domains")); back to the team"
        case "support.starts": return "support by \(arg(0)) starts\(flag(1) ? "" : " after \(arg(2)) weeks' approval")"
        case "support.max": return "support by \(arg(0)) reaches its maximum duration"
        case "handover":
            // reason (complex|up|down), team, warm, weeks
            let reason = switch arg(0) {
            case "complex": "complex: to \(arg(1))"
            case "up": "scaled up to \(arg(1))"
            default: "scaled down to \(arg(1)) (afschalen)"
            }
            return "\(reason); \(flag(2) ? "warm" : "cold") handover of \(arg(3)) weeks"
        case "handover.back": return "back to \(arg(0)) after specialist care"
        case "closed.stabilised": return "case closed: stabilised, no domain at level 1 or 2"
        case "closed.open": return "case closed with \(count(0, "problem domain", "problem domains")) left"
        case "referral": return "referred to \(arg(0))\(flag(1) ? " with priority (crisis)" : "")"
        case "referral.refused": return "turned away at the front desk of \(arg(0)): not its business by its own criteria"
        case "treatment.starts": return "treatment at \(arg(0)) starts (\(arg(1)) weeks)"
        case "treatment.ends": return "treatment at \(arg(0)) ends"
        case "treatment.front": return "reaches the front of \(arg(0))'s list after \(arg(1)) days"
        case "dropout": return "gives up waiting for \(arg(0))"
        default: return ([key] + a).joined(separator: " ")
        }
    }
}
