#!/usr/bin/env bash
# A before/after benchmark with the build of an earlier commit beside this one: builds
# COMMIT once in a worktree (without the dashboard: ingest does not need it, and no npm
# is run), builds TARGET in build/, and runs it with --before that binary.
#   bash bench/run_before_after.sh COMMIT WORKTREE_NAME TARGET [bench options]
# EURIQA_BEFORE_WORKTREE (default ../WORKTREE_NAME beside the checkout) and
# EURIQA_BUILD_DIR (default build/) move them. bench/<name>/run.sh name their commit.
set -euo pipefail
commit="$1" name="$2" target="$3"
shift 3
root="$(cd "$(dirname "$0")/.." && pwd)"
wt="${EURIQA_BEFORE_WORKTREE:-$(dirname "$root")/$name}"
build="${EURIQA_BUILD_DIR:-$root/build}"
if [ ! -d "$wt" ]; then
  git -C "$root" worktree add --detach "$wt" "$commit"
fi
if [ "$(git -C "$wt" rev-parse HEAD)" != "$(git -C "$root" rev-parse "$commit^{commit}")" ]; then
  echo "run_before_after.sh: $wt is not at $commit" >&2
  exit 1
fi
if [ ! -x "$wt/build/euriqa" ]; then
  mkdir -p "$wt/build/no-web"
  cmake -S "$wt" -B "$wt/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEURIQA_WEB_SOURCE="$wt/build/no-web" >/dev/null
  cmake --build "$wt/build" -j"$(nproc)" --target euriqa
fi
cmake --build "$build" --target "$target" -j"$(nproc)"
exec "$build/bench/$target" --before "$wt/build/euriqa" "$@"
