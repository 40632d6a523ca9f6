#!/usr/bin/env bash
# Installs what is missing, builds euriqa and its tests, and runs every test with ctest.
#   EURIQA_SANITIZE=1  build in build-asan with AddressSanitizer + UBSan
#   EURIQA_WERROR=1    treat compiler warnings as errors (CI sets it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash third_party/install.sh
dir=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${EURIQA_SANITIZE:-0}" = 1 ]; then
  dir=build-asan
  flags+=(-DEURIQA_SANITIZE=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
[ "${EURIQA_WERROR:-0}" = 1 ] && flags+=(-DEURIQA_WERROR=ON)
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)"
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
