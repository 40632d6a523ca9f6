#!/usr/bin/env bash
# Load benchmark: bash bench/load/run.sh [build/euriqa]     (DURATION=60 seconds per wrk run)
# wrk at 64 and 256 connections on the run list and on batch ingest, each without and
# with 2,000 idle + 100 slow-loris connections beside it; prints a table with targets.
# Installs wrk from Debian when missing and builds the hostile-client helper beside the binary.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-$REPO/build/euriqa}"
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
BUILD="$(dirname "$BIN")"
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "bench/load: wrk missing (apt-get install wrk)" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends wrk || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk; }
fi
cmake --build "$BUILD" --target bench_hostile_clients -j2 >/dev/null
exec python3 "$HERE/run.py" "$BIN" "$BUILD/bench/bench_hostile_clients"
