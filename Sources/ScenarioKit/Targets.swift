// Targets files for calibration (issue 13): the figures the model should reproduce, each with its
// uncertainty and source, and the parameters that may move, each with its range in the scenario's
// own units. Read and validated like scenario files: every problem names the file, the line, the
// path and what is allowed; a parameter's range is checked by setting its ends into the scenario
// and reading it again with the scenario's own validation.
//
//   { targets: { exit_to_work: { measure: "outflow_to_work_per_benefit_year", band: [0.07, 0.15], source: "E6" },
//                ggz_wait: { measure: "wait_days_mean.ggz", value: 84, sd: 14, source: "E22, F4" } },
//     parameters: { "dynamics.first_line_effect": { range: ["0.03/w", "0.3/w"], source: "assumption" },
//                   "teams.family_coaching.workers": { range: [10, 30], integer: true, source: "E19" } } }

import Foundation
import SimCore
import SocialDomain

/// A figure the model should reproduce: a measure, its observed value and standard deviation.
public struct TargetSpec: Sendable, Equatable {
    public var name: String
    public var measure: String
    public var value: Double
    public var sd: Double
    /// Standard deviation of what the model cannot represent (model discrepancy); 0 unless stated.
    public var discrepancySD: Double
    public var source: String
    /// Why the target is reported but not used to rule points out (a construct the model does not
    /// represent); nil when it is used.
    public var monitorOnly: String? = nil

    public init(name: String, measure: String, value: Double, sd: Double, discrepancySD: Double = 0, source: String, monitorOnly: String? = nil) {
        self.name = name; self.measure = measure; self.value = value; self.sd = sd
        self.discrepancySD = discrepancySD; self.source = source; self.monitorOnly = monitorOnly
    }
}

/// A parameter that may move, with its range in the scenario's stored units (weeks, per week).
public struct ParameterSpec: Sendable, Equatable {
    /// The field's path in the scenario, e.g. `dynamics.first_line_effect` (a field with a value per
    /// domain takes one value for every domain).
    public var path: String
    public var lower: Double
    public var upper: Double
    public var integer: Bool
    public var unit: ValueUnit
    public var source: String
    /// For a rate: the time unit its range was written in ("y" for "0.09/y"), for display; values
    /// are stored per week whatever it is.
    public var rateUnit: Character = "w"
    /// `scale: "log"`: explore and sensitivity spread their points evenly over the logarithm of the
    /// range (a range of half to double a value then centres on it); calibration does not use it.
    public var logScale: Bool = false

    public init(path: String, lower: Double, upper: Double, integer: Bool, unit: ValueUnit, source: String, rateUnit: Character = "w") {
        self.path = path; self.lower = lower; self.upper = upper; self.integer = integer; self.unit = unit
        self.source = source; self.rateUnit = rateUnit
    }

    /// A value as a person reads it: a rate in the unit its range was written in, rounded to
    /// `significant` digits when given ("0.18/y", "26w", 67). Not for writing back: see node(for:).
    public func display(_ value: Double, significant: Int? = nil) -> String {
        var x = integer ? value.rounded() : value
        let perUnit = unit == .perWeek ? (Units.weeksPer[rateUnit] ?? 1) : 1
        x *= perUnit
        if let n = significant, x != 0, x.isFinite {
            let scale = pow(10, Double(n) - (log10(abs(x))).rounded(.up))
            x = (x * scale).rounded() / scale
        }
        switch unit {
        case .perWeek: return formatNumber(x) + "/" + String(rateUnit)
        case .weeks: return formatNumber(x) + "w"
        case .plain: return formatNumber(x)
        }
    }
}

public struct TargetsFile: Sendable {
    public var file: String
    public var targets: [TargetSpec]
    public var parameters: [ParameterSpec]
    /// The file's SHA-256, so that a calibration's parts and state can tell which file they belong to.
    public var sha256: String = ""
}

public enum TargetsLoader {
    /// Reads and validates a targets file against a scenario: measures must be ones the scenario
    /// reports, parameters numeric fields it has, ranges inside what the field allows.
    ///
    /// `parametersOnly`: a file for `explore` and `sensitivity`, whose `parameters` are the uncertain
    /// ranges; `targets` may be absent (and are ignored), `parameters` must have at least one entry.
    public static func load(_ file: String, scenario: Scenario, parametersOnly: Bool = false) throws(ScenarioErrors) -> TargetsFile {
        var issues: [ScenarioIssue] = []
        func fail(_ node: Node?, _ path: String, _ message: String) {
            issues.append(ScenarioIssue(file: file, line: node?.line ?? 0, column: node?.column ?? 0, path: path, message: message))
        }
        let data: Data
        if let name = BuiltInScenarios.name(file), name.hasPrefix("targets/") {
            // A built-in targets file: "wijksim:targets/city-150k".
            guard let text = BuiltInScenarios.targetText(String(name.dropFirst("targets/".count))) else {
                throw ScenarioErrors(issues: [ScenarioIssue(file: file, line: 0, column: 0, path: "",
                                                            message: "no built-in targets file of that name; built in: " + BuiltInScenarios.targetFiles.map { "wijksim:targets/\($0.name)" }.joined(separator: ", "))])
            }
            data = Data(text.utf8)
        } else {
            switch readSmallFile(file, limit: ScenarioLoader.maxFileBytes, what: "a targets or parameters file", typical: "such a file is a few kilobytes") {
            case .success(let d): data = d
            case .failure(let problem): throw ScenarioErrors(issues: [ScenarioIssue(file: file, line: 0, column: 0, path: "", message: problem.message)])
            }
        }
        guard data.count <= ScenarioLoader.maxFileBytes, let text = String(data: data, encoding: .utf8) else {
            throw ScenarioErrors(issues: [ScenarioIssue(file: file, line: 0, column: 0, path: "",
                                                        message: "is not UTF-8 text of at most \(ScenarioLoader.maxFileBytes) bytes")])
        }
        let root: Node
        do { root = try JSON5Parser.parse(text) } catch {
            throw ScenarioErrors(issues: [ScenarioIssue(file: file, line: error.line, column: error.column, path: "", message: "syntax: " + error.message)])
        }
        guard case .object(let top) = root.value else {
            throw ScenarioErrors(issues: [ScenarioIssue(file: file, line: root.line, column: root.column, path: "",
                                                        message: "found \(root.shortDescription); allowed: an object { targets: {...}, parameters: {...} }")])
        }
        refuseUnknown(top, known: ["targets", "parameters"], in: "", fail: fail)
        let measures = Set(measureNames(scenario.config))
        var targets: [TargetSpec] = []
        if parametersOnly {
            if root["parameters"] == nil {
                fail(root, "parameters", "missing; allowed: parameters: { \"path.of.field\": { range: [lo, hi], source: \"...\" } }, one entry per uncertain field")
            }
        } else if case .object(let entries)? = root["targets"]?.value {
            for entry in entries {
                if let t = target(entry, measures: measures, fail: fail) { targets.append(t) }
            }
        } else {
            fail(root["targets"] ?? root, "targets", "missing or not an object; allowed: targets: { name: { measure: \"...\", band: [lo, hi], source: \"...\" } }")
        }
        var parameters: [ParameterSpec] = []
        if let p = root["parameters"] {
            if case .object(let entries) = p.value {
                let fields = ScenarioLoader.fieldsByPath(scenario.tree)
                for entry in entries {
                    if let spec = parameter(entry, scenario: scenario, fields: fields, fail: fail) { parameters.append(spec) }
                }
            } else {
                fail(p, "parameters", "found \(p.shortDescription); allowed: an object { \"path.of.field\": { range: [lo, hi], source: \"...\" } }")
            }
        }
        if parametersOnly && issues.isEmpty && parameters.isEmpty {
            fail(root["parameters"], "parameters", "no entries; allowed: one or more { \"path.of.field\": { range: [lo, hi], source: \"...\" } }")
        }
        guard issues.isEmpty else { throw ScenarioErrors(issues: issues) }
        return TargetsFile(file: file, targets: targets, parameters: parameters, sha256: SHA256.hex(data))
    }

    /// The measure names a scenario reports (from a replication of one week with no arrivals).
    public static func measureNames(_ config: ModelConfig) -> [String] {
        var tiny = config
        tiny.arrivalsPerYear = 0
        tiny.scriptedArrivals = []
        tiny.warmupWeeks = 0
        tiny.measureWeeks = 1
        return CityModel.replicate(tiny, key: StreamKey(seed: 1)).measures.map(\.name)
    }

    /// Reports every member not in `known`, with a did-you-mean where one fits.
    static func refuseUnknown(_ members: [Node.Member], known: [String], in path: String, fail: (Node?, String, String) -> Void) {
        for m in members where !known.contains(m.key) {
            let hint = closestMatch(to: m.key, among: known).map { "; did you mean '\($0)'?" } ?? ""
            fail(m.node, path.isEmpty ? m.key : "\(path).\(m.key)", "unknown field\(hint) allowed: \(known.joined(separator: ", "))")
        }
    }

    static func target(_ entry: Node.Member, measures: Set<String>,
                       fail: (Node?, String, String) -> Void) -> TargetSpec? {
        let path = "targets.\(entry.key)"
        guard case .object(let fields) = entry.node.value else {
            fail(entry.node, path, "found \(entry.node.shortDescription); allowed: { measure: \"...\", band: [lo, hi] or value: x, sd: s, source: \"...\" }")
            return nil
        }
        refuseUnknown(fields, known: ["measure", "band", "value", "sd", "discrepancy_sd", "monitor_only", "source"], in: path, fail: fail)
        var ok = true
        var measure = ""
        if case .string(let m)? = entry.node["measure"]?.value {
            measure = m
            if !measures.contains(m) {
                let hint = closestMatch(to: m, among: Array(measures)).map { "; did you mean \"\($0)\"?" } ?? ""
                fail(entry.node["measure"], "\(path).measure", "\"\(m)\" is not a measure this scenario reports\(hint)")
                ok = false
            }
        } else {
            fail(entry.node["measure"] ?? entry.node, "\(path).measure", "missing or not text; allowed: a measure name, e.g. \"outflow_to_work_per_benefit_year\"")
            ok = false
        }
        var source = ""
        if case .string(let s)? = entry.node["source"]?.value, !s.isEmpty { source = s } else {
            fail(entry.node["source"] ?? entry.node, "\(path).source", "missing: every target names its source (e.g. source: \"E6\", or \"municipality's own figures 2024\")")
            ok = false
        }
        var discrepancy = 0.0
        if let d = entry.node["discrepancy_sd"] {
            if case .number(let x) = d.value, x.isFinite, x >= 0 { discrepancy = x } else {
                fail(d, "\(path).discrepancy_sd", "found \(d.shortDescription); allowed: a number 0 or more")
                ok = false
            }
        }
        var monitor: String?
        if let m = entry.node["monitor_only"] {
            if case .string(let why) = m.value, !why.isEmpty { monitor = why } else {
                fail(m, "\(path).monitor_only", "found \(m.shortDescription); allowed: text saying why the model cannot be held to this target, e.g. monitor_only: \"the source counts households under two laws, the model problem domains\"")
                ok = false
            }
        }
        var value = 0.0, sd = 0.0
        switch (entry.node["band"], entry.node["value"]) {
        case (let band?, nil):
            if case .array(let ends) = band.value, ends.count == 2, case .number(let lo) = ends[0].value, case .number(let hi) = ends[1].value,
               lo.isFinite, hi.isFinite, lo < hi {
                value = (lo + hi) / 2
                sd = (hi - lo) / 4
            } else {
                fail(band, "\(path).band", "found \(band.shortDescription); allowed: two finite numbers [lo, hi] with lo < hi")
                ok = false
            }
            if let s = entry.node["sd"] { fail(s, "\(path).sd", "a band already gives the sd ((hi − lo) / 4); give band, or value and sd") ; ok = false }
        case (nil, let v?):
            if case .number(let x) = v.value, x.isFinite { value = x } else {
                fail(v, "\(path).value", "found \(v.shortDescription); allowed: a finite number"); ok = false
            }
            if case .number(let s)? = entry.node["sd"]?.value, s.isFinite, s > 0 { sd = s } else {
                fail(entry.node["sd"] ?? entry.node, "\(path).sd", "missing or not above 0; allowed: the observation's standard deviation, e.g. sd: 14")
                ok = false
            }
        case (_?, _?):
            fail(entry.node["value"], path, "both band and value; allowed: one of them (band: [lo, hi], or value: x with sd: s)")
            ok = false
        case (nil, nil):
            fail(entry.node, path, "neither band nor value; allowed: band: [lo, hi], or value: x with sd: s")
            ok = false
        }
        return ok ? TargetSpec(name: entry.key, measure: measure, value: value, sd: sd, discrepancySD: discrepancy, source: source, monitorOnly: monitor) : nil
    }

    static func parameter(_ entry: Node.Member, scenario: Scenario, fields: [String: ScenarioField],
                          fail: (Node?, String, String) -> Void) -> ParameterSpec? {
        let path = "parameters.\(entry.key)"
        guard case .object(let members) = entry.node.value else {
            fail(entry.node, path, "found \(entry.node.shortDescription); allowed: { range: [lo, hi], source: \"...\" }")
            return nil
        }
        refuseUnknown(members, known: ["range", "integer", "source", "scale"], in: path, fail: fail)
        guard let field = fields[entry.key] else {
            let hint = closestMatch(to: entry.key, among: Array(fields.keys)).map { "; did you mean '\($0)'?" } ?? ""
            fail(entry.node, path, "the scenario has no field '\(entry.key)'\(hint)")
            return nil
        }
        let unit: ValueUnit, isInteger: Bool
        switch field.value {
        case .number(_, _, let u): unit = u; isInteger = false
        case .integer: unit = .plain; isInteger = true
        case .numbers(_, _, let u, true): unit = u; isInteger = false   // a value per domain: the range sets every domain alike
        default:
            fail(entry.node, path, "'\(entry.key)' is \(field.type), not a single number; allowed: a numeric field (a number, an integer, a duration or a rate)")
            return nil
        }
        var ok = true
        var source = ""
        if case .string(let s)? = entry.node["source"]?.value, !s.isEmpty { source = s } else {
            fail(entry.node["source"] ?? entry.node, "\(path).source", "missing: name the range's source, or \"assumption\"")
            ok = false
        }
        var integer = isInteger
        if let i = entry.node["integer"] {
            if case .bool(let b) = i.value { integer = b || isInteger } else { fail(i, "\(path).integer", "found \(i.shortDescription); allowed: true or false"); ok = false }
        }
        guard let range = entry.node["range"], case .array(let ends) = range.value, ends.count == 2 else {
            fail(entry.node["range"] ?? entry.node, "\(path).range", "missing or not two values; allowed: [lo, hi] in the field's own units, e.g. [\"0.03/w\", \"0.3/w\"] or [10, 30]")
            return nil
        }
        // Each end set into the scenario and read back with the scenario's own validation (units, bounds).
        var values: [Double] = []
        for end in ends {
            let parts = entry.key.split(separator: ".").map(String.init)
            let tree = ScenarioLoader.statingCollections(scenario.tree).setting(parts, to: end)
            do {
                let built = try ScenarioLoader.build(tree, files: scenario.chain, defaultName: scenario.name, file: scenario.file)
                let read = ScenarioLoader.fields(of: ScenarioLoader.statingCollections(built.tree)).first { $0.path == entry.key }
                switch read?.value {
                case .number(let x, _, _)?: values.append(x)
                case .integer(let x, _)?: values.append(Double(x))
                case .numbers(let xs, _, _, true)? where Set(xs).count == 1: values.append(xs[0])
                default: fail(end, "\(path).range", "could not read \(end.shortDescription) as '\(entry.key)'"); ok = false
                }
            } catch {
                let why = error.issues.first.map { $0.message } ?? "not allowed"
                fail(end, "\(path).range", "\(end.shortDescription) is not a value of '\(entry.key)': \(why)")
                ok = false
            }
        }
        guard ok, values.count == 2 else { return nil }
        guard values[0] < values[1] else {
            fail(range, "\(path).range", "the lower end must be below the upper end; found \(ends[0].shortDescription) and \(ends[1].shortDescription)")
            return nil
        }
        var spec = ParameterSpec(path: entry.key, lower: values[0], upper: values[1], integer: integer, unit: unit, source: source)
        if let scale = entry.node["scale"] {
            switch scale.value {
            case .string("linear"): break
            case .string("log") where values[0] > 0: spec.logScale = true
            case .string("log"):
                fail(scale, "\(path).scale", "a log scale needs a range above 0; found a lower end of \(formatNumber(values[0])); allowed: \"linear\", or a range above 0")
                return nil
            default:
                fail(scale, "\(path).scale", "found \(scale.shortDescription); allowed: \"linear\" (the default) or \"log\"")
                return nil
            }
        }
        if unit == .perWeek, case .string(let text) = ends[0].value, let last = text.last, Units.weeksPer[last] != nil, text.contains("/") {
            spec.rateUnit = last
        }
        return spec
    }
}

extension ParameterSpec {
    /// The value as a scenario file states it: "0.12/w" for a rate, "26w" for a duration, a number otherwise.
    public func node(for value: Double) -> Node {
        let x = integer ? value.rounded() : value
        switch unit {
        case .perWeek: return Node(.string(formatNumber(x) + "/w"))
        case .weeks: return Node(.string(formatNumber(x) + "w"))
        case .plain: return Node(.number(x))
        }
    }
}

extension ScenarioLoader {
    /// The scenario's content with every parameter set to its lower end, as canonical text: what a
    /// calibration of these parameters depends on (the values the file gives them do not matter,
    /// every point overrides them), so that a calibration stays valid when the file adopts its result.
    public static func contentOutside(_ parameters: [ParameterSpec], of scenario: Scenario) -> String {
        var tree = statingCollections(scenario.tree)
        for p in parameters { tree = tree.setting(p.path.split(separator: ".").map(String.init), to: p.node(for: p.lower)) }
        return tree.canonicalText
    }

    /// The scenario with `values` set at the parameters' paths, validated again.
    public static func applying(_ values: [Double], to parameters: [ParameterSpec], in scenario: Scenario,
                                name: String? = nil) throws(ScenarioErrors) -> Scenario {
        var tree = statingCollections(scenario.tree)
        for (p, v) in zip(parameters, values) { tree = tree.setting(p.path.split(separator: ".").map(String.init), to: p.node(for: v)) }
        if let name { tree = tree.setting(["name"], to: Node(.string(name))) }
        return try build(tree, files: scenario.chain, defaultName: scenario.name, file: scenario.file, hashes: scenario.hashes)
    }
}
