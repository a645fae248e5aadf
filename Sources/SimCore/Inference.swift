// Confidence intervals by Student's t, and the special functions they need.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A two-sided confidence interval for a mean.
public struct ConfidenceInterval: Sendable, Equatable {
    public let mean: Double
    public let halfWidth: Double
    public let count: Int
    public let level: Double

    public var lower: Double { mean - halfWidth }
    public var upper: Double { mean + halfWidth }

    /// The Student-t interval mean ± t(1 − α/2, n − 1) · sd / √n.
    public init(mean: Double, standardDeviation: Double, count: Int, level: Double = 0.95) {
        self.mean = mean
        self.count = count
        self.level = level
        if count < 2 {
            halfWidth = count == 0 ? .nan : .infinity
        } else {
            let t = StudentT.quantile(0.5 + level / 2, degreesOfFreedom: Double(count - 1))
            halfWidth = t * standardDeviation / Double(count).squareRoot()
        }
    }

    /// The interval for the mean of `values`.
    public init(values: [Double], level: Double = 0.95) {
        let tally = Tally(values)
        self.init(mean: tally.mean, standardDeviation: tally.standardDeviation, count: tally.count, level: level)
    }

    /// Whether `value` lies inside the closed interval.
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
}

/// Student's t distribution.
public enum StudentT {
    /// The cumulative distribution function P(T ≤ t) with ν degrees of freedom.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "degrees of freedom must be positive")
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The quantile function: the t with P(T ≤ t) = p, found by bisection on `cdf` to full double
    /// precision (about 60 iterations).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "a probability lies in (0, 1)")
        precondition(nu > 0, "degrees of freedom must be positive")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: nu) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, degreesOfFreedom: nu) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The regularized incomplete beta function I_x(a, b), by its continued fraction (modified
    /// Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where that converges faster.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...500 {
            let m = Double(m)
            let evenTerm = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + evenTerm * d; if abs(d) < tiny { d = tiny }
            c = 1 + evenTerm / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let oddTerm = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + oddTerm * d; if abs(d) < tiny { d = tiny }
            c = 1 + oddTerm / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return result
    }
}

/// Analytic results of queueing theory, to validate the engine against.
public enum QueueingTheory {
    /// The Erlang C probability that an arrival to an M/M/c queue has to wait.
    /// Computed by the stable recurrence on Erlang B, so large c does not overflow.
    public static func erlangC(arrivalRate lambda: Double, serviceRate mu: Double, servers c: Int) -> Double {
        precondition(lambda > 0 && mu > 0 && c > 0, "rates and servers must be positive")
        let a = lambda / mu
        let rho = a / Double(c)
        guard rho < 1 else { return 1 }
        var erlangB = 1.0
        for k in 1...c { erlangB = a * erlangB / (Double(k) + a * erlangB) }
        return erlangB / (1 - rho + rho * erlangB)
    }

    /// Mean wait in the queue (before service) of an M/M/c queue; infinite when ρ ≥ 1.
    public static func mmcMeanWait(arrivalRate lambda: Double, serviceRate mu: Double, servers c: Int) -> Double {
        let a = lambda / mu
        guard a < Double(c) else { return .infinity }
        return erlangC(arrivalRate: lambda, serviceRate: mu, servers: c) / (Double(c) * mu - lambda)
    }

    /// Mean number waiting (Lq) of an M/M/c queue, by Little's law Lq = λ Wq.
    public static func mmcMeanQueueLength(arrivalRate lambda: Double, serviceRate mu: Double, servers c: Int) -> Double {
        lambda * mmcMeanWait(arrivalRate: lambda, serviceRate: mu, servers: c)
    }
}
