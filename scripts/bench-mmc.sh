#!/usr/bin/env bash
# Side-by-side: `wijksim bench mmc` against SimPy 4.1 on the same M/M/c, in one run on this machine.
# Usage: scripts/bench-mmc.sh [customers] [repeats]
# Prints a Markdown table for the README: customers per second of each tool (median of the repeats)
# and their ratio. Needs python3; installs simpy with pip if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-2000000}
repeats=${2:-3}
simpy_customers=$(( customers / 10 ))   # SimPy is slower; fewer customers keep its run short
peer=scripts/peers/simpy_mmc.py
[ -f "$peer" ] || { echo "bench-mmc: peer script $peer not found" >&2; exit 1; }
python3 -c 'import simpy' 2>/dev/null || python3 -m pip install --quiet 'simpy>=4.1,<5' >&2
swift build -c release --product wijksim >&2
bin=.build/release/wijksim
simpy_version=$(python3 -c 'import simpy; print(simpy.__version__)')

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

printf '| case (λ, μ, c) | wijksim customers/s | SimPy %s customers/s | ratio | wijksim mean wait | SimPy mean wait | Erlang C |\n' "$simpy_version"
printf '|---|---|---|---|---|---|---|\n'
for case in "0.9 1 1" "9 1 10" "45 1 50"; do
  set -- $case
  ours=(); theirs=(); our_wait=""; their_wait=""; exact=""
  for r in $(seq 1 "$repeats"); do
    out=$($bin bench mmc --arrival-rate "$1" --service-rate "$2" --servers "$3" --customers "$customers" --seed "$r")
    ours+=("$(echo "$out" | field customers_per_second)")
    [ -z "$our_wait" ] && our_wait=$(echo "$out" | field mean_wait) && exact=$(echo "$out" | field erlang_c_mean_wait)
    out=$(python3 "$peer" --arrival-rate "$1" --service-rate "$2" --servers "$3" --customers "$simpy_customers" --seed "$r")
    theirs+=("$(echo "$out" | field customers_per_second)")
    [ -z "$their_wait" ] && their_wait=$(echo "$out" | field mean_wait)
  done
  a=$(printf '%s\n' "${ours[@]}" | median); b=$(printf '%s\n' "${theirs[@]}" | median)
  python3 - "$1" "$2" "$3" "$a" "$b" "$our_wait" "$their_wait" "$exact" <<'PY'
import sys
l, m, c, a, b, w1, w2, e = sys.argv[1:]
print(f"| {l}, {m}, {c} | {float(a):,.0f} | {float(b):,.0f} | **{float(a)/float(b):.0f}×** | {float(w1):.3f} | {float(w2):.3f} | {float(e):.3f} |")
PY
done
echo
echo "wijksim: $customers customers a run; SimPy: $simpy_customers; median of $repeats runs each; $(nproc) cores; $(date -u +%Y-%m-%d)."
