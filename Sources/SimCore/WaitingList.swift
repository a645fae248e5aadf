// Waiting lists with first-come-first-served or priority order, and dropout while waiting.

/// The order in which a waiting list serves its entries.
public enum QueueDiscipline: String, Sendable, Hashable, CaseIterable {
    /// First come, first served.
    case firstComeFirstServed = "fcfs"
    /// Lowest priority value first (most urgent); equal priorities first come, first served.
    case priority = "priority"
}

/// A waiting list (wachtlijst) in front of a service.
///
/// Entries leave either from the front (`dequeue`) or because they give up (`remove`, for dropout
/// while waiting). Removal is lazy: the entry is marked and skipped when it reaches the front, so
/// neither discipline ever searches the list. The list keeps its own statistics: the time-weighted
/// length and a tally and percentile estimate of the waits of those served.
public struct WaitingList<Element> {
    public typealias Discipline = QueueDiscipline

    /// Identifies one entry, for dropout.
    public struct Ticket: Hashable, Sendable {
        public let rawValue: UInt64
        public init(rawValue: UInt64) { self.rawValue = rawValue }
    }

    internal struct Entry {
        var element: Element
        var ticket: UInt64
        var priority: Double
        var enqueuedAt: Double
    }

    public let discipline: Discipline
    internal var fifo = RingBuffer<Entry>()
    internal var heap = EventQueue<Entry>()
    internal var removed: Set<UInt64> = []
    internal var nextTicket: UInt64 = 0
    /// Entries waiting now (removed ones excluded).
    public private(set) var count: Int = 0
    /// Time-weighted length of the list.
    public var length: TimeWeightedAverage
    /// Waits of the entries served (dequeued), in time units.
    public var waits = Tally()
    /// 90th percentile of the waits of those served (P² estimate).
    public var waitP90 = QuantileEstimator(probability: 0.9)
    /// Entries that left the list without being served.
    public private(set) var dropouts: Int = 0
    /// Entries ever added.
    public private(set) var arrivals: Int = 0

    public init(discipline: Discipline, startingAt start: Double = 0) {
        self.discipline = discipline
        length = TimeWeightedAverage(startingAt: start)
    }

    /// Whether nobody is waiting.
    public var isEmpty: Bool { count == 0 }

    /// Adds `element` at time `now`. With the priority discipline, lower `priority` is served first.
    ///
    /// - Complexity: O(1) first-come-first-served; O(log n) priority.
    
    @discardableResult
    public mutating func enqueue(_ element: Element, priority: Double = 0, at now: Double) -> Ticket {
        let ticket = nextTicket
        nextTicket &+= 1
        let entry = Entry(element: element, ticket: ticket, priority: priority, enqueuedAt: now)
        switch discipline {
        case .firstComeFirstServed: fifo.append(entry)
        case .priority:
            heap.insert(ScheduledEvent(time: priority, sequence: ticket, timer: .none, generation: 0, payload: entry))
        }
        count &+= 1
        arrivals &+= 1
        length.record(Double(count), at: now)
        return Ticket(rawValue: ticket)
    }

    /// Removes and returns the entry to serve next with its wait, recording the wait.
    ///
    /// - Complexity: O(1) amortised first-come-first-served; O(log n) priority.
    public mutating func dequeue(at now: Double) -> (element: Element, waited: Double)? {
        while let entry = popRaw() {
            if !removed.isEmpty, removed.remove(entry.ticket) != nil { continue }
            count &-= 1
            length.record(Double(count), at: now)
            let waited = now - entry.enqueuedAt
            invariant(waited >= 0, "negative wait")
            waits.add(waited)
            waitP90.add(waited)
            return (entry.element, waited)
        }
        return nil
    }

    /// Records an arrival that was served at once, without joining the list (its wait is zero), so
    /// that the list's statistics cover everyone who asked for the service.
    public mutating func recordServedAtOnce() {
        arrivals &+= 1
        waits.add(0)
        waitP90.add(0)
    }

    /// Whether the entry of `ticket` still waits: it was enqueued here, and neither dequeued nor
    /// removed since.
    ///
    /// - Complexity: O(1) first-come-first-served (tickets leave the front in the order they were
    ///   given); O(n) priority (a search of the entries).
    public func isWaiting(_ ticket: Ticket) -> Bool {
        let t = ticket.rawValue
        guard t < nextTicket, !removed.contains(t) else { return false }
        switch discipline {
        case .firstComeFirstServed:
            guard let front = fifo.first else { return false }
            return t >= front.ticket
        case .priority:
            return heap.storage.contains { $0.payload.ticket == t }
        }
    }

    /// Removes a waiting entry that gives up (dropout). The caller guarantees that the entry is still
    /// waiting (`isWaiting`): it was enqueued, and neither dequeued nor removed since; builds with the
    /// invariant checks stop on a ticket that does not wait (removing it would corrupt the count).
    ///
    /// - Complexity: O(1); the entry's storage is reclaimed when it reaches the front. With the
    ///   invariant checks: as `isWaiting`.
    public mutating func remove(_ ticket: Ticket, at now: Double) {
        precondition(count > 0, "removing from an empty waiting list")
        invariant(isWaiting(ticket), "removing ticket \(ticket.rawValue), which does not wait (never given, already served or already removed)")
        let inserted = removed.insert(ticket.rawValue).inserted
        precondition(inserted, "ticket removed twice")
        count &-= 1
        dropouts &+= 1
        length.record(Double(count), at: now)
    }
    
    internal mutating func popRaw() -> Entry? {
        switch discipline {
        case .firstComeFirstServed: return fifo.popFirst()
        case .priority: return heap.popFirst()?.payload
        }
    }

    /// Forgets statistics gathered so far (end of warm-up); the entries stay.
    public mutating func resetStatistics(at now: Double) {
        length.reset(at: now)
        waits = Tally()
        waitP90 = QuantileEstimator(probability: 0.9)
        dropouts = 0
        arrivals = 0
    }
}

extension WaitingList: Sendable where Element: Sendable {}
extension WaitingList.Entry: Sendable where Element: Sendable {}

/// A pool of identical units of capacity: servers, treatment places, caseload slots.
public struct CapacityPool: Sendable {
    /// Units in the pool.
    public private(set) var capacity: Int
    /// Units in use now.
    public private(set) var inUse: Int = 0
    /// Time-weighted number of units in use.
    public var busy: TimeWeightedAverage

    public init(capacity: Int, startingAt start: Double = 0) {
        precondition(capacity >= 0, "capacity cannot be negative")
        self.capacity = capacity
        busy = TimeWeightedAverage(startingAt: start)
    }

    /// Units free now.
    public var available: Int { capacity - inUse }

    /// Takes one unit if one is free.
    ///
    /// - Returns: whether a unit was taken.
    public mutating func tryAcquire(at now: Double) -> Bool {
        guard inUse < capacity else { return false }
        inUse &+= 1
        busy.record(Double(inUse), at: now)
        return true
    }

    /// Returns one unit.
    public mutating func release(at now: Double) {
        precondition(inUse > 0, "releasing a unit that was not taken")
        inUse &-= 1
        busy.record(Double(inUse), at: now)
    }

    /// Changes the number of units; units in use above a lowered capacity are kept until released.
    public mutating func setCapacity(_ newCapacity: Int) {
        precondition(newCapacity >= 0, "capacity cannot be negative")
        capacity = newCapacity
    }

    /// Time-weighted share of capacity in use up to `now`.
    public func utilisation(at now: Double) -> Double {
        capacity == 0 ? 0 : busy.mean(at: now) / Double(capacity)
    }
}
