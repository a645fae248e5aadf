// `wijksim levers`: does every numeric and true/false field change an output? (Experiments/LeverProbe.swift)

import Foundation
import Experiments
import Reporting
import ScenarioKit

enum LeverCommand {
    static let options = [
        OptionSpec(name: "years-warmup", valueName: "N", help: "Warm-up of each short run, in years (default 3)."),
        OptionSpec(name: "years", valueName: "N", help: "Measured years of each short run (default 2)."),
        OptionSpec(name: "replications", valueName: "R", help: "Replications per perturbed value (default 2); a field is inert when none differs."),
        OptionSpec(name: "seed", valueName: "S", help: "Common seed of every run (default 1)."),
        OptionSpec(name: "threads", valueName: "T", help: "Threads (default: all cores)."),
        OptionSpec(name: "field", valueName: "PATH", help: "Probe only this field (repeatable), e.g. path.handover.warm."),
        OptionSpec(name: "confirm", valueName: "W+M", help: "Longer runs, 1 replication (warm-up + measured years), for fields inert in every file (default 10+5; 0: none)."),
        OptionSpec(name: "every-file", valueName: nil, help: "Probe every field in every file (default: later files skip fields already seen live, or inert for the same reason)."),
        OptionSpec(name: "quiet", valueName: nil, help: "Print only problems, fields inert here but acting in another file, and the summaries."),
    ]

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: "wijksim levers FILE... [--years-warmup N] [--years N] [--replications R] [--seed S] [--threads T] [--field PATH] [--confirm W+M] [--every-file] [--quiet]",
                           summary: """
                               No inert lever: perturbs every numeric and true/false field of each scenario in turn and
                               runs it short (3 + 2 years, 2 replications, one common seed, so an unchanged configuration
                               gives identical outputs) against the unperturbed run. Numbers are halved and doubled within
                               their allowed range (a zero is set to 1% of the range's top instead; "unlimited" stays),
                               integers move by at least 1, flags toggle, random durations scale whole (mean halved and
                               doubled), lists scale element by element, relative weights move halfway to equal and have
                               the largest doubled. A field is inert when no perturbation changes any output (every
                               summary measure to the last digit, the monthly series). Prints per field: path, value,
                               values tried, inert yes/no, and the output that changed or the reason it legitimately
                               changes nothing (the list 'wijksim validate' warns about). Several files are one check:
                               the first is probed in full, later ones only for the fields not yet seen live and those
                               said to be inert there for a reason not yet confirmed; a field inert in one file but live
                               in another acts where it applies. A field inert in every file with no known reason is
                               tried again on longer runs (--confirm, default 10 + 5 years: some waiting lists form only
                               once the city has filled). Exits with 1 when a field is still inert with no known reason,
                               or a field said to be inert changes an output.
                               """, options: options))
            return 0
        }
        let args = try parse(arguments, command: "levers", options: options)
        guard !args.positionals.isEmpty else {
            throw UsageError(description: "'levers' needs one or more scenario files, e.g. 'wijksim levers Scenarios/default-city.json5'.")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let settings = LeverSettings(warmupYears: try args.double("years-warmup", default: 3, positive: false),
                                     measureYears: try args.double("years", default: 2, positive: true),
                                     replications: try args.integer("replications", default: 2, range: 1...1_000),
                                     seed: try args.seed(),
                                     threads: try args.integer("threads", default: cores, range: 1...4_096),
                                     only: args.all("field").isEmpty ? nil : Set(args.all("field")))
        guard settings.warmupYears >= 0, settings.warmupYears <= 100 else {
            throw UsageError(description: "--years-warmup must lie in 0...100, not \(formatYears(settings.warmupYears)).")
        }
        guard settings.measureYears <= 200 else {
            throw UsageError(description: "--years must lie in 0...200, not \(formatYears(settings.measureYears)).")
        }
        var confirm: LeverSettings? = nil
        let confirmText = try args.string("confirm", default: "10+5")
        if confirmText != "0" {
            let parts = confirmText.split(separator: "+").map { Double($0) }
            guard parts.count == 2, let w = parts[0], let m = parts[1], w >= 0, w <= 100, m > 0, m <= 200 else {
                throw UsageError(description: "--confirm takes WARMUP+MEASURED years such as 10+5, or 0 for none; not '\(confirmText)'.")
            }
            confirm = settings
            confirm!.warmupYears = w
            confirm!.measureYears = m
            confirm!.replications = 1   // a long run has many more events than a short one
        }
        let scenarios = try ScenarioCommands.loadAll(args.positionals)
        let quiet = args.has("quiet")
        let started = Date()
        let reports: [LeverReport]
        do { reports = try LeverProbe.probeAll(scenarios, settings: settings, everyFile: args.has("every-file"), confirm: confirm) } catch {
            for issue in error.issues { printError(issue.description) }
            throw InvalidInput()
        }
        if let only = settings.only {
            let unknown = only.subtracting(reports.flatMap { $0.results.map(\.path) }).sorted()
            if !unknown.isEmpty {
                throw UsageError(description: "--field: no numeric or true/false field \(unknown.joined(separator: ", ")) in the files given; 'wijksim fields' lists every field.")
            }
        }
        var problems: [String] = []
        var unexplained: [String: [LeverReport]] = [:], order: [String] = []
        for report in reports {
            print(lines(report, quiet: quiet).joined(separator: "\n"))
            for r in report.problems {
                if r.isUnexplained {
                    if unexplained[r.path] == nil { order.append(r.path) }
                    unexplained[r.path, default: []].append(report)
                } else {
                    problems.append("\(report.file): \(r.path) is said to change nothing (\(r.explanation!.reason)) but changed \(r.changed!) "
                                    + "(tried \(triedText(r))): the explanation, and validate's warning, are wrong. Fix its rule in "
                                    + "Sources/ScenarioKit/InertFields.swift.")
                }
            }
        }
        for path in order {
            let files = unexplained[path]!.map(\.file)
            let r = unexplained[path]![0].results.first { $0.path == path }!
            let where_ = files.count == 1 ? files[0] : "any of \(files.count) files (\(files.joined(separator: ", ")))"
            problems.append("\(path) changes no output in \(where_) (tried \(triedText(r))"
                            + (confirm.map { ", also over \(formatYears($0.warmupYears)) + \(formatYears($0.measureYears)) years" } ?? "")
                            + ") and no reason is known: the lever does nothing. "
                            + "Make the model use it or remove the field; if it acts only in some designs, check it together with one of them "
                            + "(wijksim levers \(files[0]) DESIGN.json5) or with longer runs (--confirm); if it rightly does nothing there, "
                            + "add the reason to Sources/ScenarioKit/InertFields.swift (validate then warns about it).")
        }
        let total = Date().timeIntervalSince(started), runs = reports.reduce(0) { $0 + $1.runs + $1.confirmRuns }
        print("levers: \(reports.count) file\(reports.count == 1 ? "" : "s"), \(runs) runs in \(String(format: "%.1f", total)) s: "
              + (problems.isEmpty ? "no inert lever without a reason" : "\(problems.count) problem\(problems.count == 1 ? "" : "s")"))
        for p in problems { printError(p) }
        return problems.isEmpty ? 0 : 1
    }

    static func triedText(_ r: LeverResult) -> String {
        let tried = r.tried.isEmpty ? "nothing" : r.tried.joined(separator: ", ")
        return r.refused.isEmpty ? tried : tried + "; refused by validation: " + r.refused.joined(separator: ", ")
    }

    static func formatYears(_ y: Double) -> String { y == y.rounded() ? String(Int(y)) : String(y) }

    /// The report of one scenario: a header, a line per field, a summary.
    static func lines(_ report: LeverReport, quiet: Bool) -> [String] {
        let s = report.settings
        var out = ["\(report.file): scenario '\(report.scenario)', \(report.results.count) fields; short runs of "
                   + "\(formatYears(s.warmupYears)) + \(formatYears(s.measureYears)) years × \(s.replications) replications, seed \(s.seed); "
                   + "\(report.runs) runs in \(String(format: "%.1f", report.seconds)) s"]
        let shown = report.results.filter { quiet ? $0.isProblem || $0.isInert && $0.actsIn != nil : $0.skipped == nil }
        let pathWidth = min(56, (shown.map(\.path.count).max() ?? 10) + 2)
        func pad(_ t: String, _ w: Int) -> String { t.count >= w ? t + " " : t.padding(toLength: w, withPad: " ", startingAt: 0) }
        if !shown.isEmpty {
            out.append("  " + pad("field", pathWidth) + pad("value → tried", 44) + "inert  output changed / reason")
        }
        for r in shown {
            let tried = r.value + " → " + triedText(r)
            let verdict: String
            if r.isUnexplained { verdict = "YES    NO REASON KNOWN: the lever does nothing" }
            else if r.isWronglyExplained { verdict = "no     \(r.changed!) — yet listed as inert (\(r.explanation!.reason))" }
            else if r.isInert, let e = r.explanation { verdict = "yes    \(e.reason)" }
            else if r.isInert, let other = r.actsIn { verdict = "yes    here (no output changed); it acts in \(other)" }
            else { verdict = "no     \(r.changed!)" }
            out.append("  " + pad(r.path, pathWidth) + pad(tried, 44) + verdict)
        }
        let count = { (test: (LeverResult) -> Bool) in report.results.filter(test).count }
        let skipped = count { $0.skipped != nil }
        out.append("  summary: \(count { $0.changed != nil }) live, \(count { $0.isInert && $0.explanation != nil }) inert with a reason, "
                   + "\(count { $0.isInert && $0.explanation == nil && $0.actsIn != nil }) inert here but acting in another file, "
                   + "\(count(\.isUnexplained)) inert with no reason, \(count(\.isWronglyExplained)) said inert but live"
                   + (skipped > 0 ? "; \(skipped) not probed again (live, or inert for the same reason, in an earlier file)" : ""))
        return out
    }
}
