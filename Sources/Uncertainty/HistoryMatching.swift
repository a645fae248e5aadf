// History matching (Craig et al. 1997; Vernon et al. 2010; Andrianakis et al. 2015): a target is an
// observed value with its uncertainty; a parameter point is implausible for a target when the
// model's mean lies too many standard deviations from it, counting the model's own noise, the
// observation's error and the model's discrepancy. Generic: knows nothing of households.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An observed quantity the model should reproduce: a mean and its observation standard deviation.
public struct Target: Sendable, Equatable {
    public var name: String
    public var mean: Double
    /// Standard deviation of the observation error.
    public var observationSD: Double
    /// Standard deviation of the model discrepancy (what the model cannot represent), 0 if none.
    public var discrepancySD: Double

    public init(name: String, mean: Double, observationSD: Double, discrepancySD: Double = 0) {
        self.name = name; self.mean = mean; self.observationSD = observationSD; self.discrepancySD = discrepancySD
    }

    /// A band [lo, hi] read as mean (lo + hi) / 2 with observation sd (hi − lo) / 4: the band is
    /// then a 95% interval of the observation.
    public init(name: String, band lo: Double, _ hi: Double, discrepancySD: Double = 0) {
        precondition(hi >= lo, "a band runs from its lower to its upper end")
        self.init(name: name, mean: (lo + hi) / 2, observationSD: (hi - lo) / 4, discrepancySD: discrepancySD)
    }

    /// The implausibility of a model output with replication mean `mean`, sample variance
    /// `variance` over `replications` runs: |mean − target| / sqrt(variance / R + obs² + disc²).
    public func implausibility(mean: Double, variance: Double, replications: Int) -> Double {
        precondition(replications > 0, "at least one replication")
        let total = variance / Double(replications) + observationSD * observationSD + discrepancySD * discrepancySD
        let distance = abs(mean - self.mean)
        if total <= 0 { return distance == 0 ? 0 : .infinity }
        return distance / total.squareRoot()
    }
}

/// Which implausibility decides whether a point is kept.
public enum KeepRule: Sendable, Equatable {
    /// The largest implausibility over the targets must be under the cut-off.
    case maximum(cutoff: Double)
    /// The second largest must be under the cut-off (robust to one target the model cannot meet),
    /// and the largest under `largestCutoff`.
    case secondMaximum(cutoff: Double, largestCutoff: Double)

    /// The usual rule (Vernon et al. 2010): the largest under 3 with few targets; with five or more
    /// targets, the second largest under 3 and the largest under 3.5.
    public static func standard(targets: Int) -> KeepRule {
        targets >= 5 ? .secondMaximum(cutoff: 3, largestCutoff: 3.5) : .maximum(cutoff: 3)
    }

    public func keeps(_ implausibilities: [Double]) -> Bool {
        let sorted = implausibilities.sorted(by: >)
        guard let largest = sorted.first else { return true }
        switch self {
        case .maximum(let cutoff):
            return largest < cutoff
        case .secondMaximum(let cutoff, let largestCutoff):
            return largest < largestCutoff && (sorted.count < 2 || sorted[1] < cutoff)
        }
    }
}

/// A box of parameter values: per dimension a lower and an upper end.
public struct ParameterBox: Sendable, Equatable {
    public var lower: [Double]
    public var upper: [Double]

    public init(lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count && zip(lower, upper).allSatisfy { $0 <= $1 }, "a box needs lower ≤ upper in every dimension")
        self.lower = lower; self.upper = upper
    }

    public var dimensions: Int { lower.count }

    /// The box's volume (the product of its widths).
    public var volume: Double { zip(lower, upper).reduce(1) { $0 * ($1.1 - $1.0) } }

    /// Maps a point of the unit cube into the box.
    public func point(fromUnit u: [Double]) -> [Double] {
        (0..<dimensions).map { lower[$0] + u[$0] * (upper[$0] - lower[$0]) }
    }

    public func contains(_ x: [Double]) -> Bool {
        (0..<dimensions).allSatisfy { x[$0] >= lower[$0] && x[$0] <= upper[$0] }
    }

    /// The smallest box around `points`, widened on every side by `margin` × its width plus `pad`
    /// (per dimension: the sampling resolution of the wave, e.g. one Latin-hypercube stratum of the
    /// box the points were drawn from, so that the region never shrinks below what the wave could
    /// tell apart), and never beyond `within`.
    public static func around(_ points: [[Double]], margin: Double, pad: [Double]? = nil, within: ParameterBox) -> ParameterBox? {
        guard let first = points.first else { return nil }
        var lo = first, hi = first
        for p in points.dropFirst() {
            for j in p.indices { lo[j] = min(lo[j], p[j]); hi[j] = max(hi[j], p[j]) }
        }
        for j in lo.indices {
            let widen = (hi[j] - lo[j]) * margin + (pad?[j] ?? 0)
            lo[j] = max(within.lower[j], lo[j] - widen)
            hi[j] = min(within.upper[j], hi[j] + widen)
        }
        return ParameterBox(lower: lo, upper: hi)
    }

    /// The region the kept points suggest for the next wave. Per dimension, the kept points are read
    /// as a uniform sample of an interval: the range R of k such points is Beta(k − 1, 2) distributed
    /// as a share of the interval's width, so the width is at most R ÷ q with probability `coverage`,
    /// q the (1 − coverage) quantile of that distribution. Each side is widened by R ÷ q − R, which
    /// holds the whole interval whenever its width is within that bound, never beyond `within`. A
    /// dimension no target constrains keeps its kept points all over it and stays wide; one the targets
    /// constrain shrinks to the kept values and their bound. Few points give a loose bound (k = 2:
    /// 39 times the range; k = 10: 1.65 times), so the region shrinks as kept points accumulate.
    /// One point has no range to go by: `fallbackPad` on each side.
    public static func support(of points: [[Double]], coverage: Double = 0.95, fallbackPad: [Double], within: ParameterBox) -> ParameterBox? {
        guard !points.isEmpty else { return nil }
        guard points.count >= 2 else { return around(points, margin: 0, pad: fallbackPad, within: within) }
        let q = rangeShareQuantile(points: points.count, probability: 1 - coverage)
        return around(points, margin: 1 / q - 1, pad: nil, within: within)
    }

    /// The `probability` quantile of the range of k uniform points as a share of the interval's
    /// width: the x with k x^(k−1) − (k − 1) x^k = probability (the Beta(k − 1, 2) distribution
    /// function), by bisection.
    public static func rangeShareQuantile(points k: Int, probability p: Double) -> Double {
        precondition(k >= 2 && p > 0 && p < 1, "at least two points and a probability strictly between 0 and 1")
        let n = Double(k)
        var lo = 0.0, hi = 1.0
        for _ in 0..<100 {
            let x = (lo + hi) / 2
            if n * pow(x, n - 1) - (n - 1) * pow(x, n) < p { lo = x } else { hi = x }
        }
        return (lo + hi) / 2
    }

    /// The width of one Latin-hypercube stratum of this box for a design of `points` points.
    public func stratum(points: Int) -> [Double] {
        (0..<dimensions).map { (upper[$0] - lower[$0]) / Double(max(1, points)) }
    }

    /// The typical spacing of `points` points spread over this box, per dimension: width ÷ n^(1/d).
    /// A wave cannot tell apart parameter values closer than this, so the next wave's region is
    /// widened by it (otherwise a sparse set of kept points can shrink the region past the truth).
    public func spacing(points: Int) -> [Double] {
        let k = pow(Double(max(1, points)), 1 / Double(max(1, dimensions)))
        return (0..<dimensions).map { (upper[$0] - lower[$0]) / k }
    }
}
