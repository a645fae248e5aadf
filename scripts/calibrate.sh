#!/usr/bin/env bash
# Compares the default city with the calibration targets (section F of the calibration notes, docs/SOURCES.md)
# and writes Scenarios/CALIBRATION.md (mean and 95% CI over the replications, inside the band or not).
# Usage: scripts/calibrate.sh [replications, default 30] [seed, default 1]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-30}
seed=${2:-1}
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
out=Results/calibration
mkdir -p "$out"
# The default city against the pre-2015 baseline and the integrated design (F9), and early signalling (F8).
$bin run Scenarios/default-city.json5 Scenarios/fragmented-chain.json5 Scenarios/achter-de-voordeur.json5 \
  --replications "$reps" --seed "$seed" --out "$out/designs" --quiet > /dev/null
$bin sweep Scenarios/default-city.json5 --vary path.outreach=0w,9w \
  --replications "$reps" --seed "$seed" --out "$out/outreach" --quiet > /dev/null
python3 scripts/calibration_table.py "$out" "$reps" "$seed" > Scenarios/CALIBRATION.md
echo "wrote Scenarios/CALIBRATION.md ($reps replications, seed $seed)" >&2
