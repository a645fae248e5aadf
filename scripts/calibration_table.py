"""Reads the calibration and the check runs written by scripts/calibrate.sh and prints Scenarios/CALIBRATION.md."""
import csv, json, math, os, statistics, sys
from collections import defaultdict

out, reps, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def replications(run):
    values = defaultdict(dict)
    with open(f"{out}/{run}/replications.csv") as f:
        for row in csv.DictReader(f):
            values[(row["scenario"], row["measure"])][int(row["replication"])] = float(row["value"])
    return {k: [v[r] for r in sorted(v)] for k, v in values.items()}

# Student t 0.975 quantiles (df 1..30, then normal-ish), as in SimCore's StudentT.
T = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
     2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]

def ci(xs):
    n = len(xs)
    m = statistics.fmean(xs)
    if n < 2:
        return m, m, m
    t = T[n - 2] if n - 1 <= len(T) else 1.96 + 2.4 / (n - 1)
    h = t * statistics.stdev(xs) / math.sqrt(n)
    return m, m - h, m + h

designs = replications("designs")
outreach = replications("outreach")
base = "default-city"

def col(name, scenario=base, source=designs):
    return source[(scenario, name)]

def fmt(x, unit):
    if unit == "n":
        return f"{x:,.0f}"
    if unit == "%":
        return f"{100 * x:.1f}%"
    if unit == "days":
        return f"{x:.0f} days ({x / 7:.1f} wk)"
    if unit == "x":
        return f"{x:.2f}"
    return f"{x:.3g}"

rows = []
def row(target, source, band, xs, unit, note=""):
    m, lo, hi = ci(xs)
    inside = band[0] <= m <= band[1]
    overlap = hi >= band[0] and lo <= band[1]
    verdict = "inside" if inside else ("CI overlaps band" if overlap else "**outside**")
    band_text = f"{fmt(band[0], unit)} – {fmt(band[1], unit)}"
    rows.append(f"| {target} | {source} | {band_text} | {fmt(m, unit)} [{fmt(lo, unit)}, {fmt(hi, unit)}] | {verdict} | {note} |")

def missing(target, source, band_text, why):
    rows.append(f"| {target} | {source} | {band_text} | not measured | – | {why} |")

# F1 and E3–E8: the bijstand stock-flow.
row("Households on bijstand (stock)", "E3", (3870, 4730), col("households_on_benefit_mean"), "n",
    "band: 4,300 ± 10% (derived from national figures)")
row("Inflow into bijstand per year", "E4", (990, 1210), col("benefit_inflow_per_year"), "n", "band: 1,100 ± 10%")
row("Exit from bijstand per year of stock, all reasons", "F1 (E4, E5)", (0.23, 0.26), col("benefit_exit_rate_per_year"), "%")
row("Exit from bijstand, first year on benefit against over three years (ratio of the hazards)", "E5", (2.0, 3.5),
    [a / b if b > 0 else float("nan") for a, b in zip(col("benefit_exit_rate_per_year.under_1y"), col("benefit_exit_rate_per_year.over_3y"))],
    "x", "CBS 2006: 22% a year in the first year, 8% after three (2.75); exits of every kind")
row("Exit from bijstand to work per year of stock", "F1 (E6)", (0.07, 0.15), col("outflow_to_work_per_benefit_year"), "%")
row("Bijstand stock: change per year", "F1 (E4)", (-0.05, 0.05), col("benefit_stock_change_per_year"), "%",
    "stock at the end of the window against its start, per year")
row("Return to bijstand within 1 year of exit", "F1 (E7)", (0.15, 0.25), col("return_to_benefit_within_1y_share"), "%",
    "band: 20% ± 5 points")
row("Share of bijstand households with 2+ problem domains", "E8 (003:L34)", (0.40, 0.70), col("multi_problem_share_of_benefit"), "%",
    "month-end share; comes out of the dynamics, not typed in")
row("Multi-problem households (2+ problem domains) present", "E9", (1280, 1920), col("multi_problem_households_mean"), "n",
    "band: 1,600 ± 20%; month-end count")
row("Heavy multi-problem households (5+ problem domains) present", "E10", (256, 384), col("heavy_multi_problem_households_mean"), "n",
    "band: 320 ± 20%; month-end count")
row("Debt-help referrals per year", "E24", (620, 940), col("referrals_per_year.debt_help"), "n", "band: 780 ± 20%")
row("Debt help: mean wait", "E25", (7, 28), col("wait_days_mean.debt_help"), "days", "11 days on average; 28 the legal maximum")
row("GGZ mean wait", "F4 (B4, E22)", (70, 98), col("wait_days_mean.ggz"), "days", "band: 12 weeks ± 2")
row("GGZ waits over 4 weeks", "F4 (B4)", (0.45, 0.65), col("wait_over_4w_share.ggz"), "%", "band: 55% ± 10 points")
row("Youth care (ambulatory) mean wait", "F5 (E27)", (84, 105), col("wait_days_mean.youth_care"), "days", "band: 13–14 weeks ± 1")
row("Trajectories closed within 12 months", "F6 (B3, E15)", (0.70, 0.85), col("closed_within_1y_share"), "%",
    "all closed cases, from signal to closure (waiting included)")
row("Closed cases back within a year", "F7 (SCP)", (0.07, 0.15), col("return_within_1y_share"), "%",
    "band spans youth 15%, Wmo 10%, participation 7%; the target counts re-entry after more than a year, the model within one")
ev0 = outreach[(f"{base}[path.outreach=0w]", "escalations_per_year.eviction")]
ev9 = outreach[(f"{base}[path.outreach=9w]", "escalations_per_year.eviction")]
row("Fall in evictions with early signalling (outreach in 9 weeks) vs none", "F8 (C; E30)", (0.50, 0.60),
    [1 - b / a if a > 0 else 0 for a, b in zip(ev0, ev9)], "%", "paired replications: 1 − evictions(outreach)/evictions(none)")
row("Evictions per year, baseline", "E30", (14, 31), col("escalations_per_year.eviction"), "x", "national figures scaled to 150,000")
frag, adv = "fragmented-chain", "achter-de-voordeur"
ratios = []
for r in range(reps):
    invest = col("category_cost_eur_per_year.first_line", adv)[r] - col("category_cost_eur_per_year.first_line", frag)[r]
    saving = (col("total_cost_eur_per_year", frag)[r] - col("category_cost_eur_per_year.first_line", frag)[r]) \
           - (col("total_cost_eur_per_year", adv)[r] - col("category_cost_eur_per_year.first_line", adv)[r])
    ratios.append(saving / invest if invest > 0 else float("nan"))
row("Benefit/cost of the integrated design (Achter de Voordeur) vs the fragmented chain", "F9", (1.5, 2.5), ratios, "x",
    "saving on all other costs ÷ extra first-line cost, per paired replication")
missing("Housing First: housed after 1–2 years", "F10", "≥ 80%", "Housing First is not a design in the model")

total = col("total_cost_eur_per_year")

# The history match (wijksim calibrate): waves, parameters, targets.
state = json.load(open(f"{out}/calibration-state.json"))
params = list(csv.DictReader(open(f"{out}/parameters.csv")))
targets = list(csv.DictReader(open(f"{out}/targets.csv")))
timing = open(f"{out}/timing.txt").read().strip() if os.path.exists(f"{out}/timing.txt") else "not timed"
waves = state["waves"]
points = len(waves[0]["points"])
reps_cal = 10
def volume(region):
    v = 1.0
    for lo, hi in zip(region["lower"], region["upper"]):
        v *= hi - lo
    return v
full = volume(waves[0]["region"])
kept_total = sum(p["kept"] for w in waves for p in w["points"])
def chosen(w):
    return f"{w['screened']:,} of {w['candidates']:,}" if w.get("candidates") else "a Latin hypercube of the ranges"
wave_rows = "\n".join(f"| {w['wave']} | {len(w['points'])} | {chosen(w)} | {sum(p['kept'] for p in w['points'])} | {volume(w['region']) / full:.3g} |" for w in waves)
param_rows = "\n".join(f"| `{p['parameter']}` | {p['range_low']} – {p['range_high']} | {p['plausible_low']} – {p['plausible_high']} | {p['best']} | {p['source']} |" for p in params)
def g(x):
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"
check = {r["target"]: r for r in csv.DictReader(open(f"{out}/check.csv"))}
own = check.pop("(the point)")
best_max = min(p["max_implausibility"] for w in waves for p in w["points"] if p["kept"]) if kept_total else float("nan")
used = [t for t in targets if t["role"] == "rules out"]
outside = [t["target"] for t in used if abs(float(check[t["target"]]["model_mean"]) - float(t["value"])) > 2 * float(t["sd"])]
meets_text = "the default city meets every band." if not outside else "the default city misses the bands of " + ", ".join(outside) + "."
monitored = [t for t in targets if t["role"] != "rules out"]
def target_row(t):
    v, sd = float(t["value"]), float(t["sd"])
    band = f"{g(v - 2 * sd)} – {g(v + 2 * sd)}"
    plaus = f"{g(t['model_plausible_low'])} – {g(t['model_plausible_high'])}" if t["model_plausible_low"] else "–"
    best = g(t["model_best"]) if t["model_best"] else "–"
    c = check[t["target"]]
    return f"| {t['target']} | {t['source']} | {band} | {g(c['model_mean'])} (I {float(c['implausibility']):.2f}) | {best} | {plaus} |"
used_rows = "\n".join(target_row(t) for t in used)
monitor_rows = "\n".join(f"| {t['target']} | {t['source']} | {g(t['model_best']) if t['model_best'] else '–'} | {t['monitor_only']} |" for t in monitored)

print(f"""# Calibration of the default city

Written by `scripts/calibrate.sh {reps} {seed}`; rerun it after any change to the model or to
`Scenarios/default-city.json5`. Targets: the calibration notes' section F and the figures of section E they rest on (keys
such as E6 and F4 are the notes' entries; seed lines such as 003:L34 are lines of the source documents; docs/SOURCES.md).

## History matching

`wijksim calibrate Scenarios/default-city.json5 --targets Scenarios/targets/city-150k.json5` ({len(waves)} waves of {points}
points, {reps_cal} replications each, seed 1; {timing}): per wave a maximin Latin hypercube in the current region, each
point's implausibility against every target, a point kept when the second largest is under 3 and the largest under 3.5;
the next wave samples the box that holds, with 95% confidence per parameter, the region of every point kept so far,
choosing its points among candidates that regression emulators of every target do not rule out.
{(state["stopped"][0].upper() + state["stopped"][1:]) if state["stopped"] else "Not finished"}. {kept_total} of the {sum(len(w["points"]) for w in waves)} points run are non-implausible
(`Scenarios/targets/city-150k-plausible.csv`); the lowest largest implausibility among them is {best_max:.2f}.

**The default city keeps its values.** Its own point, checked against the same targets by the same rule
(`wijksim calibrate --check`, 10 replications), is non-implausible with a largest implausibility of
{float(own["implausibility"]):.2f}{" (kept)" if own["role"] == "kept" else " (RULED OUT: recalibrate by hand or adopt the search's best)"}, {"lower" if float(own["implausibility"]) < best_max else "not lower"} than the lowest of the points the search
found ({best_max:.2f}). Replacing it by the search's best would move a dozen parameters to a point the targets fit no better, and with it every design
comparison; history matching regards all non-implausible points as equally acceptable, so the default city stays
where it is, and the non-implausible set records how far the same targets let each parameter move. Read the table
of targets below with that in mind: the points the search kept lie near the services' tipping points, where the mean
wait varies so much between replications that a mean outside its band is not yet implausible with 10 replications;
{meets_text}

| wave | points | chosen from (candidates the emulators did not rule out) | kept | region's volume (share of the ranges) |
|---|---|---|---|---|
{wave_rows}

Every calibrated parameter: its range (in the scenario's units; rates per week), the range of the non-implausible
points, and the search's best point.

| parameter | range | non-implausible points | the search's best point | source of the range |
|---|---|---|---|---|
{param_rows}

Targets that rule points out: the band (target ± 2 sd); the default city's mean and implausibility (10
replications); the model's mean at the search's best point and over the non-implausible points.

| target | source | band | the default city (I) | the search's best point | over the non-implausible set |
|---|---|---|---|---|---|
{used_rows}

Targets reported but not used to rule out (`monitor_only`): the model does not represent what the source counts.

| target | source | model at the best point | why it is monitored only |
|---|---|---|---|
{monitor_rows}

The full record is in `Results/calibration/` after a run of the script: waves.csv, plausible.csv, parameters.csv,
targets.csv, calibrated.json5 and calibration.html (per target the band and the model per wave, the non-implausible
points two parameters at a time, and which target rules out which part of which range).

## The default city against the targets

The default city (its own values, non-implausible above) run for {reps} replications (seed {seed}), with the checks that are not one measure of one
run (E5, F8, F9). Model value: mean and 95% confidence interval over replications (Student t). "inside": the mean lies in
the band; "CI overlaps band": the mean is outside but the interval reaches it.

| target | source | band | model: mean [95% CI] | verdict | note |
|---|---|---|---|---|---|""")
print("\n".join(rows))
print(open("scripts/calibration-notes.md").read().rstrip())
