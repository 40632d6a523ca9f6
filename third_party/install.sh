#!/usr/bin/env bash
# Installs the Debian packages listed in debian-packages.txt that are not yet
# installed. Idempotent: a second run with everything present does nothing.
#   install.sh           everything: build and tests
#   install.sh --build   only what building the binary and its .deb needs (the lines
#                        above "# @tests"; the container image's build stage)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "${1:-}" = --build ]; then
  list=$(sed '/^# @tests/,$d' "$here/debian-packages.txt")
else
  list=$(cat "$here/debian-packages.txt")
fi
mapfile -t wanted < <(grep -vE '^\s*(#|$)' <<<"$list")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "third_party/install.sh: missing packages: ${missing[*]} (run as root or install them)" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
