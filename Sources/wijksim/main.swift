// The `wijksim` command: parse, call, print, exit codes (CONTRACT.md). Thin by design.

import Foundation
import SimCore
import ScenarioKit
import Experiments
import Reporting

let version = "0.1.0"

let mainHelp = """
    wijksim \(version): a discrete-event simulator of social neighbourhood teams (sociale wijkteams).

    USAGE: wijksim <command> [options]

    COMMANDS:
      run           Run scenario files with replications on all cores; write a run directory.
      sweep         Run a scenario over a grid of values of one or more fields.
      paradox       Sweep the own-strength trial: does first-line cost fall while total cost rises?
      merge         Combine the parts of a sharded run.
      calibrate     History matching of a scenario to a targets file: the non-implausible parameter set.
      explore       Every design in many plausible worlds: probability of being best, regret, where each wins.
      sensitivity   Sobol or Morris indices of a measure over a parameters file (or of the Ishigami test function).
      explain       Attribute the difference between two scenarios to the fields they differ in (Shapley values).
      trace         Tell the life of one household as a dated story (--pick escalated|work|typical).
      replay        A neighbourhood as a moving picture for the classroom (HTML); two designs side by side.
      validate      Check scenario files; one line per problem, exit code 1 if any.
      fields        Print the reference of every scenario field.
      scenarios     List the built-in scenarios (extends: "wijksim:NAME"), or print one to start a file from.
      levers        Check that every numeric and true/false field changes an output (no inert lever).
      bench mmc     Benchmark and validate the engine on an M/M/c waiting list.
      bench hold    Benchmark the future event set with the hold model.
      bench city    Benchmark one replication of the default city.

    OPTIONS:
      --help        Show help; 'wijksim <command> --help' shows a command's options.
      --version     Show the version.

    EXIT CODES: 0 success, 1 invalid input, 2 wrong usage, 3 run failed or interrupted.
    """

let commands = ["run", "sweep", "paradox", "merge", "calibrate", "explore", "sensitivity", "explain", "trace", "replay", "validate", "fields", "scenarios", "levers", "bench"]

/// Words a user may reach for that are not commands, with the command that does the job.
let commandSynonyms: [String: String] = [
    "compare": "'run A B' (compares every scenario with the first, with paired CIs) or 'explain A B' (why they differ)",
    "diff": "'validate FILE' (what a file changes against the file it extends) or 'explain A B'",
    "simulate": "'run'", "start": "'run'", "execute": "'run'",
    "check": "'validate'", "lint": "'validate'",
    "animate": "'replay'", "animation": "'replay'", "watch": "'replay'",
    "story": "'trace'", "list": "'scenarios'", "show": "'scenarios NAME'", "calibration": "'calibrate'",
]

func runMain(_ arguments: [String]) -> Int32 {
    guard let command = arguments.first else {
        FileHandle.standardError.write(Data("wijksim: no command given. Try 'wijksim --help'.\n".utf8))
        return 2
    }
    do {
        switch command {
        case "--help", "-h", "help":
            print(mainHelp)
            return 0
        case "--version":
            print("wijksim \(version) (commit \(RunDirectory.build.commit); built with \(RunDirectory.build.compiler))")
            return 0
        case "run":
            return try ExperimentCommands.run(Array(arguments.dropFirst()), kind: .run)
        case "sweep":
            return try ExperimentCommands.run(Array(arguments.dropFirst()), kind: .sweep)
        case "paradox":
            return try ExperimentCommands.run(Array(arguments.dropFirst()), kind: .paradox)
        case "merge":
            return try ExperimentCommands.merge(Array(arguments.dropFirst()))
        case "trace":
            return try TraceCommand.run(Array(arguments.dropFirst()))
        case "replay":
            return try ReplayCommand.run(Array(arguments.dropFirst()))
        case "validate":
            return try ScenarioCommands.validate(Array(arguments.dropFirst()))
        case "fields":
            return try ScenarioCommands.fields(Array(arguments.dropFirst()))
        case "scenarios":
            return try ScenarioCommands.builtIn(Array(arguments.dropFirst()))
        case "levers":
            return try LeverCommand.run(Array(arguments.dropFirst()))
        case "calibrate":
            return try CalibrateCommand.run(Array(arguments.dropFirst()))
        case "explore":
            return try ExploreCommand.run(Array(arguments.dropFirst()))
        case "sensitivity":
            return try SensitivityCommand.run(Array(arguments.dropFirst()))
        case "explain":
            return try ExplainCommand.run(Array(arguments.dropFirst()))
        case "bench":
            return try BenchCommand.run(Array(arguments.dropFirst()))
        default:
            var message = "unknown command '\(command)'."
            if let synonym = commandSynonyms[command.lowercased()] {
                message += " Did you mean \(synonym)?"
            } else if let near = closestMatch(to: command.trimmingCharacters(in: CharacterSet(charactersIn: "-")), among: commands + ["help", "version"]) {
                message += " Did you mean '\(near == "version" ? "--version" : near)'?"
            }
            throw UsageError(description: message + " Try 'wijksim --help'.")
        }
    } catch is InvalidInput {
        return 1
    } catch let error as UsageError {
        FileHandle.standardError.write(Data("wijksim: \(error.description)\n".utf8))
        return 2
    } catch {
        FileHandle.standardError.write(Data("wijksim: \(error)\n".utf8))
        return 3
    }
}

// The tests' build has the invariant checks compiled in; CI runs its scenario checks on that binary
// at full speed (SimCore's invariantChecksEnabled).
if ProcessInfo.processInfo.environment["WIJKSIM_SKIP_CHECKS"] == "1" { invariantChecksEnabled = false }
var status = runMain(Array(CommandLine.arguments.dropFirst()))
// Output that could not be written (a full disk, a closed pipe, /dev/full) is a failed run, not a success.
if let error = standardOutputFailure.withLock({ $0 }) {
    // A reader that stopped reading (`| head`) wanted no more: no message for a closed pipe.
    if error != EPIPE { FileHandle.standardError.write(Data("wijksim: cannot write to standard output (\(String(cString: strerror(error)))); what it printed is incomplete\n".utf8)) }
    status = 3
}
exit(status)
