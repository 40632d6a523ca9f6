// Test runs. Counts come from ingested results while a run is running; values
// reported with PATCH replace them. The first transition to a terminal status
// (passed, failed, cancelled) sets completed_at once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct Counts {
  int64_t total = 0, passed = 0, failed = 0, skipped = 0, flaky = 0;
};

struct Run {
  std::string id, project_id, status;
  std::optional<std::string> branch, commit_sha, commit_message, commit_author, ci_provider, ci_build_id,
      ci_build_url, playwright_version, browser, os, viewport, hostname, run_title;
  std::optional<int64_t> workers, shard_current, shard_total;
  std::optional<std::string> tags_json, grep_patterns_json;
  Counts counts;                        // effective (reported where given, else live)
  std::optional<int64_t> duration;      // effective
  int64_t created_at = 0, updated_at = 0;
  std::optional<int64_t> completed_at;
};

bool is_terminal_status(const std::string& status);

// Inserts a new run (id, timestamps and completed_at are set here).
Run insert_run(Conn& c, Run run);
std::optional<Run> find_run(Conn& c, const std::string& id);

struct RunFilter {
  std::string project_id;
  std::optional<std::string> status, branch, commit_sha, search;
  std::optional<int64_t> from, to;  // created_at range, inclusive
  int limit = 50;
  int64_t offset = 0;
};
std::pair<std::vector<Run>, int64_t> list_runs(Conn& c, const RunFilter& f);

struct RunUpdate {
  std::optional<std::string> status;
  std::optional<int64_t> total, passed, failed, skipped, flaky, duration;
};
// Applies the update; returns the run and whether this was its first terminal transition.
std::pair<Run, bool> update_run(Conn& c, const std::string& id, const RunUpdate& u);
// Adds ingested results to the live counts.
void add_run_counts(Conn& c, const std::string& run_id, const Counts& delta);
// Up to `limit` runs older than their project's dataRetentionDays at now_ms.
std::vector<std::string> runs_past_retention(Conn& c, int64_t now_ms, int limit);
// The runs of one CI build (runs sharing ciBuildId), by shard then creation.
std::vector<Run> runs_of_build(Conn& c, const std::string& project_id, const std::string& ci_build_id);
// The newest terminal run of the project on `branch` (nullopt: runs without a branch)
// that was created before the run `before_id`.
std::optional<Run> previous_terminal_run(Conn& c, const std::string& project_id,
                                         const std::optional<std::string>& branch, const std::string& before_id);
// Deletes the run and everything in it, keeping logical test counters right.
void delete_run(Conn& c, const std::string& id);

}  // namespace euriqa::store
