"""The mechanism checks (issue 12; README, "How the designs differ"), a release pass that CI runs.

Each check compares two configurations over replications with common random numbers and asserts the
direction its seed line gives, through the 95% CI of the paired difference (comparison.csv of
`wijksim run`). The small-city checks use settings that make one mechanism strong enough to see in a
small city; the design checks run the shipped design files at full size.
Usage: python3 scripts/check_mechanisms.py WIJKSIM_BINARY [replications, default 8]
"""
import csv, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMALL = os.path.join(ROOT, "Tests", "Mechanisms", "small-city.json5")
ALL_SERVICES = ["debt_help", "ggz", "addiction_care", "youth_care", "housing_support"]

def services(**fields):
    return {s: dict(fields) for s in ALL_SERVICES}

# (name, seed lines, base overrides, variant overrides, [(measure, expected sign of variant − base)])
SMALL_CHECKS = [
    ("a warm handover keeps trust and information: less specialist care, fewer escalations", "000:L534",
     {"path": {"bridging_support": False, "referral_threshold": 3, "scale_down_at_problems": 2,
               "handover": {"warm": False, "delay": "4w", "trust_loss": 0.3, "warm_delay": "0.5w", "warm_trust_loss": 0,
                            "reassessment": "8w"}},
      "teams": {"wijkteam": {"max_duration": "26w"}, "family_coaching": {"workers": 6}}},
     {"path": {"handover": {"warm": True}}},
     [("category_cost_eur_per_year.second_line", -1), ("escalations_per_100_household_years", -1)]),
    ("giving up on a waiting list costs the steps towards work and leaves the need out of sight", "003:L759-764",
     {"teams": {"wijkteam": None, "family_coaching": None}, "services": services(dropout="0.05/w"),
      "path": {"dropout_trust_loss": 0, "dropout_rungs_lost": 0, "ask_again_after_dropout": "0w"}},
     {"path": {"dropout_trust_loss": 0.5, "dropout_rungs_lost": 4, "ask_again_after_dropout": "52w"}},
     [("outflow_to_work_per_benefit_year", -1), ("hidden_need_households_mean", +1)]),
    ("fragile households (trust below the threshold) give up waiting faster", "003:L762-764",
     {"teams": {"wijkteam": None, "family_coaching": None}, "services": {"ggz": {"capacity": 5, "dropout": "0.03/w"}},
      "dynamics": {"fragile_dropout_factor": 1}},
     {"dynamics": {"fragile_dropout_factor": 10}},
     [("dropout_while_waiting_share.ggz", +1)]),
    ("front desks alone help fewer households and leave more need hidden than a nearby wijkteam", "004:L35",
     {}, {"teams": {"wijkteam": None, "family_coaching": None}},
     [("households_helped_per_year", -1), ("hidden_need_households_mean", +1)]),
    ("a nearby wijkteam reaches some who would not ask at a desk", "004:L35, L110",
     {"path": {"access": {"nearby_team_asks": 0}}}, {"path": {"access": {"nearby_team_asks": 0.9}}},
     [("hidden_need_households_mean", -1)]),
    ("outreach finds hidden need: more households helped", "004:L35, L115",
     {}, {"path": {"outreach": "9w"}},
     [("households_helped_per_year", +1)]),
    ("one coordinator with authority closes cases sooner than several without", "000:L188",
     {"path": {"approval_delay": "0w", "referral_threshold": 3}, "teams": {"family_coaching": {"workers": 12}},
      "dynamics": {"consultation_hours": 1}},
     {"teams": {"family_coaching": {"mandate": True}}},
     [("caseload_utilisation.family_coaching", -1)]),
    ("passivity and network wear under long care without work: less outflow to work", "000:L134",
     {"dynamics": {"passivity": 0, "network_wear": 0}},
     {"dynamics": {"passivity": 0.9, "passivity_after": "4w", "network_wear": "1/52w"}},
     [("outflow_to_work_per_benefit_year", -1)]),
    ("the mandate for every team: help starts without waiting for approval, cases close sooner, fewer escalations",
     "000:L132, L433", {}, {"path": {"mandate": "all"}},
     [("caseload_utilisation.wijkteam", -1), ("escalations_per_100_household_years", -1)]),
]

INTEGRATED = ["default-city", "achter-de-voordeur", "burgerkracht", "tandem-scale-down", "two-tier-leeuwarden", "work-in-team"]

def write(path, base, overrides, name):
    body = dict(overrides)
    body["extends"] = base
    body["name"] = name
    with open(path, "w") as f:
        json.dump(body, f)

def run(binary, files, reps, out):
    subprocess.run([binary, "run", *files, "--replications", str(reps), "--seed", "2026", "--out", out, "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    rows = {}
    with open(os.path.join(out, "comparison.csv")) as f:
        for r in csv.DictReader(f):
            rows[(r["scenario"], r["measure"])] = (float(r["mean_diff"]), float(r["ci95_low"]), float(r["ci95_high"]))
    return rows

def verdict(diff, sign):
    mean, lo, hi = diff
    ok = lo > 0 if sign > 0 else hi < 0
    return ok, f"{mean:+.4g} [{lo:+.4g}, {hi:+.4g}]"

def main():
    binary = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, seed, base, variant, expectations) in enumerate(SMALL_CHECKS):
            a, b = os.path.join(tmp, f"m{i}-base.json5"), os.path.join(tmp, f"m{i}-variant.json5")
            write(a, SMALL, base, f"m{i}-base")
            write(b, a, variant, f"m{i}-variant")
            rows = run(binary, [a, b], reps, os.path.join(tmp, f"m{i}"))
            for measure, sign in expectations:
                ok, text = verdict(rows[(f"m{i}-variant", measure)], sign)
                failures += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {name} ({seed}): {measure} {'up' if sign > 0 else 'down'}: {text}")
        # The shipped designs at full size: the fragmented chain against every integrated design.
        files = [os.path.join(ROOT, "Scenarios", n + ".json5") for n in ["fragmented-chain"] + INTEGRATED]
        rows = run(binary, files, max(4, reps // 2 + 2), os.path.join(tmp, "designs"))
        for design in INTEGRATED:
            for measure, sign, claim in [
                ("professionals_per_household_mean", -1, "fewer professionals per household (000:L133)"),
                ("professionals_per_multi_problem_household_mean", -1, "fewer professionals per multi-problem household (000:L133)"),
                ("households_helped_per_year", +1, "more households helped (004:L35)"),
                ("hidden_need_households_mean", -1, "less hidden need (004:L35)")]:
                ok, text = verdict(rows[(design, measure)], sign)
                failures += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {design} against the fragmented chain: {claim}: {text}")
    if failures:
        print(f"{failures} mechanism check(s) failed: a mechanism works against the direction its seed line gives "
              "(README, \"How the designs differ\")", file=sys.stderr)
        sys.exit(1)
    print("all mechanism checks hold")

main()
