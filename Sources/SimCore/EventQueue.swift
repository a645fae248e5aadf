// The future event set: a 4-ary min-heap of small value-type events ordered by time, then by
// scheduling order.

/// An event waiting in the future event set.
///
/// `sequence` is the order in which the event was scheduled; it breaks ties between events at the
/// same time so that simultaneous events run first-scheduled, first-run (as in SimPy and SwiftNIO).
/// `timer` and `generation` implement lazy cancellation: an event scheduled on a timer is stale
/// once that timer's generation has moved on, and is skipped when it reaches the front.
@frozen
public struct ScheduledEvent<Payload> {
    /// When the event happens, in simulation time units.
    public var time: Double
    /// Scheduling order, unique within one scheduler.
    public var sequence: UInt64
    /// The timer this event belongs to, or `TimerID.none`.
    public var timer: TimerID
    /// The timer's generation when the event was scheduled.
    public var generation: UInt32
    /// What happens: the model's own event type.
    public var payload: Payload
    
    public init(time: Double, sequence: UInt64, timer: TimerID, generation: UInt32, payload: Payload) {
        self.time = time
        self.sequence = sequence
        self.timer = timer
        self.generation = generation
        self.payload = payload
    }

    /// Strict ordering: earlier time first, then earlier scheduling.
    @inline(__always)
    public func precedes(_ other: ScheduledEvent) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}

extension ScheduledEvent: Sendable where Payload: Sendable {}

/// A d-ary min-heap (d = 4) of scheduled events.
///
/// A 4-ary heap has half the depth of a binary heap, and the four children of a node share a cache
/// line or two, which makes `popFirst` cheaper on the hold model of the simulation literature.
/// Ties are impossible: sequence numbers are unique, so the order is total and deterministic.
@frozen
public struct EventQueue<Payload> {
    internal var storage: ContiguousArray<ScheduledEvent<Payload>>

    internal static var arity: Int { 4 }

    /// Creates an empty queue.
    public init() { storage = [] }

    /// Creates an empty queue with room for `capacity` events without reallocation.
    public init(reservingCapacity capacity: Int) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// The number of events in the queue, stale ones included.
    ///
    /// - Complexity: O(1)
    public var count: Int { storage.count }

    /// Whether the queue holds no events.
    ///
    /// - Complexity: O(1)
    public var isEmpty: Bool { storage.isEmpty }

    /// The earliest event, without removing it.
    ///
    /// - Complexity: O(1)
    public var first: ScheduledEvent<Payload>? { storage.first }

    /// Adds an event.
    ///
    /// - Complexity: O(log₄ n)
    public mutating func insert(_ event: ScheduledEvent<Payload>) {
        storage.append(event)
        siftUp(from: storage.count - 1)
        checkInvariants()
    }

    /// Removes and returns the earliest event.
    ///
    /// - Complexity: O(log₄ n)
    public mutating func popFirst() -> ScheduledEvent<Payload>? {
        guard let last = storage.popLast() else { return nil }
        if storage.isEmpty { return last }
        let first = storage[0]
        storage[0] = last
        siftDown(from: 0)
        checkInvariants()
        return first
    }

    /// Removes every event.
    public mutating func removeAll() { storage.removeAll(keepingCapacity: true) }
    
    internal mutating func siftUp(from start: Int) {
        storage.withUnsafeMutableBufferPointer { heap in
            var child = start
            let moving = heap[child]
            while child > 0 {
                let parent = (child - 1) / Self.arity
                guard moving.precedes(heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = moving
        }
    }
    
    internal mutating func siftDown(from start: Int) {
        storage.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = start
            let moving = heap[parent]
            while true {
                let firstChild = parent &* Self.arity &+ 1
                if firstChild >= count { break }
                var best = firstChild
                let end = Swift.min(firstChild &+ Self.arity, count)
                var child = firstChild &+ 1
                while child < end {
                    if heap[child].precedes(heap[best]) { best = child }
                    child &+= 1
                }
                guard heap[best].precedes(moving) else { break }
                heap[parent] = heap[best]
                parent = best
            }
            heap[parent] = moving
        }
    }

    /// Debug builds (and builds with `WIJKSIM_CHECKS`) check the heap property after every change; release builds compile this away.
    @inline(__always)
    internal func checkInvariants() {
        #if DEBUG || WIJKSIM_CHECKS
        if invariantChecksEnabled && (storage.count <= 64 || storage.count % 1024 == 0) {
            for index in 1..<Swift.max(storage.count, 1) {
                let parent = (index - 1) / Self.arity
                precondition(!storage[index].precedes(storage[parent]),
                             "event queue heap property broken at index \(index)")
            }
        }
        #endif
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
