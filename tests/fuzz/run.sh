#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 30),
# starting from the seed corpora in tests/fuzz/corpus and replaying every input in
# tests/fuzz/regressions (crashes found before, kept as tests). New inputs go to a
# scratch corpus under the build dir, never into the repository.
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]
# A crash stops the run with exit 1 and names the input that caused it; copy it into
# tests/fuzz/regressions/<target>/ once fixed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seconds="${1:-30}"
shift || true
build="$repo/build-fuzz"
clang="$(command -v clang++-14 || command -v clang++)"
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="$clang" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(request json_body multipart range signed_url playwright_json junit_xml error_signature zip_index)
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$here/ubsan.supp
failed=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t" artifacts="$build/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  regressions=()
  if [ -d "$here/regressions/$t" ]; then
    mapfile -t regressions < <(find "$here/regressions/$t" -type f)
  fi
  if [ ${#regressions[@]} -gt 0 ] && ! "$build/${t}_fuzz" "${regressions[@]}" >"$build/$t.replay.log" 2>&1; then
    echo "fuzz $t: a regression input crashes again (see $build/$t.replay.log)"
    failed=1
    continue
  fi
  if "$build/${t}_fuzz" "$work" "$here/corpus/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=262144 -artifact_prefix="$artifacts" -print_final_stats=1 >"$build/$t.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/$t.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz $t: ${seconds}s, $runs inputs, ${#regressions[@]} regression inputs replayed, no crash"
  else
    echo "fuzz $t: CRASH — input saved in $artifacts; log: $build/$t.log"
    grep -m5 -E "ERROR|SUMMARY|==[0-9]+==" "$build/$t.log" || true
    failed=1
  fi
done
passed=$(( ${#targets[@]} - failed ))
[ "$failed" -eq 0 ] && echo "${#targets[@]} passed, 0 failed" || echo "fuzz: crashes found"
exit "$failed"
