#!/usr/bin/env bash
# bench_test_cases with the build from before issue 14 (commit 76c5945, main before the
# test explorer) beside this one, in the worktree ../wt-before14 (bench/run_before_after.sh).
#   bash bench/test_cases/run.sh [bench_test_cases options, e.g. --data /tmp/explorer-data]
exec bash "$(dirname "$0")/../run_before_after.sh" 76c5945 wt-before14 bench_test_cases "$@"
