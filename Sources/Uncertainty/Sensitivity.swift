// Global sensitivity analysis in the unit cube: variance-based Sobol' indices with the Saltelli
// (2010) design and estimators, Morris (1991) elementary effects with the trajectory design and
// μ* of Campolongo et al. (2007), and the Ishigami function with its known answers as a test case.
// Written from the published formulas. Generic: knows nothing of households; callers map the unit
// cube to their parameter ranges.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SimCore

// MARK: - Shared helpers

/// Bootstrap helpers shared by the estimators.
enum Bootstrap {
    /// The `q`-quantile of sorted values, interpolating linearly between order statistics
    /// (Hyndman and Fan's type 7).
    static func quantile(sorted values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty, "a quantile of no values")
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        return values[lower] + fraction * (values[upper] - values[lower])
    }

    /// The percentile 95% interval of bootstrap replicates, or [value, value] without replicates.
    /// A NaN replicate (a resample with a constant output, say) makes the interval NaN.
    static func interval(_ replicates: [Double], value: Double) -> (low: Double, high: Double) {
        if replicates.isEmpty { return (value, value) }
        if replicates.contains(where: { $0.isNaN }) { return (.nan, .nan) }
        let sorted = replicates.sorted()
        return (quantile(sorted: sorted, 0.025), quantile(sorted: sorted, 0.975))
    }

    /// `count` row numbers drawn uniformly with replacement from 0..<count.
    static func resample(_ count: Int, using rng: inout Xoshiro256StarStar) -> [Int] {
        (0..<count).map { _ in rng.nextIndex(below: count) }
    }
}

// MARK: - Sobol'

/// Variance-based (Sobol') sensitivity indices estimated from the Saltelli (2010) design.
///
/// The first-order index S_i = V(E[f | x_i]) / V(f) is the share of the output variance explained
/// by x_i alone; the total index ST_i = E(V[f | x_~i]) / V(f) is the share that would remain if all
/// factors but x_i were fixed, so ST_i − S_i measures x_i's interactions. Factors are independent
/// and uniform on [0, 1).
public enum Sobol {
    /// The Saltelli (2010) design: two independent N × d matrices A and B and, for every dimension
    /// i, the matrix AB_i, which is A with its column i taken from B.
    ///
    /// A and B are the first and last d columns of one random Latin hypercube of N points in 2d
    /// dimensions (`LatinHypercube.random`): each of their columns is stratified, and columns are
    /// independently permuted, so A and B are independent of each other.
    public struct Design: Sendable {
        /// The number of rows N of A and B.
        public let samples: Int
        /// The number of factors d.
        public let dimensions: Int
        /// All N(d + 2) points, in evaluation order: the N rows of A, the N rows of B, then the N
        /// rows of AB_1, …, the N rows of AB_d.
        public let points: [[Double]]

        /// Draws a design of `samples` rows in `dimensions` dimensions.
        ///
        /// - Complexity: O(N d²) time and memory (N(d + 2) points of d coordinates).
        public init(samples: Int, dimensions: Int, using rng: inout Xoshiro256StarStar) {
            precondition(samples > 1 && dimensions > 0, "a Sobol' design needs at least two samples and one dimension")
            let cube = LatinHypercube.random(points: samples, dimensions: 2 * dimensions, using: &rng)
            let a = cube.map { Array($0[0..<dimensions]) }
            let b = cube.map { Array($0[dimensions...]) }
            var points = a + b
            points.reserveCapacity(samples * (dimensions + 2))
            for i in 0..<dimensions {
                for row in 0..<samples {
                    var point = a[row]
                    point[i] = b[row][i]
                    points.append(point)
                }
            }
            self.samples = samples
            self.dimensions = dimensions
            self.points = points
        }

        /// The position in `points` (and in the outputs) of row `row` of A (`matrix` 0), B
        /// (`matrix` 1) or AB_i (`matrix` i + 2).
        func position(matrix: Int, row: Int) -> Int { matrix * samples + row }
    }

    /// An estimated index with its percentile bootstrap 95% interval.
    public struct Index: Sendable, Equatable {
        /// The point estimate from all N rows.
        public let value: Double
        /// The 2.5th percentile of the bootstrap replicates.
        public let low: Double
        /// The 97.5th percentile of the bootstrap replicates.
        public let high: Double

        public init(value: Double, low: Double, high: Double) {
            self.value = value; self.low = low; self.high = high
        }

        /// Whether `x` lies in [low, high].
        public func covers(_ x: Double) -> Bool { low <= x && x <= high }
    }

    /// First-order and total indices, one of each per dimension.
    public struct Result: Sendable {
        /// First-order indices S_i.
        public let first: [Index]
        /// Total indices ST_i.
        public let total: [Index]
    }

    /// The first-order and total indices from the outputs of a design, with percentile bootstrap
    /// 95% intervals.
    ///
    /// With f_A, f_B and f_ABi the outputs at the rows of A, B and AB_i, and V the sample variance
    /// (divisor 2N − 1) of f over A and B together:
    /// - first order (Saltelli et al. 2010, table 2 (b)): S_i = mean(f_B · (f_ABi − f_A)) / V, with
    ///   f_B centred at the mean of A and B (an exact shift that leaves the expectation unchanged
    ///   and makes the estimate independent of the output's offset);
    /// - total (Jansen 1999): ST_i = mean((f_A − f_ABi)²) / 2 / V.
    ///
    /// The bootstrap resamples the N rows with replacement, `resamples` times, using the same rows
    /// of A, B and every AB_i, and recomputes V and every index; the interval runs from the 2.5th
    /// to the 97.5th percentile of the replicates ([value, value] when `resamples` is 0). The
    /// indices are NaN when the output is constant.
    ///
    /// - Parameter outputs: f at every point of `design.points`, in that order.
    /// - Complexity: O(resamples · N · d).
    public static func analyse(_ outputs: [Double], design: Design, resamples: Int = 1000,
                               using rng: inout Xoshiro256StarStar) -> Result {
        let n = design.samples, d = design.dimensions
        precondition(outputs.count == design.points.count, "one output per design point")
        precondition(resamples >= 0, "a number of resamples cannot be negative")
        // Centre at the mean of A and B once, so that the sums below lose no digits to a large
        // offset, and store the outputs row by row: f_A, f_B, f_AB1, …, f_ABd of row 0, then row 1, …
        let offset = outputs[0..<(2 * n)].reduce(0, +) / Double(2 * n)
        let width = d + 2
        var table = [Double](repeating: 0, count: n * width)
        for matrix in 0..<width {
            for row in 0..<n { table[row * width + matrix] = outputs[design.position(matrix: matrix, row: row)] - offset }
        }

        var rows = Array(0..<n)
        let estimate = estimates(table, width: width, rows: rows)
        var firstReplicates = [[Double]](repeating: [], count: d)
        var totalReplicates = [[Double]](repeating: [], count: d)
        for _ in 0..<resamples {
            for k in 0..<n { rows[k] = rng.nextIndex(below: n) }
            let replicate = estimates(table, width: width, rows: rows)
            for i in 0..<d {
                firstReplicates[i].append(replicate.first[i])
                totalReplicates[i].append(replicate.total[i])
            }
        }
        func index(_ value: Double, _ replicates: [Double]) -> Index {
            let (low, high) = Bootstrap.interval(replicates, value: value)
            return Index(value: value, low: low, high: high)
        }
        return Result(first: (0..<d).map { index(estimate.first[$0], firstReplicates[$0]) },
                      total: (0..<d).map { index(estimate.total[$0], totalReplicates[$0]) })
    }

    /// The Saltelli first-order and Jansen total estimates over the given rows (with repeats) of a
    /// row-major table whose rows hold f_A, f_B, f_AB1, …, f_ABd.
    static func estimates(_ table: [Double], width: Int, rows: [Int]) -> (first: [Double], total: [Double]) {
        let d = width - 2
        let count = Double(rows.count)
        // Unsafe buffers keep the inner loops fast in unoptimised (debug) builds too.
        return table.withUnsafeBufferPointer { f in
            rows.withUnsafeBufferPointer { rows in
                var sum = 0.0, sumOfSquares = 0.0
                for row in rows {
                    let a = f[row * width], b = f[row * width + 1]
                    sum += a + b
                    sumOfSquares += a * a + b * b
                }
                let mean = sum / (2 * count)
                let variance = (sumOfSquares - 2 * count * mean * mean) / (2 * count - 1)
                var products = [Double](repeating: 0, count: d), squares = [Double](repeating: 0, count: d)
                products.withUnsafeMutableBufferPointer { products in
                    squares.withUnsafeMutableBufferPointer { squares in
                        for row in rows {
                            let base = row * width
                            let a = f[base], b = f[base + 1] - mean
                            for i in 0..<d {
                                let change = f[base + 2 + i] - a
                                products[i] += b * change
                                squares[i] += change * change
                            }
                        }
                    }
                }
                return (products.map { $0 / count / variance }, squares.map { $0 / count / 2 / variance })
            }
        }
    }
}

// MARK: - Morris

/// Morris (1991) elementary-effects screening with the trajectory design, and the μ* measure of
/// Campolongo, Cariboni and Saltelli (2007).
public enum Morris {
    /// Morris trajectories on the p-level grid {0, 1/(p − 1), …, 1} (note: the grid includes 1).
    ///
    /// Each trajectory has d + 1 points; consecutive points differ in one factor, by the step
    /// Δ = p / (2(p − 1)) (p/2 grid steps), and every factor moves exactly once. Per trajectory:
    /// every factor i draws a lower level l_i uniformly from the levels with l_i + Δ ≤ 1 and a
    /// direction, up (start at l_i, move to l_i + Δ) or down (start at l_i + Δ, move to l_i), with
    /// probability 1/2 each; the factors move in a uniformly random order (Campolongo et al. 2007;
    /// Saltelli et al. 2008, ch. 3). Hence when factor i moves, its pair (l_i, l_i + Δ) is uniform
    /// over the admissible pairs, and every other factor (already moved or not, with a fair random
    /// direction) is independently uniform over all p levels — the distribution that
    /// `exactEffects` enumerates.
    public struct Design: Sendable {
        /// The number of trajectories r.
        public let trajectories: Int
        /// The number of factors d.
        public let dimensions: Int
        /// The number of grid levels p (even).
        public let levels: Int
        /// The step Δ = p / (2(p − 1)).
        public let delta: Double
        /// The r(d + 1) points, trajectory after trajectory.
        public let points: [[Double]]

        /// Draws `trajectories` trajectories in `dimensions` dimensions on a `levels`-level grid.
        ///
        /// - Complexity: O(r d²) time and memory.
        public init(trajectories: Int, dimensions: Int, levels: Int = 4, using rng: inout Xoshiro256StarStar) {
            precondition(trajectories > 0 && dimensions > 0, "a Morris design needs at least one trajectory and one dimension")
            precondition(levels >= 2 && levels % 2 == 0, "the Morris grid needs an even number of levels, at least 2")
            let half = levels / 2                         // Δ in grid steps
            let scale = Double(levels - 1)
            var points = [[Double]]()
            points.reserveCapacity(trajectories * (dimensions + 1))
            for _ in 0..<trajectories {
                let lower = (0..<dimensions).map { _ in rng.nextIndex(below: half) }
                let up = (0..<dimensions).map { _ in rng.nextIndex(below: 2) == 1 }
                var order = Array(0..<dimensions)
                for k in stride(from: dimensions - 1, to: 0, by: -1) { order.swapAt(k, rng.nextIndex(below: k + 1)) }
                var level = (0..<dimensions).map { up[$0] ? lower[$0] : lower[$0] + half }
                points.append(level.map { Double($0) / scale })
                for factor in order {
                    level[factor] = up[factor] ? lower[factor] + half : lower[factor]
                    points.append(level.map { Double($0) / scale })
                }
            }
            self.trajectories = trajectories
            self.dimensions = dimensions
            self.levels = levels
            self.delta = Double(levels) / Double(2 * (levels - 1))
            self.points = points
        }
    }

    /// The elementary-effect summary of one factor.
    public struct Effect: Sendable, Equatable {
        /// The mean elementary effect μ.
        public let mu: Double
        /// The mean absolute elementary effect μ*.
        public let muStar: Double
        /// The sample standard deviation σ of the elementary effects (divisor r − 1; NaN for r = 1).
        public let sigma: Double
        /// The 2.5th percentile of the bootstrap replicates of μ*.
        public let muStarLow: Double
        /// The 97.5th percentile of the bootstrap replicates of μ*.
        public let muStarHigh: Double

        public init(mu: Double, muStar: Double, sigma: Double, muStarLow: Double, muStarHigh: Double) {
            self.mu = mu; self.muStar = muStar; self.sigma = sigma; self.muStarLow = muStarLow; self.muStarHigh = muStarHigh
        }
    }

    /// The elementary effects of a design's outputs, summarised per factor.
    ///
    /// Every step of a trajectory gives one elementary effect of the factor it moves,
    /// EE = (f(higher) − f(lower)) / Δ, whichever way the step goes. Per factor: μ = mean EE,
    /// μ* = mean |EE|, σ = sd(EE) with divisor r − 1, and a percentile bootstrap 95% interval of μ*
    /// that resamples the r trajectories with replacement `resamples` times, the same trajectories for
    /// every factor ([μ*, μ*] when 0).
    ///
    /// - Parameter outputs: f at every point of `design.points`, in that order.
    /// - Complexity: O(r d² + resamples · r · d).
    public static func analyse(_ outputs: [Double], design: Design, resamples: Int = 1000,
                               using rng: inout Xoshiro256StarStar) -> [Effect] {
        let r = design.trajectories, d = design.dimensions
        precondition(outputs.count == design.points.count, "one output per design point")
        precondition(resamples >= 0, "a number of resamples cannot be negative")
        // effects[i][t]: the elementary effect of factor i in trajectory t.
        var effects = [[Double]](repeating: [Double](repeating: .nan, count: r), count: d)
        for t in 0..<r {
            let start = t * (d + 1)
            for step in 0..<d {
                let before = design.points[start + step], after = design.points[start + step + 1]
                let moved = (0..<d).filter { before[$0] != after[$0] }
                precondition(moved.count == 1 && effects[moved[0]][t].isNaN,
                             "each step of a Morris trajectory moves one factor, each factor once")
                let i = moved[0]
                let change = outputs[start + step + 1] - outputs[start + step]
                effects[i][t] = (after[i] > before[i] ? change : -change) / design.delta
            }
        }
        // Bootstrap: the same resampled trajectories for every factor.
        var replicates = [[Double]](repeating: [], count: d)
        for _ in 0..<resamples {
            let rows = Bootstrap.resample(r, using: &rng)
            for i in 0..<d {
                let ee = effects[i]
                var sum = 0.0
                for row in rows { sum += abs(ee[row]) }
                replicates[i].append(sum / Double(r))
            }
        }
        return (0..<d).map { i in
            let ee = effects[i]
            let mu = ee.reduce(0, +) / Double(r)
            let muStar = ee.reduce(0) { $0 + abs($1) } / Double(r)
            let sigma = r > 1 ? (ee.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(r - 1)).squareRoot() : .nan
            let (low, high) = Bootstrap.interval(replicates[i], value: muStar)
            return Effect(mu: mu, muStar: muStar, sigma: sigma, muStarLow: low, muStarHigh: high)
        }
    }

    /// The exact μ, μ* and σ (population standard deviation) of the elementary effects that one
    /// Morris trajectory on the p-level grid yields, by enumeration: for factor i, every admissible
    /// pair (l, l + Δ) × every grid level of each other factor, all equally likely, with
    /// EE = (f(…, l + Δ, …) − f(…, l, …)) / Δ. The trajectory design's estimates converge to these.
    ///
    /// - Complexity: O(d · p^d) evaluations of f: small d only.
    static func exactEffects(dimensions d: Int, levels p: Int,
                             _ f: ([Double]) -> Double) -> [(mu: Double, muStar: Double, sigma: Double)] {
        precondition(d > 0 && p >= 2 && p % 2 == 0, "an even number of levels, at least 2, and one dimension or more")
        let half = p / 2, scale = Double(p - 1)
        let delta = Double(p) / Double(2 * (p - 1))
        return (0..<d).map { i in
            var effects = [Double]()
            var level = [Int](repeating: 0, count: d)       // an odometer over the other factors and i's lower level
            while true {
                var point = level.map { Double($0) / scale }
                let low = f(point)
                point[i] = Double(level[i] + half) / scale
                effects.append((f(point) - low) / delta)
                var digit = 0
                while digit < d {
                    level[digit] += 1
                    if level[digit] < (digit == i ? half : p) { break }
                    level[digit] = 0
                    digit += 1
                }
                if digit == d { break }
            }
            let count = Double(effects.count)
            let mu = effects.reduce(0, +) / count
            let muStar = effects.reduce(0) { $0 + abs($1) } / count
            let sigma = (effects.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / count).squareRoot()
            return (mu, muStar, sigma)
        }
    }
}

// MARK: - Ishigami

/// The Ishigami function (Ishigami and Homma 1990), f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1 on
/// [−π, π]³, a standard test of sensitivity methods: nonlinear, non-monotonic, with an
/// interaction between x1 and x3 and a factor (x3) with no first-order effect.
public enum Ishigami {
    /// f at the unit-cube point `u` (three coordinates), mapped to x = −π + 2π u.
    public static func value(_ u: [Double], a: Double = 7, b: Double = 0.1) -> Double {
        precondition(u.count == 3, "the Ishigami function has three inputs")
        let x1 = -Double.pi + 2 * Double.pi * u[0]
        let x2 = -Double.pi + 2 * Double.pi * u[1]
        let x3 = -Double.pi + 2 * Double.pi * u[2]
        let s2 = sin(x2)
        let x3squared = x3 * x3
        return sin(x1) + a * s2 * s2 + b * x3squared * x3squared * sin(x1)
    }

    /// The partial variances of f with uniform x on [−π, π]³ (E x⁴ = π⁴/5, E x⁸ = π⁸/9,
    /// E sin² = 1/2, E sin⁴ = 3/8): V1 = (1 + bπ⁴/5)² / 2, V2 = a²/8, V3 = 0,
    /// V13 = b²π⁸ (1/18 − 1/50) (half the variance of b x3⁴), all other terms 0.
    static func partialVariances(a: Double, b: Double) -> (v1: Double, v2: Double, v13: Double) {
        let pi4 = pow(Double.pi, 4)
        let v1 = (1 + b * pi4 / 5) * (1 + b * pi4 / 5) / 2
        let v2 = a * a / 8
        let v13 = b * b * pi4 * pi4 * (1.0 / 18 - 1.0 / 50)
        return (v1, v2, v13)
    }

    /// The analytic first-order Sobol' indices (V1, V2, 0) / V with V = V1 + V2 + V13
    /// (a = 7, b = 0.1: 0.3139, 0.4424, 0).
    public static func analyticFirst(a: Double = 7, b: Double = 0.1) -> [Double] {
        let (v1, v2, v13) = partialVariances(a: a, b: b)
        let v = v1 + v2 + v13
        return [v1 / v, v2 / v, 0]
    }

    /// The analytic total Sobol' indices (V1 + V13, V2, V13) / V
    /// (a = 7, b = 0.1: 0.5576, 0.4424, 0.2437).
    public static func analyticTotal(a: Double = 7, b: Double = 0.1) -> [Double] {
        let (v1, v2, v13) = partialVariances(a: a, b: b)
        let v = v1 + v2 + v13
        return [(v1 + v13) / v, v2 / v, v13 / v]
    }

    /// The exact Morris μ, μ* and σ (population sd over the enumeration) of the Ishigami function
    /// on the `levels`-level grid: every admissible pair (l, l + Δ) of factor i × every grid level
    /// of the other two factors, equally likely, EE = (f(upper) − f(lower)) / Δ. The answer the
    /// trajectory estimator (`Morris.analyse`) converges to.
    ///
    /// - Complexity: O(levels³) evaluations.
    public static func exactMorris(levels: Int = 4, a: Double = 7, b: Double = 0.1) -> [(mu: Double, muStar: Double, sigma: Double)] {
        Morris.exactEffects(dimensions: 3, levels: levels) { value($0, a: a, b: b) }
    }
}
