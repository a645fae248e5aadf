#!/usr/bin/env bash
# The recovery test of history matching on the model (issue 13, a release check: run it after any change to the calibration; about 80 s): run the
# default city (shortened: 6 + 4 years) at its own parameter values, make targets from that output with an
# observation sd of 10% plus the sampling error of the truth's 10-run mean, then calibrate two parameters from wide ranges. The known values must lie inside the
# final plausible set's box, and that box must be at least 10 times smaller than the starting ranges. Per seed.
# Usage: scripts/check-calibration-recovery.sh [seeds, default "1 2 3"]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-"1 2 3"}
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT; [ -n "${KEEP:-}" ] && echo "keeping $tmp" >&2
cat > "$tmp/city.json5" <<JSON
{ extends: "$PWD/Scenarios/default-city.json5", name: "recovery-city", warmup: "6y", measure: "4y" }
JSON
$bin run "$tmp/city.json5" --replications 10 --seed 999 --out "$tmp/truth" --quiet > /dev/null
python3 - "$tmp" <<'PY'
import csv, sys
tmp = sys.argv[1]
rows = {r["measure"]: r for r in csv.DictReader(open(f"{tmp}/truth/summary.csv"))}
def target(measure):
    # The observation: the mean of the 10 runs at the known values; its error is 10% of it (a register's
    # error) and the sampling error of the 10 runs' mean (sd / sqrt(10)).
    m, s = float(rows[measure]["mean"]), float(rows[measure]["sd"])
    return m, ((0.1 * m) ** 2 + s * s / 10) ** 0.5
(work, work_sd), (ggz, ggz_sd) = target("outflow_to_work_per_benefit_year"), target("wait_days_mean.ggz")
over, over_sd = target("wait_over_4w_share.ggz")
open(f"{tmp}/targets.json5", "w").write(f"""{{
  targets: {{ exit_to_work: {{ measure: "outflow_to_work_per_benefit_year", value: {work}, sd: {work_sd}, source: "the model itself at its own values" }},
              ggz_wait: {{ measure: "wait_days_mean.ggz", value: {ggz}, sd: {ggz_sd}, source: "the model itself at its own values" }},
              ggz_over_4_weeks: {{ measure: "wait_over_4w_share.ggz", value: {over}, sd: {over_sd}, source: "the model itself at its own values" }} }},
  parameters: {{ "work.base_rate": {{ range: ["0.05/y", "0.6/y"], source: "wide" }},
                 "services.ggz.capacity": {{ range: [40, 100], source: "wide" }} }} }}
""")
PY
failed=0
for seed in $seeds; do
  $bin calibrate "$tmp/city.json5" --targets "$tmp/targets.json5" --waves 3 --points 20 --replications 6 --seed "$seed" \
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
