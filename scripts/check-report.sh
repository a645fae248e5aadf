#!/usr/bin/env bash
# Builds wijksim (release), runs the small example (2 designs × 3 replications) into Results/example,
# opens Results/example/report.html in headless Chromium, saves a screenshot to docs/report.png and the
# print layout (A4, the first page on a page of its own) to docs/report-print.pdf, then checks results.xlsx
# with scripts/check-xlsx.sh.
# Needs Chromium: apt-get install -y chromium (Debian/Ubuntu). The report itself needs no network.
#   scripts/check-report.sh            # English
#   LANG_REPORT=nl scripts/check-report.sh   # Dutch report and docs/report-nl.png
set -euo pipefail
cd "$(dirname "$0")/.."
lang="${LANG_REPORT:-en}"
swift build -c release >/dev/null
out=Results/example
shot=docs/report.png
if [ "$lang" != en ]; then out=/tmp/wijksim-example-$lang; shot=docs/report-$lang.png; fi
.build/release/wijksim run Scenarios/default-city.json5 Scenarios/burgerkracht.json5 --replications 3 --quiet \
    --lang "$lang" --out "$out" --force >/dev/null
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "check-report: no Chromium found; install it with: apt-get install -y chromium" >&2
    exit 3
fi
mkdir -p docs
"$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --window-size=1200,2400 \
    --screenshot="$PWD/$shot" "file://$(cd "$out" && pwd)/report.html" 2>/dev/null
test -s "$shot"
pdf="${shot%.png}-print.pdf"
"$browser" --headless --disable-gpu --no-sandbox --no-pdf-header-footer --print-to-pdf="$PWD/$pdf" \
    "file://$(cd "$out" && pwd)/report.html" 2>/dev/null
test -s "$pdf"
pages=$(grep -c "/Type /Page\b\|/Type/Page\b" "$pdf" || true)
scripts/check-xlsx.sh "$out"
echo "report: $out/report.html; screenshot: $shot; print layout: $pdf ($pages pages)"
