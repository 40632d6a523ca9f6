#!/usr/bin/env bash
# bench_triage with the build from before issue 13 beside this one. Builds commit 65094f8
# once in a worktree (without the dashboard: ingest does not need it, and no npm is run),
# builds bench_triage in build/, and runs it with --before that binary.
#   bash bench/triage/run.sh [bench_triage options, e.g. --data /tmp/triage-data]
# EURIQA_BEFORE_WORKTREE (default ../wt-before13 beside the checkout) and EURIQA_BUILD_DIR
# (default build/) move them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
commit=65094f8  # the parent of the issue-13 commit
wt="${EURIQA_BEFORE_WORKTREE:-$(dirname "$root")/wt-before13}"
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
cmake --build "$build" --target bench_triage -j"$(nproc)"
exec "$build/bench/bench_triage" --before "$wt/build/euriqa" "$@"
