// Decision statistics across plausible worlds (robust decision making, Lempert et al. 2003): for
// every design, how often it is best, how much it loses to the best on average (regret), and how
// its paired difference to design 0 varies over the worlds, with the share of that variation due
// to the worlds rather than to the replications' noise (one-way random-effects ANOVA). Generic:
// a "world" is any parameter point, a "design" any alternative, the values any outcome.

import SimCore

public enum Decision {
    /// The statistics of one design across worlds.
    public struct Row: Sendable, Equatable {
        /// Share of worlds where this design's world-mean is best (designs tied for best share
        /// that world's win equally).
        public let pBest: Double
        /// Mean over worlds of |best world-mean − this design's world-mean| (≥ 0).
        public let meanRegret: Double
        /// Grand mean of the paired differences (this − design 0) over worlds and replications.
        public let diffMean: Double
        /// 2.5% quantile (type 7) of the per-world mean differences: with `diffHigh`, the spread of
        /// the difference across plausible worlds, each estimated from R replications.
        public let diffLow: Double
        /// 97.5% quantile (type 7) of the per-world mean differences.
        public let diffHigh: Double
        /// τ̂² / (τ̂² + σ̂²/R): the share of the variance of the per-world mean differences due to
        /// the worlds, from a one-way random-effects ANOVA on the paired differences d[w][r]
        /// (σ̂² = within-world mean square, τ̂² = max(0, (between − within mean square) / R)).
        /// NaN when undefined: for design 0 itself, with one replication or one world, or when
        /// the differences do not vary at all.
        public let parameterShare: Double

        /// Creates a row from its statistics.
        public init(pBest: Double, meanRegret: Double, diffMean: Double, diffLow: Double, diffHigh: Double, parameterShare: Double) {
            self.pBest = pBest; self.meanRegret = meanRegret; self.diffMean = diffMean
            self.diffLow = diffLow; self.diffHigh = diffHigh; self.parameterShare = parameterShare
        }
    }

    /// `values[w][k][r]`: world w, design k, replication r (the same R for all, replication r of
    /// every design in a world paired, as with common random numbers). `lowerIsBetter` decides
    /// best and regret. One Row per design k (design 0 included: differences 0, share NaN).
    ///
    /// - Complexity: O(W · K · R + K · W log W).
    public static func analyse(_ values: [[[Double]]], lowerIsBetter: Bool) -> [Row] {
        let worlds = values.count
        precondition(worlds >= 1, "at least one world")
        let designs = values[0].count
        precondition(designs >= 1, "at least one design")
        let replications = values[0][0].count
        precondition(replications >= 1, "at least one replication")
        precondition(values.allSatisfy { $0.count == designs && $0.allSatisfy { $0.count == replications } },
                     "every world has the same designs, every design the same replications")
        let W = Double(worlds), R = Double(replications)

        // World means, the best per world, and how many designs tie for it.
        let means = values.map { world in world.map { $0.reduce(0, +) / R } }
        var wins = [Double](repeating: 0, count: designs)
        var regret = [Double](repeating: 0, count: designs)
        for w in 0..<worlds {
            let best = lowerIsBetter ? means[w].min()! : means[w].max()!
            let tied = means[w].filter { $0 == best }.count
            for k in 0..<designs {
                if means[w][k] == best { wins[k] += 1 / Double(tied) }
                regret[k] += abs(best - means[w][k])
            }
        }

        var rows: [Row] = []
        for k in 0..<designs {
            // Paired differences, their per-world means, and the ANOVA's sums of squares.
            var perWorld = [Double](repeating: 0, count: worlds)
            var total = 0.0, within = 0.0
            for w in 0..<worlds {
                let d = (0..<replications).map { values[w][k][$0] - values[w][0][$0] }
                let mean = d.reduce(0, +) / R
                perWorld[w] = mean
                total += d.reduce(0, +)
                within += d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            }
            let grand = total / (W * R)
            let sorted = perWorld.sorted()
            var share = Double.nan
            if k != 0 && worlds > 1 && replications > 1 {
                let between = perWorld.reduce(0) { $0 + ($1 - grand) * ($1 - grand) }
                let betweenMS = R * between / (W - 1)
                let withinMS = within / (W * (R - 1))
                let tau2 = max(0, (betweenMS - withinMS) / R)
                let denominator = tau2 + withinMS / R
                if denominator > 0 { share = tau2 / denominator }
            }
            rows.append(Row(pBest: wins[k] / W, meanRegret: regret[k] / W, diffMean: grand,
                            diffLow: quantile(sorted, 0.025), diffHigh: quantile(sorted, 0.975),
                            parameterShare: share))
        }
        return rows
    }

    /// The quantile of sorted data by linear interpolation between order statistics (type 7 of
    /// Hyndman and Fan 1996, R's default): with h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
    ///
    /// - Complexity: O(1).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "the quantile of no data")
        precondition(p >= 0 && p <= 1, "a quantile's probability lies in [0, 1]")
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        if lo >= sorted.count - 1 { return sorted[sorted.count - 1] }
        return sorted[lo] + (h - Double(lo)) * (sorted[lo + 1] - sorted[lo])
    }
}
