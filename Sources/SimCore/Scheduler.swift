// The simulation clock and the handle through which a model schedules and cancels its events.

/// A timer a model can schedule events on, so that a later schedule or a cancel makes the earlier
/// event stale (lazy cancellation: stale events are skipped when they reach the front of the
/// queue; the heap is never searched).
@frozen
public struct TimerID: Hashable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    /// No timer: the event cannot be cancelled.
    public static let none = TimerID(rawValue: -1)
}

/// The simulation clock and future event set.
///
/// A model receives the scheduler as an `inout` argument while it handles an event; it reads `now`
/// and schedules follow-up events. The scheduler knows nothing about what the events mean.
@frozen
public struct Scheduler<Event> {
    /// The current simulation time.
    public private(set) var now: Double
    internal var queue: EventQueue<Event>
    internal var nextSequence: UInt64 = 0
    internal var generations: ContiguousArray<UInt32> = []
    /// Events taken from the queue and handed to the model (stale ones not counted).
    public private(set) var eventsHandled: UInt64 = 0
    /// Stale events skipped because their timer moved on.
    public private(set) var eventsSkipped: UInt64 = 0
    /// The largest number of events pending at once, stale ones included.
    public private(set) var peakPending: Int = 0

    /// Creates a scheduler whose clock starts at `start`.
    public init(startingAt start: Double = 0, reservingCapacity capacity: Int = 64) {
        now = start
        queue = EventQueue(reservingCapacity: capacity)
    }

    /// Events pending, stale ones included.
    public var pendingCount: Int { queue.count }

    /// Creates `count` new timers and returns the first; they are numbered consecutively.
    ///
    /// - Complexity: O(count)
    public mutating func makeTimers(_ count: Int) -> TimerID {
        let first = generations.count
        precondition(first + count <= Int(Int32.max), "too many timers")
        generations.append(contentsOf: repeatElement(0, count: count))
        return TimerID(rawValue: Int32(first))
    }

    /// Creates one new timer.
    public mutating func makeTimer() -> TimerID { makeTimers(1) }

    /// Number of timers created so far.
    public var timerCount: Int { generations.count }

    /// Schedules `event` to happen `delay` time units from now.
    ///
    /// - Complexity: O(log n)
    public mutating func schedule(_ event: Event, after delay: Double) {
        schedule(event, at: now + delay)
    }

    /// Schedules `event` at the absolute time `time`, which must not lie in the past.
    ///
    /// - Complexity: O(log n)
    public mutating func schedule(_ event: Event, at time: Double) {
        precondition(time >= now, "cannot schedule an event in the past (\(time) < \(now))")
        enqueue(ScheduledEvent(time: time, sequence: nextSequence, timer: .none, generation: 0, payload: event))
    }

    /// Schedules `event` on `timer`, `delay` from now, replacing whatever was pending on that timer.
    ///
    /// - Complexity: O(log n)
    public mutating func schedule(_ event: Event, after delay: Double, on timer: TimerID) {
        let time = now + delay
        precondition(time >= now, "cannot schedule an event in the past")
        let slot = Int(timer.rawValue)
        generations[slot] &+= 1
        enqueue(ScheduledEvent(time: time, sequence: nextSequence, timer: timer,
                               generation: generations[slot], payload: event))
    }

    /// Schedules `event` on `timer` at the absolute time `time`, replacing whatever was pending on that timer.
    ///
    /// - Complexity: O(log n)
    public mutating func schedule(_ event: Event, at time: Double, on timer: TimerID) {
        schedule(event, after: time - now, on: timer)
    }

    /// Makes the event pending on `timer`, if any, stale.
    ///
    /// - Complexity: O(1)
    public mutating func cancel(_ timer: TimerID) {
        generations[Int(timer.rawValue)] &+= 1
    }

    @inline(__always)
    internal mutating func enqueue(_ scheduled: ScheduledEvent<Event>) {
        nextSequence &+= 1
        queue.insert(scheduled)
        if queue.count > peakPending { peakPending = queue.count }
    }

    /// Time of the next live event, skipping (and discarding) stale ones.
    public mutating func peekTime() -> Double? {
        while let first = queue.first {
            if isLive(first) { return first.time }
            _ = queue.popFirst()
            eventsSkipped &+= 1
        }
        return nil
    }

    @inline(__always)
    internal func isLive(_ event: ScheduledEvent<Event>) -> Bool {
        event.timer.rawValue < 0 || generations[Int(event.timer.rawValue)] == event.generation
    }

    /// Removes the next live event and advances the clock to its time.
    ///
    /// - Complexity: O(log n) amortised over skipped stale events.
    public mutating func next() -> Event? {
        while let event = queue.popFirst() {
            if isLive(event) {
                invariant(event.time >= now, "time went backwards")
                now = event.time
                eventsHandled &+= 1
                return event.payload
            }
            eventsSkipped &+= 1
        }
        return nil
    }

    /// Moves the clock forward to `time` without handling an event (used to end a run at a horizon).
    public mutating func advance(to time: Double) {
        precondition(time >= now, "cannot move the clock backwards")
        now = time
    }
}

extension Scheduler: Sendable where Event: Sendable {}

/// A model the engine can drive: it handles one event at a time and schedules follow-ups.
///
/// The engine and a model meet only here, in one generic seam, so the hot loop has no closures and
/// no existentials.
public protocol SimulationModel {
    associatedtype Event
    /// Handles one event at the scheduler's current time.
    mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>)
}

extension SimulationModel {
    /// Runs events until none are left, the next one lies beyond `horizon`, or `maxEvents` have been
    /// handled in this call. When the run stops at the horizon, the clock then stands at `horizon`.
    ///
    /// - Returns: the number of events handled in this call.
    
    @discardableResult
    public mutating func run(scheduler: inout Scheduler<Event>, until horizon: Double = .infinity,
                             maxEvents: UInt64 = .max) -> UInt64 {
        let before = scheduler.eventsHandled
        while scheduler.eventsHandled &- before < maxEvents, let time = scheduler.peekTime(), time <= horizon {
            guard let event = scheduler.next() else { break }
            handle(event, scheduler: &scheduler)
        }
        let handled = scheduler.eventsHandled &- before
        if handled < maxEvents && horizon.isFinite && horizon > scheduler.now { scheduler.advance(to: horizon) }
        return handled
    }
}
