// A small, strict command-line parser: options are declared, everything else is an error that
// names what to type instead.

import Foundation
import ScenarioKit

/// A usage error: printed as one line on stderr, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// One declared option of a command.
struct OptionSpec {
    let name: String          // without the leading dashes
    let valueName: String?    // nil for a flag
    let help: String

    /// A value to show in an error that must show one.
    var example: String {
        switch name {
        case "vary": "teams.wijkteam.workers=10,12,14"
        case "out": "Results/my-run"
        case "lang": "nl"
        case "shard": "1/4"
        default: valueName.map { $0 == "N" || $0 == "S" || $0 == "T" ? "2" : $0 } ?? ""
        }
    }
}

/// The parsed arguments of one command.
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    let command: String

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func last(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func string(_ name: String, default fallback: String? = nil) throws -> String {
        if let v = last(name) { return v }
        if let fallback { return fallback }
        throw UsageError(description: "'\(command)' needs --\(name). Try 'wijksim \(command) --help'.")
    }

    func double(_ name: String, default fallback: Double? = nil, positive: Bool = false) throws -> Double {
        guard let text = last(name) else {
            if let fallback { return fallback }
            throw UsageError(description: "'\(command)' needs --\(name) <number>. Try 'wijksim \(command) --help'.")
        }
        guard let value = Double(text), value.isFinite else {
            throw UsageError(description: "--\(name) takes a number, not '\(text)'.")
        }
        if positive && value <= 0 { throw UsageError(description: "--\(name) must be greater than 0, not \(text).") }
        return value
    }

    func integer(_ name: String, default fallback: Int? = nil, range: ClosedRange<Int>) throws -> Int {
        guard let text = last(name) else {
            if let fallback { return fallback }
            throw UsageError(description: "'\(command)' needs --\(name) <whole number>. Try 'wijksim \(command) --help'.")
        }
        guard let value = Int(text) else {
            throw UsageError(description: "--\(name) takes a whole number, not '\(text)'.")
        }
        guard range.contains(value) else {
            throw UsageError(description: "--\(name) must lie in \(range.lowerBound)...\(range.upperBound), not \(text).")
        }
        return value
    }

    /// A seed: any whole number 0 ... 2⁶⁴ − 1.
    func seed() throws -> UInt64 {
        guard let text = last("seed") else { return 1 }
        guard let value = UInt64(text) else {
            throw UsageError(description: "--seed takes a whole number from 0 to \(UInt64.max), not '\(text)'.")
        }
        return value
    }
}

/// Options that may be given more than once (each adds an axis or an item); any other option given
/// twice is refused rather than silently taking the last.
let repeatable: Set<String> = ["vary", "field"]

/// Parses `arguments` against `options`. `--name value`, `--name=value` and flags are accepted;
/// `--` ends the options.
func parse(_ arguments: [String], command: String, options: [OptionSpec]) throws -> ParsedArguments {
    var parsed = ParsedArguments(command: command)
    let byName = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
        let argument = arguments[index]
        index += 1
        if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
            parsed.positionals.append(argument)
            continue
        }
        if argument == "--" { onlyPositionals = true; continue }
        var name = String(argument.drop(while: { $0 == "-" }))
        var inlineValue: String?
        if let equals = name.firstIndex(of: "=") {
            inlineValue = String(name[name.index(after: equals)...])
            name = String(name[..<equals])
        }
        guard let spec = byName[name] else {
            var message = "unknown option '\(argument)' for '\(command)'."
            if let glued = options.first(where: { $0.valueName != nil && name.hasPrefix($0.name) && !name.dropFirst($0.name.count).first!.isLetter }) {
                // '--vary:1:1:' or '--seed2': the option with its value glued on.
                message += " An option and its value are separated by a space or '=': --\(glued.name) <\(glued.valueName!)>, e.g. --\(glued.name) \(glued.example)."
            } else if let near = closestMatch(to: name, among: options.map(\.name)) { message += " Did you mean '--\(near)'?" }
            throw UsageError(description: message + " Try 'wijksim \(command) --help'.")
        }
        if spec.valueName == nil {
            guard inlineValue == nil else { throw UsageError(description: "--\(name) takes no value.") }
            parsed.flags.insert(name)
        } else {
            let value: String
            if let inlineValue { value = inlineValue }
            else {
                guard index < arguments.count else {
                    throw UsageError(description: "--\(name) needs a value: --\(name) <\(spec.valueName!)>.")
                }
                value = arguments[index]
                index += 1
            }
            if let earlier = parsed.values[name]?.first, !repeatable.contains(name) {
                throw UsageError(description: "--\(name) is given twice ('\(earlier)' and '\(value)'); give it once.")
            }
            parsed.values[name, default: []].append(value)
        }
    }
    return parsed
}

/// Formats a help text for a command.
func helpText(usage: String, summary: String, options: [OptionSpec]) -> String {
    var lines = ["USAGE: \(usage)", "", summary, ""]
    if !options.isEmpty {
        lines.append("OPTIONS:")
        let width = options.map { "--\($0.name)" + ($0.valueName.map { " <\($0)>" } ?? "") }.map(\.count).max() ?? 0
        for option in options {
            let left = "--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? "")
            lines.append("  " + left.padding(toLength: width + 2, withPad: " ", startingAt: 0) + option.help)
        }
        lines.append("  " + "--help".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "Show this help.")
    }
    return lines.joined(separator: "\n")
}
