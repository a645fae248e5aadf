// The story of households, event by event, for teaching and for hand-checked tests.

/// What kind of step a trace entry records.
public enum TraceKind: String, Sendable {
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
    public let text: String
    /// Cost this step caused, in euros (0 if none).
    public let cost: Double
}

/// Records the steps of some households (or all). A reference type, so that the model can compute a
/// step's text from its own state while recording it.
public final class TraceRecorder {
    /// Households to follow, by arrival number; nil follows everyone.
    public let households: Set<UInt64>?
    public private(set) var entries: [TraceEntry] = []

    public init(households: Set<UInt64>? = nil) { self.households = households }

    func record(_ week: Double, _ household: UInt64, _ kind: TraceKind, _ text: @autoclosure () -> String,
                         cost: Double = 0) {
        if let households, !households.contains(household) { return }
        entries.append(TraceEntry(week: week, household: household, kind: kind, text: text(), cost: cost))
    }
}
