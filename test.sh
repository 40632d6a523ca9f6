#!/usr/bin/env bash
# Installs what is missing, builds euriqa and its tests, and runs every test — exactly
# what CI runs (.ci/run calls this):
#   1. the whole suite with ctest in build/ (browser suites included), warnings as errors;
#   2. every C++ test again under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/);
#   3. every libFuzzer target for 15 s, after replaying the crashes found before.
# Options: --quick runs step 1 only. EURIQA_WERROR=0 keeps warnings as warnings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
quick=0
[ "${1:-}" = --quick ] && quick=1
bash third_party/install.sh

# Configures, builds and runs ctest in build dir $1, with extra CMake flags after it.
suite() {
  local dir=$1
  shift
  local flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "$@")
  if [ "${EURIQA_WERROR:-1}" = 1 ]; then flags+=(-DEURIQA_WERROR=ON); else flags+=(-DEURIQA_WERROR=OFF); fi
  cmake -S . -B "$dir" "${flags[@]}" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
  ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
}

suite build
if [ "$quick" = 1 ]; then exit 0; fi
(
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # The sanitizer build leaves out the benchmarks and runs no browser suite (CMakeLists.txt).
  suite build-asan -DEURIQA_SANITIZE=ON
)
bash tests/fuzz/run.sh 15
