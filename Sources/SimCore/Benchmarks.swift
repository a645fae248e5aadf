// Reference models that exercise the engine: an M/M/c waiting list and the hold model.

/// An M/M/c waiting list built from the engine's own `WaitingList` and `CapacityPool`: Poisson
/// arrivals, exponential service, c servers, first come first served. Used to validate the engine
/// against Erlang C and to benchmark it against SimPy.
public struct MMcModel: SimulationModel {
    public enum Event: Sendable {
        case customerArrived
        case serviceCompleted
    }

    public let arrivalRate: Double
    public let serviceRate: Double
    public let customers: Int
    public private(set) var arrived = 0
    public var queue: WaitingList<Int32>
    public var servers: CapacityPool
    /// Waits of all customers, those served at once (wait zero) included.
    public private(set) var waits = Tally()
    /// Time in system (wait plus service) is not tracked per customer; the number in system is.
    public private(set) var inSystem = TimeWeightedAverage()
    internal var arrivals: Xoshiro256StarStar
    internal var services: Xoshiro256StarStar

    /// - Parameters:
    ///   - arrivalRate: λ, customers per time unit.
    ///   - serviceRate: μ, customers per time unit per server.
    ///   - servers: c.
    ///   - customers: arrivals to generate; the run ends when the last one has been served.
    ///   - key: the random streams: purpose 1 for inter-arrival times, 2 for service times.
    public init(arrivalRate: Double, serviceRate: Double, servers: Int, customers: Int, key: StreamKey) {
        precondition(arrivalRate > 0 && serviceRate > 0 && servers > 0 && customers >= 0)
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
        self.customers = customers
        queue = WaitingList(discipline: .firstComeFirstServed)
        self.servers = CapacityPool(capacity: servers)
        arrivals = key.purpose(1).makeGenerator()
        services = key.purpose(2).makeGenerator()
    }

    /// Schedules the first arrival.
    public mutating func start(_ scheduler: inout Scheduler<Event>) {
        guard customers > 0 else { return }
        scheduler.schedule(.customerArrived, after: Distribution.exponential(mean: 1 / arrivalRate, using: &arrivals))
    }
    
    public mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        switch event {
        case .customerArrived:
            arrived &+= 1
            inSystem.record(inSystem.value + 1, at: now)
            if servers.tryAcquire(at: now) {
                waits.add(0)
                startService(&scheduler)
            } else {
                queue.enqueue(Int32(truncatingIfNeeded: arrived), at: now)
            }
            if arrived < customers {
                scheduler.schedule(.customerArrived, after: Distribution.exponential(mean: 1 / arrivalRate, using: &arrivals))
            }
        case .serviceCompleted:
            inSystem.record(inSystem.value - 1, at: now)
            if let (_, waited) = queue.dequeue(at: now) {
                waits.add(waited)
                startService(&scheduler)   // the freed server passes straight to the next customer
            } else {
                servers.release(at: now)
            }
        }
    }

    @inline(__always)
    internal mutating func startService(_ scheduler: inout Scheduler<Event>) {
        scheduler.schedule(.serviceCompleted, after: Distribution.exponential(mean: 1 / serviceRate, using: &services))
    }
}

/// The hold model (Vaucher and Duval 1975): a constant population of `pending` events; each one
/// handled schedules one more at now + Exp(1); run it with `maxEvents`. It measures the raw cost of the future event set.
public struct HoldModel: SimulationModel {
    public enum Event: Sendable { case hold }
    internal var rng: Xoshiro256StarStar

    public init(key: StreamKey) {
        rng = key.purpose(3).makeGenerator()
    }

    /// Fills the event set with `pending` events.
    public mutating func start(pending: Int, _ scheduler: inout Scheduler<Event>) {
        for _ in 0..<pending { scheduler.schedule(.hold, after: Distribution.exponential(mean: 1, using: &rng)) }
    }
    
    public mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) {
        scheduler.schedule(.hold, after: Distribution.exponential(mean: 1, using: &rng))
    }
}
