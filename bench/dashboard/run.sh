#!/usr/bin/env bash
# Dashboard benchmark: bash bench/dashboard/run.sh <euriqa-bin> [--tests N] [--iterations K] [--enforce]
# Installs tests/e2e's npm packages when missing (Playwright from npm, Debian's Chromium).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-${EURIQA_BIN:-$REPO/build/euriqa}}"
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[ -x /usr/bin/chromium ] || { echo "bench: /usr/bin/chromium missing (apt-get install -y chromium)" >&2; exit 1; }
E2E="$REPO/tests/e2e"
have="$(cd "$E2E" && node -p 'require("./node_modules/@playwright/test/package.json").version' 2>/dev/null || true)"
want="$(cd "$E2E" && node -p 'require("./package.json").devDependencies["@playwright/test"]')"
if [ "$have" != "$want" ]; then (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error); fi
exec node "$HERE/run-page.mjs" "$BIN" "${@:2}"
