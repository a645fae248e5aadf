// The generic methods of history matching, on cases with known answers.

import Foundation
import Testing
import SimCore
@testable import Uncertainty

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

    @Test("the range of k uniform points: its quantiles solve the Beta(k − 1, 2) distribution function; a simulation agrees")
    func rangeQuantile() {
        // k = 2: 2x − x² = p, so x = 1 − sqrt(1 − p).
        #expect(abs(ParameterBox.rangeShareQuantile(points: 2, probability: 0.05) - (1 - 0.95.squareRoot())) < 1e-12)
        for k in [3, 5, 10, 40] {
            let q = ParameterBox.rangeShareQuantile(points: k, probability: 0.05)
            let n = Double(k)
            let cdf: Double = n * pow(q, n - 1) - (n - 1) * pow(q, n)
            #expect(abs(cdf - 0.05) < 1e-12)
        }
        // 20,000 samples of 5 uniform points: the share whose range falls below the 5% quantile.
        var rng = StreamKey(seed: 3).makeGenerator()
        let q5 = ParameterBox.rangeShareQuantile(points: 5, probability: 0.05)
        var below = 0
        for _ in 0..<20_000 {
            let xs = (0..<5).map { _ in rng.nextUnitInterval() }
            if xs.max()! - xs.min()! < q5 { below += 1 }
        }
        // Binomial sd of the share: sqrt(0.05 × 0.95 / 20,000) = 0.0015; allow 4 sd.
        #expect(abs(Double(below) / 20_000 - 0.05) < 0.006, "\(below) of 20,000 below the quantile")
    }

    @Test("the support of kept points: their range widened on each side by range ÷ q − range; one point by the fallback")
    func support() {
        let start = ParameterBox(lower: [0, 0], upper: [1, 100])
        // Five points spanning 0.3–0.7 in the first dimension, all at 50 in the second.
        let points = [0.3, 0.4, 0.5, 0.6, 0.7].map { [$0, 50.0] }
        let q = ParameterBox.rangeShareQuantile(points: 5, probability: 0.05)
        let five = ParameterBox.support(of: points, fallbackPad: [0, 0], within: start)!
        #expect(abs(five.lower[0] - max(0, 0.3 - 0.4 * (1 / q - 1))) < 1e-12 && abs(five.upper[0] - min(1, 0.7 + 0.4 * (1 / q - 1))) < 1e-12)
        #expect(five.lower[1] == 50 && five.upper[1] == 50)
        // Forty points over 0.4–0.6: the bound is tight (q ≈ 0.89), the box hardly wider than the points.
        let forty = (0..<40).map { [0.4 + 0.2 * Double($0) / 39, 50.0] }
        let tight = ParameterBox.support(of: forty, fallbackPad: [0, 0], within: start)!
        #expect(tight.lower[0] > 0.37 && tight.lower[0] < 0.4 && tight.upper[0] > 0.6 && tight.upper[0] < 0.63, "\(tight)")
        // Two points: the bound is 39 times their range, clipped to the start.
        let two = ParameterBox.support(of: [[0.45, 10], [0.55, 90]], fallbackPad: [0, 0], within: start)!
        #expect(two == start)
        let one = ParameterBox.support(of: [[0.5, 50]], fallbackPad: [0.2, 10], within: start)!
        #expect(abs(one.lower[0] - 0.3) < 1e-12 && abs(one.upper[0] - 0.7) < 1e-12 && one.lower[1] == 40 && one.upper[1] == 60)
        #expect(ParameterBox.support(of: [], fallbackPad: [0, 0], within: start) == nil)
    }

    @Test("a toy history match recovers a known parameter: the truth stays inside, the region shrinks tenfold, dimensions no target constrains stay wide",
          arguments: UInt64(1)...10)
    func toyRecovery(seed: UInt64) {
        // Model: y1 = a + b, y2 = a − b, each with noise sd 0.1; truth a = 0.3, b = 0.6; targets from the truth.
        // Two more dimensions that no output depends on (as an "assumption" parameter that does not matter).
        let truth = [0.3, 0.6]
        let targets = [Target(name: "sum", mean: truth[0] + truth[1], observationSD: 0.05),
                       Target(name: "difference", mean: truth[0] - truth[1], observationSD: 0.05)]
        let start = ParameterBox(lower: [-1, -1, 0, 0], upper: [1, 1, 1, 1])
        var box = start
        var rng = StreamKey(seed: seed).makeGenerator()
        var noise = StreamKey(seed: seed, purpose: 9).makeGenerator()
        let points = 200, r = 5   // as the speed case: 200 points a wave
        var allKept: [[Double]] = []
        for _ in 0..<3 {
            let design = LatinHypercube.maximin(points: points, dimensions: 4, using: &rng).map(box.point(fromUnit:))
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
            allKept += kept
            guard let next = ParameterBox.support(of: allKept, fallbackPad: box.spacing(points: points), within: start) else { continue }
            box = next
        }
        #expect(box.contains(truth + [0.5, 0.5]), "truth \(truth) outside \(box)")
        #expect(box.volume * 10 <= start.volume, "region \(box.volume) against the start's \(start.volume)")
        for j in 2..<4 { #expect(box.upper[j] - box.lower[j] >= 0.9, "dimension \(j) no output depends on shrank to \(box.lower[j])–\(box.upper[j])") }
    }
}

@Suite("Regression emulators")
struct EmulatorTests {
    static let box = ParameterBox(lower: [0, 10], upper: [1, 30])

    static func points(_ n: Int, seed: UInt64) -> [[Double]] {
        var rng = StreamKey(seed: seed).makeGenerator()
        return LatinHypercube.random(points: n, dimensions: 2, using: &rng).map(box.point(fromUnit:))
    }

    @Test("a quadratic surface is recovered exactly: coefficients, predictions and no residual")
    func exactQuadratic() throws {
        let xs = Self.points(40, seed: 1)
        // In the box's unit cube u: y = 2 + 3 u₁ − u₂² (u₂ = (x₂ − 10) / 20).
        let ys = xs.map { 2 + 3 * $0[0] - pow(($0[1] - 10) / 20, 2) }
        let e = try #require(RegressionEmulator.fit(inputs: xs, outputs: ys, box: Self.box, scale: .identity))
        let expected = [2.0, 3, 0, 0, -1]
        for (c, x) in zip(e.coefficients, expected) { #expect(abs(c - x) < 1e-7, "\(e.coefficients)") }
        #expect(e.residualSD < 1e-7)
        #expect(abs(e.predict([0.5, 20]) - (2 + 1.5 - 0.25)) < 1e-7)
    }

    @Test("an output that grows exponentially is fitted on the log scale, exactly; a linear one on its own scale")
    func chooseScale() throws {
        let xs = Self.points(40, seed: 2)
        let grows = xs.map { exp(1 + 4 * $0[0]) }   // a wait near its tipping point spans orders of magnitude
        let e = try #require(RegressionEmulator.fitBest(inputs: xs, outputs: grows, box: Self.box, offset: 1e-9))
        #expect(e.scale == .log(offset: 1e-9))
        #expect(abs(e.predict([0.75, 15]) / exp(4) - 1) < 1e-6)
        let straight = xs.map { 5 - 2 * $0[0] }
        #expect(RegressionEmulator.fitBest(inputs: xs, outputs: straight, box: Self.box, offset: 0.05)?.scale == .identity)
        // Too few points for the five terms and two degrees of freedom: no emulator.
        #expect(RegressionEmulator.fit(inputs: Array(xs.prefix(6)), outputs: Array(straight.prefix(6)), box: Self.box, scale: .identity) == nil)
    }

    @Test("with noise the residual sd estimates the noise's sd, and the 3-sd interval holds the true mean")
    func noisyLinear() throws {
        let xs = Self.points(400, seed: 3)
        var rng = StreamKey(seed: 4).makeGenerator()
        let ys = xs.map { 1 + $0[0] + 0.1 * Distribution.standardNormal(using: &rng) }
        let e = try #require(RegressionEmulator.fit(inputs: xs, outputs: ys, box: Self.box, scale: .identity))
        // The sd of a sample sd of ~395 degrees of freedom is about 3.6% of it: 15% is four times that.
        #expect(abs(e.residualSD - 0.1) < 0.015, "\(e.residualSD)")
        for x in [[0.1, 12.0], [0.5, 20.0], [0.9, 28.0]] { #expect(e.interval(x, k: 3).contains(1 + x[0])) }
    }

    @Test("the emulated implausibility, worked out by hand on both scales")
    func emulatedImplausibility() {
        let box = ParameterBox(lower: [0], upper: [1])
        // Identity: surface 2 + 3u, residual sd 0.3; target 4 with sd 0.4: at u = 0.5, |3.5 − 4| / 0.5 = 1.
        let flat = RegressionEmulator(box: box, scale: .identity, coefficients: [2, 3, 0], residualSD: 0.3)
        #expect(abs(flat.implausibility([0.5], target: 4, sd: 0.4) - 1) < 1e-12)
        // Log scale, offset 0: surface log 100 at every u, residual sd 0.3; target 50 with sd 10 (0.2 on the log
        // scale): |log 100 − log 50| / sqrt(0.09 + 0.04).
        let logged = RegressionEmulator(box: box, scale: .log(offset: 0), coefficients: [log(100), 0, 0], residualSD: 0.3)
        #expect(abs(logged.implausibility([0.2], target: 50, sd: 10) - log(2) / 0.13.squareRoot()) < 1e-12)
    }

    @Test("Cholesky solves a system worked out by hand; refuses a matrix that is not positive definite")
    func cholesky() throws {
        // [[4, 2], [2, 3]] x = [2, 5]: x = (−0.5, 2).
        let x = try #require(solveCholesky([4, 2, 2, 3], [2, 5], 2))
        #expect(abs(x[0] + 0.5) < 1e-12 && abs(x[1] - 2) < 1e-12)
        #expect(solveCholesky([1, 2, 2, 1], [1, 1], 2) == nil)
    }
}
