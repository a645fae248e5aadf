// `wijksim validate` and `wijksim fields`: check scenario files; print the field reference.

import Foundation
import ScenarioKit
import ScenarioKit
import SocialDomain

enum ScenarioCommands {
    /// `wijksim scenarios [NAME]`: the scenarios compiled into the binary.
    static func builtIn(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim scenarios [NAME]",
                           summary: """
                               Without NAME: lists the scenarios built into wijksim, with their descriptions. Any scenario
                               file, anywhere, can start from one: extends: "wijksim:default-city". Commands take them as
                               files too: 'wijksim run wijksim:default-city'.
                               With NAME: prints that scenario's text, to copy and change:
                               'wijksim scenarios default-city > my-city.json5'.
                               """, options: []))
            return 0
        }
        let args = try parse(arguments, command: "scenarios", options: [])
        guard args.positionals.count <= 1 else {
            throw UsageError(description: "'scenarios' takes at most one name, e.g. 'wijksim scenarios default-city'.")
        }
        if let name = args.positionals.first {
            let bare = BuiltInScenarios.name(name) ?? name
            guard let text = BuiltInScenarios.text(bare) else {
                let near = closestMatch(to: bare, among: BuiltInScenarios.names).map { " Did you mean '\($0)'?" } ?? ""
                throw UsageError(description: "no built-in scenario '\(name)'.\(near) Built in: \(BuiltInScenarios.names.joined(separator: ", ")).")
            }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return 0
        }
        let width = BuiltInScenarios.names.map(\.count).max() ?? 0
        for name in BuiltInScenarios.names {
            let scenario = try? ScenarioLoader.load(BuiltInScenarios.prefix + name)
            let description = scenario?.description.split(separator: ".").first.map { $0 + "." } ?? ""
            print(BuiltInScenarios.prefix + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + description)
        }
        return 0
    }

    static func validate(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim validate FILE...",
                           summary: """
                               Checks scenario files: syntax, extends chains, every field's type, unit and range.
                               Prints one line per problem (file:line:column: field path: found …; allowed: …)
                               and exits with 1 if any file has a problem. 'wijksim fields' lists every field.
                               Warns (exit 0) about fields the file states that change nothing in its design, with the
                               reason (handovers when no design hands over, approval_delay when every team has a mandate …).
                               For a file that extends another, also prints what it changes against that base,
                               field by field (path: base value → new value; added and removed entries).
                               """, options: []))
            return 0
        }
        let args = try parse(arguments, command: "validate", options: [])
        guard !args.positionals.isEmpty else {
            throw UsageError(description: "'validate' needs one or more scenario files. Try 'wijksim validate --help'.")
        }
        var failed = false
        for file in args.positionals {
            do {
                let scenario = try ScenarioLoader.load(file)
                let c = scenario.config
                let chain = scenario.chain.count > 1 ? ", extends " + scenario.chain.dropFirst().map { ($0 as NSString).lastPathComponent }.joined(separator: " → ") : ""
                print("\(file): ok — scenario '\(scenario.name)': \(c.teams.count) teams, \(c.services.count) services, \(c.profiles.count) profiles\(chain)")
                // Levers this configuration switches off (not errors: exit 0). 'wijksim levers' checks the list.
                for warning in InertFields.warnings(InertFields.list(scenario)) { print("  warning: " + warning) }
                if let changes = scenario.changes, !changes.base.isEmpty {
                    let count = changes.items.count
                    print("  changes against \(changes.base): " + (count == 0 ? "none" : "\(count)"))
                    for line in changes.lines() { print("    " + line) }
                }
            } catch {
                failed = true
                for issue in error.issues { printError(issue.description) }
            }
        }
        return failed ? 1 : 0
    }

    static func fields(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim fields", summary: "Prints the reference of every scenario field (Markdown).", options: []))
            return 0
        }
        let args = try parse(arguments, command: "fields", options: [])
        try BenchCommand.rejectPositionals(args)
        print(FieldReference.markdown(), terminator: "")
        return 0
    }

    /// Loads scenario files for a command; on any problem prints them all and throws `InvalidInput`.
    static func loadAll(_ files: [String]) throws -> [Scenario] {
        var scenarios: [Scenario] = []
        var issues: [ScenarioIssue] = []
        for file in files {
            do { scenarios.append(try ScenarioLoader.load(file)) } catch { issues += error.issues }
        }
        if !issues.isEmpty {
            for issue in issues { printError(issue.description) }
            throw InvalidInput()
        }
        return scenarios
    }
}

/// Input that did not validate; the problems were printed. Exit code 1.
struct InvalidInput: Error {}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
