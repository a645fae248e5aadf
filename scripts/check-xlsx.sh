#!/usr/bin/env bash
# Checks a run directory's results.xlsx with readers that share no code with WijkSim: Python's openpyxl reads every
# number of the sheets "All measures" and "Summary" and compares it with summary.csv (relative tolerance 1e-12; an
# empty CSV field, as for NaN, must be an empty cell), and LibreOffice, when installed, must open the workbook
# (every sheet converted to CSV; the numbers of "All measures" compared once more as LibreOffice read them).
#   scripts/check-xlsx.sh RUN_DIR
# openpyxl: used if python3 has it; otherwise installed with pip into a venv under ${TMPDIR:-/tmp} (needs PyPI).
# Exit 0: all equal; 1: a mismatch or a file that does not open (each named: sheet, cell, expected, found);
# 2: usage, or a file or tool missing.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: scripts/check-xlsx.sh RUN_DIR   (RUN_DIR holds results.xlsx and summary.csv)" >&2
    exit 2
fi
run=$1
for f in results.xlsx summary.csv; do
    if [ ! -s "$run/$f" ]; then echo "check-xlsx: $run/$f is missing or empty" >&2; exit 2; fi
done

# Python with openpyxl: the system's, or a venv of our own, or (without the venv module) a pip --target folder.
python=python3
export PYTHONPATH="${PYTHONPATH:-}"
if ! command -v python3 >/dev/null; then
    echo "check-xlsx: python3 is needed (apt-get install -y python3)" >&2; exit 2
fi
if ! python3 -c 'import openpyxl' 2>/dev/null; then
    venv="${TMPDIR:-/tmp}/wijksim-xlsx-venv"
    target="${TMPDIR:-/tmp}/wijksim-xlsx-pylib"
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import openpyxl' 2>/dev/null; then
        python="$venv/bin/python"
    elif PYTHONPATH="$target" python3 -c 'import openpyxl' 2>/dev/null; then
        PYTHONPATH="$target"
    elif python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/python" -m pip install --quiet openpyxl >&2; then
        python="$venv/bin/python"
    elif python3 -m pip install --quiet --target "$target" openpyxl >&2; then
        PYTHONPATH="$target"
    else
        echo "check-xlsx: cannot install openpyxl; install it with: pip install openpyxl (or apt-get install -y python3-openpyxl)" >&2
        exit 2
    fi
fi

# LibreOffice, if installed: every sheet to CSV (filter token 12 = -1: all sheets, LibreOffice 7.2 on), raw values.
work=$(mktemp -d "${TMPDIR:-/tmp}/check-xlsx.XXXXXX")
trap 'rm -rf "$work"' EXIT
office=$(command -v soffice || command -v libreoffice || true)
office_version=""
if [ -n "$office" ]; then
    office_version=$("$office" --version 2>/dev/null | awk '{print $2; exit}')
    mkdir -p "$work/lo"
    cp "$run/results.xlsx" "$work/lo/results.xlsx"
    if ! (cd "$work/lo" && timeout 300 "$office" --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
            --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
            --outdir "$work/lo/csv" results.xlsx >"$work/lo/log" 2>&1) \
        || ! ls "$work/lo/csv/"*.csv >/dev/null 2>&1; then
        echo "check-xlsx: LibreOffice $office_version could not open $run/results.xlsx:" >&2
        sed 's/^/  /' "$work/lo/log" >&2
        exit 1
    fi
fi

"$python" - "$run" "$work/lo/csv" "$office_version" <<'PY'
import csv, math, os, re, sys
import openpyxl

run, lo_dir, lo_version = sys.argv[1], sys.argv[2], sys.argv[3]
xlsx = os.path.join(run, "results.xlsx")
COLUMNS = ["scenario", "measure", "mean", "sd", "ci95_low", "ci95_high", "n"]
STATS = COLUMNS[2:]
problems = []

def fail(message):
    print("check-xlsx: " + message, file=sys.stderr)
    sys.exit(1)

with open(os.path.join(run, "summary.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if not rows or rows[0] != COLUMNS:
    fail("summary.csv: header should be %s, found %s" % (",".join(COLUMNS), ",".join(rows[0]) if rows else "nothing"))
rows = [r for r in rows[1:] if r]
for i, r in enumerate(rows):
    if len(r) != len(COLUMNS):
        fail("summary.csv line %d: %d fields, expected %d" % (i + 2, len(r), len(COLUMNS)))
by_key = {}
for r in rows:
    key = (r[0], r[1])
    if key in by_key:
        fail("summary.csv: scenario %r, measure %r appears twice" % key)
    by_key[key] = dict(zip(COLUMNS, r))

def expected_number(text):
    """The CSV field as a float, or None for an empty field (NaN and infinities are written empty)."""
    text = text.strip()
    if text == "" or text.lower() in ("nan", "-nan"):
        return None
    return float(text)

def same(expected, found):
    """Relative tolerance 1e-12; exact for zero."""
    return expected == found or abs(expected - found) <= 1e-12 * max(abs(expected), abs(found))

checked = 0
def compare(sheet, ref, expected_text, found, what):
    """One numeric cell against its CSV field."""
    global checked
    expected = expected_number(expected_text)
    if expected is None:
        if found is not None and found != "":
            problems.append("sheet %r cell %s (%s): expected an empty cell (summary.csv field is empty), found %r"
                            % (sheet, ref, what, found))
        return
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        problems.append("sheet %r cell %s (%s): expected the number %r, found %s"
                        % (sheet, ref, what, expected_text, "an empty cell" if found is None else "%s %r" % (type(found).__name__, found)))
        return
    checked += 1
    if not (math.isfinite(found) and same(expected, float(found))):
        problems.append("sheet %r cell %s (%s): expected %r, found %r" % (sheet, ref, what, expected_text, found))

try:
    wb = openpyxl.load_workbook(xlsx, data_only=True)
except Exception as e:
    fail("openpyxl cannot open %s: %s" % (xlsx, e))

def cell(ws, row, column):
    """A cell's value; text with Excel's _xHHHH_ escapes decoded as Excel does (openpyxl leaves inline strings as stored)."""
    value = ws.cell(row=row, column=column).value
    if isinstance(value, str) and "_x" in value:
        value = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)
    return value

def ref(row, column):
    return "%s%d" % (openpyxl.utils.get_column_letter(column), row)

# All measures: the header, then one row per summary.csv row in the same order.
name = "All measures"
if name not in wb.sheetnames:
    fail("no sheet %r (sheets: %s)" % (name, ", ".join(wb.sheetnames)))
ws = wb[name]
header = ["scenario", "measure", "unit", "mean", "sd", "ci95_low", "ci95_high", "n"]
found_header = [cell(ws, 1, c) for c in range(1, len(header) + 1)]
if found_header != header:
    fail("sheet %r row 1: expected the header %s, found %s" % (name, header, found_header))
for i, r in enumerate(rows):
    row = i + 2
    for c, column in ((1, "scenario"), (2, "measure")):
        if cell(ws, row, c) != r[COLUMNS.index(column)]:
            problems.append("sheet %r cell %s (%s of summary.csv line %d): expected %r, found %r"
                            % (name, ref(row, c), column, i + 2, r[COLUMNS.index(column)], cell(ws, row, c)))
    for c, stat in zip(range(4, 9), STATS):
        compare(name, ref(row, c), r[COLUMNS.index(stat)], cell(ws, row, c), "%s, %s, %s" % (r[0], r[1], stat))
for row in range(len(rows) + 2, ws.max_row + 1):
    extra = [v for v in (cell(ws, row, c) for c in range(1, ws.max_column + 1)) if v not in (None, "")]
    if extra:
        problems.append("sheet %r row %d: summary.csv has %d rows, but this row holds %r" % (name, row, len(rows), extra))
        break

# Summary: row 1 labels, row 2 keys (scenario, parameter paths, measure|stat), data from row 3.
name = "Summary"
if name not in wb.sheetnames:
    fail("no sheet %r (sheets: %s)" % (name, ", ".join(wb.sheetnames)))
ws = wb[name]
if cell(ws, 2, 1) != "scenario":
    fail("sheet %r cell A2: expected the key 'scenario', found %r" % (name, cell(ws, 2, 1)))
keyed = []
for c in range(2, ws.max_column + 1):
    key = cell(ws, 2, c)
    if isinstance(key, str) and "|" in key:
        measure, _, stat = key.rpartition("|")
        if stat not in STATS:
            fail("sheet %r cell %s: key %r has an unknown statistic %r (expected one of %s)" % (name, ref(2, c), key, stat, ", ".join(STATS)))
        keyed.append((c, measure, stat))
if not keyed:
    fail("sheet %r row 2: no measure|stat keys" % name)
scenarios = list(dict.fromkeys(r[0] for r in rows))
seen = set()
for row in range(3, ws.max_row + 1):
    label = cell(ws, row, 1)
    values = [cell(ws, row, c) for c in range(1, ws.max_column + 1)]
    if all(v in (None, "") for v in values):
        continue
    if label not in scenarios:
        problems.append("sheet %r cell %s: scenario %r is not in summary.csv" % (name, ref(row, 1), label))
        continue
    if label in seen:
        problems.append("sheet %r cell %s: scenario %r has a second row" % (name, ref(row, 1), label))
    seen.add(label)
    for c, measure, stat in keyed:
        if (label, measure) not in by_key:
            problems.append("sheet %r cell %s: summary.csv has no measure %r for scenario %r" % (name, ref(row, c), measure, label))
            continue
        compare(name, ref(row, c), by_key[(label, measure)][stat], cell(ws, row, c), "%s, %s, %s" % (label, measure, stat))
for s in scenarios:
    if s not in seen:
        problems.append("sheet %r: no row for scenario %r of summary.csv" % (name, s))

# LibreOffice's reading of All measures: its CSV has raw values with 15 significant digits (percent formats keep %).
lo_note = ""
if lo_version:
    files = sorted(f for f in os.listdir(lo_dir) if f.endswith(".csv"))
    lo_file = os.path.join(lo_dir, "results-All measures.csv")
    lo_checked = 0
    if os.path.exists(lo_file):
        with open(lo_file, newline="", encoding="utf-8") as f:
            lo_rows = list(csv.reader(f))
        for i, r in enumerate(rows):
            lo = lo_rows[i + 1] if i + 1 < len(lo_rows) else []
            for c, stat in zip(range(3, 8), STATS):
                text = lo[c].strip() if c < len(lo) else ""
                expected = expected_number(r[COLUMNS.index(stat)])
                try:
                    found = None if text == "" else (float(text[:-1]) / 100 if text.endswith("%") else float(text))
                except ValueError:
                    found = text
                where = "LibreOffice's reading of sheet 'All measures' cell %s (%s, %s, %s)" % (ref(i + 2, c + 1), r[0], r[1], stat)
                if expected is None and found is not None:
                    problems.append("%s: expected an empty cell, found %r" % (where, text))
                elif expected is not None and (not isinstance(found, float) or not abs(expected - found) <= 1e-12 * max(abs(expected), abs(found), 1e-300)):
                    problems.append("%s: expected %r, found %r" % (where, r[COLUMNS.index(stat)], text))
                elif expected is not None:
                    lo_checked += 1
        lo_note = "; LibreOffice %s opened it: %d sheets to CSV, %d numbers of 'All measures' equal" % (lo_version, len(files), lo_checked)
    else:
        lo_note = "; LibreOffice %s opened it (%d CSV file(s))" % (lo_version, len(files))
else:
    lo_note = "; LibreOffice not installed, not tried"

if problems:
    for p in problems[:30]:
        print("check-xlsx: " + p, file=sys.stderr)
    if len(problems) > 30:
        print("check-xlsx: … and %d more" % (len(problems) - 30), file=sys.stderr)
    print("check-xlsx: %s does NOT match summary.csv (%d problems)" % (xlsx, len(problems)), file=sys.stderr)
    sys.exit(1)
print("results.xlsx: %d sheets, %d numbers checked against summary.csv, all equal (openpyxl %s%s)"
      % (len(wb.sheetnames), checked, openpyxl.__version__, lo_note))
PY
