// Global sensitivity analysis (Sobol' indices, Morris elementary effects) on cases with known
// answers: the Ishigami function's analytic indices and exact Morris effects, linear functions.

import Foundation
import Testing
import SimCore
@testable import Uncertainty

/// Pearson's chi-square statistic of counts against equal expected frequencies.
private func chiSquare(_ counts: [Int]) -> Double {
    let expected = Double(counts.reduce(0, +)) / Double(counts.count)
    return counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
}

@Suite("Ishigami sensitivity: the known answers")
struct IshigamiSensitivityTests {
    @Test("analytic indices for a = 7, b = 0.1 equal the published 0.3139, 0.4424, 0 and 0.5576, 0.4424, 0.2437 to 1e-3")
    func published() {
        let first = Ishigami.analyticFirst(), total = Ishigami.analyticTotal()
        for (value, published) in zip(first + total, [0.3139, 0.4424, 0, 0.5576, 0.4424, 0.2437]) {
            #expect(abs(value - published) < 1e-3, "\(value) vs \(published)")
        }
    }

    @Test("an additive function (b = 0): first-order indices sum to 1 and equal the totals")
    func additive() {
        for a in [7.0, 1, 0.5] {
            let first = Ishigami.analyticFirst(a: a, b: 0), total = Ishigami.analyticTotal(a: a, b: 0)
            #expect(abs(first.reduce(0, +) - 1) < 1e-12)
            for (s, t) in zip(first, total) { #expect(abs(s - t) < 1e-12) }
        }
        // With interactions (b ≠ 0) the first-order indices leave the interaction's share unexplained.
        #expect(Ishigami.analyticFirst().reduce(0, +) < 0.76)
    }

    @Test("the analytic partial variances agree with a 64³ midpoint quadrature of the function")
    func quadrature() {
        // Midpoint rule on a 64³ grid of the unit cube; conditional means give the partial variances.
        let n = 64
        var f = [Double](repeating: 0, count: n * n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n {
            f[(i * n + j) * n + k] = Ishigami.value([(Double(i) + 0.5) / Double(n), (Double(j) + 0.5) / Double(n), (Double(k) + 0.5) / Double(n)])
        } } }
        let cells = Double(f.count)
        let mean = f.reduce(0, +) / cells
        let variance = f.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / cells
        func firstOrder(_ axis: Int) -> Double {
            var sums = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { for k in 0..<n { sums[[i, j, k][axis]] += f[(i * n + j) * n + k] } } }
            return sums.reduce(0) { $0 + ($1 / Double(n * n) - mean) * ($1 / Double(n * n) - mean) } / Double(n) / variance
        }
        // ST3 = E[V(f | x1, x2)] / V.
        var within = 0.0
        for i in 0..<n { for j in 0..<n {
            let row = f[((i * n + j) * n)..<((i * n + j) * n + n)]
            let m = row.reduce(0, +) / Double(n)
            within += row.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)
        } }
        let total3 = within / Double(n * n) / variance
        let first = Ishigami.analyticFirst(), total = Ishigami.analyticTotal()
        for axis in 0..<3 { #expect(abs(firstOrder(axis) - first[axis]) < 2e-3, "S\(axis + 1)") }
        #expect(abs(total3 - total[2]) < 2e-3, "ST3 \(total3)")
    }

    @Test("exact Morris effects by hand: f = u1 gives μ* = 1; f = u1² gives μ = μ* = 1, σ = 1/3; Ishigami at p = 4")
    func exactMorrisByHand() {
        let identity = Morris.exactEffects(dimensions: 3, levels: 4) { $0[0] }
        #expect(abs(identity[0].muStar - 1) < 1e-12 && abs(identity[0].mu - 1) < 1e-12 && abs(identity[0].sigma) < 1e-12)
        #expect(identity[1].muStar == 0 && identity[2].muStar == 0)
        // p = 4, Δ = 2/3: pairs (0, 2/3) and (1/3, 1) give EE = (4/9)/(2/3) = 2/3 and (8/9)/(2/3) = 4/3.
        let square = Morris.exactEffects(dimensions: 2, levels: 4) { $0[0] * $0[0] }
        #expect(abs(square[0].mu - 1) < 1e-12 && abs(square[0].muStar - 1) < 1e-12 && abs(square[0].sigma - 1.0 / 3) < 1e-12)
        // Ishigami at p = 4: x ∈ {−π, −π/3, π/3, π}, so sin x ∈ {0, −√3/2, √3/2, 0}, x⁴ ∈ {π⁴, π⁴/81}; Δ = 2/3.
        let exact = Ishigami.exactMorris()
        let pi4 = pow(Double.pi, 4), s = 3.0.squareRoot() / 2
        let high = s * (1 + 0.1 * pi4) * 1.5, low = s * (1 + 0.1 * pi4 / 81) * 1.5
        #expect(abs(exact[0].muStar - (high + low) / 2) < 1e-9 && abs(exact[0].mu - exact[0].muStar) < 1e-9)
        #expect(abs(exact[0].sigma - (high - low) / 2) < 1e-9)
        #expect(abs(exact[1].muStar - 7.875) < 1e-9 && abs(exact[1].sigma - 7.875) < 1e-9 && abs(exact[1].mu) < 1e-9)
        let c3 = 0.1 * s * (pi4 - pi4 / 81) * 1.5    // |EE3| when sin x1 ≠ 0 (half the cases), else 0
        #expect(abs(exact[2].muStar - c3 / 2) < 1e-9 && abs(exact[2].sigma - c3 / 2.0.squareRoot()) < 1e-9 && abs(exact[2].mu) < 1e-9)
    }
}

@Suite("Sobol sensitivity indices")
struct SobolSensitivityTests {
    @Test("Saltelli design: N(d + 2) points in [0, 1); AB_i is A with column i from B; A and B stratified",
          arguments: [(2, 1), (16, 3), (100, 5)])
    func designShape(_ shape: (Int, Int)) {
        let (n, d) = shape
        var rng = StreamKey(seed: 11).makeGenerator()
        let design = Sobol.Design(samples: n, dimensions: d, using: &rng)
        #expect(design.samples == n && design.dimensions == d)
        #expect(design.points.count == n * (d + 2) && design.points.allSatisfy { $0.count == d })
        #expect(design.points.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 < 1 } })
        let a = Array(design.points[0..<n]), b = Array(design.points[n..<(2 * n)])
        for i in 0..<d {
            for row in 0..<n {
                let ab = design.points[(2 + i) * n + row]
                for j in 0..<d { #expect(ab[j] == (j == i ? b[row][j] : a[row][j])) }
            }
        }
        #expect(LatinHypercubeTests.stratified(a) && LatinHypercubeTests.stratified(b))
        #expect(a != b)
    }

    @Test("Ishigami at N = 8192, 200 resamples, 5 seeds: each CI covers the analytic index in ≥ 4 of 5 seeds, every estimate within 0.05")
    func ishigami() {
        let truth = Ishigami.analyticFirst() + Ishigami.analyticTotal()
        var covered = [Int](repeating: 0, count: 6)
        for seed in UInt64(1)...5 {
            var rng = StreamKey(seed: seed, purpose: 1).makeGenerator()
            let design = Sobol.Design(samples: 8192, dimensions: 3, using: &rng)
            let result = Sobol.analyse(design.points.map { Ishigami.value($0) }, design: design, resamples: 200, using: &rng)
            for (k, (index, value)) in zip(result.first + result.total, truth).enumerated() {
                #expect(abs(index.value - value) < 0.05, "seed \(seed), index \(k): \(index.value) vs \(value)")
                #expect(index.low <= index.value && index.value <= index.high)
                if index.covers(value) { covered[k] += 1 }
            }
        }
        for k in 0..<6 { #expect(covered[k] >= 4, "index \(k) (S1, S2, S3, ST1, ST2, ST3) covered in \(covered[k]) of 5 seeds") }
    }

    @Test("linear f = Σ c_i u_i at N = 32768: S1 = ST = c_i² / Σ c_j² within 0.02, over 2 seeds")
    func linear() {
        let c = [1.0, -2, 3, 0]
        let share = c.map { $0 * $0 / 14 }
        for seed in UInt64(1)...2 {
            var rng = StreamKey(seed: seed, purpose: 2).makeGenerator()
            let design = Sobol.Design(samples: 32768, dimensions: 4, using: &rng)
            let outputs = design.points.map { u in zip(c, u).reduce(0) { $0 + $1.0 * $1.1 } }
            let result = Sobol.analyse(outputs, design: design, resamples: 0, using: &rng)
            for i in 0..<4 {
                #expect(abs(result.first[i].value - share[i]) < 0.02, "S\(i + 1) \(result.first[i].value) vs \(share[i])")
                #expect(abs(result.total[i].value - share[i]) < 0.02, "ST\(i + 1) \(result.total[i].value) vs \(share[i])")
            }
            #expect(result.total[3].value == 0)   // f_ABi = f_A exactly when c_i = 0
        }
    }

    @Test("an offset of 10⁶ added to every output changes no index beyond rounding")
    func offset() {
        var rng = StreamKey(seed: 5).makeGenerator()
        let design = Sobol.Design(samples: 512, dimensions: 3, using: &rng)
        let outputs = design.points.map { Ishigami.value($0) }
        var r1 = StreamKey(seed: 6).makeGenerator(), r2 = StreamKey(seed: 6).makeGenerator()
        let plain = Sobol.analyse(outputs, design: design, resamples: 100, using: &r1)
        let shifted = Sobol.analyse(outputs.map { $0 + 1e6 }, design: design, resamples: 100, using: &r2)
        for (x, y) in zip(plain.first + plain.total, shifted.first + shifted.total) {
            #expect(abs(x.value - y.value) < 1e-6 && abs(x.low - y.low) < 1e-6 && abs(x.high - y.high) < 1e-6)
        }
    }

    @Test("same seed, same design and same indices")
    func deterministic() {
        func run(_ seed: UInt64) -> ([[Double]], [Sobol.Index]) {
            var rng = StreamKey(seed: seed).makeGenerator()
            let design = Sobol.Design(samples: 256, dimensions: 3, using: &rng)
            let result = Sobol.analyse(design.points.map { Ishigami.value($0) }, design: design, resamples: 100, using: &rng)
            return (design.points, result.first + result.total)
        }
        let a = run(9), b = run(9), c = run(10)
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(a.0 != c.0 && a.1 != c.1)
    }
}

@Suite("Morris sensitivity screening")
struct MorrisSensitivityTests {
    @Test("design: r(d + 1) grid points; each step moves one factor by Δ, every factor once per trajectory",
          arguments: [(1, 1, 2), (10, 3, 4), (25, 6, 6)])
    func designShape(_ shape: (Int, Int, Int)) {
        let (r, d, p) = shape
        var rng = StreamKey(seed: 3).makeGenerator()
        let design = Morris.Design(trajectories: r, dimensions: d, levels: p, using: &rng)
        #expect(design.points.count == r * (d + 1) && design.points.allSatisfy { $0.count == d })
        #expect(abs(design.delta - Double(p) / Double(2 * (p - 1))) < 1e-15)
        let grid = (0..<p).map { Double($0) / Double(p - 1) }
        #expect(design.points.allSatisfy { $0.allSatisfy { grid.contains($0) } })
        for t in 0..<r {
            var moved = Set<Int>()
            for step in 0..<d {
                let before = design.points[t * (d + 1) + step], after = design.points[t * (d + 1) + step + 1]
                let changed = (0..<d).filter { before[$0] != after[$0] }
                #expect(changed.count == 1)
                if let i = changed.first {
                    #expect(abs(abs(after[i] - before[i]) - design.delta) < 1e-12)
                    moved.insert(i)
                }
            }
            #expect(moved.count == d)
        }
    }

    @Test("design frequencies (r = 4000, d = 3, p = 4) are uniform: chi-square below the 99.99% quantile")
    func uniformLevels() {
        let r = 4000, d = 3, p = 4
        var rng = StreamKey(seed: 21).makeGenerator()
        let design = Morris.Design(trajectories: r, dimensions: d, levels: p, using: &rng)
        func level(_ x: Double) -> Int { Int((x * Double(p - 1)).rounded()) }
        var start = [[Int]](repeating: [Int](repeating: 0, count: p), count: d)           // levels of each trajectory's first point
        var lower = [[Int]](repeating: [Int](repeating: 0, count: p / 2), count: d)       // factor i's lower level at its step
        var others = [[Int]](repeating: [Int](repeating: 0, count: p * p), count: d)     // the other two factors' joint levels at i's step
        var up = [Int](repeating: 0, count: d)
        for t in 0..<r {
            let base = t * (d + 1)
            for i in 0..<d { start[i][level(design.points[base][i])] += 1 }
            for step in 0..<d {
                let before = design.points[base + step], after = design.points[base + step + 1]
                guard let i = (0..<d).first(where: { before[$0] != after[$0] }) else { continue }
                lower[i][min(level(before[i]), level(after[i]))] += 1
                if after[i] > before[i] { up[i] += 1 }
                let rest = (0..<d).filter { $0 != i }
                others[i][level(before[rest[0]]) * p + level(before[rest[1]])] += 1
            }
        }
        // 99.99% quantiles of chi-square with 3, 1 and 15 degrees of freedom: 12 statistics, false
        // alarm below 0.2% in all.
        for i in 0..<d {
            #expect(chiSquare(start[i]) < 21.11, "start levels of factor \(i): \(start[i])")
            #expect(chiSquare(lower[i]) < 15.14, "lower levels of factor \(i): \(lower[i])")
            #expect(chiSquare([up[i], r - up[i]]) < 15.14, "directions of factor \(i): \(up[i]) up of \(r)")
            #expect(chiSquare(others[i]) < 44.26, "other factors at factor \(i)'s step: \(others[i])")
        }
        // The statistic detects a design that never steps down (start levels only the lower half).
        #expect(chiSquare([r / 2, r / 2, 0, 0]) > 21.11)
    }

    @Test("Ishigami at r = 1000, p = 4, 5 seeds: exact μ* in the bootstrap CI in ≥ 4 of 5; μ*, σ within 10%; μ within 4σ/√r")
    func ishigami() {
        let r = 1000
        let exact = Ishigami.exactMorris(levels: 4)
        var covered = [Int](repeating: 0, count: 3)
        for seed in UInt64(1)...5 {
            var rng = StreamKey(seed: seed, purpose: 3).makeGenerator()
            let design = Morris.Design(trajectories: r, dimensions: 3, levels: 4, using: &rng)
            let effects = Morris.analyse(design.points.map { Ishigami.value($0) }, design: design, resamples: 500, using: &rng)
            for i in 0..<3 {
                let e = effects[i], x = exact[i]
                // Factor 2's |EE| is the same in every case, so its interval is one point: allow rounding.
                let slack = 1e-9 * x.muStar
                if e.muStarLow - slack <= x.muStar && x.muStar <= e.muStarHigh + slack { covered[i] += 1 }
                #expect(abs(e.muStar - x.muStar) < 0.1 * x.muStar, "seed \(seed), μ*\(i + 1): \(e.muStar) vs \(x.muStar)")
                #expect(abs(e.sigma - x.sigma) < 0.1 * x.sigma, "seed \(seed), σ\(i + 1): \(e.sigma) vs \(x.sigma)")
                #expect(abs(e.mu - x.mu) < 4 * x.sigma / Double(r).squareRoot(), "seed \(seed), μ\(i + 1): \(e.mu) vs \(x.mu)")
            }
        }
        for i in 0..<3 { #expect(covered[i] >= 4, "μ*\(i + 1) covered in \(covered[i]) of 5 seeds") }
    }

    @Test("linear f = Σ c_i u_i: μ = c_i, μ* = |c_i|, σ = 0 to 1e-9, at p = 4 and p = 8")
    func linear() {
        let c = [1.5, -2, 0, 0.25]
        for p in [4, 8] {
            var rng = StreamKey(seed: 4).makeGenerator()
            let design = Morris.Design(trajectories: 30, dimensions: 4, levels: p, using: &rng)
            let effects = Morris.analyse(design.points.map { u in zip(c, u).reduce(0) { $0 + $1.0 * $1.1 } },
                                         design: design, resamples: 20, using: &rng)
            for i in 0..<4 {
                #expect(abs(effects[i].mu - c[i]) < 1e-9 && abs(effects[i].muStar - abs(c[i])) < 1e-9 && effects[i].sigma < 1e-9)
                #expect(abs(effects[i].muStarLow - abs(c[i])) < 1e-9 && abs(effects[i].muStarHigh - abs(c[i])) < 1e-9)
            }
        }
    }

    @Test("same seed, same trajectories and same effects")
    func deterministic() {
        func run(_ seed: UInt64) -> ([[Double]], [Morris.Effect]) {
            var rng = StreamKey(seed: seed).makeGenerator()
            let design = Morris.Design(trajectories: 50, dimensions: 3, using: &rng)
            return (design.points, Morris.analyse(design.points.map { Ishigami.value($0) }, design: design, resamples: 100, using: &rng))
        }
        let a = run(9), b = run(9), c = run(10)
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(a.0 != c.0)
    }
}
