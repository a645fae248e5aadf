// Streaming statistics: tally, time-weighted average, P² percentiles.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Count, mean, variance, minimum and maximum of a stream of observations, in one pass and O(1)
/// memory (Welford's update; Chan et al.'s formula to merge two tallies).
@frozen
public struct Tally: Sendable, Equatable {
    public private(set) var count: Int = 0
    public private(set) var mean: Double = 0
    internal var m2: Double = 0
    public private(set) var min: Double = .infinity
    public private(set) var max: Double = -.infinity

    public init() {}

    /// Creates a tally of `values`, added in order.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    /// Adds one observation. - Complexity: O(1)
    public mutating func add(_ value: Double) {
        count &+= 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
        if value < min { min = value }
        if value > max { max = value }
    }

    /// Sum of the observations.
    public var sum: Double { mean * Double(count) }

    /// Sample variance (n − 1 in the denominator); zero for fewer than two observations.
    public var variance: Double { count > 1 ? Swift.max(0, m2 / Double(count - 1)) : 0 }

    /// Sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Two-sided confidence interval for the mean, by Student's t with n − 1 degrees of freedom.
    /// For n < 2 the interval is the mean itself with an infinite half-width, unless n = 0.
    public func confidenceInterval(level: Double = 0.95) -> ConfidenceInterval {
        ConfidenceInterval(mean: mean, standardDeviation: standardDeviation, count: count, level: level)
    }

    /// Merges another tally into this one, as if its observations had been added here.
    public mutating func merge(_ other: Tally) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n = Double(count) + Double(other.count)
        let delta = other.mean - mean
        let newMean = mean + delta * Double(other.count) / n
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        mean = newMean
        count += other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }
}

/// The time-weighted average of a piecewise-constant quantity, such as a waiting-list length or the
/// number of caseload slots in use.
@frozen
public struct TimeWeightedAverage: Sendable, Equatable {
    public private(set) var startTime: Double
    internal var lastTime: Double
    /// The current value of the quantity.
    public private(set) var value: Double = 0
    internal var area: Double = 0
    /// Largest value recorded since the start.
    public private(set) var peak: Double = 0
    
    public init(startingAt start: Double = 0, value: Double = 0) {
        startTime = start
        lastTime = start
        self.value = value
        peak = value
    }

    /// Records that the quantity changed to `newValue` at `now`.
    ///
    /// - Complexity: O(1)
    public mutating func record(_ newValue: Double, at now: Double) {
        invariant(now >= lastTime, "time-weighted average: time went backwards")
        area += value * (now - lastTime)
        lastTime = now
        value = newValue
        if newValue > peak { peak = newValue }
    }

    /// The average over [start, now]; the current value if no time has passed.
    public func mean(at now: Double) -> Double {
        let span = now - startTime
        guard span > 0 else { return value }
        return (area + value * (now - lastTime)) / span
    }

    /// Forgets the past, keeping the current value (end of warm-up).
    public mutating func reset(at now: Double) {
        startTime = now
        lastTime = now
        area = 0
        peak = value
    }
}

/// A streaming estimate of one quantile by the P² algorithm (Jain and Chlamtac 1985): five markers,
/// O(1) memory and time per observation. Exact for up to five observations.
public struct QuantileEstimator: Sendable, Equatable {
    public let probability: Double
    // The five markers in fixed-size vectors (lanes 0..<5) rather than arrays: no allocation, and no
    // uniqueness checks on every observation.
    private var heights = SIMD8<Double>()
    /// Observations stored in `heights` while fewer than five have been seen.
    private var stored = 0
    private var positions = SIMD8<Double>(1, 2, 3, 4, 5, 0, 0, 0)
    private var desired: SIMD8<Double>
    private var increments: SIMD8<Double>
    public private(set) var count: Int = 0

    public init(probability p: Double) {
        precondition(p > 0 && p < 1, "a quantile's probability lies in (0, 1)")
        probability = p
        desired = SIMD8(1, 1 + 2 * p, 1 + 4 * p, 3 + 2 * p, 5, 0, 0, 0)
        increments = SIMD8(0, p / 2, p, (1 + p) / 2, 1, 0, 0, 0)
    }

    /// Adds one observation. - Complexity: O(1)
    public mutating func add(_ x: Double) {
        count += 1
        if stored < 5 {
            heights[stored] = x
            stored += 1
            if stored == 5 {
                let sorted = [heights[0], heights[1], heights[2], heights[3], heights[4]].sorted()
                for i in 0..<5 { heights[i] = sorted[i] }
            }
            return
        }
        let k: Int
        if x < heights[0] { heights[0] = x; k = 0 }
        else if x >= heights[4] { heights[4] = x; k = 3 }
        else {
            var i = 1
            while x >= heights[i] { i += 1 }
            k = i - 1
        }
        for i in (k + 1)..<5 { positions[i] += 1 }
        for i in 0..<5 { desired[i] += increments[i] }
        for i in 1...3 {
            let d = desired[i] - positions[i]
            if (d >= 1 && positions[i + 1] - positions[i] > 1) || (d <= -1 && positions[i - 1] - positions[i] < -1) {
                let step = d >= 0 ? 1.0 : -1.0
                let candidate = parabolic(i, step)
                if heights[i - 1] < candidate && candidate < heights[i + 1] {
                    heights[i] = candidate
                } else {
                    heights[i] = linear(i, step)
                }
                positions[i] += step
            }
        }
    }

    private func parabolic(_ i: Int, _ d: Double) -> Double {
        let q = heights, n = positions
        return q[i] + d / (n[i + 1] - n[i - 1]) * (
            (n[i] - n[i - 1] + d) * (q[i + 1] - q[i]) / (n[i + 1] - n[i]) +
            (n[i + 1] - n[i] - d) * (q[i] - q[i - 1]) / (n[i] - n[i - 1]))
    }

    private func linear(_ i: Int, _ d: Double) -> Double {
        let j = i + Int(d)
        return heights[i] + d * (heights[j] - heights[i]) / (positions[j] - positions[i])
    }

    /// The current estimate; NaN with no observations.
    public var estimate: Double {
        if count == 0 { return .nan }
        if count < 5 || stored < 5 {
            return Self.exactQuantile((0..<stored).map { heights[$0] }.sorted(), probability)
        }
        return heights[2]
    }

    /// The quantile of sorted data by linear interpolation between order statistics (R's type 7,
    /// NumPy's default).
    public static func exactQuantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
