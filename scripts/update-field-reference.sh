#!/usr/bin/env bash
# Regenerates the field reference in Scenarios/README.md from the loader (`wijksim fields`).
set -euo pipefail
cd "$(dirname "$0")/.."
# WIJKSIM_SCRATCH: another build folder than .build (swift build --scratch-path).
scratch="${WIJKSIM_SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product wijksim >&2
python3 - "$("$scratch"/release/wijksim fields)" <<'PY'
import sys
reference = sys.argv[1].strip() + "\n"
path = "Scenarios/README.md"
text = open(path).read()
begin = text.index("<!-- fields:begin")
end = text.index("<!-- fields:end -->") + len("<!-- fields:end -->\n")
open(path, "w").write(text[:begin] + reference + text[end:])
PY
echo "Scenarios/README.md: field reference updated" >&2
