#!/usr/bin/env bash
# Builds the dashboard (web/) into OUT_DIR for embedding; called by CMake.
# Installs web/'s npm packages from its lock file when they are missing or stale.
#   build_web.sh WEB_DIR OUT_DIR
set -euo pipefail
src="$1"
out="$2"
if [ ! -f "$src/package.json" ]; then
  echo "build_web.sh: no web/package.json; the dashboard is not embedded" >&2
  rm -rf "$out"
  exit 0
fi
command -v npm >/dev/null || { echo "build_web.sh: building the dashboard needs Node.js (20 or later) and npm" >&2; exit 1; }
cd "$src"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build -- --outDir "$out" --emptyOutDir
