// Test results and the logical tests they belong to. Ingest is the hot path: a
// batch is inserted in the caller's one transaction, upserting each result's
// logical test (project, file, full title) and suite path, and adding the batch's
// counts to the run once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/comparison.h"
#include "store/db.h"
#include "store/runs.h"

namespace euriqa::store {

struct TestResult {
  std::string id, run_id, project_id;
  std::optional<std::string> suite_id;
  std::string title, full_title;
  std::optional<std::string> file_path;
  std::optional<int64_t> line_number;
  std::string status;  // passed, failed, skipped, flaky
  int64_t duration = 0;
  std::optional<int64_t> retries, attempt;
  bool is_flaky = false;
  // Stored JSON texts (already validated) and captured output.
  std::optional<std::string> tags_json, annotations_json, error_json, steps_json, stdout_text, stderr_text;
  int64_t created_at = 0;
  // Set by reads: the result's logical test.
  int64_t logical_test_id = 0;
  // Failed results with an error message (contract §13); the group's message and
  // searched text are only written when the result is ingested.
  std::optional<std::string> error_signature;
  std::string error_first_line, error_search_text;
};

// Inserts the results into run (ids, suites, timestamps are filled in) and returns them.
std::vector<TestResult> insert_results(Conn& c, const Run& run, std::vector<TestResult> results);

std::optional<TestResult> find_result(Conn& c, const std::string& id);

// What a run page lists of each result (GET /api/runs/:id/rows): the error only for
// failed and flaky results. Newest first, like the result list.
struct RunRow {
  std::string id, title, full_title, status;
  std::optional<std::string> file_path, suite_id, error_json;
  int64_t duration = 0;
  std::optional<int64_t> retries;
};
std::vector<RunRow> run_rows(Conn& c, const std::string& run_id);

struct ResultFilter {
  std::string project_id;
  std::optional<std::string> run_id, status, search, error_signature;
  int limit = 50;
  int64_t offset = 0;
};
// Results newest first without steps, stdout and stderr (the detail endpoints have them).
std::pair<std::vector<TestResult>, int64_t> list_results(Conn& c, const ResultFilter& f);

// What each result of these runs says, for comparisons, from a narrow index.
// `failed_only`: only failed results, enough to count new failures.
std::vector<domain::Outcome> run_outcomes(Conn& c, const std::vector<std::string>& run_ids, bool failed_only = false);
// The ids of results by rowid (those a comparison lists).
std::unordered_map<int64_t, std::string> result_ids(Conn& c, const std::vector<int64_t>& rowids);
// Full title and file path of logical tests, by id.
std::unordered_map<int64_t, std::pair<std::string, std::string>> logical_test_names(Conn& c,
                                                                                   const std::vector<int64_t>& ids);

// Every result of a logical test, newest first, a page at a time; and how many it has.
std::pair<std::vector<TestResult>, int64_t> logical_test_results(Conn& c, int64_t logical_test_id, int limit,
                                                                 int64_t offset);

struct HistoryEntry {
  std::string id, run_id, status;
  int64_t duration = 0, created_at = 0;
  std::optional<std::string> branch, commit_sha;
};
// Up to `limit` results of the same logical test, newest first.
std::vector<HistoryEntry> history(Conn& c, int64_t logical_test_id, int limit);

}  // namespace euriqa::store
