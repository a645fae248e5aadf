// The generic methods of history matching, on cases with known answers.

import Testing
import SimCore
import Uncertainty

@Suite("Latin hypercube")
struct LatinHypercubeTests {
    /// Whether every dimension has exactly one point in each of the n strata.
    static func stratified(_ design: [[Double]]) -> Bool {
        let n = design.count
        return (0..<design[0].count).allSatisfy { j in
            design.map { Int(($0[j] * Double(n)).rounded(.down)) }.sorted() == Array(0..<n)
        }
    }

    @Test("one point per stratum in every dimension, inside the unit cube", arguments: [(1, 1), (2, 3), (10, 4), (50, 7), (200, 2)])
    func stratification(_ shape: (Int, Int)) {
        var rng = StreamKey(seed: 7).makeGenerator()
        for design in [LatinHypercube.random(points: shape.0, dimensions: shape.1, using: &rng),
                       LatinHypercube.maximin(points: shape.0, dimensions: shape.1, candidates: 5, using: &rng)] {
            #expect(design.count == shape.0 && design.allSatisfy { $0.count == shape.1 })
            #expect(design.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 < 1 } })
            #expect(Self.stratified(design))
        }
    }

    @Test("two points in one dimension fall one in each half")
    func twoPoints() {
        for seed in UInt64(1)...20 {
            var rng = StreamKey(seed: seed).makeGenerator()
            let xs = LatinHypercube.random(points: 2, dimensions: 1, using: &rng).map { $0[0] }.sorted()
            #expect(xs[0] < 0.5 && xs[1] >= 0.5)
        }
    }

    @Test("the minimum distance of a hand-made design")
    func minimumDistance() {
        #expect(LatinHypercube.minimumDistance([[0, 0], [3, 4], [6, 0]]) == 5)
        #expect(LatinHypercube.minimumDistance([[0.5]]) == .infinity)
    }

    @Test("maximin spreads the points: its closest pair is farther apart than a random hypercube's, over 20 seeds")
    func maximinSpreads() {
        var better = 0
        for seed in UInt64(1)...20 {
            var a = StreamKey(seed: seed, purpose: 1).makeGenerator(), b = StreamKey(seed: seed, purpose: 2).makeGenerator()
            let random = LatinHypercube.minimumDistance(LatinHypercube.random(points: 20, dimensions: 3, using: &a))
            let maximin = LatinHypercube.minimumDistance(LatinHypercube.maximin(points: 20, dimensions: 3, candidates: 30, using: &b))
            if maximin > random { better += 1 }
        }
        // The best of 30 beats a single draw unless that draw is the best of 31: P ≈ 1/31 per seed.
        #expect(better >= 17, "maximin better in \(better) of 20")
    }

    @Test("same seed, same design")
    func deterministic() {
        var a = StreamKey(seed: 3).makeGenerator(), b = StreamKey(seed: 3).makeGenerator()
        #expect(LatinHypercube.maximin(points: 12, dimensions: 4, using: &a) == LatinHypercube.maximin(points: 12, dimensions: 4, using: &b))
    }
}

@Suite("History matching")
struct HistoryMatchingTests {
    @Test("implausibility of two points worked out by hand")
    func implausibility() {
        let target = Target(name: "t", mean: 10, observationSD: 2, discrepancySD: 1)
        // |14 − 10| / sqrt(8 / 2 + 4 + 1) = 4 / 3
        #expect(abs(target.implausibility(mean: 14, variance: 8, replications: 2) - 4.0 / 3) < 1e-12)
        // |7 − 10| / sqrt(0 / 5 + 4 + 1) = 3 / √5
        #expect(abs(target.implausibility(mean: 7, variance: 0, replications: 5) - 3 / 5.0.squareRoot()) < 1e-12)
        // No uncertainty at all: a miss is infinitely implausible, a hit not at all.
        let exact = Target(name: "e", mean: 1, observationSD: 0)
        #expect(exact.implausibility(mean: 1, variance: 0, replications: 1) == 0)
        #expect(exact.implausibility(mean: 1.1, variance: 0, replications: 1) == .infinity)
    }

    @Test("a band [lo, hi] is a mean (lo + hi) / 2 with sd (hi − lo) / 4")
    func band() {
        let t = Target(name: "exit_to_work", band: 0.07, 0.15)
        #expect(abs(t.mean - 0.11) < 1e-15 && abs(t.observationSD - 0.02) < 1e-15)
        // The band's ends are two observation sds from its middle.
        #expect(abs(t.implausibility(mean: 0.15, variance: 0, replications: 1) - 2) < 1e-12)
    }

    @Test("keep rules: the largest, or the second largest with a looser bound on the largest")
    func keepRules() {
        let strict = KeepRule.maximum(cutoff: 3)
        #expect(strict.keeps([1, 2.9]))
        #expect(!strict.keeps([1, 3.1]))
        let second = KeepRule.secondMaximum(cutoff: 3, largestCutoff: 3.5)
        #expect(second.keeps([3.2, 2.0, 1]))
        #expect(!second.keeps([3.6, 1]))
        #expect(!second.keeps([3.2, 3.1, 0.5]))
        #expect(KeepRule.standard(targets: 3) == strict)
        #expect(KeepRule.standard(targets: 8) == second)
    }

    @Test("boxes: unit points map into the box; the box around kept points is widened and clipped")
    func boxes() {
        let start = ParameterBox(lower: [0, 10], upper: [1, 20])
        #expect(start.volume == 10)
        #expect(start.point(fromUnit: [0.5, 0.25]) == [0.5, 12.5])
        let kept = [[0.4, 12.0], [0.6, 14.0], [0.5, 13.0]]
        let next = ParameterBox.around(kept, margin: 0.5, within: start)!
        #expect(abs(next.lower[0] - 0.3) < 1e-12 && abs(next.upper[0] - 0.7) < 1e-12)
        #expect(next.lower[1] == 11 && next.upper[1] == 15)
        #expect(kept.allSatisfy(next.contains))
        // Clipped at the starting box.
        let edge = ParameterBox.around([[0.0, 10.0], [0.2, 19.0]], margin: 1, within: start)!
        #expect(edge.lower == [0, 10] && edge.upper[0] == 0.4 && edge.upper[1] == 20)
        #expect(ParameterBox.around([], margin: 0.1, within: start) == nil)
        // One kept point still leaves a box one stratum wide on each side of it.
        let single = ParameterBox.around([[0.5, 15.0]], margin: 0.1, pad: start.stratum(points: 10), within: start)!
        #expect(abs(single.lower[0] - 0.4) < 1e-12 && abs(single.upper[0] - 0.6) < 1e-12 && single.lower[1] == 14 && single.upper[1] == 16)
    }

    @Test("a toy history match recovers a known parameter: the truth stays inside, the region shrinks tenfold", arguments: UInt64(1)...10)
    func toyRecovery(seed: UInt64) {
        // Model: y1 = a + b, y2 = a − b, each with noise sd 0.1; truth a = 0.3, b = 0.6; targets from the truth.
        let truth = [0.3, 0.6]
        let targets = [Target(name: "sum", mean: truth[0] + truth[1], observationSD: 0.05),
                       Target(name: "difference", mean: truth[0] - truth[1], observationSD: 0.05)]
        let start = ParameterBox(lower: [-1, -1], upper: [1, 1])
        var box = start
        var rng = StreamKey(seed: seed).makeGenerator()
        var noise = StreamKey(seed: seed, purpose: 9).makeGenerator()
        let points = 200, r = 5   // as the speed case: 200 points a wave
        for _ in 0..<3 {
            let design = LatinHypercube.maximin(points: points, dimensions: 2, using: &rng).map(box.point(fromUnit:))
            var kept: [[Double]] = []
            for x in design {
                var y1: [Double] = [], y2: [Double] = []
                for _ in 0..<r {
                    y1.append(x[0] + x[1] + 0.1 * Distribution.standardNormal(using: &noise))
                    y2.append(x[0] - x[1] + 0.1 * Distribution.standardNormal(using: &noise))
                }
                func meanVariance(_ v: [Double]) -> (Double, Double) {
                    let m = v.reduce(0, +) / Double(v.count)
                    return (m, v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1))
                }
                let (m1, v1) = meanVariance(y1), (m2, v2) = meanVariance(y2)
                let i = [targets[0].implausibility(mean: m1, variance: v1, replications: r),
                         targets[1].implausibility(mean: m2, variance: v2, replications: r)]
                if KeepRule.maximum(cutoff: 3).keeps(i) { kept.append(x) }
            }
            guard let next = ParameterBox.around(kept, margin: 0.1, pad: box.spacing(points: points), within: start) else { break }
            box = next
        }
        #expect(box.contains(truth), "truth \(truth) outside \(box)")
        #expect(box.volume * 10 <= start.volume, "region \(box.volume) against the start's \(start.volume)")
    }
}
