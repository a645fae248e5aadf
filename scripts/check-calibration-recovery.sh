#!/usr/bin/env bash
# The recovery test of history matching on the model (issue 13, a release check, not yet in CI): run the
# default city (shortened: 10 + 5 years) at its own parameter values, make targets from that output with an
# observation sd of 10%, then calibrate two parameters from wide ranges. The known values must lie inside the
# final plausible set's box, and that box must be at least 10 times smaller than the starting ranges. Per seed.
# Usage: scripts/check-calibration-recovery.sh [seeds, default "1 2 3"]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-"1 2 3"}
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/city.json5" <<JSON
{ extends: "$PWD/Scenarios/default-city.json5", name: "recovery-city", warmup: "10y", measure: "5y" }
JSON
$bin run "$tmp/city.json5" --replications 10 --seed 999 --out "$tmp/truth" --quiet > /dev/null
python3 - "$tmp" <<'PY'
import csv, sys
tmp = sys.argv[1]
S = {r["measure"]: float(r["mean"]) for r in csv.DictReader(open(f"{tmp}/truth/summary.csv"))}
work, ggz = S["outflow_to_work_per_benefit_year"], S["wait_days_mean.ggz"]
open(f"{tmp}/targets.json5", "w").write(f"""{{
  targets: {{ exit_to_work: {{ measure: "outflow_to_work_per_benefit_year", value: {work}, sd: {0.1 * work}, source: "the model itself at its own values" }},
              ggz_wait: {{ measure: "wait_days_mean.ggz", value: {ggz}, sd: {0.1 * ggz}, source: "the model itself at its own values" }} }},
  parameters: {{ "work.base_rate": {{ range: ["0.05/y", "0.6/y"], source: "wide" }},
                 "services.ggz.capacity": {{ range: [40, 100], source: "wide" }} }} }}
""")
PY
failed=0
for seed in $seeds; do
  $bin calibrate "$tmp/city.json5" --targets "$tmp/targets.json5" --waves 3 --points 40 --replications 3 --seed "$seed" \
    --out "$tmp/cal-$seed" > "$tmp/cal-$seed.txt"
  python3 - "$tmp/cal-$seed/plausible.csv" "$seed" <<'PY' || failed=1
import csv, sys
rows = [[float(x) for x in r] for r in list(csv.reader(open(sys.argv[1])))[1:]]
seed = sys.argv[2]
truth = [0.18 / 52, 67]
start = [(0.05 / 52, 0.6 / 52), (40, 100)]
if not rows:
    print(f"seed {seed}: FAIL no plausible point"); sys.exit(1)
box = [(min(r[j] for r in rows), max(r[j] for r in rows)) for j in range(2)]
# the known values inside the plausible set's box widened by 10% of its width on each side (the points are a sample of the region)
inside = all(box[j][0] - 0.1 * (box[j][1] - box[j][0] + 1e-12) <= truth[j] <= box[j][1] + 0.1 * (box[j][1] - box[j][0] + 1e-12) for j in range(2))
ratio = ((start[0][1] - start[0][0]) * (start[1][1] - start[1][0])) / max(1e-300, (box[0][1] - box[0][0]) * (box[1][1] - box[1][0]))
ok = inside and ratio >= 10
print(f"seed {seed}: {'ok  ' if ok else 'FAIL'} {len(rows)} plausible points; base_rate {box[0][0]*52:.3f}–{box[0][1]*52:.3f}/y (truth 0.18), "
      f"GGZ places {box[1][0]:.0f}–{box[1][1]:.0f} (truth 67); volume {ratio:.0f}× smaller than the ranges")
sys.exit(0 if ok else 1)
PY
done
exit $failed
