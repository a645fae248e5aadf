// The scenario schema: every field of a scenario file, its meaning, unit, default and range, read
// into a `ModelConfig`. Defaults are the built-in default city (Scenarios/default-city.json5 states
// them all with their sources); a new entry in a named collection starts from the first default entry.

import SimCore
import SocialDomain

enum ScenarioReader {
    static let domainNames = Domain.allCases.map(\.key).joined(separator: ", ")

    static func read(_ root: ObjectReader) -> ModelConfig {
        let base = ModelConfig.defaultCity
        var c = base
        _ = root.text("extends", default: "", "Another scenario file this one starts from, relative to this file. Objects merge field by field; lists and values replace; null removes an inherited entry.")
        c.name = root.text("name", default: "(file name)", "Name of the scenario in results. Not inherited: defaults to the file name without extension.")
        _ = root.text("description", default: "", "What the scenario represents, in a sentence or two. Not inherited.")
        c.priceYear = root.integer("price_year", default: base.priceYear, in: 2000...2100, "Price level year of every euro amount in the file.")
        c.inhabitants = root.integer("inhabitants", default: base.inhabitants, in: 1...100_000_000,
                                     "Inhabitants of the city (for referrals per 1,000 inhabitants).")
        c.arrivalsPerYear = root.number("arrivals_per_year", default: base.arrivalsPerYear, in: 0...1_000_000, unit: "households per year",
                                        "New households with problems per year (Poisson arrivals).")
        c.problemDomainWeights = root.perDomain("problem_domain_weights", default: base.problemDomainWeights, in: 0...1_000,
                                                "Relative chance that a domain is among a household's problem domains at arrival.")
        c.twoAdultsProbability = root.share("two_adults_probability", default: base.twoAdultsProbability, "Probability that a household has two adults (otherwise one).")
        c.childrenCountWeights = root.weights("children_count_weights", default: base.childrenCountWeights, count: 1...8,
                                              "Weights of 1, 2, 3, … children for households with children. The youngest child is the youngest of that many (each child's age uniform up to child_adult_age), so more children keep parenting in play longer.")
        c.ladderRungWeights = root.weights("ladder_rung_weights", default: base.ladderRungWeights, count: 5...5,
                                           "Weights of participation-ladder rungs 1–5 at arrival for households on benefit.")
        c.warmupWeeks = root.duration("warmup", default: base.warmupWeeks, in: 0...(52 * 100), "Simulated time before measuring starts.")
        c.measureWeeks = root.duration("measure", default: base.measureWeeks, in: 1...(52 * 200), "Simulated time measured after the warm-up.")
        c.scriptedArrivals = root.field("scripted_arrivals", default: base.scriptedArrivals, type: "list of durations", defaultText: "none",
                                        allowed: "a list of up to 10000 durations from the start, e.g. [\"0w\", \"3w\"]",
                                        meaning: "Fixed arrival times replacing the Poisson arrivals (teaching cases).",
                                        invalid: "[\"-2w\"]",
                                        render: { $0.map { "[" + $0.map { "\"\(Units.durationText($0))\"" }.joined(separator: ", ") + "]" } ?? "none" },
                                        bounds: 0...(52 * 300))
        { n -> Result<[Double]?, FieldProblem> in
            guard case .array(let items) = n.value, items.count <= 10_000 else { return .failure(.bad) }
            var out: [Double] = []
            for item in items {
                guard case .success(let w) = ObjectReader.parseDuration(item, range: 0...(52 * 300)) else { return .failure(.bad) }
                out.append(w)
            }
            return .success(out.sorted())
        }

        let profiles = root.collection("profiles", defaults: base.profiles.map { ($0.name, $0) }, template: base.profiles[0],
                                       "Household profiles (light, complex, crisis …): how problems start and how help is sought.") { r, name, p in
            profile(r, name, p, cityWeights: c.problemDomainWeights)
        }
        c.profiles = profiles.map(\.1)
        if !profiles.isEmpty && profiles.allSatisfy({ $0.1.share == 0 }), let n = root.take("profiles") {
            root.ctx.fail(n, root.childPath("profiles"), "every profile has share 0; allowed: at least one share above 0")
        }
        if profiles.isEmpty, let n = root.take("profiles") {
            root.ctx.fail(n, root.childPath("profiles"), "no profiles; allowed: at least one profile")
        }

        c.dynamics = dynamics(root.object("dynamics", "Problem dynamics: how domains worsen and improve (competing clocks; README, 'The model')."), base.dynamics)
        c.crises = root.collection("crises", defaults: crisisDefaults(base), template: base.crises[0],
                                   "Crisis types: what a fall to level 1 on a domain costs and who pays.") { r, name, t in
            crisis(r, name, t)
        }.map(\.1)
        c.teams = root.collection("teams", defaults: base.teams.map { ($0.name, $0) }, template: base.teams[0],
                                  "Teams of workers with caseloads: the wijkteam (first line) and intensive teams.") { r, name, t in
            team(r, name, t)
        }.map(\.1)
        c.services = root.collection("services", defaults: base.services.map { ($0.name, $0) }, template: base.services[0],
                                     "Second-line specialist services with waiting lists; at most one per domain.") { r, name, s in
            service(r, name, s)
        }.map(\.1)
        var seen: [Domain: String] = [:]
        for s in c.services where s.capacity == 0 && (c.arrivalsPerYear > 0 || c.scriptedArrivals?.isEmpty == false) {
            if let n = root.node?["services"]?[s.name]?["capacity"] ?? root.node?["services"]?[s.name] {
                root.ctx.fail(n, "services.\(s.name).capacity", "0 places while households arrive and are referred to it: they would wait for ever; "
                              + "allowed: at least 1, or remove the service (services: {\(s.name): null}) if the city has none")
            }
        }
        for s in c.services {
            if let other = seen[s.domain], let n = root.node?["services"]?[s.name]?["domain"] ?? root.node?["services"]?[s.name] {
                root.ctx.fail(n, "services.\(s.name).domain", "\(s.domain.key) is already treated by services.\(other): no household reaches this service, "
                              + "because every \(s.domain.key) referral goes to the first service for the domain; allowed: one service per domain. "
                              + "Change services.\(other) instead, give this service another domain (domain: \"…\"), or remove it (services: {\(s.name): null})")
            }
            seen[s.domain] = s.name
        }
        checkReachable(root, c)
        c.work = work(root.object("work", "Work and income: consultants, finding and losing paid work, benefits."), base.work)
        c.path = path(root.object("path", "The path: intake, triage, own strength, referral, scale-down, closure, outreach."), base.path)
        c.flows = flows(root.object("flows", "How households leave the city, bijstand and the model (moving, other exits from benefit, pension, children growing up)."), base.flows)
        return c
    }

    /// Entries that no household can reach are refused: the model would carry them (and pay a
    /// team's workers) without ever sending a household there, so every edit to them would silently
    /// do nothing. Found from the model's routing (SocialDomain): arrivals draw a profile in
    /// proportion to its share; households go only to the first team of each tier with places
    /// (`ModelConfig.firstLineTeam`, `intensiveTeam`), and reach the intensive team through the first
    /// line or, without one, straight from their signal at the referral threshold; each domain's referrals go to its first service (checked above). A team with
    /// workers: 0 is switched off on purpose and stays allowed.
    static func checkReachable(_ root: ObjectReader, _ c: ModelConfig) {
        let ctx = root.ctx
        if c.profiles.contains(where: { $0.share > 0 }) {
            for p in c.profiles where p.share == 0 {
                guard let n = root.node?["profiles"]?[p.name]?["share"] ?? root.node?["profiles"]?[p.name] else { continue }
                ctx.fail(n, "profiles.\(p.name).share", "share 0: no household arrives with this profile (arrivals are drawn in proportion "
                         + "to the shares), so nothing in it has any effect; allowed: a share above 0, or remove the profile (profiles: {\(p.name): null})")
            }
        }
        let first = c.firstLineTeam, intensive = c.intensiveTeam
        for (i, t) in c.teams.enumerated() where t.slots > 0 {
            let entry = root.node?["teams"]?[t.name]
            guard let n = entry?["tier"] ?? entry else { continue }
            let off = "set its workers: 0, or remove it (teams: {\(t.name): null})"
            if let f = first, t.tier == .first, i != f {
                let other = c.teams[f].name
                ctx.fail(n, "teams.\(t.name).tier", "a second first-line team: no household reaches it, because households go only to the first "
                         + "team of tier \"first\" with workers, teams.\(other); allowed: one first-line team. Change teams.\(other) instead, "
                         + (intensive == nil ? "make this team tier: \"intensive\", " : "") + off)
            } else if let m = intensive, t.tier == .intensive, i != m {
                let other = c.teams[m].name
                ctx.fail(n, "teams.\(t.name).tier", "a second intensive team: no household reaches it, because households go only to the first "
                         + "team of tier \"intensive\" with workers, teams.\(other); allowed: one intensive team. Change teams.\(other) instead, "
                         + off)
            }
            // An intensive team without a first line is reached directly: the organisations appoint
            // casemanagers for households at the referral threshold (fragmented chain, 000:L188).
        }
    }

    /// The default crisis types under the names default-city.json5 gives them (two report under a shared name).
    static func crisisDefaults(_ base: ModelConfig) -> [(String, CrisisTypeConfig)] {
        base.crises.map { c in
            switch (c.name, c.domain) {
            case ("crisis_admission", .addiction): ("detox_admission", c)
            case ("police", .relations): ("domestic_violence", c)
            default: (c.name, c)
            }
        }
    }

    static let domainOptions = Domain.allCases.map { ($0.key, $0) }
    static let payerOptions = Payer.allCases.map { ($0.key, $0) }

    static func profile(_ r: ObjectReader, _ name: String, _ p0: ProfileConfig, cityWeights: [Double]) -> ProfileConfig {
        var p = p0
        p.name = name
        p.share = r.number("share", default: p0.share, in: 0...1_000, "Share of arrivals with this profile (normalised over the profiles).")
        p.problemCounts = r.integers("problem_counts", default: p0.problemCounts, count: 1...11, in: 0...10,
                                     "Possible numbers of problem domains (level 1–2) at arrival.")
        p.problemCountWeights = r.weights("problem_count_weights", default: p0.problemCountWeights, count: 1...11,
                                          "Weights of those numbers; as many as problem_counts.")
        if p.problemCounts.count != p.problemCountWeights.count, let n = r.node?["problem_count_weights"] ?? r.node?["problem_counts"] {
            r.ctx.fail(n, r.childPath("problem_count_weights"),
                       "\(p.problemCountWeights.count) weights for \(p.problemCounts.count) problem counts; allowed: as many weights as problem_counts")
        }
        p.otherLevelWeights = r.weights("other_level_weights", default: p0.otherLevelWeights, count: 3...3,
                                        "Weights of levels 3, 4, 5 for the domains that are not problems at arrival.")
        p.startsInCrisis = r.flag("starts_in_crisis", default: p0.startsInCrisis, "Whether one problem domain starts at level 1 (acute).")
        p.coupling = r.number("coupling", default: p0.coupling, in: 0...10, "Strength of cross-domain coupling (multiplies dynamics.coupling).")
        p.networkMean = r.number("network_mean", default: p0.networkMean, in: 0.01...0.99, unit: "0–1 scale",
                                 "Mean strength of the informal network; drawn per household from a Beta with concentration 5.")
        p.benefitProbability = r.share("benefit_probability", default: p0.benefitProbability, "Probability of being on benefit (bijstand) at arrival.")
        p.childrenProbability = r.share("children_probability", default: p0.childrenProbability, "Probability of having children.")
        p.neverAsksProbability = r.share("never_asks_probability", default: p0.neverAsksProbability,
                                         "Probability that the household never asks for help itself (found by outreach, chance or crisis).")
        p.helpSeekingDelay = r.distribution("help_seeking_delay", default: p0.helpSeekingDelay,
                                            "Time from the start of problems until the household asks for help, if it asks.")
        p.hoursNeededPerWeek = r.number("hours_needed_per_week", default: p0.hoursNeededPerWeek, in: 0.1...40, unit: "hours per week",
                                        "Professional hours per week for full first-line intensity.")
        let own = r.node?["problem_domain_weights"] != nil
        let weights = r.perDomain("problem_domain_weights", default: p0.problemDomainWeights ?? cityWeights, in: 0...1_000,
                                  "This profile's own chance per domain of being a problem at arrival (absent: the city's problem_domain_weights); single-problem profiles name their domain.")
        if own || p0.problemDomainWeights != nil { p.problemDomainWeights = weights }
        if let w = p.problemDomainWeights, w.allSatisfy({ $0 == 0 }), p.problemCounts.contains(where: { $0 > 0 }),
           let n = r.node?["problem_domain_weights"] {
            r.ctx.fail(n, r.childPath("problem_domain_weights"), "every weight is 0 while problem_counts asks for problems; allowed: at least one weight above 0")
        }
        p.ageRange = r.field("age_range", default: p0.ageRange, type: "list of 2 numbers (years)",
                             defaultText: "[\(formatNumber(p0.ageRange.lowerBound)), \(formatNumber(p0.ageRange.upperBound))]",
                             allowed: "two ages in years from 16 to 100, the first not above the second, e.g. [18, 66]",
                             meaning: "Age of the oldest adult at arrival, drawn uniformly between the two (decides when the state pension replaces bijstand).",
                             invalid: "[70, 20]",
                             render: { "[\(formatNumber($0.lowerBound)), \(formatNumber($0.upperBound))]" }, bounds: 16...100) { n in
            guard case .array(let items) = n.value, items.count == 2,
                  case .number(let lo) = items[0].value, case .number(let hi) = items[1].value,
                  lo.isFinite, hi.isFinite, lo >= 16, hi <= 100, lo <= hi else { return .failure(.bad) }
            return .success(lo...hi)
        }
        return p
    }

    static func dynamics(_ r: ObjectReader, _ d0: DynamicsConfig) -> DynamicsConfig {
        var d = d0
        d.baseDown = r.perDomain("base_down", default: d0.baseDown, in: 0...1, rate: true, "Base rate at which a domain drops one level.")
        d.newProblemFactor = r.number("new_problem_factor", default: d0.newProblemFactor, in: 0...10,
                                      "Multiplies the fall rate of a domain that is not (yet) a problem (level 3–5): new problems start more slowly than existing ones deepen.")
        d.baseUp = r.perDomain("base_up", default: d0.baseUp, in: 0...1, rate: true, "Base rate at which a domain gains one level by own strength (× (1 + network)).")
        d.coupling = couplingMatrix(r, d0.coupling)
        d.networkShield = r.share("network_shield", default: d0.networkShield, "How much network strength shields against deterioration: × (1 − shield × network).")
        d.firstLineDamping = r.share("first_line_damping", default: d0.firstLineDamping, "Damping of deterioration on a domain under first-line support: × (1 − damping).")
        d.specialistDamping = r.share("specialist_damping", default: d0.specialistDamping, "Damping of deterioration on a domain under specialist treatment.")
        d.firstLineEffect = r.perDomain("first_line_effect", default: d0.firstLineEffect, in: 0...5, rate: true,
                                        "Improvement rate on a problem domain under first-line support at full intensity and expertise.")
        d.expertiseMatchOutside = r.share("expertise_match_outside", default: d0.expertiseMatchOutside,
                                          "Effect of a generalist outside their specialisms relative to inside (T-shaped worker).")
        d.coordinationPenalty = r.number("coordination_penalty", default: d0.coordinationPenalty, in: 0...5,
                                         "Effect lost per extra professional: × 1 / (1 + penalty × (n − 1)).")
        d.coordinatedPenalty = r.number("coordinated_penalty", default: d0.coordinatedPenalty, in: 0...5,
                                        "The same when one coordinator (regisseur) holds the plan.")
        d.trustGainPerWeek = r.rate("trust_gain", default: d0.trustGainPerWeek, in: 0...1, "Trust gained with the same worker (0–1 scale) per unit of time.")
        d.initialTrust = r.share("initial_trust", default: d0.initialTrust, "Trust at the first contact (0–1).")
        d.financesGainOnJob = r.integer("finances_gain_on_job", default: d0.financesGainOnJob, in: 0...4, "Levels gained on finances when a job starts.")
        d.trustConcentration = r.number("trust_concentration", default: d0.trustConcentration, in: 0...1_000,
                                        "Spread of trust at the first contact: drawn per household from a Beta with mean initial_trust and this concentration (0: everyone starts at initial_trust).")
        d.fragileTrustBelow = r.share("fragile_trust_below", default: d0.fragileTrustBelow,
                                      "A household with less trust than this is fragile: it gives up on waiting lists faster.")
        d.fragileDropoutFactor = r.number("fragile_dropout_factor", default: d0.fragileDropoutFactor, in: 1...20,
                                          "How many times as fast a fragile household gives up waiting (team and service lists).")
        d.consultationHoursPerProfessional = r.number("consultation_hours", default: d0.consultationHoursPerProfessional, in: 0...40, unit: "hours a week",
                                                      "Hours a week a worker spends aligning with each other professional on the household when no coordinator with a mandate holds the plan (several coordinators); taken from the household's share of direct hours.")
        d.passivityAfterWeeks = r.duration("passivity_after", default: d0.passivityAfterWeeks, in: 0...(.infinity), unlimited: true,
                                           "Time in professional care (without work support) after which the household grows passive and its network wears.")
        d.passivity = r.share("passivity", default: d0.passivity,
                              "Once passive: own-strength improvement, job finding and climbing the participation ladder × (1 − passivity).")
        d.networkWearPerWeek = r.rate("network_wear", default: d0.networkWearPerWeek, in: 0...1,
                                      "Network strength lost per unit of time once passive (the network steps back as professionals take over).")
        r.finish()
        return d
    }

    static func couplingMatrix(_ parent: ObjectReader, _ m0: [Double]) -> [Double] {
        let r = parent.object("coupling", "Coupling matrix: coupling.<from>.<to> is how much a problem on <from> pushes <to> down. Rows and entries not given keep their defaults; the diagonal is ignored.")
        var m = m0
        for from in Domain.allCases {
            let row = Array(m0[from.rawValue * 10..<(from.rawValue + 1) * 10])
            let values = r.perDomain(from.key, default: row, in: 0...10, "How much a problem on \(from.key) pushes each domain down.")
            for to in 0..<Domain.count { m[from.rawValue * 10 + to] = to == from.rawValue ? 0 : values[to] }
        }
        r.finish()
        return m
    }

    static func crisis(_ r: ObjectReader, _ key: String, _ c0: CrisisTypeConfig) -> CrisisTypeConfig {
        var c = c0
        c.name = r.text("report_as", default: key, pattern: true, "Output name (escalations_per_year.<report_as>); defaults to the entry's name. Several types may share one.")
        c.domain = r.choice("domain", default: c0.domain, options: domainOptions, "The domain whose fall to level 1 can cause this crisis.")
        c.probability = r.share("probability", default: c0.probability, "Probability that the costly event happens when the domain reaches level 1.")
        c.costPerEvent = r.money("cost_per_event", default: c0.costPerEvent, "Cost of one event.")
        c.payer = r.choice("payer", default: c0.payer, options: payerOptions, "Who pays the event cost.")
        c.costPerWeek = r.moneyRate("cost_per_time", default: c0.costPerWeek, "Cost while the crisis lasts (placement, admission, shelter).")
        c.duration = r.distribution("duration", default: c0.duration, "How long the crisis lasts.")
        c.durationPayer = r.choice("duration_payer", default: c0.durationPayer, options: payerOptions, "Who pays the cost while it lasts.")
        c.countsAsEscalation = r.flag("counts_as_escalation", default: c0.countsAsEscalation,
                                      "Whether an event counts as an escalation (false for long care that follows a crisis: reported as long_care_starts_per_year.<name>).")
        return c
    }

    static func team(_ r: ObjectReader, _ name: String, _ t0: TeamConfig) -> TeamConfig {
        var t = t0
        t.name = name
        t.tier = r.choice("tier", default: t0.tier, options: TeamTier.allCases.map { ($0.rawValue, $0) },
                          "first: the broad first line (wijkteam); intensive: intensive support for complex households.")
        t.role = r.choice("role", default: t0.role, options: TeamRole.allCases.map { ($0.rawValue, $0) },
                          "intermediary: hands households over and closes; coordinator: keeps the household and holds one plan (regisseur).")
        t.workers = r.integer("workers", default: t0.workers, in: 0...10_000, "Workers (FTE). 0 switches the team off.")
        t.caseloadLimit = r.integer("caseload_limit", default: t0.caseloadLimit, in: 1...1_000, "Households per worker at most.")
        t.directHoursPerWeek = r.number("direct_hours_per_week", default: t0.directHoursPerWeek, in: 0...60, unit: "hours per week",
                                        "Direct hours per worker per week, shared over the caseload.")
        t.expertise = r.domains("expertise", default: t0.expertise, "Domains the workers are specialised in (full effect; elsewhere dynamics.expertise_match_outside).")
        t.mandate = r.flag("mandate", default: t0.mandate, "Whether workers start interventions and referrals without approval delay.")
        t.networkBuildingPerWeek = r.rate("network_building", default: t0.networkBuildingPerWeek, in: 0...1,
                                          "Network strength (0–1) built per unit of time of support (community building).")
        t.maxWeeks = r.duration("max_duration", default: t0.maxWeeks, in: 1...(52 * 50), unlimited: true,
                                "Longest support before the case is closed or referred on.")
        t.domainsAtOnce = r.integer("domains_at_once", default: t0.domainsAtOnce, in: 1...10,
                                    "Problem domains a worker works on at once (10: all, integral working); the most urgent first.")
        t.costPerFTEYear = r.money("cost_per_fte_year", default: t0.costPerFTEYear, "Cost of one worker per year, all-in.")
        t.costBasis = r.choice("cost_basis", default: t0.costBasis, options: CostBasis.allCases.map { ($0.rawValue, $0) },
                               "caseload: per household-week on a caseload (idle capacity free); fte: per worker whatever the use.")
        t.payer = r.choice("payer", default: t0.payer, options: payerOptions, "Who pays the team.")
        t.category = r.choice("category", default: t0.category, options: CostCategory.allCases.map { ($0.key, $0) }, "Cost category of the team's cost.")
        return t
    }

    static func service(_ r: ObjectReader, _ name: String, _ s0: ServiceConfig) -> ServiceConfig {
        var s = s0
        s.name = name
        s.domain = r.choice("domain", default: s0.domain, options: domainOptions, "The domain the service treats.")
        s.capacity = r.integer("capacity", default: s0.capacity, in: 0...1_000_000, "Treatment places (households in treatment at once).")
        s.discipline = r.choice("queue", default: s0.discipline, options: QueueDiscipline.allCases.map { ($0.rawValue, $0) },
                                "Waiting-list rule: fcfs (first come, first served) or priority (acute first).")
        s.treatmentWeeks = r.distribution("treatment", default: s0.treatmentWeeks, "Length of a treatment.")
        s.effectPerWeek = r.rate("effect", default: s0.effectPerWeek, in: 0...5, "Improvement rate on the domain during treatment.")
        s.levelsGainedAtCompletion = r.integer("levels_gained_at_completion", default: s0.levelsGainedAtCompletion, in: 0...4,
                                               "Levels gained when a treatment completes successfully.")
        s.completionSuccess = r.share("completion_success", default: s0.completionSuccess, "Probability that a completed treatment succeeds.")
        s.pricePerWeek = r.moneyRate("price_per_time", default: s0.pricePerWeek, "Price of treatment per unit of time.")
        s.pricePerTrajectory = r.money("price_per_trajectory", default: s0.pricePerTrajectory, "Price per treatment trajectory.")
        s.payer = r.choice("payer", default: s0.payer, options: payerOptions, "Who pays the treatment.")
        s.dropoutPerWeek = r.rate("dropout", default: s0.dropoutPerWeek, in: 0...1, "Rate at which a waiting household gives up (faster for fragile households: dynamics.fragile_trust_below, fragile_dropout_factor).")
        return s
    }

    static func work(_ r: ObjectReader, _ w0: WorkConfig) -> WorkConfig {
        var w = w0
        w.consultants = r.integer("consultants", default: w0.consultants, in: 0...10_000, "Work-and-income consultants (klantmanagers), FTE.")
        w.caseloadLimit = r.integer("caseload_limit", default: w0.caseloadLimit, in: 1...10_000, "Benefit households per consultant.")
        w.mode = r.choice("mode", default: w0.mode, options: WorkSupportMode.allCases.map { ($0.rawValue, $0) },
                          "When work support runs: parallel (alongside care), sequential (once no domain is a problem), basics_first (once finances and housing are not).")
        w.inTeam = r.flag("in_team", default: w0.inTeam, "Whether consultants sit in the wijkteam (warm, no extra professional).")
        w.baseRatePerWeek = r.rate("base_rate", default: w0.baseRatePerWeek, in: 0...1, "Entry rate into paid work for a household on benefit at rung 4 with no problems.")
        w.ladderFactor = r.field("ladder_factor", default: w0.ladderFactor, type: "list of 5 numbers", defaultText: ObjectReader.listText(w0.ladderFactor),
                                 allowed: "a list of 5 numbers from 0 to 100", meaning: "Multiplier of the entry rate per participation-ladder rung 1–5.",
                                 invalid: "[1, 2]", render: ObjectReader.listText, bounds: 0...100) { n in
            guard case .array(let items) = n.value, items.count == 5 else { return .failure(.bad) }
            var out: [Double] = []
            for i in items { guard case .number(let x) = i.value, x >= 0, x <= 100 else { return .failure(.bad) }; out.append(x) }
            return .success(out)
        }
        w.block = r.perDomain("block", default: w0.block, in: 0...1, "Multiplier of the entry rate per problem domain (squared at level 1).")
        w.supportEffect = r.number("support_effect", default: w0.supportEffect, in: 0...20, "Entry rate × (1 + effect) while work support is active.")
        w.ladderUpWithSupport = r.rate("ladder_up_with_support", default: w0.ladderUpWithSupport, in: 0...1, "Rate of climbing one rung with work support.")
        w.ladderUpWithout = r.rate("ladder_up_without", default: w0.ladderUpWithout, in: 0...1, "Rate of climbing one rung without.")
        w.jobLossEarly = r.rate("job_loss_early", default: w0.jobLossEarly, in: 0...1, "Job-loss rate in the first 26 weeks of a job.")
        w.jobLossLate = r.rate("job_loss_late", default: w0.jobLossLate, in: 0...1, "Job-loss rate from 26 to 78 weeks.")
        w.jobLossSettled = r.rate("job_loss_settled", default: w0.jobLossSettled, in: 0...1,
                                  "Job-loss rate once a job (or an income left bijstand for) has lasted 78 weeks.")
        w.durationFactor = durationBands(r.object("duration_factor", "Multiplier of the entry rate into work by time on benefit."),
                                         w0.durationFactor) { $0.number($1, default: $2, in: 0...10, $3) }
        w.jobLossPerProblem = r.number("job_loss_per_problem", default: w0.jobLossPerProblem, in: 0...10, "Job loss × (1 + this × problem domains).")
        w.returnToBenefit = r.share("return_to_benefit", default: w0.returnToBenefit, "Probability of returning to benefit after losing a job.")
        w.benefitPerWeekSingle = r.moneyRate("benefit_single", default: w0.benefitPerWeekSingle, "Benefit for a single adult.")
        w.benefitPerWeekCouple = r.moneyRate("benefit_couple", default: w0.benefitPerWeekCouple, "Benefit for a couple.")
        w.costPerFTEYear = r.money("cost_per_fte_year", default: w0.costPerFTEYear, "Cost of one consultant per year, all-in.")
        w.costBasis = r.choice("cost_basis", default: w0.costBasis, options: CostBasis.allCases.map { ($0.rawValue, $0) },
                               "caseload: per household-week on a caseload; fte: per consultant whatever the use.")
        r.finish()
        return w
    }

    static func path(_ r: ObjectReader, _ p0: PathConfig) -> PathConfig {
        var p = p0
        p.intakeWeeks = r.distribution("intake", default: p0.intakeWeeks, "Length of intake (assessment) at the first line.")
        p.ownStrengthTrialWeeks = r.duration("own_strength_trial", default: p0.ownStrengthTrialWeeks, in: 0...(52 * 5),
                                             "Own-strength trial for non-complex households before first-line support (0: none).")
        p.ownStrengthSufficesAtProblems = r.integer("own_strength_suffices_at_problems", default: p0.ownStrengthSufficesAtProblems, in: 0...10,
                                                    "The trial counts as sufficient with at most this many problem domains left and none acute.")
        p.ownStrengthNetworkGain = r.share("own_strength_network_gain", default: p0.ownStrengthNetworkGain,
                                           "Network strength gained when the trial starts (the informal network is mobilised).")
        p.approvalDelayWeeks = r.duration("approval_delay", default: p0.approvalDelayWeeks, in: 0...104,
                                          "Wait for approval of an intervention or referral when the worker has no mandate.")
        p.referralThreshold = r.integer("referral_threshold", default: p0.referralThreshold, in: 1...11,
                                        "Refer to intensive support or the second line at this many problem domains or more (11: never).")
        p.referOnCrisis = r.flag("refer_on_crisis", default: p0.referOnCrisis, "With intensive_on_crisis: a household with a domain at level 1 at intake also goes to the intensive team. (A crisis refers to its own service whatever this says.)")
        p.referAfterWeeksWithoutProgress = r.duration("refer_after_no_progress", default: p0.referAfterWeeksWithoutProgress, in: 1...(52 * 10),
                                                      "Refer a problem domain to its service after this long without progress.")
        p.reviewIntervalWeeks = r.duration("review_interval", default: p0.reviewIntervalWeeks, in: 1.0 / 7...52, "Time between case reviews.")
        p.scaleDownAtProblems = r.integer("scale_down_at_problems", default: p0.scaleDownAtProblems, in: -1...10,
                                          "Scale down from intensive to first-line support at this many problems or fewer and none acute (afschalen); −1: never.")
        p.returnToFirstLineAfterTreatment = r.flag("return_to_first_line_after_treatment", default: p0.returnToFirstLineAfterTreatment,
                                                   "After specialist care, households with problems left go back to the first line.")
        let h = r.object("handover", "How warm or cold a handover between professionals is.")
        p.handover.warm = h.flag("warm", default: p0.handover.warm, "Warm handover: introduced in person, no repeated story.")
        p.handover.delayWeeks = h.duration("delay", default: p0.handover.delayWeeks, in: 0...52, "Time between leaving one professional and reaching the next.")
        p.handover.trustLoss = h.share("trust_loss", default: p0.handover.trustLoss, "Trust lost at a cold handover (0–1 scale).")
        p.handover.warmDelayWeeks = h.duration("warm_delay", default: p0.handover.warmDelayWeeks, in: 0...52,
                                               "Time between professionals at a warm handover (introduced in person).")
        p.handover.warmTrustLoss = h.share("warm_trust_loss", default: p0.handover.warmTrustLoss, "Trust lost at a warm handover.")
        p.handover.reassessmentWeeks = h.duration("reassessment", default: p0.handover.reassessmentWeeks, in: 0...52,
                                                  "After a cold handover, time the next professional spends gathering the lost information again: support starts that much later, a treatment lasts that much longer.")
        h.finish()
        p.outreachWeeks = r.duration("outreach", default: p0.outreachWeeks, in: 0...(52 * 10),
                                     "Mean time until outreach finds a household that does not ask (0: no outreach).")
        p.chanceDiscoveryWeeks = r.duration("chance_discovery", default: p0.chanceDiscoveryWeeks, in: 1...(52 * 50),
                                            "Mean time until a household that does not ask is found by chance (school, GP, landlord).")
        p.followUpWeeks = r.duration("follow_up", default: p0.followUpWeeks, in: 0...(52 * 10),
                                     "Time a household with no problem, no benefit and no care stays in view after closure; if nothing comes back it counts as recovered and leaves the model (a household with anything running stays).")
        p.teamDropoutPerWeek = r.rate("team_dropout", default: p0.teamDropoutPerWeek, in: 0...1,
                                      "Rate at which a household waiting for a team without support gives up (faster for fragile households: dynamics.fragile_trust_below, fragile_dropout_factor); it asks again later.")
        p.bridgingSupport = r.flag("bridging_support", default: p0.bridgingSupport,
                                   "The first-line worker keeps a household handed to an intensive team until that team takes it.")
        p.intensiveOnCrisis = r.flag("intensive_on_crisis", default: p0.intensiveOnCrisis,
                                     "An acute domain at intake also sends the household to the intensive team (otherwise only the referral threshold does).")
        p.dropoutTrustLoss = r.share("dropout_trust_loss", default: p0.dropoutTrustLoss,
                                     "Trust lost when a household gives up waiting (a team's or a service's list).")
        p.dropoutRungsLost = r.integer("dropout_rungs_lost", default: p0.dropoutRungsLost, in: 0...4,
                                       "Participation-ladder rungs a household on benefit loses when it gives up waiting (the steps towards participation it had made).")
        p.askAgainAfterDropoutWeeks = r.duration("ask_again_after_dropout", default: p0.askAgainAfterDropoutWeeks, in: 0...(52 * 10),
                                                 "Mean time before a household that gave up waiting asks again (its own help-seeking delay if longer; 0: just that).")
 p.mandate = r.choice("mandate", default: p0.mandate, options: MandateLever.allCases.map { ($0.rawValue, $0) },
                              "The mandate as a lever of its own: \"per_team\" (each team's mandate field), \"all\" (every team acts without approval) or \"none\".")
        let a = r.object("access", "How households find the way to help: a nearby wijkteam, or each service's own front desk.")
        p.access.nearbyTeamAsks = a.share("nearby_team_asks", default: p0.access.nearbyTeamAsks,
                                          "Share of the households that would never ask at a front desk but do ask a nearby first-line team (designs with one).")
        p.access.frontDeskAcceptance = a.share("front_desk_acceptance", default: p0.access.frontDeskAcceptance,
                                               "Probability that a service's own front desk takes on a level-2 problem a household brings itself (designs without a first line); a crisis is always taken on.")
        a.finish()
        r.finish()
        return p
    }

    static func flows(_ r: ObjectReader, _ f0: FlowsConfig) -> FlowsConfig {
        var f = f0
        f.moveAwayPerWeek = r.rate("move_away", default: f0.moveAwayPerWeek, in: 0...1,
                                   "Rate at which a household moves out of the city; its costs end there (another municipality pays).")
        f.benefitOtherExitPerWeek = durationBands(r.object("benefit_other_exit", "Leaving bijstand for reasons other than work, by time on benefit (the hazard falls with duration)."),
                                                  f0.benefitOtherExitPerWeek) { $0.rate($1, default: $2, in: 0...1, $3) }
        f.pensionAge = r.number("pension_age", default: f0.pensionAge, in: 16...200, unit: "years",
                                "Age at which the state pension (AOW) replaces bijstand.")
        f.childAdultAge = r.number("child_adult_age", default: f0.childAdultAge, in: 1...200, unit: "years",
                                   "Age at which the youngest child leaves youth care's remit; parenting then no longer applies.")
        r.finish()
        return f
    }

    /// A value per band of time on benefit (under one year, one to three years, over three years),
    /// each read by `read(reader, key, default, meaning)`.
    static func durationBands(_ r: ObjectReader, _ defaults: [Double],
                              read: (ObjectReader, String, Double, String) -> Double) -> [Double] {
        let bands = [("under_1y", "In the first year on benefit."), ("from_1y_to_3y", "After one and up to three years on benefit."),
                     ("over_3y", "After three years on benefit.")]
        let values = bands.enumerated().map { i, band in read(r, band.0, defaults[i], band.1) }
        r.finish()
        return values
    }
}
