// The generator against reference vectors from the authors' C code (scripts/reference/).

import Testing
@testable import SimCore

@Suite("Random streams")
struct RandomTests {
    @Test("SplitMix64 matches the reference C output")
    func splitMixReference() {
        var a = SplitMix64(seed: 0)
        #expect((0..<5).map { _ in a.next() } ==
                [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f, 0xf88bb8a8724c81ec, 0x1b39896a51a8749b])
        var b = SplitMix64(seed: 1234567)
        #expect((0..<5).map { _ in b.next() } ==
                [0x599ed017fb08fc85, 0x2c73f08458540fa5, 0x883ebce5a3f27c77, 0x3fbef740e9177b3f, 0xe3b8346708cb5ecd])
    }

    @Test("xoshiro256** matches the reference C output from a raw state")
    func xoshiroReference() {
        var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect((0..<6).map { _ in g.next() } ==
                [0x2d00, 0, 0x5a007080, 0x10e0000000009d80, 0x10e0b61ce1009d80, 0x0870021ce143ad00])
    }

    @Test("xoshiro256** seeded through SplitMix64 matches the reference")
    func xoshiroSeeded() {
        var g = Xoshiro256StarStar(seed: 42)
        #expect((0..<5).map { _ in g.next() } ==
                [0x15780b2e0c2ec716, 0x6104d9866d113a7e, 0xae17533239e499a1, 0xecb8ad4703b360a1, 0xfde6dc7fe2ec5e64])
    }

    @Test("jump and long jump match the reference")
    func jumps() {
        var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
        g.jump()
        #expect((0..<3).map { _ in g.next() } == [0xbbd2f312298443d8, 0x62e57db2d5706577, 0x34d1890374a6d72b])
        var h = Xoshiro256StarStar(state: (1, 2, 3, 4))
        h.longJump()
        #expect((0..<3).map { _ in h.next() } == [0x527752a1d792704d, 0xd8d8bdec57599e64, 0x601cb926727eb003])
    }

    @Test("a stream is a pure function of its key; different keys give different streams")
    func streamKeys() {
        let key = StreamKey(seed: 7, replication: 3, purpose: 2, index: 11)
        var a = key.makeGenerator(), b = key.makeGenerator()
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        // Changing any one component changes the stream.
        let variants = [StreamKey(seed: 8, replication: 3, purpose: 2, index: 11),
                        StreamKey(seed: 7, replication: 4, purpose: 2, index: 11),
                        StreamKey(seed: 7, replication: 3, purpose: 3, index: 11),
                        StreamKey(seed: 7, replication: 3, purpose: 2, index: 12),
                        // components swapped must not collide
                        StreamKey(seed: 7, replication: 11, purpose: 2, index: 3)]
        let seeds = Set(variants.map(\.hashedSeed) + [key.hashedSeed])
        #expect(seeds.count == variants.count + 1)
    }

    @Test("unit intervals stay in range and bounded integers are unbiased", arguments: [1, 2, 3])
    func unitIntervalAndIndex(seed: UInt64) {
        var g = Xoshiro256StarStar(seed: seed)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 {
            let u = g.nextUnitInterval(), v = g.nextOpenUnitInterval()
            #expect(u >= 0 && u < 1)
            #expect(v > 0 && v <= 1)
            counts[g.nextIndex(below: 7)] += 1
        }
        // Chi-square with 6 degrees of freedom; 22.46 is the 0.999 quantile.
        let chi2 = counts.reduce(0.0) { $0 + pow2(Double($1) - 10_000) / 10_000 }
        #expect(chi2 < 22.46, "seed \(seed): chi-square \(chi2)")
    }

    @Test("uniform output passes a 64-bin chi-square test over many seeds")
    func chiSquareManySeeds() {
        var failures = 0
        for seed in UInt64(0)..<20 {
            var g = StreamKey(seed: seed).makeGenerator()
            var bins = [Int](repeating: 0, count: 64)
            for _ in 0..<32_000 { bins[Int(g.nextUnitInterval() * 64)] += 1 }
            let chi2 = bins.reduce(0.0) { $0 + pow2(Double($1) - 500) / 500 }
            if chi2 > 98.0 { failures += 1 }   // 0.995 quantile of chi-square(63) ≈ 98.3
        }
        // At the 0.5% level, more than two failures in 20 seeds has probability < 0.0002.
        #expect(failures <= 2)
    }
}

func pow2(_ x: Double) -> Double { x * x }
