// The documentation a user gets with a clone: it points nowhere outside the repository, and it
// defines every measure and series a run writes.

import Testing
import Foundation

@Suite("Docs: self-contained, and every output measure defined")
struct DocsTests {
    static let root = Wijksim.packageRoot

    /// The user-facing text files: README, docs/, Scenarios/ (scenario comments and their READMEs).
    static func userFacingFiles() throws -> [URL] {
        var files = [root.appendingPathComponent("README.md")]
        for folder in ["docs", "Scenarios"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where ["md", "json5", "html"].contains(url.pathExtension) { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The anchors of a markdown file's headings as GitHub makes them: lower case, punctuation other
    /// than hyphens dropped, spaces to hyphens.
    static func anchors(_ text: String) -> Set<String> {
        var out = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("#") {
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
            out.insert(String(title.compactMap { c -> Character? in
                if c == " " { return "-" }
                return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
            }))
        }
        return out
    }

    @Test("the teaching exercises' commands name scenarios that exist, and their own file is valid")
    func teachingCommands() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/TEACHING.md"), encoding: .utf8)
        let listed = try Wijksim.run(["scenarios"])
        #expect(listed.status == 0)
        var named = Set<String>()
        var rest = text[...]
        while let r = rest.range(of: "wijksim:") {
            let name = rest[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            named.insert(String(name))
            rest = rest[r.upperBound...]
        }
        #expect(named.count >= 5)
        for name in named { #expect(listed.stdout.contains(name), "docs/TEACHING.md names wijksim:\(name), which is not built in") }
        for file in ["docs/teaching/warm-handovers.json5"] {
            #expect(text.contains(file))
            let result = try Wijksim.run(["validate", file])
            #expect(result.status == 0, "\(file): \(result.stdout)\(result.stderr)")
        }
    }

    @Test("README, docs and scenario files have no path or link outside the repository")
    func noPathOutside() throws {
        let files = try Self.userFacingFiles()
        #expect(files.count > 15)
        // Words that only make sense inside the project's own workspace.
        let outside = ["../shared", "shared/notes", "notes/calibration", "notes/seed", "seeds/", "/work/", "CONTRACT.md", "STYLE.md", "seed-00"]
        var problems: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = file.path.replacingOccurrences(of: Self.root.path + "/", with: "")
            for word in outside where text.contains(word) { problems.append("\(name): mentions \(word)") }
            // Every relative markdown link resolves to a file inside the repository.
            guard file.pathExtension == "md" else { continue }
            var rest = text[...]
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                let link = String(after[..<close])
                rest = after[close...]
                // A link within the page names one of its headings, by GitHub's anchor for it.
                if link.hasPrefix("#") {
                    if !Self.anchors(text).contains(String(link.dropFirst())) { problems.append("\(name): link to \(link), which is no heading of the file") }
                    continue
                }
                let target = link.split(separator: "#", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                if target.isEmpty || target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") { continue }
                let resolved = file.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                if !resolved.path.hasPrefix(Self.root.path + "/") || !FileManager.default.fileExists(atPath: resolved.path) {
                    problems.append("\(name): link to \(target), which is not a file in the repository")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The names in the first column of docs/MEASURES.md's tables, as patterns: `<team>` is one
    /// dot-free segment.
    static func definedPatterns() throws -> [NSRegularExpression] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/MEASURES.md"), encoding: .utf8)
        var patterns: [NSRegularExpression] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            var pattern = "^"
            var placeholder = false
            for c in cell {
                if c == "<" { placeholder = true; pattern += "[^.]+"; continue }
                if c == ">" { placeholder = false; continue }
                if !placeholder { pattern += NSRegularExpression.escapedPattern(for: String(c)) }
            }
            patterns.append(try NSRegularExpression(pattern: pattern + "$"))
        }
        return patterns
    }

    @Test("every measure in summary.csv and every series in timeseries.csv of a run is defined in docs/MEASURES.md")
    func everyMeasureDefined() throws {
        let patterns = try Self.definedPatterns()
        #expect(patterns.count > 40)
        let tiny = try TinyRun(); defer { tiny.remove() }
        // Two designs, so the run has the measures of a design with other teams and services too.
        let r = try Wijksim.run(["run", tiny.scenario, Self.root.appendingPathComponent("Scenarios/fragmented-chain.json5").path,
                                 "--replications", "2", "--quiet", "--out", tiny.path("r")])
        #expect(r.status == 0, "\(r.stderr)")
        func names(_ file: String, column: Int) -> Set<String> {
            Set((tiny.read("r/" + file) ?? "").split(separator: "\n").dropFirst().compactMap { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return fields.count > column ? String(fields[column]) : nil
            })
        }
        let measures = names("summary.csv", column: 1)
        let series = names("timeseries.csv", column: 3)
        #expect(measures.count > 100 && series.count > 5)
        let undefined = (measures.union(series)).sorted().filter { name in
            !patterns.contains { $0.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil }
        }
        #expect(undefined.isEmpty, "not defined in docs/MEASURES.md: \(undefined.joined(separator: ", "))")
    }
}
