#!/usr/bin/env bash
# No inert lever (a release pass that CI runs): every numeric and true/false field of the default
# city and of every design file in Scenarios/ is halved and doubled (or toggled) within its allowed
# range on short runs (3 + 2 years, 2 replications, one common seed) and must change some output,
# unless Sources/ScenarioKit/InertFields.swift says why it legitimately changes nothing there (the
# list 'wijksim validate' warns about); a field said to be inert that does change an output fails
# too. The files are one check: a field inert in one file but live in another acts where it applies.
# About 30 s on 2 cores (README, "Correct: what the tests show").
# Usage: scripts/check-levers.sh [extra options for 'wijksim levers', e.g. --threads 2]
# WIJKSIM=path/to/wijksim uses that (release) binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${WIJKSIM:-.build/release/wijksim}
[ -n "${WIJKSIM:-}" ] || swift build -c release --product wijksim >&2
files=(Scenarios/default-city.json5)
for f in Scenarios/*.json5; do
    [ "$f" = Scenarios/default-city.json5 ] || files+=("$f")
done
"$bin" levers "${files[@]}" --quiet "$@"
