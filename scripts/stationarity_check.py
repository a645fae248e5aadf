"""Checks a stationarity.csv against the credible-city bar (see scripts/check-stationarity.sh).
Prints one line per series and a closing 'N passed, M failed' line; exits 1 when any series fails."""
import csv, sys

LARGE = 50  # series at or above this level must be shown steady; smaller ones must not trend
passed = failed = 0
print(f"{'series':36} {'level':>9} {'slope/yr':>9} {'95% CI':>21} {'% of level':>10}  verdict   MSER-5/warm-up (months)")
for r in csv.DictReader(open(sys.argv[1])):
    level, slope = float(r["level"]), float(r["slope_per_year"])
    lo, hi = float(r["ci95_low"]), float(r["ci95_high"])
    mser = r.get("mser5_warmup_months") or ""
    warm = r.get("configured_warmup_months") or ""
    problems = []
    if r["verdict"] in ("rising", "falling"):
        problems.append(f"{r['verdict']} beyond ±1% of its level a year")
    if level >= LARGE and r["verdict"] != "steady":
        problems.append("not shown steady within ±1% of its level a year")
    if level >= LARGE and mser and warm and int(mser) > int(warm):
        problems.append(f"MSER-5 asks for a warm-up of {mser} months, configured {warm}")
    share = f"{100 * slope / level:+.2f}%" if level > 0 else "–"
    print(f"{r['series']:36} {level:9.1f} {slope:9.3f} [{lo:9.3f}, {hi:9.3f}] {share:>10}  {r['verdict']:8}  {mser}/{warm}"
          + ("" if not problems else "   FAIL: " + "; ".join(problems)))
    if problems:
        failed += 1
    else:
        passed += 1
print(f"stationarity: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
