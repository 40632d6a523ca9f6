// Failure groups (contract §13): failed results grouped by error signature. Ingest
// records each failed result that has a signature; a run's groups come from its own
// results; a project's groups over a window come from per-day rollups (exact for the
// window's partial first and last days), with distinct tests and runs counted only
// for the page of groups shown.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct FailureRecord {
  int64_t result_rowid = 0;
  std::string project_id, run_id, signature;
  int64_t logical_test_id = 0, created_at = 0;
  std::optional<std::string> branch;
  std::string message;      // the error's first line (shown for a new group)
  std::string search_text;  // the error without ANSI codes (searched)
};
// In the ingest transaction, once the result row exists.
void record_failure(Conn& c, const FailureRecord& f);
// Before a run's results are deleted: its failures leave the rollups.
void forget_run_failures(Conn& c, const std::string& run_id);

struct GroupTest {
  std::string id, title, full_title, status;
  std::optional<std::string> file_path, error_json;
};
struct RunFailureGroup {
  std::string signature;
  int64_t count = 0;
  std::vector<GroupTest> tests;  // the first ones, oldest first
};
// A run's groups, most results first, then by signature.
std::vector<RunFailureGroup> run_failure_groups(Conn& c, const std::string& run_id, int tests_per_group);

struct GroupWindow {
  std::string project_id;
  std::optional<int64_t> from, to;  // created_at, inclusive
  std::optional<std::string> branch;
  int limit = 50;
  int64_t offset = 0;
};
struct ProjectFailureGroup {
  std::string signature, message;
  int64_t occurrences = 0, tests = 0, runs = 0, first_seen = 0, last_seen = 0;
  std::string newest_test_id;      // the window's newest failed result of the group
  std::vector<int64_t> trend;      // occurrences per UTC day, oldest first (kMaxTrendDays)
  int64_t trend_start = 0;         // the first of those days, ms at midnight UTC
};
// The days a group's trend covers: the window's days up to 90, ending with the window's
// last day (today when open-ended); 30 days when the window has no start.
constexpr int kMaxTrendDays = 90;
// The project's groups in the window, most occurrences first; and how many there are.
std::pair<std::vector<ProjectFailureGroup>, int64_t> project_failure_groups(Conn& c, const GroupWindow& w);

// Results stored before signatures existed (an upgraded database), a page at a time by
// rowid, for the one-time backfill; set_result_signature records one.
struct UnsignedFailure {
  int64_t rowid = 0, logical_test_id = 0, created_at = 0;
  std::string project_id, run_id, error_json;
  std::optional<std::string> branch;
};
bool upgrade_task_pending(Conn& c, const std::string& name);
void finish_upgrade_task(Conn& c, const std::string& name);
std::vector<UnsignedFailure> unsigned_failures(Conn& c, int64_t after_rowid, int limit);
void set_result_signature(Conn& c, int64_t rowid, const std::string& signature);

// Signatures of the project whose error text holds `text` (case-insensitive).
std::vector<std::string> signatures_matching(Conn& c, const std::string& project_id, const std::string& text);

}  // namespace euriqa::store
