// Shapley values (Shapley 1953): a fair split of what a group of players achieves together,
// v(all) − v(nobody), among the players, from the value v(S) of every coalition S. Exact for a
// few players; for more, estimated from random orderings of the players (Castro, Gómez and Tejada
// 2009). Generic: a "player" is whatever the caller groups (a set of levers, of inputs).

import SimCore

/// Which coalitions a Shapley attribution needs, and how to turn their values into contributions.
///
/// Use: make the design, evaluate v on every mask of `coalitions`, pass the values (same order)
/// to `contributions`. A coalition is a bit mask: bit i set means player i takes part.
public struct ShapleyDesign: Sendable {
    /// The number of players.
    public let players: Int
    /// Coalitions (bit masks, bit i = player i present) whose values are needed, without
    /// duplicates, sorted ascending; always includes 0 (nobody) and the full mask.
    public let coalitions: [UInt64]
    /// Whether the contributions are the exact Shapley values (all coalitions) rather than an
    /// estimate from sampled orderings.
    public let isExact: Bool
    /// The sampled orderings of the players (each a permutation of 0..<players), in pairs of an
    /// ordering and its reverse; empty when exact.
    public let orderings: [[Int]]
    /// For every ordering, the position in `coalitions` of each of its prefixes (nobody first,
    /// everybody last).
    private let prefixPositions: [[Int]]

    /// Exact: all 2ⁿ coalitions when n ≤ `exactLimit`. Above: `permutations` random orderings
    /// (Castro, Gómez and Tejada 2009) in antithetic pairs (a random ordering, then its reverse;
    /// an odd count ends with an unpaired one), and the coalitions are their prefixes.
    ///
    /// - Complexity: O(2ⁿ) exact; O(permutations · n · log(permutations · n)) sampled.
    public init(players: Int, exactLimit: Int = 10, permutations: Int = 200, using rng: inout Xoshiro256StarStar) {
        precondition(players >= 1 && players <= 64, "a coalition mask holds 1 to 64 players")
        self.players = players
        if players <= exactLimit {
            precondition(players <= 30, "an exact Shapley attribution needs 2ⁿ coalitions: too many")
            isExact = true
            coalitions = (0..<(UInt64(1) << UInt64(players))).map { $0 }
            orderings = []
            prefixPositions = []
            return
        }
        precondition(permutations >= 1, "a sampled Shapley attribution needs at least one ordering")
        isExact = false
        var orderings: [[Int]] = []
        orderings.reserveCapacity(permutations)
        for p in 0..<permutations {
            if p % 2 == 1 { orderings.append(orderings[p - 1].reversed()); continue }
            var order = Array(0..<players)
            for i in stride(from: players - 1, to: 0, by: -1) { order.swapAt(i, rng.nextIndex(below: i + 1)) }
            orderings.append(order)
        }
        var prefixes: [[UInt64]] = []
        var all = Set<UInt64>()
        for order in orderings {
            var mask: UInt64 = 0
            var masks = [mask]
            for player in order { mask |= UInt64(1) << UInt64(player); masks.append(mask) }
            all.formUnion(masks)
            prefixes.append(masks)
        }
        let coalitions = all.sorted()
        var position: [UInt64: Int] = [:]
        for (index, mask) in coalitions.enumerated() { position[mask] = index }
        self.coalitions = coalitions
        self.orderings = orderings
        self.prefixPositions = prefixes.map { $0.map { position[$0]! } }
    }

    /// The full mask: every player present.
    public var everybody: UInt64 { players == 64 ? .max : (UInt64(1) << UInt64(players)) - 1 }

    /// Contributions per player from the value of every coalition in `coalitions` (same order).
    /// Efficiency holds exactly up to floating-point rounding: the contributions sum to
    /// v(full) − v(∅). Exact mode: φᵢ = Σ over S ∌ i of |S|!(n − |S| − 1)!/n! · (v(S ∪ {i}) − v(S)),
    /// summed per coalition size s, each size's sum divided by C(n − 1, s), the whole by n (the
    /// weights are exact in doubles for n ≤ 30). Sampled mode: φᵢ = the mean over orderings of
    /// v(prefix ∪ {i}) − v(prefix), where prefix is the players before i; every ordering's
    /// marginal contributions telescope to v(full) − v(∅), and a player that never changes the
    /// value gets exactly 0.
    ///
    /// - Complexity: O(n · 2ⁿ) exact; O(permutations · n) sampled.
    public func contributions(_ values: [Double]) -> [Double] {
        precondition(values.count == coalitions.count, "one value per coalition of the design")
        let n = players
        var phi = [Double](repeating: 0, count: n)
        if isExact {
            // In exact mode coalitions[mask] == mask.
            for i in 0..<n {
                let bit = 1 << i
                var bySize = [Double](repeating: 0, count: n)
                for mask in 0..<(1 << n) where mask & bit == 0 {
                    bySize[mask.nonzeroBitCount] += values[mask | bit] - values[mask]
                }
                var total = 0.0, binomial = 1.0   // C(n − 1, s)
                for s in 0..<n {
                    total += bySize[s] / binomial
                    binomial = binomial * Double(n - 1 - s) / Double(s + 1)
                }
                phi[i] = total / Double(n)
            }
            return phi
        }
        for (order, positions) in zip(orderings, prefixPositions) {
            for (step, player) in order.enumerated() {
                phi[player] += values[positions[step + 1]] - values[positions[step]]
            }
        }
        let m = Double(orderings.count)
        return phi.map { $0 / m }
    }
}
