#!/usr/bin/env bash
# End-to-end tests of the Euriqa dashboard against the real binary, in Debian's Chromium.
# Usage: bash tests/e2e/run.sh [path-to-euriqa]   (default: <repo>/build/euriqa or $EURIQA_BIN)
# Exit code: 0 when every test passed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-${EURIQA_BIN:-$REPO/build/euriqa}}"
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[ -x "$BIN" ] || { echo "e2e: euriqa binary not found at $BIN" >&2; exit 1; }
export EURIQA_BIN="$BIN"

for tool in node npm /usr/bin/chromium /usr/bin/ffmpeg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e: missing $tool (apt-get install -y nodejs npm chromium ffmpeg)" >&2; exit 1; }
done

cd "$HERE"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Playwright never downloads browsers here; it only needs ffmpeg where it looks for it (video).
export PLAYWRIGHT_BROWSERS_PATH="${PLAYWRIGHT_BROWSERS_PATH:-$HERE/.pw-browsers}"
FFREV="$(node -e 'const b=require("./node_modules/playwright-core/browsers.json").browsers.find(b=>b.name==="ffmpeg");console.log(b.revision)' 2>/dev/null || true)"
want="$(node -p 'require("./package.json").devDependencies["@playwright/test"]')"
have="$(node -p 'require("./node_modules/@playwright/test/package.json").version' 2>/dev/null || true)"
# Reinstall when Playwright's version or the lock file changed (a new dev dependency).
if [ "$want" != "$have" ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
  FFREV="$(node -e 'const b=require("./node_modules/playwright-core/browsers.json").browsers.find(b=>b.name==="ffmpeg");console.log(b.revision)')"
fi
mkdir -p "$PLAYWRIGHT_BROWSERS_PATH/ffmpeg-$FFREV"
ln -sf /usr/bin/ffmpeg "$PLAYWRIGHT_BROWSERS_PATH/ffmpeg-$FFREV/ffmpeg-linux"

# Dogfood: a second, separate Euriqa receives this suite's own results through Euriqa's
# Playwright reporter (packaging/playwright-reporter); after the run we check through its
# API that the run arrived with every test and their screenshots. E2E_DOGFOOD=0 skips it.
REPORTER="$REPO/packaging/playwright-reporter"
DOGFOOD=0
if [ "${E2E_DOGFOOD:-1}" != 0 ] && [ -f "$REPORTER/index.js" ]; then DOGFOOD=1; fi
STATE="$HERE/.state/dogfood.json"
mkdir -p "$HERE/.state"
cleanup() { [ "$DOGFOOD" = 1 ] && node "$HERE/dogfood.mjs" stop "$STATE" || true; }
trap cleanup EXIT
if [ "$DOGFOOD" = 1 ]; then
  eval "$(node "$HERE/dogfood.mjs" start "$BIN" "$STATE")"
  echo "e2e: dogfood server at $DOGFOOD_URL (reporter: $REPORTER)"
  export E2E_EXTRA_REPORTERS="$(node -e '
    console.log(JSON.stringify([[process.argv[1], { url: process.env.DOGFOOD_URL, apiKey: process.env.DOGFOOD_API_KEY,
      runTitle: "Dashboard e2e", flushTimeoutMs: 60000 }]]))' "$REPORTER")"
fi

set +e
npx playwright test "${@:2}"
rc=$?
set -e
if [ "$DOGFOOD" = 1 ]; then
  if ! node "$HERE/dogfood.mjs" check "$STATE" "$HERE/test-results/report.json"; then
    echo "e2e: dogfood check failed" >&2
    [ $rc = 0 ] && rc=1
  fi
fi
exit $rc
