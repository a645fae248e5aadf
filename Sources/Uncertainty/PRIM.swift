// The Patient Rule Induction Method (Friedman and Fisher 1999) as used for scenario discovery
// (Bryant and Lempert 2010): given points of an input space and which of them are "of interest",
// find a box (a range per dimension) that holds many of the cases of interest (coverage) and few
// others (density), by peeling thin slices off the data box and then pasting back what helps.
// Generic: knows nothing of households or scenarios.

import Foundation
import SimCore

public enum PRIM {
    /// An axis-aligned box with closed bounds, and how well it separates the cases of interest.
    public struct Box: Sendable, Equatable {
        /// The lower bound per dimension, in the data's own units.
        public var lower: [Double]
        /// The upper bound per dimension, in the data's own units.
        public var upper: [Double]
        /// Cases of interest inside the box ÷ all cases of interest (0 when there are none).
        public let coverage: Double
        /// Cases of interest inside the box ÷ points inside the box.
        public let density: Double
        /// Points inside the box ÷ all points.
        public let mass: Double

        /// Creates a box from its bounds and statistics (as computed on some data).
        public init(lower: [Double], upper: [Double], coverage: Double, density: Double, mass: Double) {
            precondition(lower.count == upper.count, "a box has a lower and an upper bound for every dimension")
            self.lower = lower; self.upper = upper
            self.coverage = coverage; self.density = density; self.mass = mass
        }

        /// Whether `x` lies inside the box, bounds included.
        ///
        /// - Complexity: O(dimensions).
        public func contains(_ x: [Double]) -> Bool {
            precondition(x.count == lower.count, "the point and the box have different dimensions")
            for j in lower.indices where !(x[j] >= lower[j] && x[j] <= upper[j]) { return false }
            return true
        }

        /// Dimensions whose bounds are narrower than the data's range, with which side(s) restricted:
        /// `lower` is the box's lower bound when it lies above `dataLower`, else nil; likewise
        /// `upper`. Unrestricted dimensions are left out. The data's range is the first box of a
        /// `peel` trajectory.
        public func restrictions(dataLower: [Double], dataUpper: [Double]) -> [(dimension: Int, lower: Double?, upper: Double?)] {
            precondition(dataLower.count == lower.count && dataUpper.count == upper.count,
                         "the data range and the box have different dimensions")
            var result: [(dimension: Int, lower: Double?, upper: Double?)] = []
            for j in lower.indices {
                let lo: Double? = lower[j] > dataLower[j] ? lower[j] : nil
                let hi: Double? = upper[j] < dataUpper[j] ? upper[j] : nil
                if lo != nil || hi != nil { result.append((dimension: j, lower: lo, upper: hi)) }
            }
            return result
        }
    }

    /// Peeling: repeatedly remove the fraction `alpha` of the remaining points from one side of one
    /// dimension (those at or below its lowest alpha-quantile, or at or above its highest), choosing
    /// the peel that most raises the density; stop when every peel would leave a mass below
    /// `minimumMass` or none raises the density. Then pasting: repeatedly widen one side of one
    /// dimension to take in the fraction `alpha` of the box's points from the points just outside
    /// that side (and inside all other bounds), choosing the paste with the highest density, while
    /// the density does not drop. Returns the trajectory of boxes from the whole data box (the
    /// data's range in every dimension) to the final box.
    ///
    /// Ties in values: a peel never splits points with equal values. It removes at least
    /// max(1, ⌊alpha · m⌋) of the m points inside, and also every point tied with the last of those,
    /// so it may remove more than alpha (a dimension with few distinct values is peeled one value
    /// at a time). A peel that would remove every point (a constant dimension) is skipped; pasting
    /// takes in tied points together in the same way. Equal densities are settled by the peel that
    /// removes fewer points (the paste that adds more), then by the lower dimension, lower side first.
    ///
    /// A new bound is the value of the nearest point kept (peeling) or taken in (pasting), so the
    /// points a box `contains` are exactly those its statistics count.
    ///
    /// When no case or every case is of interest, the trajectory is the whole data box alone, with
    /// density 0 or 1 (coverage 0 or 1).
    ///
    /// - Complexity: O(n · d · log n) to sort once, then O(n · d) per peel and O(n · d²) per paste,
    ///   for n points of d dimensions; about log(minimumMass) ÷ log(1 − alpha) peels.
    public static func peel(_ x: [[Double]], _ interesting: [Bool], alpha: Double = 0.05, minimumMass: Double = 0.05) -> [Box] {
        precondition(!x.isEmpty, "PRIM needs at least one point")
        precondition(x.count == interesting.count, "one label per point")
        precondition(alpha > 0 && alpha < 1, "the peeling fraction lies in (0, 1)")
        let n = x.count, d = x[0].count
        precondition(x.allSatisfy { $0.count == d }, "every point has the same dimensions")
        precondition(x.allSatisfy { $0.allSatisfy { $0.isFinite } }, "PRIM needs finite coordinates")

        let totalInteresting = interesting.reduce(0) { $0 + ($1 ? 1 : 0) }
        var lower = (0..<d).map { j in x.reduce(Double.infinity) { min($0, $1[j]) } }
        var upper = (0..<d).map { j in x.reduce(-Double.infinity) { max($0, $1[j]) } }
        var isInside = [Bool](repeating: true, count: n)
        var count = n, countInteresting = totalInteresting

        func box() -> Box {
            Box(lower: lower, upper: upper,
                coverage: totalInteresting > 0 ? Double(countInteresting) / Double(totalInteresting) : 0,
                density: Double(countInteresting) / Double(count),
                mass: Double(count) / Double(n))
        }
        var trajectory = [box()]
        if totalInteresting == 0 || totalInteresting == n || d == 0 { return trajectory }

        // Each dimension's points in ascending order, sorted once; a step walks the points inside.
        let orders: [[Int]] = (0..<d).map { j in (0..<n).sorted { x[$0][j] < x[$1][j] } }

        /// A candidate move: side `isUpper` of `dimension` moves to `bound`, taking out (peeling) or
        /// in (pasting) the points `moved`, of which `movedInteresting` are of interest.
        struct Move {
            var dimension: Int, isUpper: Bool, bound: Double
            var moved: [Int], movedInteresting: Int, density: Double
        }

        // Peeling.
        while true {
            let k = max(1, Int((alpha * Double(count)).rounded(.down)))
            let current = Double(countInteresting) / Double(count)
            var best: Move?
            for j in 0..<d {
                for isUpper in [false, true] {
                    // Walk in from this side: take k points inside, then those tied with the last.
                    var moved: [Int] = [], movedInteresting = 0, cut = 0.0, bound: Double?
                    let walk = isUpper ? AnySequence(orders[j].reversed()) : AnySequence(orders[j])
                    for i in walk where isInside[i] {
                        let v = x[i][j]
                        if moved.count >= k && v != cut { bound = v; break }
                        moved.append(i); cut = v
                        if interesting[i] { movedInteresting += 1 }
                    }
                    guard let bound else { continue }   // it would take every point: constant here
                    let remaining = count - moved.count
                    guard Double(remaining) / Double(n) >= minimumMass else { continue }
                    let density = Double(countInteresting - movedInteresting) / Double(remaining)
                    if let b = best, !(density > b.density || (density == b.density && moved.count < b.moved.count)) { continue }
                    best = Move(dimension: j, isUpper: isUpper, bound: bound, moved: moved,
                                movedInteresting: movedInteresting, density: density)
                }
            }
            guard let move = best, move.density > current else { break }
            if move.isUpper { upper[move.dimension] = move.bound } else { lower[move.dimension] = move.bound }
            for i in move.moved { isInside[i] = false }
            count -= move.moved.count; countInteresting -= move.movedInteresting
            trajectory.append(box())
        }

        // Pasting.
        func insideExcept(_ i: Int, _ skip: Int) -> Bool {
            for j in 0..<d where j != skip && !(x[i][j] >= lower[j] && x[i][j] <= upper[j]) { return false }
            return true
        }
        while true {
            let k = max(1, Int((alpha * Double(count)).rounded(.down)))
            let current = Double(countInteresting) / Double(count)
            var best: Move?
            for j in 0..<d {
                for isUpper in [false, true] {
                    // Walk out from this side: the nearest k points beyond it, then those tied.
                    var moved: [Int] = [], movedInteresting = 0, cut = 0.0
                    let walk = isUpper ? AnySequence(orders[j]) : AnySequence(orders[j].reversed())
                    for i in walk {
                        let v = x[i][j]
                        if isUpper ? v <= upper[j] : v >= lower[j] { continue }
                        if !insideExcept(i, j) { continue }
                        if moved.count >= k && v != cut { break }
                        moved.append(i); cut = v
                        if interesting[i] { movedInteresting += 1 }
                    }
                    if moved.isEmpty { continue }
                    let density = Double(countInteresting + movedInteresting) / Double(count + moved.count)
                    if let b = best, !(density > b.density || (density == b.density && moved.count > b.moved.count)) { continue }
                    best = Move(dimension: j, isUpper: isUpper, bound: cut, moved: moved,
                                movedInteresting: movedInteresting, density: density)
                }
            }
            guard let move = best, move.density >= current else { break }
            if move.isUpper { upper[move.dimension] = move.bound } else { lower[move.dimension] = move.bound }
            for i in move.moved { isInside[i] = true }
            count += move.moved.count; countInteresting += move.movedInteresting
            trajectory.append(box())
        }
        return trajectory
    }

    /// Per restricted dimension of `box`, the quasi-p-value of that restriction (Bryant and Lempert
    /// 2010): with the restriction undone (the dimension back to the data's range) the box holds m₀
    /// points of which a share d₀ are of interest; the restriction keeps m of them with k of interest;
    /// the quasi-p-value is P(X ≥ k) for X ~ Binomial(m, d₀), how likely so dense a subset would be by
    /// chance. A report keeps the restrictions under 0.05 and drops the others as noise.
    ///
    /// - Complexity: O(n · d) per restricted dimension.
    public static func quasiPValues(_ box: Box, _ x: [[Double]], _ interesting: [Bool], dataLower: [Double], dataUpper: [Double])
        -> [(dimension: Int, p: Double)] {
        box.restrictions(dataLower: dataLower, dataUpper: dataUpper).map { r in
            var wider = box
            wider.lower[r.dimension] = dataLower[r.dimension]
            wider.upper[r.dimension] = dataUpper[r.dimension]
            var m0 = 0, k0 = 0, m = 0, k = 0
            for (point, yes) in zip(x, interesting) where wider.contains(point) {
                m0 += 1; if yes { k0 += 1 }
                if box.contains(point) { m += 1; if yes { k += 1 } }
            }
            let d0 = m0 > 0 ? Double(k0) / Double(m0) : 0
            return (r.dimension, binomialUpperTail(k, m, d0))
        }
    }

    /// The box with only the restrictions that matter: each bound whose quasi-p-value is not under
    /// `threshold` (0.05) is set back to the data's range, and the box's coverage, density and mass are
    /// counted again.
    ///
    /// - Complexity: O(n · d) per restricted dimension.
    public static func pruned(_ box: Box, _ x: [[Double]], _ interesting: [Bool], dataLower: [Double], dataUpper: [Double],
                              threshold: Double = 0.05) -> Box {
        let significant = Set(quasiPValues(box, x, interesting, dataLower: dataLower, dataUpper: dataUpper)
            .filter { $0.p < threshold }.map(\.dimension))
        var lower = box.lower, upper = box.upper
        for j in lower.indices where !significant.contains(j) { lower[j] = dataLower[j]; upper[j] = dataUpper[j] }
        let wider = Box(lower: lower, upper: upper, coverage: 0, density: 0, mass: 0)
        var inside = 0, hits = 0
        for (point, yes) in zip(x, interesting) where wider.contains(point) { inside += 1; if yes { hits += 1 } }
        let total = interesting.filter { $0 }.count
        return Box(lower: lower, upper: upper, coverage: Double(hits) / Double(max(1, total)),
                   density: Double(hits) / Double(max(1, inside)), mass: Double(inside) / Double(max(1, x.count)))
    }

    /// P(X ≥ k) for X ~ Binomial(n, p), summed in log space.
    public static func binomialUpperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if k <= 0 { return 1 }
        if k > n || p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var sum = 0.0
        for i in k...n {
            let logTerm = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
                + Double(i) * log(p) + Double(n - i) * log1p(-p)
            sum += exp(logTerm)
        }
        return min(1, sum)
    }

    /// The box a report shows: along the trajectory, the box with the highest density among those
    /// with coverage ≥ `minimumCoverage`; ties go to the higher coverage, then to the earlier box.
    /// When no box reaches `minimumCoverage` (no case is of interest), the first box: the whole
    /// data box.
    ///
    /// Given `points` (the number of points peeled), a box whose density is within two binomial
    /// standard errors of that highest density, √((d(1 − d) + 1/m) / m) for the m points of the
    /// densest box, counts as equally dense, and the one of those with the highest coverage is
    /// chosen: late peels that raise the density by chance (PRIM's overfitting, which Friedman and
    /// Fisher avoid with test data) give way to a box that covers more.
    ///
    /// - Complexity: O(trajectory length).
    public static func choose(_ trajectory: [Box], minimumCoverage: Double = 0.5, points: Int? = nil) -> Box {
        precondition(!trajectory.isEmpty, "a trajectory has at least the whole data box")
        var best: Box?
        for box in trajectory where box.coverage >= minimumCoverage {
            if let b = best, !(box.density > b.density || (box.density == b.density && box.coverage > b.coverage)) { continue }
            best = box
        }
        guard let densest = best else { return trajectory[0] }
        guard let n = points, n > 0 else { return densest }
        let m = max(1, densest.mass * Double(n))
        let tolerance = 2 * ((densest.density * (1 - densest.density) + 1 / m) / m).squareRoot()
        var chosen = densest
        for box in trajectory where box.coverage >= minimumCoverage && box.density >= densest.density - tolerance {
            if box.coverage > chosen.coverage { chosen = box }
        }
        return chosen
    }
}
