// Flakiness upkeep at ingest (contract §6): each new result's evidence, its logical
// test's 100-result evidence window and score, same-commit flips marking earlier
// results, and auto-quarantine. Also the reads behind GET /api/flakiness and
// GET /api/quarantine, and the recomputation after results are deleted.
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

// Called by insert_results for each result after its logical test is upserted and
// before the result row is inserted; returns the result's evidence flag.
bool record_flakiness(Conn& c, const Run& run, const ProjectSettings& settings, const TestResult& r);

// Recomputes the windows of these logical tests from their remaining results.
void recompute_flakiness(Conn& c, const std::vector<int64_t>& logical_test_ids);

struct FlakyTest {
  int64_t logical_test_id = 0;
  std::string test_id, title, full_title, file_path;
  double score = 0;
  int64_t total_runs = 0, flaky_runs = 0;
  std::optional<int64_t> last_flaky_at;
  bool is_quarantined = false;
  std::optional<int64_t> quarantined_at;
};

struct FlakinessFilter {
  std::string project_id;
  std::optional<double> min_score;
  std::optional<bool> quarantined;
  int limit = 50;
  int64_t offset = 0;
};

struct FlakinessSummary {
  int64_t total_flaky_tests = 0, quarantined_tests = 0;
  double average_score = 0;
};

std::pair<std::vector<FlakyTest>, int64_t> list_flakiness(Conn& c, const FlakinessFilter& f);
FlakinessSummary flakiness_summary(Conn& c, const std::string& project_id);
std::vector<FlakyTest> quarantined_tests(Conn& c, const std::string& project_id);
std::optional<FlakyTest> find_flaky_test(Conn& c, int64_t logical_test_id);
// Manual quarantine; an unquarantine holds until evidence newer than it arrives.
void set_quarantine(Conn& c, int64_t logical_test_id, bool quarantined, int64_t now_ms);

}  // namespace euriqa::store
