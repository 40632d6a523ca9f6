#!/usr/bin/env bash
# bench_triage with the build from before issue 13 (commit 65094f8, the parent of the
# issue-13 commit) beside this one, in the worktree ../wt-before13 (bench/run_before_after.sh).
#   bash bench/triage/run.sh [bench_triage options, e.g. --data /tmp/triage-data]
exec bash "$(dirname "$0")/../run_before_after.sh" 65094f8 wt-before13 bench_triage "$@"
