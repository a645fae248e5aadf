// Decision statistics across worlds on hand-worked tables, and the ANOVA share on constructed and
// simulated cases.

import Testing
import SimCore
@testable import Uncertainty

@Suite("Decision")
struct DecisionTests {
    // values[w][k][r]: 4 worlds × 3 designs × 2 replications. World means in brackets.
    //   world 0: d0 (10, 12) [11]   d1 (8, 10) [9]    d2 (11, 13) [12]
    //   world 1: d0 (20, 20) [20]   d1 (21, 23) [22]  d2 (19, 19) [19]
    //   world 2: d0 (5, 7)   [6]    d1 (6, 6)   [6]   d2 (9, 7)   [8]
    //   world 3: d0 (30, 34) [32]   d1 (28, 30) [29]  d2 (31, 31) [31]
    static let table: [[[Double]]] = [
        [[10, 12], [8, 10], [11, 13]],
        [[20, 20], [21, 23], [19, 19]],
        [[5, 7], [6, 6], [9, 7]],
        [[30, 34], [28, 30], [31, 31]],
    ]

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

    @Test("the hand-worked table, lower is better: p_best with a tie split, regret, differences, quantiles, share")
    func lowerIsBetter() {
        // Best per world: d1 (9), d2 (19), d0 and d1 tied (6), d1 (29).
        // p_best: d0 = 0.5/4 = 0.125; d1 = (1 + 0.5 + 1)/4 = 0.625; d2 = 1/4 = 0.25.
        // Regret: d0 (2 + 1 + 0 + 3)/4 = 1.5; d1 (0 + 3 + 0 + 0)/4 = 0.75; d2 (3 + 0 + 2 + 2)/4 = 1.75.
        // d1 − d0: (−2, −2), (1, 3), (1, −1), (−2, −4); grand mean −6/8 = −0.75; world means
        //   (−2, 2, 0, −3), sorted (−3, −2, 0, 2). Type 7, h = 3p: 2.5% → h = 0.075 → −3 + 0.075·1
        //   = −2.925; 97.5% → h = 2.925 → 0 + 0.925·2 = 1.85.
        //   ANOVA: between SS = 2·[(−1.25)² + 2.75² + 0.75² + (−2.25)²] = 2·14.75 = 29.5, MS = 29.5/3;
        //   within SS = 0 + 2 + 2 + 2 = 6, MS = 6/4 = 1.5; τ̂² = (29.5/3 − 1.5)/2 = 25/6; σ̂²/R = 0.75;
        //   share = (25/6)/(25/6 + 3/4) = 50/59.
        // d2 − d0: (1, 1), (−1, −1), (4, 0), (1, −3); grand mean 2/8 = 0.25; world means (1, −1, 2, −1),
        //   sorted (−1, −1, 1, 2): 2.5% → −1 + 0.075·0 = −1; 97.5% → 1 + 0.925·1 = 1.925.
        //   ANOVA: between SS = 2·[0.75² + 1.25² + 1.75² + 1.25²] = 2·6.75 = 13.5, MS = 4.5; within SS =
        //   0 + 0 + 8 + 8 = 16, MS = 4; τ̂² = 0.25, σ̂²/R = 2; share = 0.25/2.25 = 1/9.
        let rows = Decision.analyse(Self.table, lowerIsBetter: true)
        #expect(rows.count == 3)
        let expected: [(Double, Double, Double, Double, Double, Double)] = [
            (0.125, 1.5, 0, 0, 0, .nan),
            (0.625, 0.75, -0.75, -2.925, 1.85, 50.0 / 59),
            (0.25, 1.75, 0.25, -1, 1.925, 1.0 / 9),
        ]
        for (row, e) in zip(rows, expected) {
            #expect(Self.close(row.pBest, e.0) && Self.close(row.meanRegret, e.1) && Self.close(row.diffMean, e.2), "\(row)")
            #expect(Self.close(row.diffLow, e.3) && Self.close(row.diffHigh, e.4), "\(row)")
            #expect(e.5.isNaN ? row.parameterShare.isNaN : Self.close(row.parameterShare, e.5), "\(row)")
        }
        #expect(Self.close(rows.map(\.pBest).reduce(0, +), 1))
    }

    @Test("the same table, higher is better: best and regret turn around, differences do not")
    func higherIsBetter() {
        // Best per world: d2 (12), d1 (22), d2 (8), d0 (32). p_best: 0.25, 0.25, 0.5.
        // Regret: d0 (1 + 2 + 2 + 0)/4 = 1.25; d1 (3 + 0 + 2 + 3)/4 = 2; d2 (0 + 3 + 0 + 1)/4 = 1.
        let rows = Decision.analyse(Self.table, lowerIsBetter: false)
        let lower = Decision.analyse(Self.table, lowerIsBetter: true)
        for (row, e) in zip(rows, [(0.25, 1.25), (0.25, 2.0), (0.5, 1.0)]) {
            #expect(Self.close(row.pBest, e.0) && Self.close(row.meanRegret, e.1), "\(row)")
        }
        for (a, b) in zip(rows, lower) {
            #expect(a.diffMean == b.diffMean && a.diffLow == b.diffLow && a.diffHigh == b.diffHigh)
        }
    }

    @Test("ties share the win: three equal designs get a third each, no regret")
    func ties() {
        let values: [[[Double]]] = [[[1, 3], [2, 2], [3, 1]], [[0, 0], [5, 5], [1, 1]]]
        // World 0: all means 2, a three-way tie; world 1: d0 best (lower) alone.
        let rows = Decision.analyse(values, lowerIsBetter: true)
        #expect(Self.close(rows[0].pBest, (1.0 / 3 + 1) / 2))
        #expect(Self.close(rows[1].pBest, 1.0 / 6) && Self.close(rows[2].pBest, 1.0 / 6))
        #expect(rows[0].meanRegret == 0 && rows[1].meanRegret == 2.5 && rows[2].meanRegret == 0.5)
    }

    @Test("the ANOVA share on constructed differences: world effect ± e gives known mean squares")
    func constructedShare() {
        // d[w] = a_w ± 1 with a = (−3, −1, 1, 3), R = 2: world means a, between MS = 2·20/3 = 40/3,
        // within MS = 4·2/4 = 2; τ̂² = (40/3 − 2)/2 = 17/3, σ̂²/R = 1: share 17/20.
        func rows(_ d: [[Double]]) -> [Decision.Row] {
            Decision.analyse(d.map { [[Double](repeating: 0, count: $0.count), $0] }, lowerIsBetter: true)
        }
        #expect(Self.close(rows([[-2, -4], [0, -2], [2, 0], [4, 2]])[1].parameterShare, 17.0 / 20))
        // No world effect, all noise: between MS 0 < within MS 2, τ̂² = 0: share 0.
        #expect(rows([[1, -1], [-1, 1], [1, -1]])[1].parameterShare == 0)
        // No world effect, no noise: undefined.
        #expect(rows([[5, 5], [5, 5]])[1].parameterShare.isNaN)
        // One replication or one world: undefined.
        #expect(rows([[1], [2], [4]])[1].parameterShare.isNaN)
        #expect(rows([[1, 3]])[1].parameterShare.isNaN)
        // Design 0 against itself: undefined, differences 0.
        let zero = rows([[1, 3], [2, 5]])[0]
        #expect(zero.parameterShare.isNaN && zero.diffMean == 0 && zero.diffLow == 0 && zero.diffHigh == 0)
    }

    @Test("the ANOVA share on simulated worlds: τ = 2, σ = 1, R = 4 gives 4/4.25 within 0.02, over 5 seeds")
    func simulatedShare() {
        // 400 worlds. share = 1 − MSW/MSB with MSW ~ σ²χ²₁₂₀₀/1200 (relative sd √(2/1200) = 0.041) and
        // MSB ~ (Rτ² + σ²)χ²₃₉₉/399 (relative sd √(2/399) = 0.071): MSW/MSB ≈ 1/17 with relative sd
        // ≈ 0.082, so the share's sd ≈ 0.0048; 0.02 is about four of them.
        let truth = 4.0 / (4.0 + 1.0 / 4)
        for seed in UInt64(1)...5 {
            var rng = StreamKey(seed: seed, purpose: 41).makeGenerator()
            var values: [[[Double]]] = []
            for _ in 0..<400 {
                let base = 10 + 3 * Distribution.standardNormal(using: &rng)
                let effect = 2 * Distribution.standardNormal(using: &rng)
                var d0: [Double] = [], d1: [Double] = []
                for _ in 0..<4 {
                    let common = base + Distribution.standardNormal(using: &rng)   // shared by the pair
                    d0.append(common)
                    d1.append(common + effect + Distribution.standardNormal(using: &rng))
                }
                values.append([d0, d1])
            }
            let share = Decision.analyse(values, lowerIsBetter: true)[1].parameterShare
            #expect(abs(share - truth) < 0.02, "seed \(seed): \(share) vs \(truth)")
        }
    }

    @Test("type 7 quantiles worked by hand")
    func quantile() {
        // (1, 2, 4, 8), h = 3p: p = 0.25 → 1 + 0.75·1 = 1.75; 0.5 → 2 + 0.5·2 = 3; 0.9 → h = 2.7 →
        // 4 + 0.7·4 = 6.8; the ends are the extremes.
        let x: [Double] = [1, 2, 4, 8]
        #expect(Decision.quantile(x, 0) == 1 && Decision.quantile(x, 1) == 8)
        #expect(Self.close(Decision.quantile(x, 0.25), 1.75) && Self.close(Decision.quantile(x, 0.5), 3))
        #expect(Self.close(Decision.quantile(x, 0.9), 6.8))
        #expect(Decision.quantile([5], 0.3) == 5)
    }
}
