#!/usr/bin/env bash
# Reporter overhead benchmark: bash bench/reporter/run.sh [path/to/euriqa]   (RUNS=5 TESTS=500)
# Prints `reporter overhead: X% (with R s, without S s, 500 tests)`. No browser needed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-${EURIQA_BIN:-$REPO/build/euriqa}}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f "$REPO/tests/reporter/node_modules/@playwright/test/package.json" ] || \
   [ "$REPO/tests/reporter/package-lock.json" -nt "$REPO/tests/reporter/node_modules/.package-lock.json" ]; then
  (cd "$REPO/tests/reporter" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$HERE/bench.js" "$BIN"
