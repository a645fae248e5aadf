#!/usr/bin/env bash
# The mechanisms work in the direction their seed lines give (a release pass that CI runs): paired
# comparisons with common random numbers, the 95% CI of each difference on the expected side of
# zero. Small-city checks (Tests/Mechanisms/small-city.json5) for each mechanism, and the shipped
# designs at full size against the fragmented chain. About a minute on 2 cores.
# Usage: scripts/check-mechanisms.sh [replications, default 8]
# WIJKSIM=path/to/wijksim uses that (release) binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${WIJKSIM:-.build/release/wijksim}
[ -n "${WIJKSIM:-}" ] || swift build -c release --product wijksim >&2
python3 scripts/check_mechanisms.py "$bin" "${1:-8}"
