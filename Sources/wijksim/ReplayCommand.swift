// `wijksim replay A.json5 [B.json5] [--seed S] [--households N | --neighbourhood SHARE] [--years Y]
// [--lang nl|en] [--out FILE.html]`: one replication of a neighbourhood as a moving picture, for
// the classroom; with two scenarios, the same households in both designs side by side.

import Foundation
import Experiments
import Reporting
import SimCore
import SocialDomain
import Synchronization

enum ReplayCommand {
    static let usage = "wijksim replay A.json5 [B.json5] [--seed S] [--households N | --neighbourhood SHARE] [--years Y] [--lang nl|en] [--out FILE.html] [--force]"

    /// Households present in the default neighbourhood.
    static let defaultHouseholds = 1_500

    static let options = [
        OptionSpec(name: "seed", valueName: "S", help: "Random seed (default 1); the replay is replication 0 of a run with this seed."),
        OptionSpec(name: "households", valueName: "N", help: "Size of the neighbourhood: about N of the city's households present at the start (default \(defaultHouseholds); 50 to 5000)."),
        OptionSpec(name: "neighbourhood", valueName: "SHARE", help: "Size of the neighbourhood as a share of the city's households, e.g. 0.1 (instead of --households)."),
        OptionSpec(name: "years", valueName: "Y", help: "Years to replay after the scenario's warm-up (default 15; 1 to 30)."),
        languageOption,
        OptionSpec(name: "out", valueName: "FILE.html", help: "Where to write the page (default replay.html). An existing file is replaced only with --force."),
        OptionSpec(name: "force", valueName: nil, help: "Replace an existing --out file."),
    ]

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(helpText(usage: usage, summary: """
                Replays one replication of the city as a self-contained HTML page for the classroom: every household of a
                neighbourhood a dot that moves between zones (at home, asking, own strength first, waiting for the wijkteam, with the wijkteam,
                family coaching, waiting for a specialist, in treatment, in crisis, at work, left) as the model moves it. Play,
                pause, speed and scrub; live counts, waiting lists, costs per payer and crises; click a dot for its story so far.
                With two scenarios both run on the same random streams: the same households arrive with the same luck, side by
                side on one clock, and a clicked family's two stories show where their paths part.
                The neighbourhood is a sample of the city's own households (by arrival number, the same in both designs): the
                city runs whole, as 'wijksim run' runs it, so every dot meets the city's waiting lists and staff.
                """, options: options))
            return 0
        }
        let args = try parse(arguments, command: "replay", options: options)
        let language = try parseLanguage(args)
        let seed = try args.seed()
        guard (1...2).contains(args.positionals.count) else {
            throw UsageError(description: "'replay' needs one or two scenario files, e.g. 'wijksim replay wijksim:default-city wijksim:burgerkracht'.")
        }
        if args.last("households") != nil && args.last("neighbourhood") != nil {
            throw UsageError(description: "give either --households N or --neighbourhood SHARE, not both.")
        }
        var households: Int?
        if let text = args.last("households") {
            guard let n = Int(text), (50...5_000).contains(n) else {
                throw UsageError(description: "--households takes a whole number of households from 50 to 5000, not '\(text)' (a browser draws up to a few thousand dots smoothly; for a whole city use 'wijksim run').")
            }
            households = n
        }
        var share: Double?
        if let text = args.last("neighbourhood") {
            guard let x = Double(text.replacingOccurrences(of: ",", with: ".")), x > 0, x <= 1 else {
                throw UsageError(description: "--neighbourhood takes a share of the city above 0 and at most 1, e.g. 0.1, not '\(text)'.")
            }
            share = x
        }
        var years = 15.0
        if let text = args.last("years") {
            guard let y = Double(text), y >= 1, y <= 30 else {
                throw UsageError(description: "--years takes a number of years from 1 to 30, not '\(text)'.")
            }
            years = y
        }
        let out = args.last("out") ?? "replay.html"
        guard out.lowercased().hasSuffix(".html") || out.lowercased().hasSuffix(".htm") else {
            throw UsageError(description: "--out names the HTML file to write, e.g. --out replay.html, not '\(out)'.")
        }
        if FileManager.default.fileExists(atPath: out) && !args.has("force") {
            throw UsageError(description: "\(out) already exists; add --force to replace it, or choose another --out.")
        }
        let scenarios = try ScenarioCommands.loadAll(args.positionals)
        for scenario in scenarios { try ExperimentCommands.refuseIfTooLarge(scenario, command: "replay") }
        let configs = scenarios.map { scenario in
            var config = scenario.config
            config.measureWeeks = years * 52
            return config
        }
        // The share followed: given, or the one that brings about N households at the start (a pilot
        // run of the first scenario's warm-up counts the city's households then).
        let chosen: Double
        if let share {
            chosen = share
        } else {
            let target = Double(households ?? defaultHouseholds)
            var pilot = configs[0]
            pilot.measureWeeks = 0
            let present = CityModel.replicate(pilot, key: StreamKey(seed: seed)).householdsPresentAtEnd
            chosen = min(1, target / Double(max(1, present)))
        }
        // Both scenarios at once (one core each).
        let slots = Mutex<[ReplayRun?]>(Array(repeating: nil, count: scenarios.count))
        DispatchQueue.concurrentPerform(iterations: scenarios.count) { k in
            let run = ReplayRun(name: scenarios[k].name, config: configs[k], seed: seed, share: chosen)
            slots.withLock { $0[k] = run }
        }
        let runs = slots.withLock { $0.map { $0! } }
        for (run, scenario) in zip(runs, scenarios) {
            if let reason = run.result.limitReached {
                printError("wijksim replay: \(scenario.file): the replication stopped at a safety limit: \(reason). The scenario's rates make the system explode; no replay written.")
                return 3
            }
            if run.trace.truncated {
                printError("wijksim replay: \(scenario.file): more than \(run.trace.maxRecords) steps to keep for the stories (the neighbourhood is too large or its events explode); no replay written. Try a smaller --households.")
                return 3
            }
        }
        let replay = Replay(runs: runs, language: language, seed: seed)
        let html = replay.html()
        do {
            try RunDirectory.writeAtomically(html, to: out)
        } catch {
            printError("wijksim replay: \(error.description)")
            return 3
        }
        let followed = runs.map { $0.zones.initial.count }
        let moves = runs.map { $0.zones.changes.count }
        print("wrote \(out) (\(formatBytes(html.utf8.count))): \(runs.map(\.name).joined(separator: " and ")), seed \(seed), "
            + "\(String(format: "%g", years)) years after the warm-up; a neighbourhood of \(followed.map(String.init).joined(separator: " and ")) "
            + "households at the start (\(String(format: "%.1f", chosen * 100))% of the city's \(replay.cityHouseholds)), \(moves.map(String.init).joined(separator: " and ")) moves.")
        return 0
    }

    static func formatBytes(_ n: Int) -> String {
        n >= 1_000_000 ? "\(String(format: "%.1f", Double(n) / 1e6)) MB" : "\(String(format: "%.0f", Double(n) / 1e3)) kB"
    }
}
