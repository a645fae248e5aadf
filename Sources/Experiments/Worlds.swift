// Parameter worlds: values for the fields we do not know (the "assumption" parameters), drawn as a
// Latin hypercube over the ranges of a parameters file or taken from a calibration's plausible set,
// and set in every design. A world describes the city, not the team design: a parameter a design sets
// to its own value (its value differs from the first file's) is part of that design and keeps it.

import Foundation
import ScenarioKit
import SimCore
import SocialDomain
import Uncertainty

public struct Worlds: Sendable, Equatable {
    public var parameters: [ParameterSpec]
    /// values[world][parameter], in the model's units (rates per week, durations in weeks).
    public var values: [[Double]]
    /// Where the worlds come from, in words ("a Latin hypercube of 40 worlds over assumptions.json5").
    public var origin: String

    public var count: Int { values.count }

    public init(parameters: [ParameterSpec], values: [[Double]], origin: String) {
        self.parameters = parameters; self.values = values; self.origin = origin
    }

    /// `count` worlds as a maximin Latin hypercube over the parameters' ranges (integers rounded).
    public static func latinHypercube(_ parameters: [ParameterSpec], count: Int, seed: UInt64, origin: String) -> Worlds {
        var rng = StreamKey(seed: seed, purpose: 0xE8B1).makeGenerator()
        let unit = LatinHypercube.maximin(points: count, dimensions: parameters.count, candidates: 20, using: &rng)
        return Worlds(parameters: parameters, values: unit.map { scale($0, parameters) }, origin: origin)
    }

    /// Unit-cube coordinates to parameter values: linearly, or evenly in the logarithm for a
    /// parameter with `scale: "log"` (integers rounded).
    public static func scale(_ u: [Double], _ parameters: [ParameterSpec]) -> [Double] {
        zip(u, parameters).map { x, p in
            let v = p.logScale ? p.lower * pow(p.upper / p.lower, x) : p.lower + x * (p.upper - p.lower)
            return p.integer ? v.rounded() : v
        }
    }

    /// The worlds of a calibration's plausible.csv (a header of field paths, one row per point):
    /// all rows when `count` ≥ the rows, else `count` rows drawn without replacement.
    public static func plausible(_ file: String, text: String, scenario: Scenario, count: Int, seed: UInt64) throws(ScenarioErrors) -> Worlds {
        func fail(_ line: Int, _ message: String) -> ScenarioErrors {
            ScenarioErrors(issues: [ScenarioIssue(file: file, line: line, column: 0, path: "", message: message)])
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard let header = lines.first else { throw fail(1, "empty; allowed: the plausible.csv of 'wijksim calibrate' (a header of field paths, one row per point)") }
        let paths = header.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        let fields = ScenarioLoader.fieldsByPath(scenario.tree)
        var parameters: [ParameterSpec] = []
        for path in paths {
            guard let field = fields[path] else {
                let near = closestMatch(to: path, among: Array(fields.keys)).map { "; did you mean '\($0)'?" } ?? ""
                throw fail(1, "column '\(path)' is not a field of \(scenario.file)\(near)")
            }
            switch field.value {
            case .number(_, _, let unit): parameters.append(ParameterSpec(path: path, lower: 0, upper: 0, integer: false, unit: unit, source: file))
            case .integer: parameters.append(ParameterSpec(path: path, lower: 0, upper: 0, integer: true, unit: .plain, source: file))
            case .numbers(_, _, let unit, true): parameters.append(ParameterSpec(path: path, lower: 0, upper: 0, integer: false, unit: unit, source: file))
            default: throw fail(1, "column '\(path)' is \(field.type), not a single number")
            }
        }
        var rows: [[Double]] = []
        for (i, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard cells.count == paths.count, cells.allSatisfy({ $0?.isFinite == true }) else {
                throw fail(i + 2, "row \(i + 1) does not hold \(paths.count) numbers")
            }
            rows.append(cells.map { $0! })
        }
        guard !rows.isEmpty else { throw fail(2, "no rows: the calibration found no non-implausible point; widen the ranges or use --parameters") }
        for j in parameters.indices {
            parameters[j].lower = rows.map { $0[j] }.min()!
            parameters[j].upper = rows.map { $0[j] }.max()!
        }
        var chosen = Array(rows.indices)
        if count < rows.count {
            var rng = StreamKey(seed: seed, purpose: 0xE8B2).makeGenerator()
            for i in stride(from: chosen.count - 1, to: 0, by: -1) { chosen.swapAt(i, rng.nextIndex(below: i + 1)) }
            chosen = Array(chosen.prefix(count)).sorted()
        }
        return Worlds(parameters: parameters, values: chosen.map { rows[$0] },
                      origin: "\(chosen.count) of the \(rows.count) non-implausible points of \(file)")
    }

    /// Per design, per parameter: whether the design takes the world's value (true), or keeps its own
    /// because it sets the field to another value than the first design does, or lacks the field.
    public func sharing(_ designs: [Scenario]) -> [[Bool]] {
        func values(_ s: Scenario) -> [String: String] {
            ScenarioLoader.fieldsByPath(s.tree).mapValues(\.valueText)
        }
        guard let first = designs.first.map(values) else { return [] }
        return designs.enumerated().map { d, design in
            let own = d == 0 ? first : values(design)
            return parameters.map { p in own[p.path] != nil && own[p.path] == first[p.path] }
        }
    }

    /// The configuration of every design in every world, world by world: index w × designs + d.
    public func configs(_ designs: [Scenario], sharing: [[Bool]]) throws(ScenarioErrors) -> [ModelConfig] {
        var out: [ModelConfig] = []
        for (w, world) in values.enumerated() {
            for (d, design) in designs.enumerated() {
                let used = parameters.indices.filter { sharing[d][$0] }
                var scenario = try ScenarioLoader.applying(used.map { world[$0] }, to: used.map { parameters[$0] }, in: design)
                scenario.config.name = "\(design.name)[world \(w + 1)]"
                out.append(scenario.config)
            }
        }
        return out
    }

    /// The canonical text of every design with every world applied, for a fingerprint.
    public func describe(_ designs: [Scenario]) -> String {
        var text = origin + "\n" + parameters.map { "\($0.path) \($0.integer)" }.joined(separator: ",") + "\n"
        for world in values { text += world.map { String($0) }.joined(separator: ",") + "\n" }
        for d in designs { text += ScenarioLoader.statingCollections(d.tree).canonicalText + "\n" }
        return text
    }
}
