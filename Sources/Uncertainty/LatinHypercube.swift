// Latin hypercube designs in the unit cube, and the maximin choice among several (Morris and
// Mitchell 1995): n points in d dimensions such that, in every dimension, each of the n equal
// strata holds exactly one point. Generic: knows nothing of households or scenarios.

import SimCore

public enum LatinHypercube {
    /// One random Latin hypercube: `points` × `dimensions` coordinates in [0, 1). In every dimension
    /// the points fall one per stratum [k/n, (k+1)/n), at a uniform position within it.
    public static func random(points n: Int, dimensions d: Int, using rng: inout Xoshiro256StarStar) -> [[Double]] {
        precondition(n > 0 && d > 0, "a Latin hypercube needs at least one point and one dimension")
        var design = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
        for j in 0..<d {
            // A random permutation of the strata (Fisher–Yates).
            var strata = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) {
                let k = rng.nextIndex(below: i + 1)
                strata.swapAt(i, k)
            }
            for i in 0..<n { design[i][j] = (Double(strata[i]) + rng.nextUnitInterval()) / Double(n) }
        }
        return design
    }

    /// The smallest Euclidean distance between two points of a design (∞ for a single point).
    public static func minimumDistance(_ design: [[Double]]) -> Double {
        var best = Double.infinity
        for a in 0..<design.count {
            for b in (a + 1)..<design.count {
                var sum = 0.0
                for j in design[a].indices { let t = design[a][j] - design[b][j]; sum += t * t }
                best = min(best, sum)
            }
        }
        return best.squareRoot()
    }

    /// A maximin Latin hypercube: of `candidates` random designs, the one whose closest two points
    /// are farthest apart (spreads the points without giving up the stratification).
    public static func maximin(points n: Int, dimensions d: Int, candidates: Int = 20,
                               using rng: inout Xoshiro256StarStar) -> [[Double]] {
        var best = random(points: n, dimensions: d, using: &rng)
        var bestDistance = minimumDistance(best)
        for _ in 1..<max(1, candidates) {
            let design = random(points: n, dimensions: d, using: &rng)
            let distance = minimumDistance(design)
            if distance > bestDistance { best = design; bestDistance = distance }
        }
        return best
    }
}
