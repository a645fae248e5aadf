// Waiting lists and capacity pools.

import Testing
@testable import SimCore

@Suite("Waiting lists and capacity")
struct WaitingListTests {
    @Test("isWaiting follows a ticket through the list, in both disciplines: waiting, served, removed, never given")
    func ticketState() {
        for discipline in [WaitingList<Int>.Discipline.firstComeFirstServed, .priority] {
            var list = WaitingList<Int>(discipline: discipline)
            let a = list.enqueue(1, priority: 2, at: 0), b = list.enqueue(2, priority: 1, at: 0), c = list.enqueue(3, priority: 3, at: 0)
            #expect(list.isWaiting(a) && list.isWaiting(b) && list.isWaiting(c))
            #expect(!list.isWaiting(WaitingList<Int>.Ticket(rawValue: 99)))
            list.remove(b, at: 1)
            #expect(!list.isWaiting(b) && list.count == 2)
            let served = list.dequeue(at: 2)!.element
            #expect(served == 1)                           // a is next in both: b left, a before c
            #expect(!list.isWaiting(a) && list.isWaiting(c))
            _ = list.dequeue(at: 3)
            #expect(!list.isWaiting(c) && list.isEmpty)
        }
    }

    @Test("removing a ticket that was already served stops with a message in a checked build, instead of corrupting the count")
    func removeServedTicket() async {
        await #expect(processExitsWith: .failure) {
            var list = WaitingList<Int>(discipline: .firstComeFirstServed)
            let a = list.enqueue(1, at: 0)
            _ = list.enqueue(2, at: 0)
            _ = list.dequeue(at: 1)
            list.remove(a, at: 2)
        }
    }

    @Test("first come, first served")
    func fcfs() {
        var list = WaitingList<String>(discipline: .firstComeFirstServed)
        list.enqueue("a", priority: 5, at: 0)
        list.enqueue("b", priority: 1, at: 1)
        list.enqueue("c", at: 2)
        #expect(list.dequeue(at: 4)! == ("a", 4))
        #expect(list.dequeue(at: 4)!.element == "b")
        #expect(list.dequeue(at: 5)!.waited == 3)
        #expect(list.dequeue(at: 5) == nil)
        #expect(list.waits.count == 3)
        #expect(abs(list.waits.mean - 10.0 / 3) < 1e-12)
    }

    @Test("priority: most urgent first, equal priority first come first served")
    func priority() {
        var list = WaitingList<String>(discipline: .priority)
        list.enqueue("routine1", priority: 2, at: 0)
        list.enqueue("crisis1", priority: 0, at: 1)
        list.enqueue("routine2", priority: 2, at: 2)
        list.enqueue("crisis2", priority: 0, at: 3)
        let order = (0..<4).map { _ in list.dequeue(at: 10)!.element }
        #expect(order == ["crisis1", "crisis2", "routine1", "routine2"])
    }

    @Test("dropout removes an entry lazily; the rest keep their order", arguments: QueueDiscipline.allCases)
    func dropout(discipline: QueueDiscipline) {
        var list = WaitingList<Int>(discipline: discipline)
        let tickets = (0..<6).map { list.enqueue($0, at: Double($0)) }
        list.remove(tickets[1], at: 6)
        list.remove(tickets[4], at: 6)
        #expect(list.count == 4)
        #expect(list.dropouts == 2)
        var served: [Int] = []
        while let (e, _) = list.dequeue(at: 10) { served.append(e) }
        #expect(served == [0, 2, 3, 5])
        #expect(list.isEmpty)
    }

    @Test("time-weighted length integrates the list's path exactly")
    func lengthAverage() {
        var list = WaitingList<Int>(discipline: .firstComeFirstServed)
        list.enqueue(1, at: 0)        // length 1 on [0, 2)
        list.enqueue(2, at: 2)        // length 2 on [2, 3)
        _ = list.dequeue(at: 3)       // length 1 on [3, 7)
        _ = list.dequeue(at: 7)       // length 0 on [7, 10]
        // area = 2 + 2 + 4 = 8 over 10
        #expect(abs(list.length.mean(at: 10) - 0.8) < 1e-12)
        #expect(list.length.peak == 2)
    }

    @Test("capacity pool counts use and utilisation")
    func pool() {
        var pool = CapacityPool(capacity: 2)
        let first = pool.tryAcquire(at: 0), second = pool.tryAcquire(at: 1), third = pool.tryAcquire(at: 1)
        #expect(first && second && !third)
        pool.release(at: 3)
        #expect(pool.available == 1)
        // in use: 1 on [0,1), 2 on [1,3), 1 on [3,4] → area 1 + 4 + 1 = 6 over 4, capacity 2
        #expect(abs(pool.utilisation(at: 4) - 0.75) < 1e-12)
        var empty = CapacityPool(capacity: 0)
        let none = empty.tryAcquire(at: 0)
        #expect(!none)
        #expect(empty.utilisation(at: 5) == 0)
    }
}
