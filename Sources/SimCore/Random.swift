// Seedable random numbers with independent streams: xoshiro256** seeded through SplitMix64.

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny generator used to seed others and to hash
/// stream keys into well-mixed 64-bit states.
@frozen
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 output function: a bijective mixer of 64 bits.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0 (Blackman and Vigna 2018): fast, 256 bits of state, period 2²⁵⁶ − 1, with
/// `jump()` (2¹²⁸ steps) and `longJump()` (2¹⁹² steps) for non-overlapping sequences.
///
/// We map bits to numbers ourselves (`nextUnitInterval()`), rather than through the standard
/// library's `Double.random(in:using:)`, whose mapping may change between Swift versions: the
/// same seed must give the same output to the last digit on every toolchain.
@frozen
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    public var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator from its raw state, which must not be all zero.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    /// Creates a generator whose state is four outputs of SplitMix64 seeded with `seed`, as the
    /// authors recommend.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
        if (s0 | s1 | s2 | s3) == 0 { s0 = 1 }
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    internal func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// Advances the generator by 2¹²⁸ steps.
    ///
    /// - Complexity: O(1): 256 steps of the generator.
    public mutating func jump() {
        applyJump([0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C])
    }

    /// Advances the generator by 2¹⁹² steps.
    public mutating func longJump() {
        applyJump([0x76E1_5D3E_FEFD_CBBF, 0xC500_4E44_1C52_2FB3, 0x7771_0069_854E_E241, 0x3910_9BB0_2ACB_E635])
    }
    
    internal mutating func applyJump(_ polynomial: [UInt64]) {
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    t0 ^= s0; t1 ^= s1; t2 ^= s2; t3 ^= s3
                }
                _ = next()
            }
        }
        (s0, s1, s2, s3) = (t0, t1, t2, t3)
    }
}

extension RandomNumberGenerator {
    /// A uniform number in [0, 1) with 53 random bits: the top 53 bits of one 64-bit output.
    @inline(__always)
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform number in (0, 1]: never zero, so that its logarithm is finite.
    @inline(__always)
    public mutating func nextOpenUnitInterval() -> Double {
        Double((next() >> 11) &+ 1) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire 2019).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}

/// The address of one independent random stream: master seed → replication → purpose → index.
///
/// A stream is a pure function of its key, so replication *r* draws the same numbers whichever
/// thread runs it, and household *k* of replication *r* meets the same luck in every scenario that
/// draws its households from the same stream key (common random numbers).
///
/// Keys are hashed into a seed with SplitMix64's mixer, one component at a time; the resulting
/// xoshiro256** sequences start at independent, well-spread points of its 2²⁵⁶ period. (Numbering
/// streams by repeated `jump()` would guarantee non-overlap but costs O(index) to reach stream
/// *index*; with 2²⁵⁶ states and at most millions of streams of at most billions of draws, the
/// chance that two hashed streams overlap is below 2⁻¹⁵⁰.)
@frozen
public struct StreamKey: Hashable, Sendable {
    public var seed: UInt64
    public var replication: UInt64
    public var purpose: UInt64
    public var index: UInt64
    
    public init(seed: UInt64, replication: UInt64 = 0, purpose: UInt64 = 0, index: UInt64 = 0) {
        self.seed = seed
        self.replication = replication
        self.purpose = purpose
        self.index = index
    }

    /// The 64-bit seed of this stream.
    public var hashedSeed: UInt64 {
        var h = SplitMix64.mix(seed ^ 0x5749_4A4B_5349_4D31)   // "WIJKSIM1"
        h = SplitMix64.mix(h ^ SplitMix64.mix(replication &+ 0x9E37_79B9_7F4A_7C15))
        h = SplitMix64.mix(h ^ SplitMix64.mix(purpose &+ 0x3C6E_F372_FE94_F82A))
        h = SplitMix64.mix(h ^ SplitMix64.mix(index &+ 0xDAA6_6D2B_7E1A_1E3F))
        return h
    }

    /// A fresh generator for this stream.
    public func makeGenerator() -> Xoshiro256StarStar { Xoshiro256StarStar(seed: hashedSeed) }

    /// The same key with another purpose.
    public func purpose(_ purpose: UInt64) -> StreamKey {
        StreamKey(seed: seed, replication: replication, purpose: purpose, index: index)
    }

    /// The same key with another index.
    public func index(_ index: UInt64) -> StreamKey {
        StreamKey(seed: seed, replication: replication, purpose: purpose, index: index)
    }
}
