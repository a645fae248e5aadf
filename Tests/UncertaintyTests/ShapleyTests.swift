// Shapley attribution: the axioms (efficiency, symmetry, null player, additivity), hand-worked
// games, and the sampled estimate against the exact values.

import Testing
import SimCore
@testable import Uncertainty

@Suite("Shapley")
struct ShapleyTests {
    /// A random game as a pure function of the mask: v(S) uniform in [0, 1), hashed from S and `seed`.
    static func randomGame(seed: UInt64) -> (UInt64) -> Double {
        { mask in Double(SplitMix64.mix(mask &+ SplitMix64.mix(seed)) >> 11) * 0x1.0p-53 }
    }

    static func attribute(_ design: ShapleyDesign, _ v: (UInt64) -> Double) -> [Double] {
        design.contributions(design.coalitions.map(v))
    }

    @Test("the design: sorted, without duplicates, with nobody and everybody; exact designs list all 2ⁿ",
          arguments: [1, 3, 10, 11, 12])
    func design(players: Int) {
        var rng = StreamKey(seed: 5).makeGenerator()
        let design = ShapleyDesign(players: players, using: &rng)
        #expect(design.isExact == (players <= 10))
        #expect(design.coalitions == Array(Set(design.coalitions)).sorted())
        #expect(design.coalitions.first == 0 && design.coalitions.last == design.everybody)
        #expect(design.everybody == (UInt64(1) << UInt64(players)) - 1)
        if design.isExact {
            #expect(design.coalitions.count == 1 << players && design.orderings.isEmpty)
        } else {
            #expect(design.orderings.count == 200)
            #expect(design.orderings.allSatisfy { $0.sorted() == Array(0..<players) })
            #expect(design.orderings[1] == design.orderings[0].reversed())
        }
    }

    @Test("efficiency: the contributions sum to v(all) − v(nobody) for random games, n = 1…12, exact and sampled")
    func efficiency() {
        for n in 1...12 {
            for exactLimit in [10, 0] {
                var rng = StreamKey(seed: UInt64(n), purpose: UInt64(exactLimit)).makeGenerator()
                let design = ShapleyDesign(players: n, exactLimit: exactLimit, permutations: 50, using: &rng)
                let v = Self.randomGame(seed: UInt64(100 + n))
                // Scale the game so that a relative tolerance means something.
                let scaled: (UInt64) -> Double = { 1e6 * v($0) - 3e5 }
                let phi = Self.attribute(design, scaled)
                let target = scaled(design.everybody) - scaled(0)
                #expect(abs(phi.reduce(0, +) - target) <= 1e-9 * 1e6, "n = \(n), exact = \(design.isExact)")
            }
        }
    }

    @Test("the hand-worked 3-player game: φ = (2.5, 3.5, 0)")
    func handGame() {
        // Players 1, 2, 3 are bits 0, 1, 2. v(∅) = 0, v({1}) = 1, v({2}) = 2, v({3}) = 0,
        // v({1,2}) = 6, v({1,3}) = 1, v({2,3}) = 2, v(all) = 6.
        // Player 3 adds 0 to every coalition: null, φ3 = 0.
        // φ1 = ⅓·[v(1) − v(∅)] + ⅙·[v(12) − v(2)] + ⅙·[v(13) − v(3)] + ⅓·[v(123) − v(23)]
        //    = ⅓·1 + ⅙·4 + ⅙·1 + ⅓·4 = 15/6 = 2.5.
        // φ2 = ⅓·2 + ⅙·[v(12) − v(1)] + ⅙·[v(23) − v(3)] + ⅓·[v(123) − v(13)]
        //    = ⅓·2 + ⅙·5 + ⅙·2 + ⅓·5 = 21/6 = 3.5.  Sum 6 = v(all) − v(∅).
        let table: [Double] = [0, 1, 2, 6, 0, 1, 2, 6]   // indexed by mask
        var rng = StreamKey(seed: 1).makeGenerator()
        let phi = ShapleyDesign(players: 3, using: &rng).contributions(table)
        #expect(abs(phi[0] - 2.5) < 1e-12 && abs(phi[1] - 3.5) < 1e-12 && phi[2] == 0)
    }

    @Test("the glove game: one left glove (player 0), two right gloves: φ = (2/3, 1/6, 1/6)")
    func gloveGame() {
        // v(S) = 1 when S holds player 0 and player 1 or 2. Player 0 is pivotal in the orderings
        // where it does not come first: 4 of 6. Player 1 is pivotal only in (0, 1, 2): 1 of 6.
        var rng = StreamKey(seed: 1).makeGenerator()
        let design = ShapleyDesign(players: 3, using: &rng)
        let phi = Self.attribute(design) { ($0 & 1 != 0 && $0 & 6 != 0) ? 1 : 0 }
        #expect(abs(phi[0] - 2.0 / 3) < 1e-12 && abs(phi[1] - 1.0 / 6) < 1e-12 && abs(phi[2] - 1.0 / 6) < 1e-12)
    }

    @Test("symmetry: two interchangeable players get equal shares (exact)")
    func symmetry() {
        for n in [2, 5, 9] {
            // v depends on players 0 and 1 only through how many of them take part.
            let v = Self.randomGame(seed: UInt64(n))
            let game: (UInt64) -> Double = { mask in v((mask & ~3) | UInt64((mask & 3).nonzeroBitCount) << 62) }
            var rng = StreamKey(seed: 2).makeGenerator()
            let phi = Self.attribute(ShapleyDesign(players: n, using: &rng), game)
            #expect(abs(phi[0] - phi[1]) < 1e-12, "n = \(n)")
        }
    }

    @Test("a null player gets 0: to 1e-12 exact, exactly 0 sampled")
    func nullPlayer() {
        for (n, exactLimit) in [(6, 10), (9, 10), (12, 10), (8, 0)] {
            // Player 3 never changes the value.
            let v = Self.randomGame(seed: UInt64(n))
            let game: (UInt64) -> Double = { v($0 & ~8) }
            var rng = StreamKey(seed: 3).makeGenerator()
            let design = ShapleyDesign(players: n, exactLimit: exactLimit, using: &rng)
            let phi = Self.attribute(design, game)
            if design.isExact { #expect(abs(phi[3]) < 1e-12, "n = \(n)") } else { #expect(phi[3] == 0, "n = \(n)") }
        }
    }

    @Test("an additive game gives each player its own value, exact and sampled")
    func additive() {
        for (n, exactLimit) in [(4, 10), (10, 10), (12, 10), (7, 0)] {
            let own = (0..<n).map { Double($0 * $0) - 3.5 }
            let game: (UInt64) -> Double = { mask in (0..<n).reduce(10) { mask & (1 << UInt64($1)) != 0 ? $0 + own[$1] : $0 } }
            var rng = StreamKey(seed: 4).makeGenerator()
            let phi = Self.attribute(ShapleyDesign(players: n, exactLimit: exactLimit, using: &rng), game)
            for i in 0..<n { #expect(abs(phi[i] - own[i]) < 1e-9, "n = \(n), player \(i)") }
        }
    }

    @Test("sampled converges to exact: 8 players, a random game, 20,000 orderings, within 0.04")
    func sampledConverges() {
        // v ∈ [0, 1), so every marginal lies in (−1, 1) and has sd ≤ 1; an antithetic pair's mean
        // has no larger a variance, so with 10,000 independent pairs the standard error is
        // ≤ 1/√10,000 = 0.01: 0.04 is four standard errors at worst.
        let v = Self.randomGame(seed: 77)
        var rng = StreamKey(seed: 8).makeGenerator()
        let exact = Self.attribute(ShapleyDesign(players: 8, using: &rng), v)
        let sampled = Self.attribute(ShapleyDesign(players: 8, exactLimit: 0, permutations: 20_000, using: &rng), v)
        for i in 0..<8 { #expect(abs(sampled[i] - exact[i]) < 0.04, "player \(i): \(sampled[i]) vs \(exact[i])") }
    }

    @Test("same seed, same sampled design")
    func deterministic() {
        var a = StreamKey(seed: 9).makeGenerator(), b = StreamKey(seed: 9).makeGenerator()
        let x = ShapleyDesign(players: 12, using: &a), y = ShapleyDesign(players: 12, using: &b)
        #expect(x.coalitions == y.coalitions && x.orderings == y.orderings)
    }
}
