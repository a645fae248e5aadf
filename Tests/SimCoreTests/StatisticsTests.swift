// Streaming statistics and Student-t intervals.

import Testing
import Foundation
@testable import SimCore

@Suite("Statistics")
struct StatisticsTests {
    @Test("tally agrees with the two-pass formulas, and merging equals adding")
    func tally() {
        var rng = StreamKey(seed: 3).makeGenerator()
        let values = (0..<1_000).map { _ in Distribution.lognormal(mu: 3, sigma: 1).sample(using: &rng) }
        let t = Tally(values)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        #expect(abs(t.mean - mean) / mean < 1e-12)
        #expect(abs(t.variance - variance) / variance < 1e-10)
        #expect(t.min == values.min() && t.max == values.max())
        var merged = Tally(values[..<300])
        merged.merge(Tally(values[300...]))
        #expect(merged.count == t.count)
        #expect(abs(merged.mean - t.mean) / t.mean < 1e-12)
        #expect(abs(merged.variance - t.variance) / t.variance < 1e-10)
    }

    @Test("Student-t quantiles match published tables", arguments: [
        (1.0, 12.706_204_736), (2.0, 4.302_652_730), (5.0, 2.570_581_836), (10.0, 2.228_138_852),
        (29.0, 2.045_229_642), (30.0, 2.042_272_456), (100.0, 1.983_971_519), (1e6, 1.959_966_3),
    ])
    func tQuantile(df: Double, expected: Double) {
        let q = StudentT.quantile(0.975, degreesOfFreedom: df)
        #expect(abs(q - expected) < 2e-6, "df \(df): \(q)")
        #expect(abs(StudentT.cdf(q, degreesOfFreedom: df) - 0.975) < 1e-12)
        #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: df) + q) < 1e-12)
    }

    @Test("t quantile at other levels", arguments: [(0.95, 9.0, 1.833_112_933), (0.995, 4.0, 4.604_094_871), (0.9, 20.0, 1.325_340_707)])
    func tOtherLevels(p: Double, df: Double, expected: Double) {
        #expect(abs(StudentT.quantile(p, degreesOfFreedom: df) - expected) < 2e-6)
    }

    @Test("95% intervals cover the true mean about 95% of the time")
    func coverage() {
        // 2,000 intervals of n = 10 normal draws; coverage ~ Binomial(2000, 0.95): sd 0.49%.
        var rng = StreamKey(seed: 11).makeGenerator()
        var covered = 0
        for _ in 0..<2_000 {
            let values = (0..<10).map { _ in 5 + 2 * Distribution.standardNormal(using: &rng) }
            if ConfidenceInterval(values: values).contains(5) { covered += 1 }
        }
        let share = Double(covered) / 2_000
        #expect(share > 0.93 && share < 0.97, "coverage \(share)")
    }

    @Test("P² quantile estimates are close to the exact quantile", arguments: [0.5, 0.9, 0.99])
    func p2(probability: Double) {
        forEachSeed(0..<4) { seed in
            var rng = StreamKey(seed: seed).makeGenerator()
            var estimator = QuantileEstimator(probability: probability)
            var values: [Double] = []
            for _ in 0..<20_000 {
                let x = Distribution.exponential(mean: 10).sample(using: &rng)
                estimator.add(x)
                values.append(x)
            }
            let exact = QuantileEstimator.exactQuantile(values.sorted(), probability)
            #expect(abs(estimator.estimate - exact) / exact < 0.03, "seed \(seed): \(estimator.estimate) vs \(exact)")
        }
    }

    @Test("P² is exact for five observations or fewer")
    func p2Small() {
        var e = QuantileEstimator(probability: 0.5)
        #expect(e.estimate.isNaN)
        for x in [5.0, 1, 3] { e.add(x) }
        #expect(e.estimate == 3)
    }
}
