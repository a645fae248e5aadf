#!/usr/bin/env bash
# Checks the classroom replay in headless Chromium (scripts/replay_check.py, Python's standard library
# only): each page loads, fetches nothing, plays to the end with every event applied and every dot in
# its zone, shows at every month end the zone counts of the model's own series, stays under 5 MB, and
# plays at 30 frames per second or more (frame times logged by the page).
#   scripts/check-replay.sh          two pages: default-city beside burgerkracht (screenshots at three
#                                    moments into docs/replay-1..3.png) and a 2,000-household default city
#                                    (frames per second, the README's figure)
#   scripts/check-replay.sh --ci     the two-design page only, frames per second reported, not required
#                                    (a loaded CI machine is no measure of smoothness); no screenshots kept
# WIJKSIM: the wijksim binary to use (default: build with -c release). Pages go to ${OUT:-a temporary folder}.
# Exit 0: every check holds; 1: a check failed (each named); 2: usage, or a tool missing.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
    "") ;;
    --ci) mode=ci ;;
    *) echo "usage: scripts/check-replay.sh [--ci]" >&2; exit 2 ;;
esac
command -v python3 >/dev/null || { echo "check-replay: python3 is needed (apt-get install -y python3)" >&2; exit 2; }
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
    || { echo "check-replay: Chromium is needed (apt-get install -y chromium)" >&2; exit 2; }
if [ -z "${WIJKSIM:-}" ]; then
    swift build -c release --product wijksim >&2
    WIJKSIM="$PWD/.build/release/wijksim"
fi
out="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/wijksim-replay.XXXXXX")}"
mkdir -p "$out"

status=0
two="$out/default-city-burgerkracht.html"
"$WIJKSIM" replay wijksim:default-city wijksim:burgerkracht --seed 1 --out "$two" --force
if [ "$mode" = ci ]; then
    python3 scripts/replay_check.py "$two" --select-parting --fps-seconds 2 --min-fps 0 | tee "$out/check-two.json" || status=1
else
    python3 scripts/replay_check.py "$two" --select-parting --screenshots docs/replay | tee "$out/check-two.json" || status=1
    big="$out/default-city-2000.html"
    "$WIJKSIM" replay wijksim:default-city --households 2000 --seed 1 --out "$big" --force
    python3 scripts/replay_check.py "$big" --fps-seconds 8 | tee "$out/check-2000.json" || status=1
fi
python3 - "$out" <<'PY'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("check-*.json")):
    r = json.loads(f.read_text())
    fps = r["fps"]
    print(f"check-replay: {pathlib.Path(r['page']).name}: {r['bytes'] / 1e6:.1f} MB, {sum(r['applied'])} of {sum(r['events'])} events "
          f"applied, {r['months_checked']} month ends equal the model's series ({r['month_mismatches']} differ), "
          f"{r['misplaced']} dots misplaced, {r['start_places']['same']} households in the same place at the start in both designs "
          f"({r['start_places']['apart']} apart), requests {len(r['requests'])} (the page itself); {r['drawn_dots']} dots drawn: "
          f"{fps['fps']:.1f} frames per second (median frame {fps['medianMs']:.1f} ms, 95th percentile {fps['p95Ms']:.1f} ms; "
          f"script and drawing {fps['workMedianMs']:.1f} ms a frame)"
          + ("; FAILED: " + "; ".join(r["failures"]) if r["failures"] else ""))
PY
exit $status
