// Output analysis of one series of observations: where its start-up transient ends (MSER-5) and
// its least-squares trend.

/// The MSER-m truncation point of `series` (White 1997; White, Cobb and Spratt 2000; m = 5 gives
/// MSER-5): how many leading observations to discard so that what remains is closest to a
/// stationary series, in the sense of the narrowest confidence interval for its mean.
///
/// The series is cut into ⌊n / m⌋ non-overlapping batches of `batchSize` observations (a trailing
/// remainder of fewer than m observations is left out) and replaced by their means Y₁ … Y_k. For
/// every truncation d (in batches) with d < ⌊k / 2⌋ — more than half the batches always remain, as
/// the statistic is unreliable on few batches —
///
///     MSER(d) = 1 / (k − d)² · Σ_{i > d} (Y_i − Ȳ_d)²,   Ȳ_d the mean of Y_{d+1} … Y_k,
///
/// and the d* that minimises it, the smallest on ties, is returned in original observations:
/// d* · m. Series shorter than two batches give 0. A transient that lasts into the second half of
/// the series cannot be found; the result is then at most ⌊k / 2⌋ − 1 batches, which the caller may
/// read as "the run is too short to tell".
///
/// - Parameters:
///   - series: the observations in time order, all finite.
///   - batchSize: m, observations per batch, at least 1.
/// - Returns: the number of leading observations to discard, a multiple of `batchSize`.
/// - Complexity: O(n) time and O(n / m) memory: the sums of squares of all suffixes in one backward
///   pass (Welford's update, stable for series with a large level and small spread).
public func mser(_ series: [Double], batchSize: Int = 5) -> Int {
    precondition(batchSize >= 1, "MSER: the batch size must be at least 1")
    let k = series.count / batchSize
    guard k >= 2 else { return 0 }
    var batches = [Double](repeating: 0, count: k)
    for b in 0..<k {
        var sum = 0.0
        for i in (b * batchSize)..<((b + 1) * batchSize) { sum += series[i] }
        batches[b] = sum / Double(batchSize)
    }
    // Sums of squared deviations of every suffix Y_{d+1} … Y_k, adding batches from the end.
    let candidates = k / 2
    var squares = [Double](repeating: 0, count: candidates)
    var count = 0.0, mean = 0.0, m2 = 0.0
    for b in stride(from: k - 1, through: 0, by: -1) {
        count += 1
        let delta = batches[b] - mean
        mean += delta / count
        m2 += delta * (batches[b] - mean)
        if b < candidates { squares[b] = m2 }
    }
    var best = 0
    var bestValue = Double.infinity
    for d in 0..<candidates {
        let remaining = Double(k - d)
        let value = squares[d] / (remaining * remaining)
        if value < bestValue { best = d; bestValue = value }
    }
    return best * batchSize
}

/// The least-squares slope of `y` on `x`: Σ (x − x̄)(y − ȳ) / Σ (x − x̄)².
///
/// - Returns: the slope; NaN with fewer than two points or when all x are equal.
/// - Complexity: O(n), two passes (means first, then centred sums, for accuracy).
public func olsSlope(x: [Double], y: [Double]) -> Double {
    precondition(x.count == y.count, "olsSlope: x and y must have the same length")
    let n = x.count
    guard n >= 2 else { return .nan }
    var meanX = 0.0, meanY = 0.0
    for i in 0..<n { meanX += x[i]; meanY += y[i] }
    meanX /= Double(n)
    meanY /= Double(n)
    var sxy = 0.0, sxx = 0.0
    for i in 0..<n {
        let dx = x[i] - meanX
        sxy += dx * (y[i] - meanY)
        sxx += dx * dx
    }
    return sxx > 0 ? sxy / sxx : .nan
}

/// The largest truncation `mser` can return for a series of `count` observations: (⌊k / 2⌋ − 1) · m
/// with k = ⌊count / m⌋ batches, or 0 for fewer than two batches. A result equal to this limit means
/// that MSER found no end of the transient in the first half of the series: the series is still
/// changing there (a trend, or a transient longer than half the run), not that the transient ends
/// exactly at the limit.
///
/// - Complexity: O(1)
public func mserLimit(count: Int, batchSize: Int = 5) -> Int {
    precondition(batchSize >= 1, "MSER: the batch size must be at least 1")
    let k = count / batchSize
    return k >= 2 ? (k / 2 - 1) * batchSize : 0
}
