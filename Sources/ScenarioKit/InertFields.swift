// The fields of a scenario that legitimately change nothing, and why: a lever that does nothing in
// this configuration (handovers when no design hands over, an approval delay when every team has a
// mandate …), a field that never enters the simulation (price_year), or a value that halving and
// doubling cannot move ("unlimited"). `wijksim validate` warns about the first kind; `wijksim
// levers` (Experiments/LeverProbe.swift) accepts exactly these fields as inert, and fails when a
// field listed here does change an output (the explanation would be wrong). The rules follow the
// model's routing in SocialDomain (CityModel+Paths, +Services, +Dynamics, +Arrivals): keep them in
// step with it.

import SimCore
import SocialDomain

/// A field that changes no output of a scenario, and why.
public struct InertField: Sendable, Equatable {
    public var path: String
    public var reason: String
    /// Whether `validate` warns about it: false for fields that never enter the simulation by
    /// design and for values the probe cannot move; true for levers the configuration switches off.
    public var warn: Bool
    /// Inert whatever the configuration (never in the simulation by design): a check of several
    /// files verifies it once.
    public var byDesign: Bool

    public init(path: String, reason: String, warn: Bool = true, byDesign: Bool = false) {
        self.path = path; self.reason = reason; self.warn = warn; self.byDesign = byDesign
    }
}

public enum InertFields {
    /// The fields of a loaded scenario that legitimately change nothing.
    public static func list(_ scenario: Scenario) -> [InertField] {
        list(config: scenario.config, fields: ScenarioLoader.fields(of: ScenarioLoader.statingCollections(scenario.tree)))
    }

    /// The fields among `fields` (as `ScenarioLoader.fields` reads them) that change nothing in `c`.
    public static func list(config c: ModelConfig, fields: [ScenarioField]) -> [InertField] {
        var out: [InertField] = []
        var listed: Set<String> = []
        let byPath = Dictionary(fields.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        func mark(_ path: String, _ reason: String, warn: Bool = true, byDesign: Bool = false) {
            guard let f = byPath[path], listed.insert(path).inserted else { return }
            // Warn only about what the file (or a file it extends) states.
            out.append(InertField(path: path, reason: reason, warn: warn && f.node != nil, byDesign: byDesign))
        }

        // Never in the simulation, by design.
        mark("price_year", "labels the euros of the file; the simulation does not use it", warn: false, byDesign: true)
        for f in fields where f.path.hasSuffix(".new") && f.pattern.hasSuffix(".<name>.new") {
            mark(f.path, "checked when an extending file is loaded (a deliberately new entry); no effect on the model", warn: false, byDesign: true)
        }
        // Values halving and doubling cannot move.
        for f in fields {
            if case .number(let x, _, _) = f.value, x.isInfinite {
                mark(f.path, "unlimited: half or double of unlimited is unlimited", warn: false)
            }
        }
        configurationRules(c, fields) { mark($0, $1, warn: $2) }
        return out
    }

    /// Levers the configuration switches off, following the model's routing.
    static func configurationRules(_ stated: ModelConfig, _ fields: [ScenarioField], _ note: (String, String, Bool) -> Void) {
        // The configuration the model runs (path.mandate applied to the teams).
        let c = stated.withMandateLever
        func mark(_ path: String, _ reason: String, _ warn: Bool = true) { note(path, reason, warn) }
        let first = c.firstLineTeam, intensive = c.intensiveTeam
        let firstName = first.map { c.teams[$0].name } ?? ""
        let staffed = c.teams.filter { $0.slots > 0 }
        let noTeam = "no team has workers: households go straight to the services"
        let noFirst = "no first-line team with workers (the services' front desks take the requests)"

        // Arrivals.
        if c.scriptedArrivals != nil {
            mark("arrivals_per_year", "scripted_arrivals replace the Poisson arrivals")
        }
        if c.profiles.count == 1 {
            mark("profiles.\(c.profiles[0].name).share", "the only profile: shares are relative")
        }
        if c.profiles.allSatisfy({ $0.problemDomainWeights != nil || $0.problemCounts.allSatisfy { $0 == 0 } }) {
            mark("problem_domain_weights", "every profile has its own problem_domain_weights (or no problems at arrival)")
        }
        if !c.profiles.contains(where: { $0.benefitProbability > 0 }) {
            mark("ladder_rung_weights", "no profile arrives on benefit (benefit_probability 0)")
        }
        for p in c.profiles {
            let at = "profiles.\(p.name)."
            if p.problemCounts.allSatisfy({ $0 == 0 }) {
                for key in ["problem_domain_weights", "starts_in_crisis"] {
                    mark(at + key, "no problem domains at arrival (problem_counts [0])")
                }
            }
            if p.problemCountWeights.count == 1 {
                mark(at + "problem_count_weights", "a single weight: there is nothing to choose between", false)
            }
            if staffed.isEmpty {
                mark(at + "hours_needed_per_week", "\(noTeam) (hours are a team's measure of intensity)")
            }
            if p.neverAsksProbability == 1 && (first == nil || c.path.access.nearbyTeamAsks == 0) {
                mark(at + "help_seeking_delay", "never_asks_probability 1: no household of this profile asks")
            }
        }

        // Crises.
        let crisisKeys = fields.filter { $0.pattern == "crises.<name>.probability" }.map { $0.path.split(separator: ".")[1] }
        for (key, t) in zip(crisisKeys, c.crises) {
            let at = "crises.\(key)."
            if t.probability == 0 {
                for field in ["cost_per_event", "cost_per_time", "duration"] { mark(at + field, "probability 0: the event never happens") }
            }
            if case .constant(0) = t.duration { mark(at + "cost_per_time", "the crisis lasts 0 (duration \"0w\"): nothing accrues per time") }
            if t.costPerWeek == 0 { mark(at + "duration", "the duration only prices cost_per_time, which is 0") }
        }

        // Teams.
        for t in c.teams where t.workers == 0 {
            for f in fields where f.path.hasPrefix("teams.\(t.name).") && f.path != "teams.\(t.name).workers" {
                mark(f.path, "the team has 0 workers (switched off)")
            }
        }
        if c.path.mandate != .perTeam {
            for t in c.teams { mark("teams.\(t.name).mandate", "path.mandate is \"\(c.path.mandate.rawValue)\": it sets every team's mandate") }
        }
        for t in staffed where c.path.approvalDelayWeeks == 0 && t.role != .coordinator {
            mark("teams.\(t.name).mandate", "approval_delay is 0, so approval never waits, and the team is no coordinator")
        }

        // Services.
        for s in c.services where s.levelsGainedAtCompletion == 0 {
            mark("services.\(s.name).completion_success", "no levels are gained at completion (levels_gained_at_completion 0), so success changes nothing")
        }

        // Work.
        if c.work.consultants == 0 {
            for key in ["caseload_limit", "support_effect", "ladder_up_with_support", "cost_per_fte_year", "in_team"] {
                mark("work." + key, "no consultants (work.consultants 0)")
            }
        }

        // Dynamics.
        if staffed.isEmpty {
            for key in ["trust_gain", "first_line_damping", "first_line_effect", "expertise_match_outside", "coordinated_penalty", "consultation_hours"] {
                mark("dynamics." + key, noTeam)
            }
        }
        if !staffed.contains(where: { $0.role == .coordinator && $0.mandate }) {
            mark("dynamics.coordinated_penalty", "no team is a coordinator with a mandate (role \"coordinator\" and mandate true), so no one holds the plan")
        } else if staffed.allSatisfy({ $0.role == .coordinator && $0.mandate }) {
            mark("dynamics.consultation_hours", "every team is a coordinator with a mandate: no one spends hours aligning")
        }
        if staffed.allSatisfy({ $0.expertise.rawValue == DomainSet(Domain.allCases).rawValue }) {
            mark("dynamics.expertise_match_outside", "every team has every domain as expertise")
        }
        if c.dynamics.passivityAfterWeeks.isInfinite {
            for key in ["passivity", "network_wear"] { mark("dynamics." + key, "passivity_after is unlimited: no household grows passive") }
        } else if c.dynamics.passivity == 0 && c.dynamics.networkWearPerWeek == 0 {
            mark("dynamics.passivity_after", "passivity and network_wear are 0: growing passive changes nothing")
        }
        let anyDropout = c.path.teamDropoutPerWeek > 0 && !staffed.isEmpty || c.services.contains { $0.dropoutPerWeek > 0 }
        if !anyDropout {
            for key in ["dynamics.fragile_trust_below", "dynamics.fragile_dropout_factor", "path.dropout_trust_loss", "path.ask_again_after_dropout"] {
                mark(key, "no one gives up waiting (team_dropout and every service's dropout are 0)")
            }
        }

        // The path.
        let path = c.path
        if staffed.isEmpty {
            for key in ["referral_threshold", "refer_after_no_progress", "review_interval", "team_dropout"] { mark("path." + key, noTeam) }
        }
        if first == nil {
            for key in ["intake", "own_strength_trial", "own_strength_suffices_at_problems", "own_strength_network_gain",
                        "refer_on_crisis", "scale_down_at_problems", "return_to_first_line_after_treatment", "bridging_support",
                        "intensive_on_crisis", "access.nearby_team_asks"] {
                mark("path." + key, noFirst)
            }
        } else {
            mark("path.access.front_desk_acceptance", "a first-line team (\(firstName)) takes the requests; services' own front desks only act without one")
            if intensive == nil {
                for key in ["scale_down_at_problems", "bridging_support", "intensive_on_crisis", "refer_on_crisis"] {
                    mark("path." + key, "no intensive team with workers")
                }
                if c.teams[first!].role == .coordinator && path.ownStrengthTrialWeeks == 0 {
                    mark("path.referral_threshold", "the first-line team is a coordinator that keeps complex households, there is no intensive "
                         + "team to send them to and no own-strength trial to spare them from")
                }
            }
        }
        if path.ownStrengthTrialWeeks == 0 {
            for key in ["own_strength_suffices_at_problems", "own_strength_network_gain"] { mark("path." + key, "no own-strength trial (own_strength_trial 0)") }
        }
        if !path.intensiveOnCrisis { mark("path.refer_on_crisis", "matters only with intensive_on_crisis (then an acute domain at intake also goes to the intensive team); a crisis refers to its service whatever the design") }
        if !path.referOnCrisis { mark("path.intensive_on_crisis", "matters only with refer_on_crisis") }
        if first != nil && staffed.allSatisfy(\.mandate) {
            mark("path.approval_delay", "every team has a mandate: nothing waits for approval")
        }
        // Handovers (CityModel+Paths handOver, handOverToSecondLine; +Services afterSecondLineChange).
        let betweenTeams = first != nil && intensive != nil && (!path.bridgingSupport || path.scaleDownAtProblems >= 0)
        let toSecondLine = staffed.contains { $0.maxWeeks.isFinite } || first != nil && intensive == nil && c.teams[first!].role == .intermediary
        let backToFirst = first != nil && path.returnToFirstLineAfterTreatment
        let anyHandover = betweenTeams || toSecondLine || backToFirst
        let noTeamHandover = first == nil || intensive == nil ? "no handover between teams (not both a first-line and an intensive team with workers)"
            : "no handover between teams: households reach the intensive team by bridging (bridging_support) and none scale down (scale_down_at_problems −1)"
        if !betweenTeams {
            for key in ["delay", "warm_delay"] { mark("path.handover." + key, noTeamHandover) }
        }
        if !anyHandover {
            for key in ["trust_loss", "warm_trust_loss"] { mark("path.handover." + key, staffed.isEmpty ? noTeam : "no handovers in this design") }
            if first != nil { mark("path.handover.reassessment", "no handovers in this design") }
            if first != nil { mark("path.handover.warm", "no handovers in this design") }
        }
        if path.handover.warm {
            for key in ["delay", "trust_loss", "reassessment"] { mark("path.handover." + key, "handovers are warm (handover.warm): the warm_ values apply") }
        } else {
            for key in ["warm_delay", "warm_trust_loss"] { mark("path.handover." + key, "handovers are cold (handover.warm false): delay, trust_loss and reassessment apply") }
        }
    }

    /// The warnings `validate` prints: one line per reason, naming its fields.
    public static func warnings(_ inert: [InertField]) -> [String] {
        var reasons: [String] = []
        var paths: [String: [String]] = [:]
        for f in inert where f.warn {
            if paths[f.reason] == nil { reasons.append(f.reason) }
            paths[f.reason, default: []].append(f.path)
        }
        return reasons.map { "\(paths[$0]!.joined(separator: ", ")): changes nothing here: \($0)" }
    }
}
