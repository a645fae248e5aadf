#!/usr/bin/env bash
# The tests, as CI runs them: an optimised build with every invariant check compiled in
# (-D WIJKSIM_CHECKS: the heap property, time order, the city's bookkeeping after every event).
# Optimised, the statistical tests run 10-20 times faster than in a debug build; plain `swift test`
# runs the same tests in a debug build (the same checks, slower). Extra arguments go to `swift test`,
# e.g. scripts/test.sh --filter Sensitivity
set -euo pipefail
cd "$(dirname "$0")/.."
exec swift test -c release -Xswiftc -DWIJKSIM_CHECKS --no-parallel --disable-xctest --scratch-path .build/checks "$@"
