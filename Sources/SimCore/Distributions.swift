// The probability distributions the model needs, sampled with our own bit-to-number mappings.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A distribution of non-negative or real durations and amounts.
///
/// Every case maps random bits to values with a fixed recipe, and draws a fixed number of uniforms
/// where that is possible (exponential, lognormal, triangular, uniform: one or two), so that two
/// scenarios that share a stream stay aligned. Gamma uses rejection (Marsaglia and Tsang 2000) and
/// so draws a variable number.
public enum Distribution: Sendable, Equatable, Hashable {
    /// Always `value`.
    case constant(Double)
    /// Exponential with the given mean (rate 1/mean).
    case exponential(mean: Double)
    /// Gamma with shape k and scale θ: mean kθ, variance kθ².
    case gamma(shape: Double, scale: Double)
    /// Lognormal: the logarithm is normal with mean `mu` and standard deviation `sigma`.
    case lognormal(mu: Double, sigma: Double)
    /// Triangular on [low, high] with its peak at `mode`.
    case triangular(low: Double, mode: Double, high: Double)
    /// Uniform on [low, high).
    case uniform(low: Double, high: Double)
    /// Resampling of observed values, with linear interpolation between order statistics when
    /// `interpolated` (a continuous empirical distribution), or of the values themselves otherwise.
    case empirical(EmpiricalDistribution)

    /// A lognormal with the given mean and standard deviation of the variable itself.
    public static func lognormal(mean: Double, sd: Double) -> Distribution {
        precondition(mean > 0 && sd > 0, "lognormal needs a positive mean and sd")
        let sigma2 = log1p((sd * sd) / (mean * mean))
        return .lognormal(mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// A gamma with the given mean and coefficient of variation.
    public static func gamma(mean: Double, cv: Double) -> Distribution {
        precondition(mean > 0 && cv > 0, "gamma needs a positive mean and cv")
        let shape = 1 / (cv * cv)
        return .gamma(shape: shape, scale: mean / shape)
    }

    /// The mean of the distribution.
    public var mean: Double {
        switch self {
        case .constant(let v): return v
        case .exponential(let m): return m
        case .gamma(let k, let theta): return k * theta
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        case .uniform(let a, let b): return (a + b) / 2
        case .empirical(let e): return e.mean
        }
    }

    /// The variance of the distribution.
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .exponential(let m): return m * m
        case .gamma(let k, let theta): return k * theta * theta
        case .lognormal(let mu, let sigma): return (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma)
        case .triangular(let a, let c, let b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .empirical(let e): return e.variance
        }
    }

    /// Draws one value.
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        switch self {
        case .constant(let v): return v
        case .exponential(let m): return Self.exponential(mean: m, using: &rng)
        case .gamma(let k, let theta): return Self.gamma(shape: k, using: &rng) * theta
        case .lognormal(let mu, let sigma): return exp(mu + sigma * Self.standardNormal(using: &rng))
        case .triangular(let a, let c, let b):
            let u = rng.nextUnitInterval()
            let split = (c - a) / (b - a)
            if u < split { return a + ((b - a) * (c - a) * u).squareRoot() }
            return b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .uniform(let a, let b): return a + (b - a) * rng.nextUnitInterval()
        case .empirical(let e): return e.sample(using: &rng)
        }
    }

    /// An exponential draw by inversion: one uniform.
    @inline(__always)
    public static func exponential<G: RandomNumberGenerator>(mean: Double, using rng: inout G) -> Double {
        -mean * log(rng.nextOpenUnitInterval())
    }

    /// A standard normal draw by the Box–Muller transform: always two uniforms, one value (the
    /// second value is not cached, so that a stream's position never depends on earlier calls).
    public static func standardNormal<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        let u1 = rng.nextOpenUnitInterval()
        let u2 = rng.nextUnitInterval()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A gamma(shape, 1) draw by Marsaglia and Tsang's method; for shape < 1 the boost
    /// gamma(shape + 1) · U^(1/shape).
    public static func gamma<G: RandomNumberGenerator>(shape: Double, using rng: inout G) -> Double {
        if shape < 1 {
            let boost = pow(rng.nextOpenUnitInterval(), 1 / shape)
            return gamma(shape: shape + 1, using: &rng) * boost
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = standardNormal(using: &rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.nextOpenUnitInterval()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
}

/// An empirical distribution: observed values, resampled.
public struct EmpiricalDistribution: Sendable, Equatable, Hashable {
    /// The observed values, sorted ascending.
    public let sortedValues: [Double]
    /// Whether to interpolate linearly between order statistics (continuous) or return one of the
    /// observed values (discrete).
    public let interpolated: Bool

    public init(values: [Double], interpolated: Bool = false) {
        precondition(!values.isEmpty, "an empirical distribution needs at least one value")
        precondition(values.allSatisfy(\.isFinite), "empirical values must be finite")
        sortedValues = values.sorted()
        self.interpolated = interpolated
    }

    public var mean: Double {
        if interpolated, sortedValues.count > 1 {
            // Mean of the piecewise-linear inverse CDF: the average of segment midpoints.
            var total = 0.0
            for i in 0..<(sortedValues.count - 1) { total += (sortedValues[i] + sortedValues[i + 1]) / 2 }
            return total / Double(sortedValues.count - 1)
        }
        return sortedValues.reduce(0, +) / Double(sortedValues.count)
    }

    public var variance: Double {
        if interpolated, sortedValues.count > 1 {
            // Each segment is uniform on [a, b] with equal weight.
            let m = mean
            var total = 0.0
            for i in 0..<(sortedValues.count - 1) {
                let a = sortedValues[i], b = sortedValues[i + 1]
                total += (a * a + a * b + b * b) / 3
            }
            return total / Double(sortedValues.count - 1) - m * m
        }
        let m = mean
        return sortedValues.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(sortedValues.count)
    }
    
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        let n = sortedValues.count
        if !interpolated || n == 1 { return sortedValues[rng.nextIndex(below: n)] }
        let position = rng.nextUnitInterval() * Double(n - 1)
        let lower = Int(position)
        let fraction = position - Double(lower)
        return sortedValues[lower] + fraction * (sortedValues[lower + 1] - sortedValues[lower])
    }
}

/// A yes/no draw with probability `p` of yes.
@frozen
public struct Bernoulli: Sendable, Equatable, Hashable {
    public let probability: Double
    public init(_ probability: Double) {
        precondition(probability >= 0 && probability <= 1, "a probability lies in [0, 1]")
        self.probability = probability
    }
    /// One uniform per draw, whatever the probability.
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Bool {
        rng.nextUnitInterval() < probability
    }
}

/// A draw of one of n categories with given weights (by inversion of the cumulative weights, so one
/// uniform per draw).
public struct Categorical: Sendable, Equatable, Hashable {
    /// Cumulative probabilities; the last is exactly 1.
    public let cumulative: [Double]

    /// Creates the distribution from non-negative weights that need not sum to one.
    public init(weights: [Double]) {
        precondition(!weights.isEmpty, "a categorical distribution needs at least one category")
        precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite }, "weights must be finite and non-negative")
        let total = weights.reduce(0, +)
        precondition(total > 0, "at least one weight must be positive")
        var running = 0.0
        var cumulative = weights.map { w -> Double in running += w; return running / total }
        cumulative[cumulative.count - 1] = 1
        self.cumulative = cumulative
    }

    /// The probability of each category.
    public var probabilities: [Double] {
        cumulative.indices.map { $0 == 0 ? cumulative[0] : cumulative[$0] - cumulative[$0 - 1] }
    }
    
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Int {
        let u = rng.nextUnitInterval()
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if u < cumulative[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
