// "Did you mean": the nearest known word to a misspelt option, command or field name.

/// The candidate nearest to `word`, if it is near enough to be a likely slip: a small edit
/// distance, or one name being the start of the other (`caseload` → `caseload_limit`).
public func closestMatch(to word: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    let w = word.lowercased()
    for candidate in candidates {
        let c = candidate.lowercased()
        var d = editDistance(w, c)
        if w.count >= 4, c.hasPrefix(w) || w.hasPrefix(c) { d = min(d, 1) }
        if d <= max(2, candidate.count / 3), d < (best?.1 ?? .max) { best = (candidate, d) }
    }
    return best?.0
}

/// Levenshtein distance.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
