// Guards against runs that cannot finish: an estimate of the memory a plan needs, checked before
// anything runs, so that an impossible horizon or population is refused with an explanation.

import Foundation
import SocialDomain

public struct MemoryEstimate: Sendable {
    /// Bytes needed at the peak, and the parts it is made of.
    public var bytes: Double
    public var peakHouseholdsPerReplication: Double
    public var resultBytes: Double
    public var inFlightBytes: Double

    /// About 700 bytes per household present (hot and cold state, timers, pending events), 120
    /// bytes per monthly time-series value kept and written, 5 KB of measures per replication.
    static let bytesPerHousehold = 700.0
    static let bytesPerSeriesValue = 120.0
    static let bytesPerReplication = 5_000.0

    public init(_ plan: ExperimentPlan, jobs: Int, threads: Int) {
        self.init(configs: plan.configs.flatMap { $0 }, jobs: jobs, threads: threads)
    }

    /// The estimate for `jobs` replications of any of `configs` (a study's coalitions, worlds or points).
    public init(configs: [ModelConfig], jobs: Int, threads: Int) {
        var peak = 0.0, perJob = 0.0
        for c in configs {
            let years = (c.warmupWeeks + c.measureWeeks) / 52
            // Households stay a few years at most (an episode, then follow-up); ten years bounds it.
            let arrivals = Double(c.scriptedArrivals?.count ?? 0) + c.arrivalsPerYear * min(years, 10)
            peak = max(peak, arrivals)
            let series = Double(c.teams.count * 2 + c.services.count + 3)
            perJob = max(perJob, Self.bytesPerReplication + (c.measureWeeks / (52.0 / 12)) * series * Self.bytesPerSeriesValue)
        }
        peakHouseholdsPerReplication = peak
        inFlightBytes = Double(max(1, min(threads, jobs))) * peak * Self.bytesPerHousehold
        resultBytes = Double(jobs) * perJob
        bytes = inFlightBytes + resultBytes
    }

    /// Why the plan cannot run on a machine with `memory` bytes, or nil if it can.
    public func refusal(memory: Double, limits: RunLimits = RunLimits()) -> String? {
        if peakHouseholdsPerReplication > Double(limits.maxHouseholdsPresent) {
            return "up to \(Int(peakHouseholdsPerReplication)) households at once in one replication (arrivals per year × up to 10 years); "
                + "the limit is \(limits.maxHouseholdsPresent). Lower arrivals_per_year or split the city into districts."
        }
        if bytes > 0.75 * memory {
            return "the run needs about \(Self.gigabytes(bytes)) of memory (\(Self.gigabytes(inFlightBytes)) for the replications under way, "
                + "\(Self.gigabytes(resultBytes)) for the results and monthly series) and this machine has \(Self.gigabytes(memory)). "
                + "Use fewer replications or points, a shorter measure period, fewer --threads, or --shard to spread the jobs over machines."
        }
        return nil
    }

    public static func gigabytes(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9) : String(format: "%.0f MB", bytes / 1e6)
    }
}
