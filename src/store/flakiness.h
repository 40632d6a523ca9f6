// Flakiness upkeep at ingest (contract §6): each new result's evidence, its logical
// test's 100-result evidence window and score, same-commit flips marking earlier
// results, and auto-quarantine (recording an expired quarantine first, store/quarantine).
// Also the reads behind GET /api/flakiness and GET /api/quarantine (a quarantine past
// its expiry is not in force), and the recomputation after results are deleted.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/projects.h"
#include "store/results.h"
#include "store/runs.h"

namespace euriqa::store {

// A logical test's flakiness state as stored (window_size already counts the result
// being ingested: the upsert that creates or counts it raises it).
struct FlakinessState {
  uint64_t lo = 0, hi = 0;
  int size = 0;
  std::optional<int64_t> last_flaky_at, quarantined_at, unquarantined_at, quarantine_expires_at;
  bool quarantined = false;
};
// The columns (in order) to RETURN from the logical-test upsert for read_state().
extern const char* const kFlakinessStateColumns;
FlakinessState read_state(SQLite::Statement& s, int first_column);

// Called by insert_results for each result after its logical test is upserted and
// before the result row is inserted; returns the result's evidence flag.
bool record_flakiness(Conn& c, const Run& run, const ProjectSettings& settings, const TestResult& r,
                      const FlakinessState& state);

// Recomputes the windows of these logical tests from their remaining results.
void recompute_flakiness(Conn& c, const std::vector<int64_t>& logical_test_ids);

// A quarantine in force: when it began, who set it (null when automatic), and its terms.
struct QuarantineTerms {
  int64_t since = 0;
  std::optional<std::string> by_id, by_name, reason, issue_url;
  std::optional<int64_t> expires_at;
};

struct FlakyTest {
  int64_t logical_test_id = 0;
  std::string test_id, title, full_title, file_path;
  double score = 0;
  int64_t total_runs = 0, flaky_runs = 0;
  std::optional<int64_t> last_flaky_at;
  std::optional<QuarantineTerms> quarantine;  // set while quarantined
};

struct FlakinessFilter {
  std::string project_id;
  std::optional<double> min_score;
  std::optional<bool> quarantined;
  int64_t now = 0;  // quarantines past their expiry at this time are over
  int limit = 50;
  int64_t offset = 0;
};

struct FlakinessSummary {
  int64_t total_flaky_tests = 0, quarantined_tests = 0;
  double average_score = 0;
};

std::pair<std::vector<FlakyTest>, int64_t> list_flakiness(Conn& c, const FlakinessFilter& f);
FlakinessSummary flakiness_summary(Conn& c, const std::string& project_id, int64_t now);
// The tests in quarantine at `now`, longest first.
std::vector<FlakyTest> quarantined_tests(Conn& c, const std::string& project_id, int64_t now);
std::optional<FlakyTest> find_flaky_test(Conn& c, int64_t logical_test_id, int64_t now);

}  // namespace euriqa::store
