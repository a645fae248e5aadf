// Loading scenario files: JSON5, `extends` chains merged as a JSON Merge Patch (RFC 7396: objects
// merge field by field, lists and values replace, null removes), then every field validated. A
// scenario that loads is fully valid, so the simulation never meets a bad value.

import Foundation
import SocialDomain

/// A loaded, valid scenario.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    /// The file as given on the command line, and the chain of files it extends (itself first).
    public var file: String
    public var chain: [String]
    /// SHA-256 of each file in the chain, hex.
    public var hashes: [String]
    /// The merged tree (for sweeps: set a path, read again).
    public var tree: Node
    public var config: ModelConfig
    /// What the file changes against the file it extends (set by `ScenarioLoader.load`; nil for a
    /// scenario built from a tree).
    public var changes: ScenarioChanges? = nil
}

public enum ScenarioLoader {
    public static let maxFileBytes = 4 << 20
    public static let maxChain = 16

    /// Loads and validates a file and the files it extends.
    public static func load(_ file: String) throws(ScenarioErrors) -> Scenario {
        var files: [String] = []
        var issues: [ScenarioIssue] = []
        var hashes: [String] = []
        var bases: [Node] = []
        guard let tree = loadChain(file, stack: [], files: &files, hashes: &hashes, issues: &issues, bases: &bases) else {
            throw ScenarioErrors(issues: issues)
        }
        guard issues.isEmpty else { throw ScenarioErrors(issues: issues) }
        var named = tree
        let topName = BuiltInScenarios.name(file) ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        named = named.removing("extends")
        var scenario = try build(named, files: files, defaultName: topName, file: file, hashes: hashes)
        if files.count > 1, let base = bases.last {
            // The last base recorded is the top file's: the merged chain below it.
            scenario.changes = ScenarioChanges(base: URL(fileURLWithPath: files[1]).lastPathComponent,
                                               items: ScenarioChanges.compare(base: base, tree: named, files: files))
        } else {
            scenario.changes = ScenarioChanges(base: "", items: [])
        }
        return scenario
    }

    /// Validates a tree (e.g. a loaded scenario with a swept field changed) into a scenario.
    public static func build(_ tree: Node, files: [String], defaultName: String, file: String,
                             hashes: [String] = []) throws(ScenarioErrors) -> Scenario {
        let ctx = ReadContext(files: files)
        let root = ObjectReader(tree, path: "", pattern: "", ctx)
        var config = ScenarioReader.read(root)
        root.finish()
        checkNames(tree, config, ctx)
        guard ctx.issues.isEmpty else { throw ScenarioErrors(issues: ctx.issues) }
        if tree["name"] == nil { config.name = defaultName }
        var description = ""
        if case .string(let d)? = tree["description"]?.value { description = d }
        return Scenario(name: config.name, description: description, file: file, chain: files, hashes: hashes,
                        tree: tree, config: config)
    }

    /// Names that end up in file paths and measure names: the scenario's name is the default output
    /// folder (Results/<name>), so it must be one plain folder name; teams and services share the
    /// measure names (`wait_days_mean.<name>`), so no two may have the same name, nor take
    /// `work_and_income`, the name of the work-and-income service's measures.
    static func checkNames(_ tree: Node, _ config: ModelConfig, _ ctx: ReadContext) {
        if let node = tree["name"], case .string(let name) = node.value {
            let bad = name.isEmpty || name == "." || name == ".." || name.count > 100
                || name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.properties.generalCategory == .control }
            if bad {
                ctx.fail(node, "name", "\"\(name.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : String($0) }.joined())\" is not usable as a folder name (the default output is Results/<name>); allowed: 1 to 100 characters without '/', '\\' or control characters, not '.' or '..', e.g. \"my-design\"")
            }
        }
        let services = Set(config.services.map(\.name))
        for name in config.teams.map(\.name) where services.contains(name) {
            ctx.fail(tree["teams"]?[name], "teams.\(name)", "services.\(name) has the same name, and teams and services share measure names (wait_days_mean.\(name)); allowed: a name no service has, e.g. \"\(name)_team\"")
        }
        for (kind, names) in [("teams", config.teams.map(\.name)), ("services", config.services.map(\.name))] where names.contains("work_and_income") {
            ctx.fail(tree[kind]?["work_and_income"], "\(kind).work_and_income", "the name work_and_income is taken by the work-and-income service's measures; allowed: another name, e.g. \"work_and_income_\(kind == "teams" ? "team" : "service")\"")
        }
    }

    /// Every field the loader knows, in reading order.
    public static func fieldSpecs() -> [FieldSpec] {
        let ctx = ReadContext(files: ["(reference)"], documenting: true)
        let root = ObjectReader(Node(.object([])), path: "", pattern: "", ctx)
        _ = ScenarioReader.read(root)
        return ctx.specs
    }

    /// Parses one file of a chain and merges it over the file it extends.
    /// `bases` receives the merged tree each extending file is applied over, deepest first.
    static func loadChain(_ file: String, stack: [String], files: inout [String], hashes: inout [String],
                          issues: inout [ScenarioIssue], bases: inout [Node]) -> Node? {
        let builtIn = BuiltInScenarios.name(file)
        let path = builtIn.map { BuiltInScenarios.prefix + $0 } ?? URL(fileURLWithPath: file).standardizedFileURL.path
        if let at = stack.firstIndex(of: path) {
            let cycle = (stack[at...] + [path]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " → ")
            issues.append(ScenarioIssue(file: files.last ?? file, line: 0, column: 0, path: "extends",
                                        message: "extends forms a cycle: \(cycle); allowed: a chain that ends in a file without extends"))
            return nil
        }
        if stack.count >= maxChain {
            issues.append(ScenarioIssue(file: file, line: 0, column: 0, path: "extends",
                                        message: "more than \(maxChain) files in the extends chain"))
            return nil
        }
        let data: Data
        if let builtIn {
            guard let text = BuiltInScenarios.text(builtIn) else {
                let near = closestMatch(to: builtIn, among: BuiltInScenarios.names).map { "did you mean \"\(BuiltInScenarios.prefix)\($0)\"? " } ?? ""
                issues.append(ScenarioIssue(file: file, line: 0, column: 0, path: "",
                                            message: "no built-in scenario of that name; \(near)built in: " + BuiltInScenarios.names.joined(separator: ", ") + " ('wijksim scenarios' lists them)"))
                return nil
            }
            data = Data(text.utf8)
        } else {
            switch readSmallFile(file, limit: maxFileBytes, what: "a scenario file", typical: "a scenario is a few kilobytes") {
            case .success(let d): data = d
            case .failure(let problem):
                var message = problem.message
                if message == "no such file" && stack.isEmpty, let guess = BuiltInScenarios.guess(for: file) { message += "; did you mean \(guess)?" }
                issues.append(ScenarioIssue(file: file, line: 0, column: 0, path: "", message: message))
                return nil
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            issues.append(ScenarioIssue(file: file, line: 0, column: 0, path: "", message: "is not UTF-8 text; save it as UTF-8"))
            return nil
        }
        let index = files.count
        files.append(file)
        hashes.append(SHA256.hex(data))
        let node: Node
        do {
            node = try JSON5Parser.parse(text, file: index)
        } catch {
            issues.append(ScenarioIssue(file: file, line: error.line, column: error.column, path: "", message: "syntax: " + error.message))
            return nil
        }
        guard case .object = node.value else {
            issues.append(ScenarioIssue(file: file, line: node.line, column: node.column, path: "",
                                        message: "found \(node.shortDescription); allowed: a scenario object { ... }"))
            return nil
        }
        guard let extends = node["extends"] else { return node.mergePatch(over: nil) }
        guard case .string(let base) = extends.value, !base.isEmpty else {
            issues.append(ScenarioIssue(file: file, line: extends.line, column: extends.column, path: "extends",
                                        message: "found \(extends.shortDescription); allowed: the path of another scenario file, relative to this one, or a built-in scenario such as \"wijksim:default-city\""))
            return nil
        }
        // A built-in scenario extends its neighbours by file name; they are built in too.
        let basePath = base.hasPrefix("/") || BuiltInScenarios.name(base) != nil ? base
            : BuiltInScenarios.name(file) != nil ? BuiltInScenarios.prefix + BuiltInScenarios.name(BuiltInScenarios.prefix + base)!
            : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(base).path
        guard let baseTree = loadChain(basePath, stack: stack + [path], files: &files, hashes: &hashes, issues: &issues,
                                       bases: &bases) else {
            if let last = issues.last, last.message == "no such file", last.file == basePath {
                issues[issues.count - 1] = ScenarioIssue(file: file, line: extends.line, column: extends.column, path: "extends",
                                                         message: "found \"\(base)\", which does not exist (looked for \(basePath))"
                                                            + (BuiltInScenarios.guess(for: basePath, extendedFrom: file).map { "; did you mean \($0)?" } ?? ""))
            }
            return nil
        }
        checkNewEntries(node, base: baseTree, file: file, issues: &issues)
        bases.append(baseTree)
        // Name and description belong to one file; they are not inherited.
        return node.mergePatch(over: baseTree.removing("name").removing("description"))
    }

    /// The named collections, whose entries an extending file may change or add.
    public static let collections = ["teams", "services", "profiles", "crises"]

    /// An extending file that adds an entry whose name is one or two letters from an inherited one
    /// has most likely mistyped it (`wijkteams` for `wijkteam`): a new, unused entry would silently
    /// take the edit. Refused with a did-you-mean, unless the entry says `new: true`.
    /// A new entry (one the base does not have) must state the fields that have no meaningful
    /// default (`requiredInNewEntry`): otherwise it would silently copy them from the default
    /// city's first entry of its kind. A file that extends nothing keeps those defaults.
    static func checkNewEntries(_ patch: Node, base: Node, file: String, issues: inout [ScenarioIssue]) {
        let builtIn = ModelConfig.defaultCity
        for key in collections {
            guard case .object(let added)? = patch[key]?.value else { continue }
            var names: [String]
            if case .object(let inherited)? = base[key]?.value {
                names = inherited.map(\.key)
            } else {
                // The base states no such collection: it has the built-in default city's entries.
                switch key {
                case "teams": names = builtIn.teams.map(\.name)
                case "services": names = builtIn.services.map(\.name)
                case "profiles": names = builtIn.profiles.map(\.name)
                default: names = ScenarioReader.crisisDefaults(builtIn).map(\.0)
                }
            }
            for m in added where !names.contains(m.key) {
                guard case .object = m.node.value else { continue }
                let marked: Bool
                if case .bool(true)? = m.node["new"]?.value { marked = true } else { marked = false }
                if !marked, let near = names.first(where: { editDistance(m.key.lowercased(), $0.lowercased()) <= 2 }) {
                    issues.append(ScenarioIssue(file: file, line: m.node.line, column: m.node.column, path: "\(key).\(m.key)",
                                                message: "a new entry whose name is close to the inherited '\(near)'; did you mean '\(near)'? "
                                                    + "To add a new entry with this name on purpose, write new: true in it"))
                    continue
                }
                let missing = requiredFields(key, m.node).filter { m.node[$0.field] == nil }
                guard !missing.isEmpty else { continue }
                let kind = ["teams": "team", "services": "service", "profiles": "profile", "crises": "crisis type"][key] ?? "entry"
                issues.append(ScenarioIssue(
                    file: file, line: m.node.line, column: m.node.column, path: "\(key).\(m.key)",
                    message: "a new \(kind) (not in the file it extends) must state every field without a meaningful default; missing: "
                        + missing.map(\.field).joined(separator: ", ") + ". Add, with your own values, e.g. "
                        + missing.map { "\($0.field): \($0.example)" }.joined(separator: ", ")))
            }
        }
    }

    /// The fields a new entry of an extending file must state, with an example of each.
    public static let requiredInNewEntry: [String: [(field: String, example: String)]] = [
        "teams": [("tier", "\"intensive\""), ("role", "\"coordinator\""), ("workers", "8"), ("caseload_limit", "12"),
                  ("direct_hours_per_week", "28.1"), ("cost_per_fte_year", "100000"), ("cost_basis", "\"fte\""),
                  ("payer", "\"municipality_support\""), ("category", "\"second_line\"")],
        "services": [("domain", "\"physical_health\""), ("capacity", "20"), ("treatment", "{gamma: {mean: \"26w\", cv: 0.5}}"),
                     ("price_per_time", "\"250/w\""), ("price_per_trajectory", "0"), ("payer", "\"health_insurer\"")],
        "profiles": [("share", "100"), ("problem_counts", "[2, 3]"), ("problem_count_weights", "[0.6, 0.4]")],
        "crises": [("domain", "\"housing\""), ("probability", "0.3"), ("cost_per_event", "7500"), ("cost_per_time", "0"),
                   ("payer", "\"housing_corporation\"")],
    ]

    /// A crisis type with a cost while it lasts must also say how long it lasts and who pays that.
    static let requiredWithCostPerTime: [(field: String, example: String)] = [
        ("duration", "{lognormal: {mean: \"26w\", sd: \"39w\"}}"), ("duration_payer", "\"municipality_support\"")]

    static func requiredFields(_ collection: String, _ entry: Node) -> [(field: String, example: String)] {
        var fields = requiredInNewEntry[collection] ?? []
        if collection == "crises", let cost = entry["cost_per_time"] {
            var zero = false
            switch cost.value {
            case .number(let x): zero = x == 0
            case .string(let t): zero = Units.perWeek(t) == 0
            default: break
            }
            if !zero { fields += requiredWithCostPerTime }
        }
        return fields
    }
}

extension Node {
    /// RFC 7396: objects merge key by key, `null` removes a key, anything else replaces.
    public func mergePatch(over base: Node?) -> Node {
        guard case .object(let patch) = value else { return self }
        var members: [Member] = []
        if let base, case .object(let b) = base.value { members = b }
        for m in patch {
            if let i = members.firstIndex(where: { $0.key == m.key }) {
                if case .null = m.node.value { members.remove(at: i) } else {
                    members[i] = Member(key: m.key, node: m.node.mergePatch(over: members[i].node))
                }
            } else if case .null = m.node.value {
                continue
            } else {
                members.append(Member(key: m.key, node: m.node.mergePatch(over: nil)))
            }
        }
        return Node(.object(members), file: file, line: line, column: column)
    }

    public func removing(_ key: String) -> Node {
        guard case .object(let members) = value else { return self }
        return Node(.object(members.filter { $0.key != key }), file: file, line: line, column: column)
    }

    /// The tree with the value at a dotted path replaced (objects created as needed).
    public func setting(_ path: [String], to newValue: Node) -> Node {
        guard let key = path.first else { return newValue }
        var members: [Member] = []
        if case .object(let m) = value { members = m }
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].node = members[i].node.setting(Array(path.dropFirst()), to: newValue)
        } else {
            members.append(Member(key: key, node: Node(.object([]), file: newValue.file).setting(Array(path.dropFirst()), to: newValue)))
        }
        return Node(.object(members), file: file, line: line, column: column)
    }

    /// The value at a dotted path, if any.
    public func value(at path: [String]) -> Node? {
        var node: Node? = self
        for key in path { node = node?[key] }
        return node
    }
}

/// Why a small input file could not be read, in words.
public struct FileProblem: Error, Sendable {
    public var message: String
}

/// Reads a small input file, checking before reading: a missing file, a symbolic link that loops or
/// points nowhere, a directory, a file over `limit` bytes (found from its size, without reading it)
/// or one that cannot be read each get their own message.
public func readSmallFile(_ path: String, limit: Int, what: String, typical: String) -> Result<Data, FileProblem> {
    var info = stat()
    if stat(path, &info) != 0 {
        let error = errno
        var link = stat()
        if lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK {
            return .failure(FileProblem(message: error == ELOOP ? "is a symbolic link that loops; point it at \(what)" : "is a symbolic link to a file that does not exist"))
        }
        return .failure(FileProblem(message: error == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(error))))"))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(FileProblem(message: "is a directory, not \(what)")) }
    if (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > limit {
        return .failure(FileProblem(message: "is \(info.st_size) bytes; allowed: at most \(limit) (\(typical))"))
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
        return .failure(FileProblem(message: "cannot be read (\(String(cString: strerror(errno)))); check its permissions"))
    }
    defer { try? handle.close() }
    // Read at most one byte past the limit, so a device or pipe cannot make it read without end.
    let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
    if data.count > limit { return .failure(FileProblem(message: "is more than \(limit) bytes; allowed: at most \(limit) (\(typical))")) }
    return .success(data)
}

extension BuiltInScenarios {
    /// How a file names a built-in scenario: `wijksim:default-city`.
    public static let prefix = "wijksim:"

    /// The built-in names, in file-name order.
    public static var names: [String] { files.map(\.name) }

    /// The text of a built-in scenario (with or without ".json5"), nil when there is none.
    public static func text(_ name: String) -> String? {
        let bare = name.hasSuffix(".json5") ? String(name.dropLast(6)) : name
        return files.first { $0.name == bare }?.text
    }

    /// The text of a built-in targets file ("city-150k", with or without ".json5").
    public static func targetText(_ name: String) -> String? {
        let bare = name.hasSuffix(".json5") ? String(name.dropLast(6)) : name
        return targetFiles.first { $0.name == bare }?.text
    }

    /// The name after `wijksim:`, nil for a path on disk.
    public static func name(_ file: String) -> String? {
        guard file.hasPrefix(prefix) else { return nil }
        let bare = String(file.dropFirst(prefix.count))
        return bare.hasSuffix(".json5") ? String(bare.dropLast(6)) : bare
    }

    /// What a missing scenario file most likely meant, in quotes: the same name with ".json5", the
    /// file in Scenarios/, or the built-in scenario of that name.
    static func guess(for file: String, extendedFrom parent: String? = nil) -> String? {
        var options: [String] = []
        let manager = FileManager.default
        let shown = parent == nil ? file : URL(fileURLWithPath: file).lastPathComponent
        if !file.hasSuffix(".json5"), manager.fileExists(atPath: file + ".json5") { options.append("\"\(shown).json5\"") }
        let bare = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if parent == nil, !file.contains("/"), manager.fileExists(atPath: "Scenarios/\(bare).json5") { options.append("\"Scenarios/\(bare).json5\"") }
        if text(bare) != nil { options.append("\"\(prefix)\(bare)\" (built in)") }
        return options.isEmpty ? nil : options.joined(separator: " or ")
    }
}
