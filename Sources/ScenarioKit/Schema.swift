// Reading a scenario tree field by field. Every read names its field's meaning, unit, default and
// allowed range once; the same calls validate a file, build the model configuration and write
// the field reference (Scenarios/README.md), so the three cannot drift apart.

import SimCore
import SocialDomain

/// One problem in a scenario file: where, which field, what was found and what is allowed.
public struct ScenarioIssue: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    /// The field's path, e.g. `teams.wijkteam.caseload_limit`; empty for whole-file problems.
    public var path: String
    public var message: String

    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file; self.line = line; self.column = column; self.path = path; self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}

/// All problems found in one or more files.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    public init(issues: [ScenarioIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// The documentation of one field, collected as the loader reads it.
public struct FieldSpec: Sendable {
    /// Path with `<name>` for entries of a named collection: `teams.<name>.workers`.
    public var path: String
    public var type: String
    public var defaultText: String
    public var allowed: String
    public var meaning: String
    /// A JSON5 value that this field must refuse (used by the tests).
    public var invalidExample: String
}

/// One value as the loader read it, for comparing a scenario with its base (`ScenarioChanges`).
struct ReadValue {
    /// The concrete path (`teams.wijkteam.workers`); for a value per domain, one per domain.
    var path: String
    /// The value as a scenario file would state it (`28`, `"26w"`, `"fte"`).
    var text: String
    /// Whether the tree states it (otherwise it is the inherited or built-in default).
    var stated: Bool
    /// For a named collection: the names of its entries, in order (then `text` is empty).
    var entries: [String]? = nil
    /// For one domain of a value per domain: the field's path.
    var group: String? = nil
}

/// Collects issues and field documentation while a tree is read.
final class ReadContext {
    var issues: [ScenarioIssue] = []
    var specs: [FieldSpec] = []
    /// Every value read, in reading order.
    var values: [ReadValue] = []
    /// Every field read with its value and allowed range, when asked for (`ScenarioLoader.fields`).
    var observed: [ScenarioField]? = nil
    private var specPaths: Set<String> = []
    let files: [String]
    /// Whether absent collections should still have their entry fields documented.
    let documenting: Bool

    init(files: [String], documenting: Bool = false) { self.files = files; self.documenting = documenting }

    func fail(_ node: Node?, _ path: String, _ message: String) {
        let file = node.map { $0.file < files.count ? files[$0.file] : "" } ?? (files.last ?? "")
        issues.append(ScenarioIssue(file: file, line: node?.line ?? 0, column: node?.column ?? 0, path: path, message: message))
    }

    func document(_ spec: FieldSpec) {
        if specPaths.insert(spec.path).inserted { specs.append(spec) }
    }
}

/// Reads the fields of one object, remembering which keys it knows, to report the unknown ones.
final class ObjectReader {
    let node: Node?
    let path: String
    let pattern: String
    let ctx: ReadContext
    private(set) var known: [String] = []

    init(_ node: Node?, path: String, pattern: String, _ ctx: ReadContext) {
        self.path = path; self.pattern = pattern; self.ctx = ctx
        if let node, case .object = node.value { self.node = node } else {
            if let node { ctx.fail(node, path, "found \(node.shortDescription); allowed: an object { ... }") }
            self.node = nil
        }
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
    func childPattern(_ key: String) -> String { pattern.isEmpty ? key : pattern + "." + key }

    /// The node of a key, marking the key as known.
    func take(_ key: String) -> Node? {
        known.append(key)
        return node?[key]
    }

    /// Reports every key this reader did not ask for, with the nearest known key.
    func finish() {
        guard let node, case .object(let members) = node.value else { return }
        for m in members where !known.contains(m.key) {
            var message = "unknown field"
            if let near = closestMatch(to: m.key, among: known) {
                message += "; did you mean '\(near)'?"
            } else if let home = Self.home(of: m.key, notAt: childPattern(m.key)) {
                message += "; '\(m.key)' belongs under \(home.section): write \(home.example)"
            }
            message += ". Known here: " + known.joined(separator: ", ")
            ctx.fail(m.node, childPath(m.key), message)
        }
    }

    /// A number as a Dutch writer's literal with three decimals: 1.2 → "1.200".
    static func literalText(_ x: Double) -> String {
        let thousandths = Int((x * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Every field pattern of a scenario (`path.outreach`, `teams.<name>.workers`), read once.
    static let allPatterns: [String] = ScenarioLoader.fieldSpecs().map(\.path)

    /// Where a field that is unknown here lives in the scenario, for a field put in the wrong
    /// section: `outreach` at the top → section `path`, "path: { outreach: ... }".
    static func home(of key: String, notAt pattern: String) -> (section: String, example: String)? {
        let homes = allPatterns.filter { $0 != pattern && $0.split(separator: ".").last.map(String.init) == key }
        guard let home = homes.first else { return nil }
        let parts = home.split(separator: ".").map(String.init).dropLast()
        let section = parts.joined(separator: ".")
        // Nested objects, innermost last: path: { outreach: ... }; teams: { <name>: { workers: ... } }.
        let example = parts.reversed().reduce("\(key): ...") { inner, part in "\(part): { \(inner) }" }
        return (homes.count > 1 ? homes.map { "'\($0.split(separator: ".").dropLast().joined(separator: "."))'" }.joined(separator: " or ") : "'\(section)'",
                example)
    }

    /// The general field read: documents the field, parses it if present, reports a bad value.
    /// `render` writes a value as a file would state it (for `ScenarioChanges`); without it, the
    /// node's text or `defaultText`.
    func field<T>(_ key: String, default value: T, type: String, defaultText: String, allowed: String,
                  meaning: String, invalid: String, render: ((T) -> String)? = nil, bounds: ClosedRange<Double>? = nil,
                  parse: (Node) -> Result<T, FieldProblem>) -> T {
        ctx.document(FieldSpec(path: childPattern(key), type: type, defaultText: defaultText, allowed: allowed,
                               meaning: meaning, invalidExample: invalid))
        let n = take(key)
        var result = value
        if let n, n.looksLikeThousands, case .number(let x) = n.value {
            // "1.200" is 1.2 in JSON, but a Dutch reader wrote twelve hundred: ask rather than guess.
            let whole = formatNumber((x * 1000).rounded())
            ctx.fail(n, childPath(key), "found \(Self.literalText(x)), which reads as \(formatNumber(x)): a point is a decimal point in a scenario file. For \(whole) write \(whole), without a thousands separator; for \(formatNumber(x)) write \(formatNumber(x))")
        } else if let n {
            switch parse(n) {
            case .success(let v): result = v
            case .failure(let problem):
                if problem.hint.hasPrefix("did you mean") {
                    // The likely intent first: what to type, then the rule.
                    ctx.fail(n, childPath(key), "found \(n.shortDescription); \(problem.hint) Allowed: \(allowed)")
                } else {
                    ctx.fail(n, childPath(key), "found \(n.shortDescription); allowed: \(allowed)" + (problem.hint.isEmpty ? "" : " (\(problem.hint))"))
                }
            }
        }
        if !ctx.documenting {
            ctx.values.append(ReadValue(path: childPath(key), text: render?(result) ?? n?.shortDescription ?? defaultText, stated: n != nil))
        }
        ctx.observe(childPath(key), childPattern(key), type: type, value: result, node: n, bounds: bounds)
        return result
    }
}

struct FieldProblem: Error {
    var hint: String = ""
    static let bad = FieldProblem()
}

// MARK: - Typed fields

extension ObjectReader {
    func number(_ key: String, default value: Double, in range: ClosedRange<Double>, unit: String = "",
                _ meaning: String) -> Double {
        let allowed = "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))" + (unit.isEmpty ? "" : " (\(unit))")
        return field(key, default: value, type: unit.isEmpty ? "number" : "number (\(unit))", defaultText: formatNumber(value),
                     allowed: allowed, meaning: meaning, invalid: Self.outside(range), render: formatNumber, bounds: range) { n in
            guard case .number(let x) = n.value, x.isFinite, range.contains(x) else { return .failure(.bad) }
            return .success(x)
        }
    }

    func share(_ key: String, default value: Double, _ meaning: String) -> Double {
        number(key, default: value, in: 0...1, unit: "share", meaning)
    }

    func integer(_ key: String, default value: Int, in range: ClosedRange<Int>, _ meaning: String) -> Int {
        field(key, default: value, type: "integer", defaultText: String(value),
              allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)", meaning: meaning,
              invalid: String(range.upperBound + 1), render: { String($0) },
              bounds: Double(range.lowerBound)...Double(range.upperBound)) { n in
            guard case .number(let x) = n.value, x.isWhole, x >= Double(range.lowerBound), x <= Double(range.upperBound)
            else { return .failure(.bad) }
            return .success(Int(x))
        }
    }

    func flag(_ key: String, default value: Bool, _ meaning: String) -> Bool {
        field(key, default: value, type: "true/false", defaultText: String(value), allowed: "true or false",
              meaning: meaning, invalid: "\"yes\"", render: { String($0) }) { n in
            guard case .bool(let b) = n.value else { return .failure(.bad) }
            return .success(b)
        }
    }

    func text(_ key: String, default value: String, pattern identifier: Bool = false, _ meaning: String) -> String {
        let allowed = identifier ? "text of lower-case letters, digits and _" : "text"
        return field(key, default: value, type: "text", defaultText: value.isEmpty ? "(empty)" : "\"\(value)\"",
                     allowed: allowed, meaning: meaning, invalid: identifier ? "\"Not Allowed!\"" : "42", render: { "\"\($0)\"" }) { n in
            guard case .string(let s) = n.value, s.utf8.count <= 1_000 else { return .failure(.bad) }
            if identifier && (s.isEmpty || !s.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })) {
                return .failure(.bad)
            }
            return .success(s)
        }
    }

    func choice<T: Equatable>(_ key: String, default value: T, options: [(String, T)], _ meaning: String) -> T {
        let names = options.map(\.0)
        let allowed = "one of " + names.map { "\"\($0)\"" }.joined(separator: ", ")
        return field(key, default: value, type: "choice", defaultText: "\"\(options.first { $0.1 == value }?.0 ?? "?")\"",
                     allowed: allowed, meaning: meaning, invalid: "\"not_a_choice\"",
                     render: { v in "\"\(options.first { $0.1 == v }?.0 ?? "?")\"" }) { n in
            guard case .string(let s) = n.value else { return .failure(.bad) }
            if let v = options.first(where: { $0.0 == s })?.1 { return .success(v) }
            return .failure(FieldProblem(hint: closestMatch(to: s, among: names).map { "did you mean \"\($0)\"?" } ?? ""))
        }
    }

    /// A duration with its unit ("6w"). `unlimited` allows the text "unlimited" (∞).
    func duration(_ key: String, default value: Double, in range: ClosedRange<Double>, unlimited: Bool = false,
                  _ meaning: String) -> Double {
        let upper = range.upperBound.isInfinite ? "" : " to \(Units.durationText(range.upperBound))"
        let allowed = "a duration such as \"30d\", \"6w\", \"9m\", \"2y\" from \(Units.durationText(range.lowerBound))\(upper)"
            + (unlimited ? ", or \"unlimited\"" : "")
        return field(key, default: value, type: "duration", defaultText: "\"\(Units.durationText(value))\"",
                     allowed: allowed, meaning: meaning,
                     invalid: range.upperBound.isFinite ? "\"\(formatNumber((range.upperBound / 52 + 1).rounded(.up)))y\"" : "\"-1w\"",
                     render: { "\"\(Units.durationText($0))\"" }, bounds: range) { n in
            Self.parseDuration(n, range: range, unlimited: unlimited)
        }
    }

    static func parseDuration(_ n: Node, range: ClosedRange<Double>, unlimited: Bool = false) -> Result<Double, FieldProblem> {
        switch n.value {
        case .string(let s):
            if unlimited && s == "unlimited" { return .success(.infinity) }
            guard let w = Units.weeks(s) else {
                if let guess = Units.durationSuggestion(s) {
                    return .failure(FieldProblem(hint: "did you mean \"\(guess)\"?" + (s.contains(",") ? " (decimals take a point, not a comma)" : "")))
                }
                return .failure(FieldProblem(hint: "a duration is a number and a unit: d, w, m or y"))
            }
            return range.contains(w) ? .success(w) : .failure(.bad)
        case .number(let x) where x == 0 && range.contains(0):
            return .success(0)
        case .number:
            return .failure(FieldProblem(hint: "give the unit, e.g. \"6w\""))
        default:
            return .failure(.bad)
        }
    }

    /// A rate per unit of time ("0.12/y", "1/26w"), stored per week.
    func rate(_ key: String, default value: Double, in range: ClosedRange<Double>, _ meaning: String) -> Double {
        let allowed = "a rate such as \"0.12/y\" or \"1/26w\" from \(Units.rateText(range.lowerBound)) to \(Units.rateText(range.upperBound))"
        return field(key, default: value, type: "rate (per time)", defaultText: "\"\(Units.rateText(value))\"",
                     allowed: allowed, meaning: meaning, invalid: "\"\(formatNumber((range.upperBound * 7 + 1).rounded(.up)))/d\"",
                     render: { "\"\(Units.rateText($0))\"" }, bounds: range) { n in
            Self.parseRate(n, range: range)
        }
    }

    static func parseRate(_ n: Node, range: ClosedRange<Double>) -> Result<Double, FieldProblem> {
        switch n.value {
        case .string(let s):
            guard let r = Units.perWeek(s) else {
                if let guess = Units.rateSuggestion(s) {
                    return .failure(FieldProblem(hint: "did you mean \"\(guess)\"?" + (s.contains(",") ? " (decimals take a point, not a comma)" : "")))
                }
                return .failure(FieldProblem(hint: "a rate is an amount per duration, e.g. \"0.12/y\""))
            }
            return range.contains(r) ? .success(r) : .failure(.bad)
        case .number(let x) where x == 0 && range.contains(0):
            return .success(0)
        case .number:
            return .failure(FieldProblem(hint: "give the time unit, e.g. \"0.12/y\""))
        default:
            return .failure(.bad)
        }
    }

    /// Euros at the scenario's price year.
    func money(_ key: String, default value: Double, max: Double = 100_000_000, _ meaning: String) -> Double {
        number(key, default: value, in: 0...max, unit: "€", meaning)
    }

    /// Euros per unit of time ("287/w", "41/d"), stored per week.
    func moneyRate(_ key: String, default value: Double, max: Double = 1_000_000, _ meaning: String) -> Double {
        let allowed = "euros per time such as \"41/d\", \"287/w\" or \"15700/y\", up to \(formatNumber(max))/w"
        return field(key, default: value, type: "€ per time", defaultText: "\"\(Self.moneyRateText(value))\"",
                     allowed: allowed, meaning: meaning, invalid: "\"-5/w\"", render: { "\"\(Self.moneyRateText($0))\"" },
                     bounds: 0...max) { n in
            Self.parseRate(n, range: 0...max)
        }
    }

    static func moneyRateText(_ perWeek: Double) -> String {
        if perWeek == 0 { return "0" }
        if perWeek.isWhole { return formatNumber(perWeek) + "/w" }
        let perYear = perWeek * 52
        if abs(perYear - perYear.rounded()) < 1e-6 { return formatNumber(perYear.rounded()) + "/y" }
        return formatNumber(perWeek) + "/w"
    }

    func domains(_ key: String, default value: DomainSet, _ meaning: String) -> DomainSet {
        let allowed = "a list of domains: " + Domain.allCases.map(\.key).joined(separator: ", ")
        let render: (DomainSet) -> String = { "[" + $0.map { "\"\($0.key)\"" }.joined(separator: ", ") + "]" }
        return field(key, default: value, type: "list of domains", defaultText: render(value),
                     allowed: allowed, meaning: meaning, invalid: "[\"nowhere\"]", render: render) { n in
            guard case .array(let items) = n.value else { return .failure(.bad) }
            var set = DomainSet.none
            for item in items {
                guard case .string(let s) = item.value, let d = Domain(key: s) else {
                    if case .string(let s) = item.value, let near = closestMatch(to: s, among: Domain.allCases.map(\.key)) {
                        return .failure(FieldProblem(hint: "\"\(s)\" is not a domain; did you mean \"\(near)\"?"))
                    }
                    return .failure(FieldProblem(hint: "\(item.shortDescription) is not a domain"))
                }
                set.rawValue |= DomainSet([d]).rawValue
            }
            return .success(set)
        }
    }

    /// A list of non-negative weights with at least one positive; `count` fixes or bounds its length.
    func weights(_ key: String, default value: [Double], count: ClosedRange<Int>, _ meaning: String) -> [Double] {
        let length = count.lowerBound == count.upperBound ? "exactly \(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
        return field(key, default: value, type: "list of weights", defaultText: Self.listText(value),
                     allowed: "a list of \(length) non-negative numbers, not all zero", meaning: meaning, invalid: "[-1]",
                     render: Self.listText, bounds: 0...1e9) { n in
            guard case .array(let items) = n.value, count.contains(items.count) else { return .failure(.bad) }
            var out: [Double] = []
            for item in items {
                guard case .number(let x) = item.value, x.isFinite, x >= 0, x <= 1e9 else { return .failure(.bad) }
                out.append(x)
            }
            return out.contains { $0 > 0 } ? .success(out) : .failure(.bad)
        }
    }

    func integers(_ key: String, default value: [Int], count: ClosedRange<Int>, in range: ClosedRange<Int>, _ meaning: String) -> [Int] {
        field(key, default: value, type: "list of integers", defaultText: Self.listText(value.map(Double.init)),
              allowed: "a list of \(count.lowerBound) to \(count.upperBound) whole numbers from \(range.lowerBound) to \(range.upperBound)",
              meaning: meaning, invalid: "[\(range.upperBound + 1)]", render: { Self.listText($0.map(Double.init)) },
              bounds: Double(range.lowerBound)...Double(range.upperBound)) { n in
            guard case .array(let items) = n.value, count.contains(items.count) else { return .failure(.bad) }
            var out: [Int] = []
            for item in items {
                guard case .number(let x) = item.value, x.isWhole, x >= Double(range.lowerBound), x <= Double(range.upperBound)
                else { return .failure(.bad) }
                out.append(Int(x))
            }
            return .success(out)
        }
    }

    static func listText(_ v: [Double]) -> String { "[" + v.map(formatNumber).joined(separator: ", ") + "]" }

    /// A value per domain: one value for all domains, or an object with a value for some domains
    /// (the others keep their default). `rate` reads rates with units instead of plain numbers.
    func perDomain(_ key: String, default value: [Double], in range: ClosedRange<Double>, rate: Bool = false,
                   _ meaning: String) -> [Double] {
        let out = perDomainValues(key, default: value, in: range, rate: rate, meaning)
        ctx.observePerDomain(childPath(key), childPattern(key), value: out, node: node?[key], bounds: range, rate: rate)
        if !ctx.documenting {
            let n = node?[key]
            for d in Domain.allCases {
                let stated = n.map { if case .object = $0.value { $0[d.key] != nil } else { true } } ?? false
                ctx.values.append(ReadValue(path: childPath(key) + "." + d.key,
                                            text: rate ? "\"\(Units.rateText(out[d.rawValue]))\"" : formatNumber(out[d.rawValue]),
                                            stated: stated, group: childPath(key)))
            }
        }
        return out
    }

    private func perDomainValues(_ key: String, default value: [Double], in range: ClosedRange<Double>, rate: Bool,
                                 _ meaning: String) -> [Double] {
        let one = rate ? "a rate such as \"0.1/y\" from \(Units.rateText(range.lowerBound)) to \(Units.rateText(range.upperBound))"
                       : "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
        let allowed = "\(one), or an object giving it per domain, e.g. {mental_health: …}"
        let defaultText = Set(value).count == 1 ? (rate ? "\"\(Units.rateText(value[0]))\"" : formatNumber(value[0]))
            : "{" + zip(Domain.allCases, value).map { "\($0.key): \(rate ? "\"\(Units.rateText($1))\"" : formatNumber($1))" }.joined(separator: ", ") + "}"
        let invalid = rate ? "{finances: \"\(formatNumber((range.upperBound * 7 + 1).rounded(.up)))/d\"}" : "{finances: \(Self.outside(range))}"
        ctx.document(FieldSpec(path: childPattern(key), type: rate ? "rate per domain" : "number per domain",
                               defaultText: defaultText, allowed: allowed, meaning: meaning, invalidExample: invalid))
        guard let n = take(key) else { return value }
        let parseOne: (Node) -> Result<Double, FieldProblem> = { item in
            if rate { return Self.parseRate(item, range: range) }
            guard case .number(let x) = item.value, x.isFinite, range.contains(x) else { return .failure(.bad) }
            return .success(x)
        }
        if case .object(let members) = n.value {
            var out = value
            for m in members {
                let p = childPath(key) + "." + m.key
                guard let d = Domain(key: m.key) else {
                    let near = closestMatch(to: m.key, among: Domain.allCases.map(\.key))
                    ctx.fail(m.node, p, "not a domain" + (near.map { "; did you mean '\($0)'?" } ?? "") + " Domains: " + Domain.allCases.map(\.key).joined(separator: ", "))
                    continue
                }
                switch parseOne(m.node) {
                case .success(let x): out[d.rawValue] = x
                case .failure(let problem):
                    ctx.fail(m.node, p, "found \(m.node.shortDescription); allowed: \(one)" + (problem.hint.isEmpty ? "" : " (\(problem.hint))"))
                }
            }
            return out
        }
        switch parseOne(n) {
        case .success(let x): return [Double](repeating: x, count: Domain.count)
        case .failure(let problem):
            if problem.hint.hasPrefix("did you mean") {
                    // The likely intent first: what to type, then the rule.
                    ctx.fail(n, childPath(key), "found \(n.shortDescription); \(problem.hint) Allowed: \(allowed)")
                } else {
                    ctx.fail(n, childPath(key), "found \(n.shortDescription); allowed: \(allowed)" + (problem.hint.isEmpty ? "" : " (\(problem.hint))"))
                }
            return value
        }
    }

    /// A random duration: "2w" (fixed), {exponential: "12w"}, {gamma: {mean: "26w", cv: 0.5}},
    /// {lognormal: {mean: "52w", sd: "40w"}}, {uniform: {min: "1w", max: "3w"}},
    /// {triangular: {min: …, mode: …, max: …}}.
    func distribution(_ key: String, default value: Distribution, max: Double = 52 * 100, _ meaning: String) -> Distribution {
        let allowed = "a duration (\"2w\") or a distribution: {exponential: mean}, {gamma: {mean, cv}}, {lognormal: {mean, sd}}, "
            + "{uniform: {min, max}} or {triangular: {min, mode, max}}, with durations such as \"26w\" up to \(Units.durationText(max))"
        return field(key, default: value, type: "random duration", defaultText: Self.distributionText(value), allowed: allowed,
                     meaning: meaning, invalid: "{exponential: \"-3w\"}", render: Self.distributionText,
                     bounds: 0...max) { n in
            Self.parseDistribution(n, max: max)
        }
    }

    static func distributionText(_ d: Distribution) -> String {
        let t = Units.durationText
        switch d {
        case .constant(let v): return "\"\(t(v))\""
        case .exponential(let m): return "{exponential: \"\(t(m))\"}"
        case .gamma(let k, _): return "{gamma: {mean: \"\(t(d.mean))\", cv: \(formatNumber((1 / k.squareRoot() * 1000).rounded() / 1000))}}"
        case .lognormal: return "{lognormal: {mean: \"\(t(d.mean))\", sd: \"\(t((d.variance.squareRoot() * 1000).rounded() / 1000))\"}}"
        case .uniform(let a, let b): return "{uniform: {min: \"\(t(a))\", max: \"\(t(b))\"}}"
        case .triangular(let a, let c, let b): return "{triangular: {min: \"\(t(a))\", mode: \"\(t(c))\", max: \"\(t(b))\"}}"
        case .empirical: return "(empirical)"
        }
    }

    static func parseDistribution(_ n: Node, max: Double) -> Result<Distribution, FieldProblem> {
        let range = 0...max
        func dur(_ node: Node?, _ name: String, positive: Bool = false) -> Result<Double, FieldProblem> {
            guard let node else { return .failure(FieldProblem(hint: "'\(name)' is missing")) }
            switch parseDuration(node, range: range) {
            case .success(let w) where positive && w <= 0: return .failure(FieldProblem(hint: "'\(name)' must be above zero"))
            case .success(let w): return .success(w)
            case .failure(let p): return .failure(FieldProblem(hint: "'\(name)': found \(node.shortDescription)" + (p.hint.isEmpty ? "" : "; \(p.hint)")))
            }
        }
        if case .string = n.value { return dur(n, "duration").map { .constant($0) } }
        if case .number = n.value { return dur(n, "duration").map { .constant($0) } }
        guard case .object(let members) = n.value, members.count == 1, let m = members.first else { return .failure(.bad) }
        let kinds = ["exponential", "gamma", "lognormal", "uniform", "triangular"]
        func fields(_ names: [String]) -> FieldProblem? {
            guard case .object(let inner) = m.node.value else { return FieldProblem(hint: "\(m.key) takes an object with \(names.joined(separator: ", "))") }
            if let extra = inner.first(where: { !names.contains($0.key) }) {
                return FieldProblem(hint: "\(m.key) has no '\(extra.key)'; it takes \(names.joined(separator: ", "))")
            }
            return nil
        }
        switch m.key {
        case "exponential":
            return dur(m.node, "exponential", positive: true).map { .exponential(mean: $0) }
        case "gamma":
            if let p = fields(["mean", "cv"]) { return .failure(p) }
            guard case .number(let cv)? = m.node["cv"]?.value, cv > 0.01, cv <= 10 else {
                return .failure(FieldProblem(hint: "gamma needs cv, a number from 0.01 to 10"))
            }
            return dur(m.node["mean"], "mean", positive: true).map { .gamma(mean: $0, cv: cv) }
        case "lognormal":
            if let p = fields(["mean", "sd"]) { return .failure(p) }
            switch (dur(m.node["mean"], "mean", positive: true), dur(m.node["sd"], "sd", positive: true)) {
            case (.success(let mean), .success(let sd)): return .success(.lognormal(mean: mean, sd: sd))
            case (.failure(let p), _), (_, .failure(let p)): return .failure(p)
            }
        case "uniform":
            if let p = fields(["min", "max"]) { return .failure(p) }
            switch (dur(m.node["min"], "min"), dur(m.node["max"], "max")) {
            case (.success(let a), .success(let b)):
                return a <= b ? .success(.uniform(low: a, high: b)) : .failure(FieldProblem(hint: "min must not exceed max"))
            case (.failure(let p), _), (_, .failure(let p)): return .failure(p)
            }
        case "triangular":
            if let p = fields(["min", "mode", "max"]) { return .failure(p) }
            switch (dur(m.node["min"], "min"), dur(m.node["mode"], "mode"), dur(m.node["max"], "max")) {
            case (.success(let a), .success(let c), .success(let b)):
                return a <= c && c <= b && a < b ? .success(.triangular(low: a, mode: c, high: b))
                    : .failure(FieldProblem(hint: "needs min ≤ mode ≤ max and min < max"))
            case (.failure(let p), _, _), (_, .failure(let p), _), (_, _, .failure(let p)): return .failure(p)
            }
        default:
            return .failure(FieldProblem(hint: closestMatch(to: m.key, among: kinds).map { "did you mean '\($0)'?" } ?? "unknown distribution '\(m.key)'"))
        }
    }

    /// A named collection: an object whose keys name its entries (`teams: {wijkteam: {...}}`).
    /// Entries not in `defaults` start from `template`. Absent: the defaults.
    func collection<T>(_ key: String, defaults: [(String, T)], template: T, maxCount: Int = 64, _ meaning: String,
                       entry: (ObjectReader, String, T) -> T) -> [(String, T)] {
        ctx.document(FieldSpec(path: childPattern(key), type: "named entries", defaultText: defaults.map(\.0).joined(separator: ", "),
                               allowed: "an object whose keys name the entries (lower-case letters, digits, _), at most \(maxCount); null removes an inherited entry",
                               meaning: meaning, invalidExample: "[1, 2]"))
        let n = take(key)
        if !ctx.documenting {
            var names = defaults.map(\.0)
            if let n, case .object(let members) = n.value { names = members.map(\.key) }
            ctx.values.append(ReadValue(path: childPath(key), text: "", stated: n != nil, entries: names))
        }
        guard let n else {
            // Document the entry fields even when the file does not list any.
            if ctx.documenting {
                let reader = ObjectReader(nil, path: childPath(key) + ".<name>", pattern: childPattern(key) + ".<name>", ctx)
                _ = entry(reader, defaults.first?.0 ?? "x", template)
            }
            return defaults
        }
        guard case .object(let members) = n.value else {
            ctx.fail(n, childPath(key), "found \(n.shortDescription); allowed: an object of named entries, e.g. {\(defaults.first?.0 ?? "name"): {...}}")
            return defaults
        }
        if members.count > maxCount { ctx.fail(n, childPath(key), "\(members.count) entries; allowed: at most \(maxCount)") }
        var out: [(String, T)] = []
        for m in members.prefix(maxCount) {
            if m.key.isEmpty || !m.key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                ctx.fail(m.node, childPath(key) + "." + m.key, "entry names are lower-case letters, digits and _ (they name output columns)")
                continue
            }
            let start = defaults.first { $0.0 == m.key }?.1 ?? template
            let reader = ObjectReader(m.node, path: childPath(key) + "." + m.key, pattern: childPattern(key) + ".<name>", ctx)
            _ = reader.flag("new", default: false,
                            "In an extending file: this entry is new on purpose, although its name is close to an inherited one.")
            let value = entry(reader, m.key, start)
            reader.finish()
            out.append((m.key, value))
        }
        return out
    }

    func object(_ key: String, _ meaning: String) -> ObjectReader {
        ctx.document(FieldSpec(path: childPattern(key), type: "object", defaultText: "", allowed: "an object { ... }",
                               meaning: meaning, invalidExample: "7"))
        return ObjectReader(take(key), path: childPath(key), pattern: childPattern(key), ctx)
    }

    static func outside(_ range: ClosedRange<Double>) -> String {
        range.upperBound < 1e12 ? formatNumber(range.upperBound * 2 + 1) : formatNumber(range.lowerBound - 1)
    }
}
