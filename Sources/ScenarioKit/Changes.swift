// What an extending scenario file changes against the file it extends, field by field: both
// merged trees are read by the same field reads that validate them, and the values compared as a
// file would state them ("26w", "fte"), so `"6w"` against `"42d"` is no change. In reading order
// (the order of the field reference), so the list is stable and reads like the file.

/// The changes of a scenario against its base.
public struct ScenarioChanges: Sendable, Equatable {
    /// The file name of the base; empty when the scenario extends nothing.
    public var base: String
    public var items: [Change]

    public init(base: String, items: [Change]) { self.base = base; self.items = items }

    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case changed, added, removed }
        public var kind: Kind
        /// `teams.wijkteam.workers`; for an added or removed entry, the entry (`teams.intervention_team`).
        public var path: String
        /// The base's value; empty for an added entry.
        public var old: String
        /// The new value; for an added entry the fields the file states, `{tier: "intensive", …}`;
        /// empty for a removed entry.
        public var new: String

        public init(kind: Kind, path: String, old: String, new: String) {
            self.kind = kind; self.path = path; self.old = old; self.new = new
        }

        /// One line: `path: 28 → 18`, `path: added {…}`, `path: removed`.
        public var text: String {
            switch kind {
            case .changed: "\(path): \(old) → \(new)"
            case .added: "\(path): added \(new)"
            case .removed: "\(path): removed"
            }
        }
    }

    /// Compares two merged trees (the base's and the scenario's).
    static func compare(base: Node, tree: Node, files: [String]) -> [Change] {
        func read(_ t: Node) -> [ReadValue] {
            let ctx = ReadContext(files: files)
            let root = ObjectReader(t, path: "", pattern: "", ctx)
            _ = ScenarioReader.read(root)
            return ctx.values
        }
        let skip: Set<String> = ["extends", "name", "description"]
        let old = read(base.removing("extends").removing("name").removing("description"))
        let new = read(tree)
        var before: [String: ReadValue] = [:]
        for v in old { before[v.path] = v }
        var out: [Change] = []
        var addedEntries: [String] = []
        var i = 0
        while i < new.count {
            let v = new[i]
            if skip.contains(v.path) { i += 1; continue }
            if let names = v.entries {
                let was = before[v.path]?.entries ?? []
                for n in was where !names.contains(n) { out.append(Change(kind: .removed, path: v.path + "." + n, old: "", new: "")) }
                for n in names where !was.contains(n) { addedEntries.append(v.path + "." + n) }
                i += 1
                continue
            }
            if let entry = addedEntries.first(where: { v.path.hasPrefix($0 + ".") }) {
                let fields = Array(new[i...].prefix { $0.path.hasPrefix(entry + ".") })
                out.append(Change(kind: .added, path: entry, old: "", new: statedFields(fields, under: entry)))
                i += fields.count
                continue
            }
            if let group = v.group {
                let members = Array(new[i...].prefix { $0.group == group })
                let changed = members.filter { m in before[m.path].map { $0.text != m.text } ?? false }
                let olds = Set(members.compactMap { before[$0.path]?.text }), news = Set(members.map(\.text))
                if !changed.isEmpty && changed.count == members.count && olds.count == 1 && news.count == 1 {
                    out.append(Change(kind: .changed, path: group, old: olds.first!, new: news.first!))
                } else {
                    for m in changed { out.append(Change(kind: .changed, path: m.path, old: before[m.path]!.text, new: m.text)) }
                }
                i += members.count
                continue
            }
            if let b = before[v.path], b.text != v.text {
                out.append(Change(kind: .changed, path: v.path, old: b.text, new: v.text))
            }
            i += 1
        }
        return out
    }

    /// The fields an added entry states, as a JSON5 object: `{tier: "intensive", workers: 8}`.
    static func statedFields(_ fields: [ReadValue], under entry: String) -> String {
        var parts: [String] = []
        var i = 0
        while i < fields.count {
            let f = fields[i]
            let key = String(f.path.dropFirst(entry.count + 1))
            if let group = f.group {
                let members = Array(fields[i...].prefix { $0.group == group })
                let stated = members.filter(\.stated)
                let groupKey = String(group.dropFirst(entry.count + 1))
                if stated.count == members.count && Set(members.map(\.text)).count == 1 {
                    parts.append("\(groupKey): \(members[0].text)")
                } else if !stated.isEmpty {
                    parts.append("\(groupKey): {" + stated.map { "\($0.path.split(separator: ".").last!): \($0.text)" }.joined(separator: ", ") + "}")
                }
                i += members.count
                continue
            }
            if f.stated && key != "new" { parts.append("\(key): \(f.text)") }
            i += 1
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The changes as lines, at most `limit` (then a last line says how many more there are).
    public func lines(limit: Int = .max) -> [String] {
        let texts = items.map(\.text)
        guard texts.count > limit else { return texts }
        return Array(texts.prefix(max(0, limit - 1))) + ["… \(texts.count - max(0, limit - 1)) more"]
    }
}
