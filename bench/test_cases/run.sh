#!/usr/bin/env bash
# bench_test_cases with the build from before issue 14 beside this one. Builds commit
# 76c5945 (main before the test explorer) once in a worktree (without the dashboard:
# ingest does not need it, and no npm is run), builds bench_test_cases in build/, and runs
# it with --before that binary.
#   bash bench/test_cases/run.sh [bench_test_cases options, e.g. --data /tmp/explorer-data]
# EURIQA_BEFORE_WORKTREE (default ../wt-before14 beside the checkout) and EURIQA_BUILD_DIR
# (default build/) move them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
commit=76c5945  # the parent of the issue-14 work
wt="${EURIQA_BEFORE_WORKTREE:-$(dirname "$root")/wt-before14}"
build="${EURIQA_BUILD_DIR:-$root/build}"
if [ ! -d "$wt" ]; then
  git -C "$root" worktree add --detach "$wt" "$commit"
fi
if [ "$(git -C "$wt" rev-parse HEAD)" != "$(git -C "$root" rev-parse "$commit^{commit}")" ]; then
  echo "run.sh: $wt is not at $commit" >&2
  exit 1
fi
if [ ! -x "$wt/build/euriqa" ]; then
  mkdir -p "$wt/build/no-web"
  cmake -S "$wt" -B "$wt/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEURIQA_WEB_SOURCE="$wt/build/no-web" >/dev/null
  cmake --build "$wt/build" -j"$(nproc)" --target euriqa
fi
cmake --build "$build" --target bench_test_cases -j"$(nproc)"
exec "$build/bench/bench_test_cases" --before "$wt/build/euriqa" "$@"
