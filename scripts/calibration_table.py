"""Reads the calibration runs written by scripts/calibrate.sh and prints Scenarios/CALIBRATION.md."""
import csv, math, statistics, sys
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

row("Exit from bijstand to work per year of stock", "F1 (E6)", (0.07, 0.15), col("outflow_to_work_per_benefit_year"), "%")
# Stock stability: change of the households on benefit from the first to the last measured year.
series = defaultdict(lambda: defaultdict(list))
with open(f"{out}/designs/timeseries.csv") as f:
    for r in csv.DictReader(f):
        if r["scenario"] == base and r["series"] == "households_on_benefit":
            series[int(r["replication"])][int(r["month"])] = float(r["value"])
changes = []
for rep, months in series.items():
    ms = sorted(months)
    first = statistics.fmean(months[m] for m in ms[:12]); last = statistics.fmean(months[m] for m in ms[-12:])
    years = (ms[-1] - ms[0]) / 12 or 1
    changes.append((last / first) ** (1 / years) - 1 if first > 0 else 0)
row("Multi-problem bijstand stock: change per year", "F1 (E4)", (-0.05, 0.05), changes, "%",
    "households on benefit in the model, first vs last measured year")
missing("Return to bijstand within 1 year of exit", "F1 (E7)", "≈ 20%",
        "the model has job loss and return to benefit (work.return_to_benefit) but no measure of this share yet")
row("GGZ mean wait", "F4 (B4, E22)", (70, 98), col("wait_days_mean.ggz"), "days", "band: 12 weeks ± 2")
missing("GGZ waits over the 4-week intake norm", "F4 (B4)", "≈ 55%", "only the mean and the 90th percentile of waits are measured")
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
    invest = col("cost_eur_per_year.first_line", adv)[r] - col("cost_eur_per_year.first_line", frag)[r]
    saving = (col("total_cost_eur_per_year", frag)[r] - col("cost_eur_per_year.first_line", frag)[r]) \
           - (col("total_cost_eur_per_year", adv)[r] - col("cost_eur_per_year.first_line", adv)[r])
    ratios.append(saving / invest if invest > 0 else float("nan"))
row("Benefit/cost of the integrated design (Achter de Voordeur) vs the fragmented chain", "F9", (1.5, 2.5), ratios, "x",
    "saving on all other costs ÷ extra first-line cost, per paired replication")
missing("Housing First: housed after 1–2 years", "F10", "≥ 80%", "Housing First is not a design in the model")

total = col("total_cost_eur_per_year")
print(f"""# Calibration: the default city against the targets

Written by `scripts/calibrate.sh {reps} {seed}` ({reps} replications, seed {seed}, {len(total)} per scenario); rerun it after any change to
`Scenarios/default-city.json5`. Targets: `../shared/notes/calibration.md` section F (soft targets with tolerance
bands; where the notes give a point value, the band used is stated). Model value: mean and 95% confidence interval over
replications (Student t). "inside": the mean lies in the band; "CI overlaps band": the mean is outside but the interval
reaches the band.

| target | source | band | model: mean [95% CI] | verdict | note |
|---|---|---|---|---|---|""")
print("\n".join(rows))
fc = ci(col("wait_days_mean.family_coaching"))
wt = ci(col("wait_days_mean.wijkteam"))
print(f"""
## What was calibrated, and within which range

- `dynamics.first_line_effect`: 0.12/w (an assumption; the parameter sheet started at 0.06/w from a prototype without
  queues and asked for recalibration). At 0.06/w the wijkteam list grew to a six-month wait and only 18% of cases closed
  within a year; 0.12/w is inside the documented range 0–0.5/w.
- Service capacities (assumptions in the notes, to be derived from waits: calibration E22, E27): `ggz` 78 places for the
  12-week wait, `youth_care` 39 for 13–14 weeks; `addiction_care` 45 and `housing_support` 70 have no wait target and were
  set so their lists do not grow without bound.
- Nothing else was tuned. Sourced figures (caseload 35, 12 generalists, 15 family coaches, prices, the job-finding rate)
  are as the notes give them.

## Where the model misses, and why

- Family coaching: mean wait {fc[0]:.0f} days [{fc[1]:.0f}, {fc[2]:.0f}]. The notes size 15 FTE at about 100% utilisation
  (E19), and the model sends more households there (every intake with 5+ problem domains or an acute one, and scale-up from
  the first line), so the list grows. Not tuned: the FTE is sourced; a consultant should read family-coaching waits as a
  capacity question, and `teams.family_coaching.workers` is the lever to vary.
- Wijkteam: mean wait {wt[0]:.0f} days [{wt[1]:.0f}, {wt[2]:.0f}], near critical load: the replications spread widely.
- Closed within 12 months (F6): the model counts from the signal, so the wijkteam wait is inside the year; the source
  (B3) counts youth trajectories from their start. Complex households also stay open until no domain is a problem.
- Back within a year (F7): the sources count re-entry *after* more than a year per law (youth, Wmo, participation); the
  model counts any return within a year of closure, over all domains, so a higher value is expected.
- Early signalling (F8): in the model outreach finds households that do not ask, sooner, but it is not aimed at rent
  arrears (the Vroeg Eropaf trigger) and the found households join the same wijkteam waiting list, so evictions barely move.
  This is the "outreach raises demand" effect of MODEL.md §6; an eviction-prevention design needs outreach aimed at
  housing plus first-line capacity to act on it. Reported as a miss.
- Benefit/cost (F9): Achter de Voordeur's regisseurs cost more in the first line than the savings they bring in crises,
  second line and benefits within ten years. The sources' ratios (1.5–2.5) come from MKBA studies that also count
  effects the model leaves out (health, education, productivity, crime beyond police call-outs).
- Rows outside their band are reported as they are; no parameter was pushed past its sourced range to reach them.
""")
