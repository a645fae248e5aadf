// The future event set and the scheduler: order, ties, lazy cancellation.

import Testing
@testable import SimCore

@Suite("Event queue and scheduler")
struct EventQueueTests {
    @Test("pops in time order, ties in scheduling order, for many seeds", arguments: UInt64(0)..<10)
    func heapOrder(seed: UInt64) {
        var rng = StreamKey(seed: seed).makeGenerator()
        var queue = EventQueue<Int>()
        var sequence: UInt64 = 0
        for i in 0..<2_000 {
            // Few distinct times, so ties are common.
            let time = Double(rng.nextIndex(below: 50))
            queue.insert(ScheduledEvent(time: time, sequence: sequence, timer: .none, generation: 0, payload: i))
            sequence += 1
            if i % 3 == 0 { _ = queue.popFirst() }
        }
        var last: ScheduledEvent<Int>?
        while let e = queue.popFirst() {
            if let last { #expect(last.precedes(e), "seed \(seed): out of order") }
            last = e
        }
    }

    struct Recorder: SimulationModel {
        enum Event: Equatable { case tick(String) }
        var log: [(Double, String)] = []
        mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) {
            if case .tick(let name) = event { log.append((scheduler.now, name)) }
        }
    }

    @Test("simultaneous events run in the order they were scheduled")
    func fifoTies() {
        var s = Scheduler<Recorder.Event>()
        var m = Recorder()
        s.schedule(.tick("b"), at: 2)
        s.schedule(.tick("a1"), at: 1)
        s.schedule(.tick("a2"), at: 1)
        s.schedule(.tick("a3"), at: 1)
        m.run(scheduler: &s)
        #expect(m.log.map(\.1) == ["a1", "a2", "a3", "b"])
        #expect(m.log.map(\.0) == [1, 1, 1, 2])
    }

    @Test("rescheduling or cancelling a timer makes its earlier event stale")
    func lazyCancellation() {
        var s = Scheduler<Recorder.Event>()
        var m = Recorder()
        let t = s.makeTimer(), u = s.makeTimer()
        s.schedule(.tick("first"), after: 5, on: t)
        s.schedule(.tick("replacement"), after: 7, on: t)   // replaces "first"
        s.schedule(.tick("cancelled"), after: 3, on: u)
        s.cancel(u)
        s.schedule(.tick("plain"), at: 6)
        let handled = m.run(scheduler: &s)
        #expect(m.log.map(\.1) == ["plain", "replacement"])
        #expect(handled == 2)
        #expect(s.eventsSkipped == 2)
    }

    @Test("a run stops at the horizon and leaves later events pending")
    func horizon() {
        var s = Scheduler<Recorder.Event>()
        var m = Recorder()
        for t in [1.0, 2, 3, 4] { s.schedule(.tick("\(t)"), at: t) }
        m.run(scheduler: &s, until: 2.5)
        #expect(m.log.count == 2)
        #expect(s.now == 2.5)
        #expect(s.pendingCount == 2)
        m.run(scheduler: &s, maxEvents: 1)
        #expect(m.log.count == 3)
        #expect(s.now == 3)
    }

    @Test("ring buffer keeps first-in-first-out order across growth")
    func ringBuffer() {
        var ring = RingBuffer<Int>(initialCapacity: 2)
        var expected: [Int] = []
        var next = 0
        var rng = StreamKey(seed: 5).makeGenerator()
        for _ in 0..<5_000 {
            if rng.nextIndex(below: 3) < 2 { ring.append(next); expected.append(next); next += 1 }
            else { #expect(ring.popFirst() == (expected.isEmpty ? nil : expected.removeFirst())) }
            #expect(ring.count == expected.count)
        }
    }
}
