// The engine against queueing theory: Erlang C, Little's law, replicated confidence intervals.

import Testing
@testable import SimCore

@Suite("Queueing theory")
struct QueueingTests {
    func simulate(_ lambda: Double, _ mu: Double, _ c: Int, customers: Int, seed: UInt64, replication: UInt64)
        -> (model: MMcModel, end: Double) {
        var model = MMcModel(arrivalRate: lambda, serviceRate: mu, servers: c, customers: customers,
                             key: StreamKey(seed: seed, replication: replication))
        var scheduler = Scheduler<MMcModel.Event>()
        model.start(&scheduler)
        model.run(scheduler: &scheduler)
        return (model, scheduler.now)
    }

    @Test("Erlang C against known values")
    func erlangCValues() {
        // M/M/1: Wq = ρ / (μ − λ).
        #expect(abs(QueueingTheory.mmcMeanWait(arrivalRate: 0.5, serviceRate: 1, servers: 1) - 1) < 1e-12)
        // M/M/2 with a = 1: C = 1/3, Wq = C / (2μ − λ) = 1/3.
        #expect(abs(QueueingTheory.erlangC(arrivalRate: 1, serviceRate: 1, servers: 2) - 1.0 / 3) < 1e-12)
        // Classic call-centre case: a = 10 Erlang, 11 agents: C ≈ 0.6821.
        #expect(abs(QueueingTheory.erlangC(arrivalRate: 10, serviceRate: 1, servers: 11) - 0.682_118) < 1e-5)
        #expect(QueueingTheory.mmcMeanWait(arrivalRate: 2, serviceRate: 1, servers: 2) == .infinity)
        // Large c does not overflow.
        #expect(QueueingTheory.erlangC(arrivalRate: 900, serviceRate: 1, servers: 1000).isFinite)
    }

    @Test("replicated 95% CI of the mean wait covers Erlang C", arguments: [
        (0.8, 1.0, 1), (3.0, 1.0, 4), (9.0, 1.0, 10), (4.0, 0.25, 20),
    ])
    func erlangCoverage(lambda: Double, mu: Double, c: Int) {
        // Independent replications after a warm-up would be ideal; with runs of 20,000 customers
        // the start-empty bias is far below the CI half-width for these loads.
        let replications = 24
        let means = (0..<replications).map { r in
            simulate(lambda, mu, c, customers: 20_000, seed: 2026, replication: UInt64(r)).model.waits.mean
        }
        let ci = ConfidenceInterval(values: means)
        let exact = QueueingTheory.mmcMeanWait(arrivalRate: lambda, serviceRate: mu, servers: c)
        #expect(ci.contains(exact), "λ=\(lambda) μ=\(mu) c=\(c): CI [\(ci.lower), \(ci.upper)] vs Erlang C \(exact)")
        // And the interval is informative: within 10% of the exact value.
        #expect(ci.halfWidth < 0.1 * exact)
    }

    @Test("Little's law holds on every sample path: area under the queue length = sum of waits", arguments: UInt64(0)..<5)
    func littlesLaw(seed: UInt64) {
        let (model, end) = simulate(4.5, 1, 5, customers: 10_000, seed: seed, replication: 0)
        // The run ends when the last customer leaves, so every wait lies inside [0, end].
        let area = model.queue.length.mean(at: end) * end
        let sumOfWaits = model.waits.sum
        #expect(abs(area - sumOfWaits) <= 1e-9 * sumOfWaits, "seed \(seed)")
        // L = λ W with the observed arrival rate.
        let lambdaHat = Double(model.customers) / end
        let l = model.queue.length.mean(at: end)
        #expect(abs(l - lambdaHat * model.waits.mean) <= 1e-9 * l)
    }

    @Test("server utilisation matches ρ within its replicated CI")
    func utilisation() {
        let values = (0..<16).map { r -> Double in
            let (model, end) = simulate(3, 1, 4, customers: 20_000, seed: 5, replication: UInt64(r))
            return model.servers.utilisation(at: end)
        }
        #expect(ConfidenceInterval(values: values).contains(0.75))
    }

    @Test("same seed, same result to the last digit; another seed, another result")
    func determinism() {
        let a = simulate(9, 1, 10, customers: 5_000, seed: 1, replication: 0)
        let b = simulate(9, 1, 10, customers: 5_000, seed: 1, replication: 0)
        let c = simulate(9, 1, 10, customers: 5_000, seed: 2, replication: 0)
        #expect(a.model.waits.mean.bitPattern == b.model.waits.mean.bitPattern)
        #expect(a.end.bitPattern == b.end.bitPattern)
        #expect(a.model.waits.mean != c.model.waits.mean)
    }
}
