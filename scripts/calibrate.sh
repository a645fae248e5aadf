#!/usr/bin/env bash
# Calibrates the default city by history matching and writes Scenarios/CALIBRATION.md from the result.
#  1. wijksim calibrate Scenarios/default-city.json5 --targets Scenarios/targets/city-150k.json5
#     (3 waves × 200 points × 10 replications, seed 1) into Results/calibration/, timed on this machine's
#     cores (Results/calibration/timing.txt). A stopped run resumes from its calibration-state.json; a
#     finished one only rewrites its results.
#  2. Copies the non-implausible set to Scenarios/targets/city-150k-plausible.csv, and checks the default
#     city's own point against the same targets by the same rule (Results/calibration/check.csv).
#  3. Runs the default city (as it is now in Scenarios/default-city.json5) against every target, and the
#     two comparisons that are not one measure of one run (F8 outreach, F9 integrated design), and writes
#     Scenarios/CALIBRATION.md: the calibration (waves, each parameter's range, non-implausible range, best
#     point and the value the default city uses) and the city against the targets.
# Usage: scripts/calibrate.sh [replications of the check runs, default 30] [seed, default 1]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-30}
seed=${2:-1}
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
out=Results/calibration
mkdir -p "$out"
fresh=1
[ -f "$out/calibration-state.json" ] && fresh=0
start=$(date +%s.%N)
$bin calibrate Scenarios/default-city.json5 --targets Scenarios/targets/city-150k.json5 \
  --waves 3 --points 200 --replications 10 --seed 1 --out "$out" | tee "$out/calibrate.txt" >&2
end=$(date +%s.%N)
if [ "$fresh" = 1 ]; then
  python3 -c "import os,sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f} seconds on {os.cpu_count()} cores')" "$start" "$end" \
    > "$out/timing.txt"
fi
cp "$out/plausible.csv" Scenarios/targets/city-150k-plausible.csv
# The default city's own point against the same targets, by the same rule (10 replications, seed 1).
$bin calibrate Scenarios/default-city.json5 --targets Scenarios/targets/city-150k.json5 --check \
  --replications 10 --seed 1 --out "$out" --force > /dev/null
# The default city against the pre-2015 baseline and the integrated design (F9), and early signalling (F8).
$bin run Scenarios/default-city.json5 Scenarios/fragmented-chain.json5 Scenarios/achter-de-voordeur.json5 \
  --replications "$reps" --seed "$seed" --out "$out/designs" --force --quiet > /dev/null
$bin sweep Scenarios/default-city.json5 --vary path.outreach=0w,9w \
  --replications "$reps" --seed "$seed" --out "$out/outreach" --force --quiet > /dev/null
python3 scripts/calibration_table.py "$out" "$reps" "$seed" > Scenarios/CALIBRATION.md
echo "wrote Scenarios/CALIBRATION.md ($reps replications, seed $seed) and Scenarios/targets/city-150k-plausible.csv" >&2
