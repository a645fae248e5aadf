// Output analysis: least-squares slopes against exact and hand-computed answers; MSER-5 against
// deterministic series whose answer follows from the definition, and against AR(1) series with an
// exponential start-up transient over many seeds.

import Foundation
import Testing
@testable import SimCore

@Suite("Output analysis")
struct OutputAnalysisTests {
    // MARK: Least-squares slope

    @Test("the slope of an exact line is its slope, also with unevenly spaced x")
    func exactLine() {
        let x = (0..<12).map { Double($0) / 12 }
        #expect(abs(olsSlope(x: x, y: x.map { 3 * $0 - 2 }) - 3) < 1e-12)
        let uneven: [Double] = [-4, 0.5, 1, 7, 7.25, 30]
        #expect(abs(olsSlope(x: uneven, y: uneven.map { -0.25 * $0 + 1000 }) - -0.25) < 1e-12)
        // a large level does not cost accuracy (centred sums)
        #expect(abs(olsSlope(x: x, y: x.map { 1e9 + 0.5 * $0 }) - 0.5) < 1e-6)
    }

    @Test("the slope of a small table computed by hand")
    func handTable() {
        // x̄ = 3, ȳ = 4; Σ(x−x̄)(y−ȳ) = (−2)(−2) + (−1)(0) + 0·1 + 1·0 + 2·1 = 6; Σ(x−x̄)² = 10.
        #expect(abs(olsSlope(x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5]) - 0.6) < 1e-15)
        // a flat cloud: Σ(x−x̄)(y−ȳ) = (−1)(1) + 0·(−2) + 1·1 = 0
        #expect(olsSlope(x: [0, 1, 2], y: [1, -2, 1]) == 0)
    }

    @Test("a slope needs two distinct x")
    func degenerateSlope() {
        #expect(olsSlope(x: [], y: []).isNaN)
        #expect(olsSlope(x: [1], y: [5]).isNaN)
        #expect(olsSlope(x: [2, 2, 2], y: [1, 2, 3]).isNaN)
    }

    // MARK: MSER-5

    /// ±0.5 alternating by observation: every batch of 5 has mean ±0.1, alternating by batch.
    static func alternating(_ t: Int) -> Double { t % 2 == 0 ? 0.5 : -0.5 }

    @Test("a deterministic transient is cut exactly where it ends")
    func deterministicTransient() {
        // 50 observations falling linearly from 100 towards 10, then 400 at 10 ± 0.5.
        let series = (0..<450).map { t in t < 50 ? 100 - 90 * Double(t) / 50 : 10 + Self.alternating(t) }
        // 90 batches. After d = 10 batches 80 remain, 40 at 10.1 and 40 at 9.9: Σ(Y − Ȳ)² = 0.8,
        // MSER = 0.8 / 80² = 1.25e−4. Any d < 10 keeps batch 9 (mean 100 − 90·47/50 = 15.4, 5.4 above
        // the rest): Σ ≥ 5.4² · 80/81 ≈ 28.8, MSER ≥ 28.8 / 90² ≈ 3.6e−3. d = 11 leaves 79 unbalanced
        // batches, 0.7899 / 79² ≈ 1.266e−4; d = 12, 0.78 / 78² ≈ 1.282e−4; every larger d divides
        // about 0.01 per batch by fewer batches squared. So d* = 10 batches = 50 observations.
        #expect(mser(series) == 50)
        #expect(mser(series, batchSize: 5) == 50)
        // The same series shifted to a level of a million: the stable sums give the same answer.
        #expect(mser(series.map { $0 + 1e6 }) == 50)
        // A transient that rises instead of falls.
        #expect(mser(series.map { 20 - $0 }) == 50)
    }

    @Test("a stationary series is not truncated; short series and ties give 0")
    func stationary() {
        // Batches alternate 10.1 and 9.9; d = 0 keeps all 90 balanced batches: 0.9 / 90², and every
        // d > 0 has fewer batches (and an unbalanced mix for odd d): larger.
        #expect(mser((0..<450).map { 10 + Self.alternating($0) }) == 0)
        // A constant: MSER(d) = 0 for every d, the tie goes to the smallest d.
        #expect(mser([Double](repeating: 7, count: 100)) == 0)
        // Fewer than two batches: nothing to compare.
        #expect(mser([]) == 0 && mser([1, 2, 3, 4, 5, 6, 7, 8, 9]) == 0)
        // Batches of 1 (MSER without batching), a transient of 3 observations.
        #expect(mser([9, 6, 3, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], batchSize: 1) == 3)
    }

    @Test("the search covers only the first half of the batches")
    func firstHalfOnly() {
        // A series that is flat only in its last quarter: the truncation stops before the middle.
        let series = (0..<200).map { t in t < 150 ? 150 - Double(t) : Self.alternating(t) }
        let d = mser(series)
        #expect(d < 100 && d % 5 == 0)
        #expect(d == 95, "the descent is still going at the middle, so the last admissible batch wins")
        #expect(mserLimit(count: series.count) == 95)
        // A straight line: MSER(d) is proportional to the batches left, so the largest d wins.
        #expect(mser((0..<203).map { 0.1 * Double($0) }) == mserLimit(count: 203))
        #expect(mserLimit(count: 203) == 95 && mserLimit(count: 9) == 0 && mserLimit(count: 10) == 0
                && mserLimit(count: 20) == 5 && mserLimit(count: 20, batchSize: 1) == 9)
    }

    /// y_t = 50 + 40·e^(−t/20) + e_t with e_t = 0.7·e_(t−1) + ε_t, ε_t ~ N(0, 1), e_0 drawn from the
    /// stationary N(0, 1/(1 − 0.7²)), so the exponential term is the only transient.
    static func transientAR1(seed: UInt64, count: Int = 600) -> [Double] {
        var rng = StreamKey(seed: seed, purpose: 77).makeGenerator()
        let phi = 0.7
        var e = Distribution.standardNormal(using: &rng) / (1 - phi * phi).squareRoot()
        var out: [Double] = []
        for t in 0..<count {
            if t > 0 { e = phi * e + Distribution.standardNormal(using: &rng) }
            out.append(50 + 40 * exp(-Double(t) / 20) + e)
        }
        return out
    }

    @Test("AR(1) plus an exponential transient: the truncation lands where the transient has faded, in at least 90% of 200 seeds")
    func transientOverSeeds() {
        // The noise: stationary sd 1/√(1 − 0.49) ≈ 1.4; the sd of a mean of 5 is about 1.2.
        // Window, in observations:
        //   ≥ 35: before t = 35 the transient is still 40·e^(−35/20) ≈ 7 above the level, six times
        //     the noise of a batch mean; keeping such a batch costs more than MSER can gain.
        //   ≤ 150: the transient is 40·e^(−150/20) ≈ 0.02 there, far below the noise; truncating
        //     later throws away stationary data (a quarter of this run or more).
        var inside = 0
        var outside: [(UInt64, Int)] = []
        for seed in UInt64(0)..<200 {
            let d = mser(Self.transientAR1(seed: seed))
            if (35...150).contains(d) { inside += 1 } else { outside.append((seed, d)) }
        }
        #expect(inside >= 180, "\(inside) of 200 seeds inside 35…150; outside (seed, d): \(outside.prefix(10))")
    }

    @Test("the same AR(1) without its transient is truncated little in most seeds")
    func stationaryOverSeeds() {
        var small = 0
        for seed in UInt64(0)..<200 {
            let series = Self.transientAR1(seed: seed).enumerated().map { $0.element - 40 * exp(-Double($0.offset) / 20) }
            if mser(series) <= 60 { small += 1 }
        }
        #expect(small >= 160, "\(small) of 200 stationary series truncated at most 60 of 600 observations")
    }
}
