#!/usr/bin/env bash
# End-to-end and unit tests of the Euriqa Playwright reporter.
#   bash tests/reporter/run.sh [path/to/euriqa]        (default: $EURIQA_BIN, then <repo>/build/euriqa)
# Installs Playwright (npm ci, no browser download) when needed, links Debian's ffmpeg where
# Playwright looks for it, runs the unit tests and the driver. Needs /usr/bin/chromium and
# /usr/bin/ffmpeg (Debian packages chromium, ffmpeg). Last line: `N passed, N failed`.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-${EURIQA_BIN:-$REPO/build/euriqa}}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -x "$BIN" ]; then echo "euriqa binary not found: $BIN" >&2; echo "0 passed, 1 failed"; exit 1; fi
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
for tool in "$CHROMIUM" /usr/bin/ffmpeg; do
  if [ ! -x "$tool" ]; then
    echo "missing $tool (apt-get install -y chromium ffmpeg)" >&2
    echo "0 passed, 1 failed"; exit 1
  fi
done

# Playwright, exactly as locked; reinstall when the lock file changed.
if [ ! -f "$HERE/node_modules/@playwright/test/package.json" ] || \
   [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Playwright records video with its own ffmpeg build; Debian's works when linked where it looks.
export PLAYWRIGHT_BROWSERS_PATH="${PLAYWRIGHT_BROWSERS_PATH:-${TMPDIR:-/tmp}/euriqa-reporter-pw-$(id -u)}"
FFMPEG_REV="$(node -e "const b=require('$HERE/node_modules/playwright-core/browsers.json').browsers.find(b=>b.name==='ffmpeg');process.stdout.write(b.revision)")"
mkdir -p "$PLAYWRIGHT_BROWSERS_PATH/ffmpeg-$FFMPEG_REV"
ln -sf /usr/bin/ffmpeg "$PLAYWRIGHT_BROWSERS_PATH/ffmpeg-$FFMPEG_REV/ffmpeg-linux"
export CHROMIUM_PATH="$CHROMIUM"

unit_pass=0; unit_fail=0
if unit_out="$(cd "$HERE" && node --test unit.test.js 2>&1)"; then :; fi
unit_pass="$(printf '%s\n' "$unit_out" | sed -n 's/^# pass \([0-9]*\)$/\1/p')"
unit_fail="$(printf '%s\n' "$unit_out" | sed -n 's/^# fail \([0-9]*\)$/\1/p')"
unit_pass="${unit_pass:-0}"; unit_fail="${unit_fail:-1}"
if [ "$unit_fail" != 0 ]; then printf '%s\n' "$unit_out"; fi
echo "unit tests: $unit_pass passed, $unit_fail failed"

set +e
node "$HERE/driver.js" "$BIN" | tee "${TMPDIR:-/tmp}/euriqa-reporter-driver-$$.log"
rc=${PIPESTATUS[0]}
set -e
last="$(tail -n 1 "${TMPDIR:-/tmp}/euriqa-reporter-driver-$$.log")"
rm -f "${TMPDIR:-/tmp}/euriqa-reporter-driver-$$.log"
e2e_pass="$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')"
e2e_fail="$(printf '%s' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')"
e2e_pass="${e2e_pass:-0}"; e2e_fail="${e2e_fail:-1}"
echo "$((unit_pass + e2e_pass)) passed, $((unit_fail + e2e_fail)) failed"
if [ "$rc" != 0 ] || [ "$unit_fail" != 0 ] || [ "$e2e_fail" != 0 ]; then exit 1; fi
