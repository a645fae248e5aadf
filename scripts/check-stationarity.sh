#!/usr/bin/env bash
# The credible-city bar (a release pass that CI runs): the default city, measured over 30 years after
# its warm-up, must be in balance. Every waiting list, caseload, open-case count, benefit stock and
# household count gets a trend per year with a 95% CI across replications (stationarity.csv); the
# large series (level 50 or more) must be steady (the whole CI within ±1% of the level per year),
# no series may rise or fall beyond that band, and MSER-5 must not ask for a longer warm-up than
# the configured one for any large series.
# Usage: scripts/check-stationarity.sh [replications, default 30] [measured years, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-30}
years=${2:-30}
# WIJKSIM: a wijksim binary to use instead of building one (CI passes the one the tests built).
bin=${WIJKSIM:-.build/release/wijksim}
[ -n "${WIJKSIM:-}" ] || swift build -c release --product wijksim >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/default-city-long.json5" <<JSON
{ extends: "$PWD/Scenarios/default-city.json5", name: "default-city-${years}y", measure: "${years}y" }
JSON
"$bin" run "$tmp/default-city-long.json5" --replications "$reps" --out "$tmp/run" --quiet > /dev/null
python3 scripts/stationarity_check.py "$tmp/run/stationarity.csv"
