#!/usr/bin/env bash
# Builds the release binary and its Debian package. The .deb (CI's package test) and
# the container image (Containerfile) both come from this one script, so the image is
# built exactly the way CI tests it.
#   packaging/build-release.sh [SRC_DIR [BUILD_DIR]]
# leaves BUILD_DIR/euriqa_<version>_amd64.deb (BUILD_DIR defaults to SRC_DIR/build-release).
# Needs the build packages of third_party/install.sh --build; Node.js and npm too,
# unless SRC_DIR is an unpacked source tarball (its prebuilt/ holds the dashboard).
# EURIQA_WERROR=ON turns warnings into errors (CI); a release build keeps them warnings.
set -euo pipefail
src=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
build=${2:-$src/build-release}
# The tests are not part of a release (they need doctest and more).
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEURIQA_BUILD_TESTS=OFF \
  -DEURIQA_WERROR="${EURIQA_WERROR:-OFF}"
cmake --build "$build" -j"$(nproc)" --target euriqa
# cpack installs what `install()` names (the binary, stripped; config, unit, docs),
# asks dpkg-shlibdeps for the library dependencies and writes the .deb.
(cd "$build" && cpack -G DEB)
ls "$build"/euriqa_*.deb
