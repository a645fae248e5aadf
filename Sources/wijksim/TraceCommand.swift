// `wijksim trace FILE --household N | --pick escalated|work|typical [--seed S] [--format md|html|json] [--lang nl|en]`:
// the life of one household as a dated story, for the classroom. Also the --lang option shared by
// run, sweep, paradox and merge.

import Experiments
import Reporting
import Foundation
import SimCore
import SocialDomain

let languageOption = OptionSpec(name: "lang", valueName: "nl|en",
                                help: "Language of report.html and of stories: en (default) or nl (Dutch, the social domain's own words).")

func parseLanguage(_ args: ParsedArguments) throws -> Language {
    guard let text = args.last("lang") else { return .en }
    guard let language = Language(rawValue: text.lowercased()) else {
        throw UsageError(description: "--lang takes nl or en, not '\(text)'.")
    }
    return language
}

enum TraceCommand {
    static let usage = "wijksim trace FILE --household N | --pick escalated|work|typical [--seed S] [--format md|html|json] [--lang nl|en]"

    static let options = [
        OptionSpec(name: "household", valueName: "N", help: "The household to follow, by arrival number (0 is the first to arrive)."),
        OptionSpec(name: "pick", valueName: "KIND", help: "Find an example: escalated (a crisis after the signal), work (found paid work) or typical (a closed case with the median cost)."),
        OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1); the story is replication 0 of a run with this seed."),
        OptionSpec(name: "format", valueName: "md|html|json", help: "Markdown (default), a self-contained HTML page, or JSON (one object per step)."),
        languageOption,
    ]

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: usage, summary: """
                Runs one replication of the scenario and tells the life of one household as a dated story: signal, intake,
                life-domain levels, referrals, waits, crises, work and closure, with the reason for each step, the cost it
                caused and, at the end, the total cost and who paid it. Prints to stdout.
                """, options: options))
            return 0
        }
        let args = try parse(arguments, command: "trace", options: options)
        let language = try parseLanguage(args)
        let seed = try args.seed()
        let format = args.last("format") ?? "md"
        guard ["md", "html", "json"].contains(format) else {
            throw UsageError(description: "--format takes md, html or json, not '\(format)'.")
        }
        guard args.positionals.count == 1 else {
            throw UsageError(description: "'trace' needs one scenario file, e.g. 'wijksim trace Scenarios/default-city.json5 --pick escalated'.")
        }
        var pick: StoryPick?
        var household: UInt64?
        if let text = args.last("pick") {
            guard let p = StoryPick(rawValue: text) else {
                throw UsageError(description: "--pick takes escalated, work or typical, not '\(text)'.")
            }
            pick = p
        }
        if let text = args.last("household") {
            guard let n = UInt64(text) else {
                throw UsageError(description: "--household takes a household's arrival number (0, 1, 2 …), not '\(text)'.")
            }
            household = n
        }
        guard (pick == nil) != (household == nil) else {
            throw UsageError(description: "'trace' needs either --household N or --pick escalated|work|typical (not both).")
        }
        let scenario = try ScenarioCommands.loadAll(args.positionals)[0]
        try ExperimentCommands.refuseIfTooLarge(scenario, command: "trace")
        let recorder = TraceRecorder(households: household.map { [$0] })
        let result = CityModel.replicate(scenario.config, key: StreamKey(seed: seed), trace: recorder)
        if let reason = result.limitReached {
            printError("wijksim trace: \(scenario.file): the replication stopped at a safety limit: \(reason). The scenario's rates make the system explode; no story written.")
            return 3
        }
        if recorder.truncated {
            printError("wijksim trace: \(scenario.file): more than \(recorder.maxRecords) steps to keep for every household's story (the scenario is very large or its events explode); no story written. Trace one household with --household N.")
            return 3
        }
        if let pick {
            guard let found = pick.pick(entries: recorder.entries, charges: recorder.charges) else {
                printError("wijksim trace: no household in \(scenario.file) with seed \(seed) fits --pick \(pick.rawValue); try another seed.")
                return 1
            }
            household = found
        }
        let n = household!
        guard n < UInt64(result.householdsArrived) else {
            printError("wijksim trace: household \(n) never arrived in \(scenario.file) with seed \(seed); households 0 to \(result.householdsArrived - 1) did.")
            return 1
        }
        let story = HouseholdStory(household: n, entries: recorder.entries, charges: recorder.charges)
        switch format {
        case "html": print(story.html(language, scenario: scenario.name, seed: seed, picked: pick?.rawValue), terminator: "")
        case "json": print(story.json(language), terminator: "")
        default: print(story.markdown(language, scenario: scenario.name, seed: seed, picked: pick?.rawValue), terminator: "")
        }
        return 0
    }
}
