#!/usr/bin/env bash
# Speed-up of a multi-replication job on 2 threads against 1 thread, measured in one run
# (issue: at least 1.8× on 2 cores). Also checks that both give the same files to the last digit.
# Usage: scripts/bench-threads.sh [replications, default 16] [repeats, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-16}
repeats=${2:-3}
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
job=(run Scenarios/default-city.json5 Scenarios/burgerkracht.json5 --replications "$reps" --seed 1 --quiet)
best1=999999; best2=999999
for r in $(seq 1 "$repeats"); do
  s=$(date +%s.%N); $bin "${job[@]}" --threads 1 --out "$tmp/t1" > /dev/null; e=$(date +%s.%N)
  t1=$(echo "$e - $s" | bc); best1=$(echo "if ($t1 < $best1) $t1 else $best1" | bc)
  s=$(date +%s.%N); $bin "${job[@]}" --threads 2 --out "$tmp/t2" > /dev/null; e=$(date +%s.%N)
  t2=$(echo "$e - $s" | bc); best2=$(echo "if ($t2 < $best2) $t2 else $best2" | bc)
done
for f in summary.csv comparison.csv replications.csv timeseries.csv stationarity.csv summary.json; do
  cmp -s "$tmp/t1/$f" "$tmp/t2/$f" || { echo "DIFFERENT: $f on 1 and 2 threads" >&2; exit 1; }
done
python3 - "$best1" "$best2" "$reps" "$repeats" "$(nproc)" <<'PY'
import sys
t1, t2, reps, repeats, cores = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
print(f"| job | 1 thread | 2 threads | speed-up |")
print(f"|---|---|---|---|")
print(f"| 2 scenarios × {reps} replications (best of {repeats}, {cores} cores) | {t1:.2f} s | {t2:.2f} s | **{t1/t2:.2f}×** |")
print("identical output files on 1 and 2 threads: yes")
PY
