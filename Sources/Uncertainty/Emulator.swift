// Regression emulators for history matching (Craig et al. 1997; Vernon et al. 2010, who screen with a
// regression surface before fitting Gaussian processes): a cheap stand-in for a model output's mean,
// fitted by least squares to the points run so far, with its residual spread as its uncertainty. The
// calibration uses them only to choose where the next wave runs the model: a candidate point whose
// emulated output cannot come near a target is not worth a run. Whether a point is kept is always
// decided by the model's own runs, so an emulator that fits badly costs efficiency, not correctness.
// Generic: knows nothing of households.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The natural logarithm (outside the emulator, where `log` names a scale).
private func ln(_ x: Double) -> Double { log(x) }

public struct RegressionEmulator: Sendable, Equatable {
    /// The scale the surface is fitted on: the output itself, or log(output + offset) for a
    /// positive output that spans orders of magnitude (a wait near a queue's tipping point).
    public enum Scale: Sendable, Equatable {
        case identity
        case log(offset: Double)

        func forward(_ y: Double) -> Double {
            switch self {
            case .identity: return y
            case .log(let c): return ln(y + c)
            }
        }

        func back(_ z: Double) -> Double {
            switch self {
            case .identity: return z
            case .log(let c): return exp(z) - c
            }
        }
    }

    /// The region whose unit cube the terms are computed in.
    public let box: ParameterBox
    public let scale: Scale
    /// Coefficients of 1, u₁ … u_d, u₁² … u_d² (u the point scaled to the box's unit cube).
    public let coefficients: [Double]
    /// The residual standard deviation on the emulator's scale: what the surface does not explain,
    /// the replications' noise included.
    public let residualSD: Double

    static func terms(_ x: [Double], in box: ParameterBox) -> [Double] {
        var t = [1.0]
        t.reserveCapacity(1 + 2 * x.count)
        let u = x.indices.map { j in box.upper[j] > box.lower[j] ? (x[j] - box.lower[j]) / (box.upper[j] - box.lower[j]) : 0.5 }
        t += u
        t += u.map { $0 * $0 }
        return t
    }

    /// The least-squares surface through (inputs, outputs) on `scale`; nil when there are not at
    /// least two more usable points (finite, and inside the scale's domain) than terms.
    public static func fit(inputs: [[Double]], outputs: [Double], box: ParameterBox, scale: Scale) -> RegressionEmulator? {
        var rows: [[Double]] = [], ys: [Double] = []
        for (x, y) in zip(inputs, outputs) {
            let z = scale.forward(y)
            if z.isFinite { rows.append(terms(x, in: box)); ys.append(z) }
        }
        let p = 1 + 2 * box.dimensions
        guard rows.count >= p + 2 else { return nil }
        // Normal equations with a tiny ridge, solved by Cholesky (p is small: 1 + 2d).
        var a = [Double](repeating: 0, count: p * p), b = [Double](repeating: 0, count: p)
        for (row, y) in zip(rows, ys) {
            for i in 0..<p {
                b[i] += row[i] * y
                for k in 0...i { a[i * p + k] += row[i] * row[k] }
            }
        }
        var trace = 0.0
        for i in 0..<p { trace += a[i * p + i] }
        for i in 0..<p {
            for k in 0..<i { a[k * p + i] = a[i * p + k] }
            a[i * p + i] += 1e-10 * trace / Double(p)
        }
        guard let beta = solveCholesky(a, b, p) else { return nil }
        var rss = 0.0
        for (row, y) in zip(rows, ys) {
            var fitted = 0.0
            for i in 0..<p { fitted += beta[i] * row[i] }
            rss += (y - fitted) * (y - fitted)
        }
        return RegressionEmulator(box: box, scale: scale, coefficients: beta, residualSD: (rss / Double(rows.count - p)).squareRoot())
    }

    /// The better of the identity and the log scale (when every output is above −offset), judged
    /// by the root mean square of the residuals on the output's own scale.
    public static func fitBest(inputs: [[Double]], outputs: [Double], box: ParameterBox, offset: Double) -> RegressionEmulator? {
        var candidates = [fit(inputs: inputs, outputs: outputs, box: box, scale: .identity)].compactMap { $0 }
        if offset > 0, outputs.allSatisfy({ !$0.isFinite || $0 + offset > 0 }),
           let logged = fit(inputs: inputs, outputs: outputs, box: box, scale: .log(offset: offset)) {
            candidates.append(logged)
        }
        func rms(_ e: RegressionEmulator) -> Double {
            var sum = 0.0, n = 0.0
            for (x, y) in zip(inputs, outputs) where y.isFinite {
                let d = e.predict(x) - y
                sum += d * d; n += 1
            }
            return n > 0 ? (sum / n).squareRoot() : .infinity
        }
        return candidates.min { rms($0) < rms($1) }
    }

    /// The emulated mean output at x, on the output's own scale.
    public func predict(_ x: [Double]) -> Double { scale.back(surface(x)) }

    func surface(_ x: [Double]) -> Double {
        let t = Self.terms(x, in: box)
        var z = 0.0
        for i in t.indices { z += coefficients[i] * t[i] }
        return z
    }

    /// The emulator's implausibility for a target of mean `z` and sd `sd` (observation and
    /// discrepancy) at x: |surface − z| / sqrt(residual variance + sd²), on the emulator's scale
    /// (on the log scale the target's sd is carried over by the delta method, sd ÷ (z + offset)).
    public func implausibility(_ x: [Double], target z: Double, sd: Double) -> Double {
        switch scale {
        case .identity:
            return abs(surface(x) - z) / (residualSD * residualSD + sd * sd).squareRoot()
        case .log(let c):
            guard z + c > 0 else { return abs(predict(x) - z) / sd }
            let s = sd / (z + c)
            return abs(surface(x) - ln(z + c)) / (residualSD * residualSD + s * s).squareRoot()
        }
    }

    /// The output's range the emulator allows at x: the surface ± k residual sds, on the output's scale.
    public func interval(_ x: [Double], k: Double) -> ClosedRange<Double> {
        let z = surface(x)
        let lo = scale.back(z - k * residualSD), hi = scale.back(z + k * residualSD)
        return min(lo, hi)...max(lo, hi)
    }
}

/// Solves A x = b for a symmetric positive definite p × p matrix (row-major); nil if it is not.
func solveCholesky(_ a: [Double], _ b: [Double], _ p: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: p * p)
    for i in 0..<p {
        for k in 0...i {
            var sum = a[i * p + k]
            for j in 0..<k { sum -= l[i * p + j] * l[k * p + j] }
            if i == k {
                guard sum > 0 else { return nil }
                l[i * p + i] = sum.squareRoot()
            } else {
                l[i * p + k] = sum / l[k * p + k]
            }
        }
    }
    var y = [Double](repeating: 0, count: p)
    for i in 0..<p {
        var sum = b[i]
        for j in 0..<i { sum -= l[i * p + j] * y[j] }
        y[i] = sum / l[i * p + i]
    }
    var x = [Double](repeating: 0, count: p)
    for i in stride(from: p - 1, through: 0, by: -1) {
        var sum = y[i]
        for j in (i + 1)..<p { sum -= l[j * p + i] * x[j] }
        x[i] = sum / l[i * p + i]
    }
    return x
}
