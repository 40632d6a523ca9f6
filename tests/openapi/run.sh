#!/usr/bin/env bash
# The OpenAPI document against the real server: docs/openapi.yaml, as the binary serves
# it, is valid OpenAPI 3.1 and every endpoint's real answers match it.
#   bash tests/openapi/run.sh [path/to/euriqa]        (default: $EURIQA_BIN, then <repo>/build/euriqa)
# Installs the validators from the lock file when needed (npm ci).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export EURIQA_BIN="${1:-${EURIQA_BIN:-$REPO/build/euriqa}}"
if [ ! -x "$EURIQA_BIN" ]; then echo "euriqa binary not found: $EURIQA_BIN" >&2; exit 1; fi
if [ ! -f "$HERE/node_modules/.package-lock.json" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi
cd "$HERE"
exec node --test openapi.test.js
