// What `wijksim sensitivity` shows: which uncertain parameters a measure (or the paired difference of
// two designs) turns on. Sobol first-order and total indices (Saltelli 2010 design and first-order
// estimator, Jansen 1999 total estimator) or Morris μ*, σ, with bootstrap 95% CIs; sensitivity.csv
// and sensitivity.html (bars with CIs, largest total effect first).
//
// With a stochastic model each design point is the mean of R replications that share their random
// numbers across points (common random numbers), so that what is left of the replications' noise
// shows as a little variance no parameter explains (the total indices then sum to less than it
// would without noise), not as spurious effects.

import SimCore
import Uncertainty

public enum SensitivityMethod: String, Sendable, CaseIterable { case sobol, morris }

/// A Saltelli or a Morris design in the unit cube.
public enum SensitivityDesign: Sendable {
    case sobol(Sobol.Design)
    case morris(Morris.Design)

    /// `samples`: N base rows for Sobol (N(d + 2) points), trajectories for Morris (r(d + 1) points).
    public init(_ method: SensitivityMethod, samples: Int, dimensions: Int, seed: UInt64) {
        var rng = StreamKey(seed: seed, purpose: 0x5EB0).makeGenerator()
        switch method {
        case .sobol: self = .sobol(Sobol.Design(samples: samples, dimensions: dimensions, using: &rng))
        case .morris: self = .morris(Morris.Design(trajectories: samples, dimensions: dimensions, levels: 4, using: &rng))
        }
    }

    public static func pointCount(_ method: SensitivityMethod, samples: Int, dimensions: Int) -> Int {
        method == .sobol ? samples * (dimensions + 2) : samples * (dimensions + 1)
    }

    public var points: [[Double]] {
        switch self {
        case .sobol(let d): d.points
        case .morris(let d): d.points
        }
    }
}

public struct SensitivityResult: Sendable {
    public struct Row: Sendable, Equatable {
        public var parameter: String
        /// S1, ST (Sobol); mu_star, mu, sigma (Morris).
        public var index: String
        public var value: Double
        public var low: Double
        public var high: Double
    }

    public var method: SensitivityMethod
    public var parameters: [String]
    public var rows: [Row]

    /// The indices of `outputs` (one per design point, in the design's order).
    public init(_ design: SensitivityDesign, outputs: [Double], parameters: [String], seed: UInt64, resamples: Int = 1000) {
        var rng = StreamKey(seed: seed, purpose: 0x5EB1).makeGenerator()
        self.parameters = parameters
        rows = []
        switch design {
        case .sobol(let d):
            method = .sobol
            let r = Sobol.analyse(outputs, design: d, resamples: resamples, using: &rng)
            for (j, name) in parameters.enumerated() {
                rows.append(Row(parameter: name, index: "S1", value: r.first[j].value, low: r.first[j].low, high: r.first[j].high))
                rows.append(Row(parameter: name, index: "ST", value: r.total[j].value, low: r.total[j].low, high: r.total[j].high))
            }
        case .morris(let d):
            method = .morris
            let effects = Morris.analyse(outputs, design: d, resamples: resamples, using: &rng)
            for (j, name) in parameters.enumerated() {
                let e = effects[j]
                rows.append(Row(parameter: name, index: "mu_star", value: e.muStar, low: e.muStarLow, high: e.muStarHigh))
                rows.append(Row(parameter: name, index: "mu", value: e.mu, low: .nan, high: .nan))
                rows.append(Row(parameter: name, index: "sigma", value: e.sigma, low: .nan, high: .nan))
            }
        }
    }

    public func row(_ parameter: String, _ index: String) -> Row? { rows.first { $0.parameter == parameter && $0.index == index } }

    /// The headline index: ST for Sobol, μ* for Morris.
    public var mainIndex: String { method == .sobol ? "ST" : "mu_star" }

    /// Parameters, largest headline index first.
    public var ranked: [String] {
        parameters.sorted { (row($0, mainIndex)?.value ?? 0) > (row($1, mainIndex)?.value ?? 0) }
    }

    public static let header = "parameter,index,value,ci95_low,ci95_high"

    public func csv() -> String {
        var out = Self.header + "\n"
        let n = RunDirectory.number
        for r in rows { out += "\(RunDirectory.csv(r.parameter)),\(r.index),\(n(r.value)),\(n(r.low)),\(n(r.high))\n" }
        return out
    }

}
