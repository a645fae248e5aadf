// The levers of a scenario: every numeric and true/false field with its value (stated or default)
// and allowed range, as the loader reads it, and perturbed values of each written back as
// scenario nodes, so that `wijksim levers` (Experiments/LeverProbe.swift) can set them by path,
// as `--vary` does, and read the tree again with the same validation.

import SimCore
import SocialDomain

/// The unit a number is written in.
public enum ValueUnit: Sendable, Equatable {
    case plain
    /// A duration ("26w"), stored in weeks.
    case weeks
    /// A rate or money per time ("0.002/w"), stored per week.
    case perWeek
}

/// A field's value as the loader read it, with what is allowed.
public enum FieldValue: Sendable {
    case number(Double, bounds: ClosedRange<Double>, unit: ValueUnit)
    case integer(Int, bounds: ClosedRange<Int>)
    case flag(Bool)
    case distribution(Distribution, max: Double)
    /// A list of numbers; `perDomain` lists are written as an object keyed by domain.
    case numbers([Double], bounds: ClosedRange<Double>, unit: ValueUnit, perDomain: Bool)
    case integers([Int], bounds: ClosedRange<Int>)
    /// An optional list the tree does not give (scripted_arrivals).
    case unset
    /// Text, a choice, a list of domains: not a lever of this kind.
    case other
}

/// One concrete field of a scenario.
public struct ScenarioField: Sendable {
    /// `teams.wijkteam.workers`.
    public var path: String
    /// `teams.<name>.workers`, as in the field reference.
    public var pattern: String
    public var type: String
    public var value: FieldValue
    /// The node the tree states; nil when the value is a default.
    public var node: Node?

    public init(path: String, pattern: String, type: String, value: FieldValue, node: Node? = nil) {
        self.path = path; self.pattern = pattern; self.type = type; self.value = value; self.node = node
    }

    /// Numeric and true/false fields: the ones `wijksim levers` perturbs.
    public var isLever: Bool {
        switch value {
        case .unset, .other: false
        default: true
        }
    }

    /// The value as a scenario file would state it.
    public var valueText: String {
        switch value {
        case .number(let x, _, let unit): Self.text(x, unit)
        case .integer(let i, _): String(i)
        case .flag(let b): String(b)
        case .distribution(let d, _): ObjectReader.distributionText(d)
        case .numbers(let xs, _, let unit, _):
            Set(xs).count == 1 && xs.count > 2 ? Self.text(xs[0], unit) + " each" : "[" + xs.map { Self.text($0, unit) }.joined(separator: ", ") + "]"
        case .integers(let xs, _): "[" + xs.map(String.init).joined(separator: ", ") + "]"
        case .unset: "none"
        case .other: node?.shortDescription ?? ""
        }
    }

    static func text(_ x: Double, _ unit: ValueUnit) -> String {
        switch unit {
        case .plain: formatNumber(x)
        case .weeks: Units.durationText(x)
        case .perWeek: Units.rateText(x)
        }
    }
}

/// A perturbed value of a field: what to show, and the node to set at the field's path.
public struct Perturbation: Sendable {
    public var label: String
    public var node: Node
}

extension ReadContext {
    func observe<T>(_ path: String, _ pattern: String, type: String, value: T, node: Node?, bounds: ClosedRange<Double>?) {
        guard observed != nil, !documenting else { return }
        let b = bounds ?? -Double.infinity...Double.infinity
        let v: FieldValue
        switch value as Any {
        case let x as Double:
            let unit: ValueUnit = type == "duration" ? .weeks : (type == "rate (per time)" || type == "€ per time" ? .perWeek : .plain)
            v = .number(x, bounds: b, unit: unit)
        case let i as Int:
            v = .integer(i, bounds: Int(max(b.lowerBound, -1e15))...Int(min(b.upperBound, 1e15)))
        case let f as Bool:
            v = .flag(f)
        case let d as Distribution:
            v = .distribution(d, max: b.upperBound)
        case let xs as [Double]:
            v = .numbers(xs, bounds: b, unit: type == "list of durations" ? .weeks : .plain, perDomain: false)
        case let xs as [Int]:
            v = .integers(xs, bounds: Int(max(b.lowerBound, -1e15))...Int(min(b.upperBound, 1e15)))
        case let r as ClosedRange<Double>:
            v = .numbers([r.lowerBound, r.upperBound], bounds: b, unit: .plain, perDomain: false)
        default:
            v = type == "list of durations" ? .unset : .other
        }
        observed!.append(ScenarioField(path: path, pattern: pattern, type: type, value: v, node: node))
    }

    func observePerDomain(_ path: String, _ pattern: String, value: [Double], node: Node?, bounds: ClosedRange<Double>, rate: Bool) {
        guard observed != nil, !documenting else { return }
        observed!.append(ScenarioField(path: path, pattern: pattern, type: rate ? "rate per domain" : "number per domain",
                                       value: .numbers(value, bounds: bounds, unit: rate ? .perWeek : .plain, perDomain: true), node: node))
    }
}

extension ScenarioLoader {
    /// Every field of `tree` with its collections stated (statingCollections), by path.
    public static func fieldsByPath(_ tree: Node) -> [String: ScenarioField] {
        Dictionary(fields(of: statingCollections(tree)).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The tree with every named collection stated: an absent one gets the built-in default city's
    /// entries, each as `{}` (which reads as the same entries), so that every entry's fields are read
    /// and can be set by path.
    public static func statingCollections(_ tree: Node) -> Node {
        let builtIn = ModelConfig.defaultCity
        var out = tree
        for key in collections where tree[key] == nil {
            var entries: [Node.Member]
            switch key {
            case "teams": entries = builtIn.teams.map { Node.Member(key: $0.name, node: Node(.object([]))) }
            case "services": entries = builtIn.services.map { Node.Member(key: $0.name, node: Node(.object([]))) }
            case "profiles": entries = builtIn.profiles.map { Node.Member(key: $0.name, node: Node(.object([]))) }
            default:
                // A crisis type reports under its entry's name unless it says otherwise.
                entries = ScenarioReader.crisisDefaults(builtIn).map { name, t in
                    Node.Member(key: name, node: Node(.object(name == t.name ? [] : [Node.Member(key: "report_as", node: Node(.string(t.name)))])))
                }
            }
            out = out.setting([key], to: Node(.object(entries)))
        }
        return out
    }

    /// Every field of a tree as the loader reads it, with its value (the default when the tree does
    /// not state it) and allowed range, in reading order. Entries of absent collections are not read:
    /// pass the tree through `statingCollections` first to have them.
    public static func fields(of tree: Node) -> [ScenarioField] {
        let ctx = ReadContext(files: ["(fields)"])
        ctx.observed = []
        let root = ObjectReader(tree, path: "", pattern: "", ctx)
        _ = ScenarioReader.read(root)
        return ctx.observed ?? []
    }
}

extension ScenarioField {
    /// Whether the field is a list of relative weights (normalised when drawn): scaling all of
    /// them changes nothing, so they are perturbed in shape instead.
    public var isWeights: Bool { pattern.hasSuffix("weights") }

    /// Up to two perturbed values inside the allowed range (see `wijksim levers --help`): numbers
    /// halved and doubled (a zero is set to 1% of the range's upper bound instead, since halving or
    /// doubling zero leaves it zero; "unlimited" has no half or double); integers halved and
    /// doubled, rounded, and moved by at least 1; flags toggled; a random duration scaled whole
    /// (its mean halved and doubled, the shape kept); a list scaled element by element; relative
    /// weights moved halfway to equal weights and with the largest doubled. Values that equal the
    /// current one are left out.
    public func perturbations() -> [Perturbation] {
        switch value {
        case .number(let x, let b, let unit):
            if x.isInfinite { return [] }
            let candidates = x == 0 ? [Self.smallValue(b)] : [x * 0.5, x * 2].map { Self.clamp($0, b) }
            var out: [Perturbation] = []
            for c in candidates where c != x && !out.contains(where: { $0.label == Self.text(c, unit) }) {
                out.append(Perturbation(label: Self.text(c, unit), node: Self.node(c, unit)))
            }
            return out
        case .integer(let i, let b):
            var out: [Int] = []
            for f in [0.5, 2.0] {
                if let c = Self.perturb(i, f, b), !out.contains(c) { out.append(c) }
            }
            return out.map { Perturbation(label: String($0), node: Node(.number(Double($0)))) }
        case .flag(let f):
            return [Perturbation(label: String(!f), node: Node(.bool(!f)))]
        case .distribution(let d, let maxWeeks):
            var out: [Perturbation] = []
            for f in [0.5, 2.0] {
                guard let p = Self.scaled(d, node: node, by: f, max: maxWeeks) else { continue }
                if !out.contains(where: { $0.label == p.label }) { out.append(p) }
            }
            return out
        case .numbers(let xs, let b, let unit, let perDomain):
            var lists: [([Double], String)] = []
            if isWeights {
                let sum = xs.reduce(0, +)
                let even = xs.map { 0.5 * $0 + 0.5 * sum / Double(xs.count) }
                lists.append((even, "halfway to equal"))
                if let top = xs.indices.max(by: { xs[$0] < xs[$1] }) {
                    var doubled = xs
                    doubled[top] = Self.clamp(xs[top] * 2, b)
                    lists.append((doubled, "largest ×2"))
                }
            } else if xs.allSatisfy({ $0 == 0 }) {
                lists.append((xs.map { _ in Self.smallValue(b) }, "each " + Self.text(Self.smallValue(b), unit)))
            } else {
                for f in [0.5, 2.0] {
                    lists.append((xs.map { Self.clamp($0 * f, b) }, "×" + formatNumber(f)))
                }
            }
            var out: [Perturbation] = []
            for (list, label) in lists where list != xs && !out.contains(where: { $0.label == label }) {
                let items = list.map { Self.node($0, unit) }
                let node = perDomain
                    ? Node(.object(zip(Domain.allCases, items).map { Node.Member(key: $0.key, node: $1) }))
                    : Node(.array(items))
                let shown = list.map { ($0 * 1e4).rounded() / 1e4 }
                out.append(Perturbation(label: label + " " + ScenarioField(path: path, pattern: pattern, type: type,
                                                                          value: .numbers(shown, bounds: b, unit: unit, perDomain: perDomain)).valueText,
                                        node: node))
            }
            return out
        case .integers(let xs, let b):
            var out: [Perturbation] = []
            for f in [0.5, 2.0] {
                let list = xs.map { Self.perturb($0, f, b) ?? $0 }
                let label = "[" + list.map(String.init).joined(separator: ", ") + "]"
                if list != xs && !out.contains(where: { $0.label == label }) {
                    out.append(Perturbation(label: label, node: Node(.array(list.map { Node(.number(Double($0))) }))))
                }
            }
            return out
        case .unset, .other:
            return []
        }
    }

    static func clamp(_ x: Double, _ b: ClosedRange<Double>) -> Double { min(max(x, b.lowerBound), b.upperBound) }

    /// The value tried for a zero: 1% of the range's upper bound (1 when unbounded).
    static func smallValue(_ b: ClosedRange<Double>) -> Double {
        b.upperBound.isFinite ? clamp(b.upperBound / 100, b) : 1
    }

    /// Half or double of an integer, rounded, moved by at least 1 (in the direction of the factor,
    /// or else the other way) and kept inside the range; nil when no other value fits.
    static func perturb(_ i: Int, _ f: Double, _ b: ClosedRange<Int>) -> Int? {
        let step = f < 1 ? -1 : 1
        var c = min(max(Int((Double(i) * f).rounded()), b.lowerBound), b.upperBound)
        if c == i { c = min(max(i + step, b.lowerBound), b.upperBound) }
        if c == i { c = min(max(i - step, b.lowerBound), b.upperBound) }
        return c == i ? nil : c
    }

    /// A number as a scenario node: plain, a duration in weeks, or a rate per week.
    static func node(_ x: Double, _ unit: ValueUnit) -> Node {
        switch unit {
        case .plain: return Node(.number(x))
        case .weeks: return Node(.string(plainText(x) + "w"))
        case .perWeek:
            // Small rates as an amount per many weeks, so that the number needs no exponent.
            var k = 1.0
            while plainText(x * k).contains("e") && k < 1e12 { k *= 1000 }
            return Node(.string(plainText(x * k) + (k == 1 ? "/w" : "/" + formatNumber(k) + "w")))
        }
    }

    static func plainText(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }

    /// A random duration scaled whole by `f`: the stated node's durations scaled (a gamma's cv kept
    /// as written, so its shape, and the number of uniforms each draw takes, stay the same), or one
    /// written from the distribution when the tree does not state it. A fixed 0 becomes 1% of the
    /// allowed maximum.
    static func scaled(_ d: Distribution, node: Node?, by f: Double, max: Double) -> Perturbation? {
        func weeks(_ w: Double) -> Node { Node(.string(plainText(w) + "w")) }
        if case .constant(let v) = d {
            let w = v == 0 ? smallValue(0...max) : min(v * f, max)
            if w == v { return nil }
            return Perturbation(label: Units.durationText(w), node: weeks(w))
        }
        var result: Distribution
        var out: Node
        if let node, case .object = node.value {
            func scale(_ n: Node) -> Node {
                switch n.value {
                case .string(let s):
                    if let w = Units.weeks(s) { return weeks(w * f) }
                    return n
                case .object(let members):
                    return Node(.object(members.map { Node.Member(key: $0.key, node: $0.key == "cv" ? $0.node : scale($0.node)) }))
                default:
                    return n
                }
            }
            out = scale(node)
            guard case .success(let parsed) = ObjectReader.parseDistribution(out, max: max) else { return nil }
            result = parsed
        } else {
            switch d {
            case .exponential(let m):
                result = .exponential(mean: m * f)
                out = Node(.object([.init(key: "exponential", node: weeks(m * f))]))
            case .gamma(let k, _):
                result = .gamma(mean: d.mean * f, cv: 1 / k.squareRoot())
                out = Node(.object([.init(key: "gamma", node: Node(.object([.init(key: "mean", node: weeks(d.mean * f)),
                                                                            .init(key: "cv", node: Node(.number(1 / k.squareRoot())))])))]))
            case .lognormal:
                let sd = d.variance.squareRoot()
                result = .lognormal(mean: d.mean * f, sd: sd * f)
                out = Node(.object([.init(key: "lognormal", node: Node(.object([.init(key: "mean", node: weeks(d.mean * f)),
                                                                                .init(key: "sd", node: weeks(sd * f))])))]))
            case .uniform(let a, let b):
                result = .uniform(low: a * f, high: b * f)
                out = Node(.object([.init(key: "uniform", node: Node(.object([.init(key: "min", node: weeks(a * f)),
                                                                              .init(key: "max", node: weeks(b * f))])))]))
            case .triangular(let a, let c, let b):
                result = .triangular(low: a * f, mode: c * f, high: b * f)
                out = Node(.object([.init(key: "triangular", node: Node(.object([.init(key: "min", node: weeks(a * f)),
                                                                                 .init(key: "mode", node: weeks(c * f)),
                                                                                 .init(key: "max", node: weeks(b * f))])))]))
            case .constant, .empirical:
                return nil
            }
            guard case .success = ObjectReader.parseDistribution(out, max: max) else { return nil }
        }
        return Perturbation(label: "mean " + Units.durationText(result.mean), node: out)
    }
}
