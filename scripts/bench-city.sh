#!/usr/bin/env bash
# `wijksim bench city` against `wijksim bench hold` with a comparable number of pending events,
# measured in one run (issue: the city must reach at least 30% of hold's events per second).
# Usage: scripts/bench-city.sh [repeats]. Prints a Markdown table for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-5}
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
city=(); hold=()
pending=$($bin bench city --seed 1 | field peak_pending)
for r in $(seq 1 "$repeats"); do
  city+=("$($bin bench city --seed "$r" | field events_per_second)")
  hold+=("$($bin bench hold --pending "$pending" --events 2000000 --seed "$r" | field events_per_second)")
done
c=$(printf '%s\n' "${city[@]}" | median); h=$(printf '%s\n' "${hold[@]}" | median)
python3 - "$c" "$h" "$pending" "$repeats" <<'PY'
import sys
c, h, p, n = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
print("| benchmark | events/s (median of %s) |" % n)
print("|---|---|")
print(f"| bench city (default city, one replication) | {c:,.0f} |")
print(f"| bench hold (--pending {p}, the city's peak) | {h:,.0f} |")
print(f"| **city / hold** | **{100*c/h:.0f}%** |")
PY
