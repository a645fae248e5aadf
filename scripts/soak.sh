#!/usr/bin/env bash
# Soak test: the default city at 10 times its population (arrivals, teams, services, consultants) for 50 simulated years, against the same
# city for 10 years, both from an empty city. Memory must stay bounded by the households present, not grow with all the
# households ever seen: going from 10 to 50 years multiplies the households seen by five, and the
# extra memory must be explained by the extra households present at the peak (the city fills up over
# its first decades as the bijstand stock and the ex-recipients in work build up), at most 1 KB each.
# Usage: scripts/soak.sh   (needs /usr/bin/time; about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for years in 10 50; do
  cat > "$tmp/soak-$years.json5" <<JSON
{ extends: "$PWD/Scenarios/default-city.json5", arrivals_per_year: 16000, warmup: "0w", measure: "${years}y",
  // the whole city ten times larger: teams, services and consultants too
  teams: { wijkteam: { workers: 280 }, family_coaching: { workers: 150 } },
  services: { debt_help: { capacity: 800 }, ggz: { capacity: 540 }, addiction_care: { capacity: 450 },
              youth_care: { capacity: 530 }, housing_support: { capacity: 700 } },
  work: { consultants: 300 } }
JSON
  /usr/bin/time -v "$bin" bench city "$tmp/soak-$years.json5" > "$tmp/out-$years.json" 2> "$tmp/time-$years.txt"
  "$bin" run "$tmp/soak-$years.json5" --replications 1 --threads 1 --out "$tmp/run-$years" --quiet > /dev/null
done
python3 - "$tmp" <<'PY'
import csv, json, re, sys
tmp = sys.argv[1]
print("| horizon (10× population, 16,000 arrivals a year) | households ever arrived | peak households present | events | peak resident memory |")
print("|---|---|---|---|---|")
rss, peaks, seen = {}, {}, {}
for years in (10, 50):
    bench = json.load(open(f"{tmp}/out-{years}.json"))
    text = open(f"{tmp}/time-{years}.txt").read()
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    rss[years] = kb
    peak = max(float(r["value"]) for r in csv.DictReader(open(f"{tmp}/run-{years}/timeseries.csv")) if r["series"] == "households_present")
    peaks[years] = peak; seen[years] = bench["households"]
    print(f"| {years} years | {bench['households']:,} | {peak:,.0f} | {bench['events']:,} | {kb / 1024:.0f} MB |")
grow_kb = rss[50] - rss[10]
grow_present = peaks[50] - peaks[10]
per = grow_kb * 1024 / max(1, grow_present)
print(f"\nfrom 10 to 50 years: households seen ×{seen[50] / seen[10]:.1f}, peak households present ×{peaks[50] / peaks[10]:.1f}, "
      f"peak memory ×{rss[50] / rss[10]:.2f}; extra memory per extra household present: {per:,.0f} bytes")
print(f"memory per household ever seen at 50 years: {rss[50] * 1024 / seen[50]:,.0f} bytes (a model that kept them all would need more than its households)")
sys.exit(0 if per <= 1024 else 1)
PY
