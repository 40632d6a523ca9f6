#!/usr/bin/env bash
# Packs the Playwright reporter (packaging/playwright-reporter) with `npm pack` into
# OUT.tgz, the file the server embeds and serves at /downloads/playwright-reporter.tgz
# so that CI on an air-gapped network installs it from the server. Called by CMake.
#   pack_reporter.sh REPORTER_DIR OUT.tgz
# npm pack needs no network (the reporter has no dependencies) and writes the same bytes
# for the same files (fixed timestamps), so the embedded file changes only with them.
set -euo pipefail
src="$1"
out="$2"
command -v npm >/dev/null || { echo "pack_reporter.sh: packing the reporter needs npm" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
name="$(cd "$src" && npm pack --silent --pack-destination "$tmp" | tail -n 1)"
mkdir -p "$(dirname "$out")"
if [ -f "$out" ] && cmp -s "$tmp/$name" "$out"; then exit 0; fi
mv "$tmp/$name" "$out"
