#!/usr/bin/env bash
# Sizes a design's team by the city's demand. First calibration E16's arithmetic: run the design with
# ample staff for that team (no one waits), take the mean number of households on its caseloads, add
# 15% slack, divide by the caseload limit. Then the service level: waits feed dropouts, returns and
# worse problems, so a team just above the arithmetic can still tip into a queue that grows for
# years; the script tries the arithmetic and up to 8 FTE more and takes the smallest team whose mean
# wait stays within 4 weeks (the GGZ intake norm, calibration B4, as a yardstick), as every larger one does.
# Usage: scripts/size-designs.sh SCENARIO.json5 TEAM CASELOAD_LIMIT [replications, default 8] [seed, default 1]
# WIJKSIM=path/to/wijksim uses that (release) binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1 team=$2 limit=$3 reps=${4:-8} seed=${5:-1}
bin=${WIJKSIM:-.build/release/wijksim}
[ -n "${WIJKSIM:-}" ] || swift build -c release --product wijksim >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
$bin sweep "$file" --vary "teams.$team.workers=400" --replications "$reps" --seed "$seed" --out "$out/ample" --force --quiet > /dev/null
n0=$(python3 - "$out/ample" "$team" "$limit" <<'PY'
import csv, math, sys
out, team, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
use = next(float(r["mean"]) for r in csv.DictReader(open(f"{out}/summary.csv")) if r["measure"] == f"caseload_utilisation.{team}")
places = use * 400 * limit
print(math.ceil(places * 1.15 / limit))
print(f"{team}: {places:.0f} households on the caseloads with ample staff; x 1.15 / {limit} = {places * 1.15 / limit:.1f} FTE", file=sys.stderr)
PY
)
values=$(python3 -c "print(','.join(str($n0 + k) for k in range(9)))")
$bin sweep "$file" --vary "teams.$team.workers=$values" --replications "$reps" --seed "$seed" --out "$out/window" --force --quiet > /dev/null
python3 - "$out/window" "$team" "$file" <<'PY'
import csv, re, sys
out, team, file = sys.argv[1:4]
waits = {}
for r in csv.DictReader(open(f"{out}/summary.csv")):
    if r["measure"] == f"wait_days_mean.{team}":
        waits[int(re.search(r"workers=(\d+)", r["scenario"]).group(1))] = float(r["mean"])
sizes = sorted(waits)
for n in sizes: print(f"  {team} {n:3d} FTE: mean wait {waits[n]:7.1f} days")
ok = [n for n in sizes if all(waits[m] <= 28 for m in sizes if m >= n)]
print(f"{file}: teams.{team}: {ok[0] if ok else 'more than ' + str(sizes[-1])} FTE")
PY
