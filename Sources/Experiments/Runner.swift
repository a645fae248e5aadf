// Runs jobs of a plan on several threads. Each job's result lands in its own slot, so the output
// does not depend on which thread ran what: the same seed gives the same bytes on 1 or 64 threads.

import Dispatch
import Foundation
import SimCore
import SocialDomain
import Synchronization

/// What one job (one replication of one scenario at one point) leaves behind.
public struct JobResult: Sendable, Equatable {
    public var index: Int
    public var names: [String]
    public var values: [Double]
    public var timeseries: [TimeseriesRow]
    /// Why the replication stopped early at a safety limit (the run then has no valid results).
    public var limitReached: String? = nil

    public init(index: Int, names: [String], values: [Double], timeseries: [TimeseriesRow]) {
        self.index = index; self.names = names; self.values = values; self.timeseries = timeseries
    }

    public func value(_ name: String) -> Double? { names.firstIndex(of: name).map { values[$0] } }
}

/// Set from a signal handler or another thread to stop handing out new jobs.
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func stop() { flag.store(true, ordering: .relaxed) }
    public var isSet: Bool { flag.load(ordering: .relaxed) }
}

public enum Runner {
    /// Runs `jobs` of `plan` on `threads` threads. `progress` is called (from worker threads,
    /// serialised) with the number of jobs done. Returns the results in job order; when stopped
    /// early, only the jobs that finished, still in job order.
    public static func run(_ plan: ExperimentPlan, jobs: Range<Int>, threads: Int, keepTimeseries: Bool = true,
                           stop: StopFlag? = nil, progress: (@Sendable (Int) -> Void)? = nil) -> [JobResult] {
        run(jobs: jobs, threads: threads, keepTimeseries: keepTimeseries, stop: stop, progress: progress) { plan.config(forJob: $0) }
    }

    /// Runs job k of `jobs` as one replication of `job(k)`'s configuration and stream, on `threads`
    /// threads; the engine of plans and studies alike. A replication that reaches a safety limit
    /// stops the others (its result says why); one stopped by `stop` part-way leaves no result.
    public static func run(jobs: Range<Int>, threads: Int, keepTimeseries: Bool = true, stop: StopFlag? = nil,
                           progress: (@Sendable (Int) -> Void)? = nil,
                           job: @Sendable (Int) -> (ModelConfig, StreamKey)) -> [JobResult] {
        let slots = Mutex<[JobResult?]>(Array(repeating: nil, count: jobs.count))
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let progressLock = Mutex<Void>(())
        let count = jobs.count
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
            while stop?.isSet != true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < count else { break }
                let k = jobs.lowerBound + i
                let (config, key) = job(k)
                var limits = RunLimits()
                if let stop { limits.shouldStop = { stop.isSet } }
                let result = CityModel.replicate(config, key: key, limits: limits)
                if result.interrupted { break }
                var out = JobResult(index: k, names: result.measures.map(\.name), values: result.measures.map(\.value),
                                    timeseries: keepTimeseries ? result.timeseries : [])
                if let reason = result.limitReached {
                    out.limitReached = reason
                    stop?.stop()
                }
                slots.withLock { $0[i] = out }
                let finished = done.wrappingAdd(1, ordering: .relaxed).newValue
                if let progress { progressLock.withLock { _ in progress(finished) } }
            }
        }
        return slots.withLock { $0.compactMap { $0 } }
    }
}
