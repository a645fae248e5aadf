// The `wijksim` command: parse, call, print, exit codes (CONTRACT.md). Thin by design.

import Foundation
import ScenarioKit

let version = "0.1.0"

let mainHelp = """
    wijksim \(version): a discrete-event simulator of social neighbourhood teams (sociale wijkteams).

    USAGE: wijksim <command> [options]

    COMMANDS:
      run           Run replications of a scenario file; print each measure with its 95% CI.
      validate      Check scenario files; one line per problem, exit code 1 if any.
      fields        Print the reference of every scenario field.
      bench mmc     Benchmark and validate the engine on an M/M/c waiting list.
      bench hold    Benchmark the future event set with the hold model.
      bench city    Benchmark one replication of the default city.

    OPTIONS:
      --help        Show help; 'wijksim <command> --help' shows a command's options.
      --version     Show the version.

    EXIT CODES: 0 success, 1 invalid input, 2 wrong usage, 3 run failed or interrupted.
    """

let commands = ["run", "validate", "fields", "bench"]

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
            print("wijksim \(version)")
            return 0
        case "run":
            return try CityCommands.run(Array(arguments.dropFirst()))
        case "validate":
            return try ScenarioCommands.validate(Array(arguments.dropFirst()))
        case "fields":
            return try ScenarioCommands.fields(Array(arguments.dropFirst()))
        case "bench":
            return try BenchCommand.run(Array(arguments.dropFirst()))
        default:
            var message = "unknown command '\(command)'."
            if let near = closestMatch(to: command.trimmingCharacters(in: CharacterSet(charactersIn: "-")), among: commands + ["help", "version"]) {
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

exit(runMain(Array(CommandLine.arguments.dropFirst())))
