// Comparing a run or build with its base (contract §14; rules in src/domain/comparison.h).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "domain/comparison.h"

namespace d = euriqa::domain;

namespace {

std::vector<int64_t> tests_of(const std::vector<d::ComparedTest>& list) {
  std::vector<int64_t> ids;
  for (const auto& t : list) ids.push_back(t.logical_test_id);
  return ids;
}

}  // namespace

TEST_CASE("new, still failing, fixed and new tests, in the order of the current run") {
  std::vector<d::Outcome> base = {{1, "passed", 101}, {2, "failed", 102}, {3, "failed", 103},
                                  {4, "passed", 104}, {5, "failed", 105}, {6, "skipped", 106}};
  std::vector<d::Outcome> now = {{9, "failed", 209}, {5, "flaky", 205}, {4, "failed", 204}, {3, "failed", 203},
                                 {2, "passed", 202}, {1, "passed", 201}, {6, "failed", 206}, {8, "passed", 208},
                                 {7, "skipped", 207}};
  auto c = d::compare_outcomes(now, base);
  CHECK(tests_of(c.new_failures) == std::vector<int64_t>{9, 4, 6});
  CHECK(tests_of(c.still_failing) == std::vector<int64_t>{3});
  CHECK(tests_of(c.fixed) == std::vector<int64_t>{5, 2});
  CHECK(tests_of(c.new_tests) == std::vector<int64_t>{9, 8, 7});
  REQUIRE(c.new_failures.size() == 3);
  CHECK(c.new_failures[0].base_status == std::nullopt);
  CHECK(c.new_failures[1].base_status == "passed");
  CHECK(c.new_failures[1].result_rowid == 204);
  CHECK(c.new_failures[2].base_status == "skipped");  // skipped is neither failing nor passing
  CHECK(c.fixed[0].status == "flaky");
}

TEST_CASE("a test that appears twice (overlapping shards): its failing result speaks for it") {
  std::vector<d::Outcome> base = {{1, "failed", 11}, {1, "passed", 12}, {2, "passed", 13}, {2, "passed", 14}};
  std::vector<d::Outcome> now = {{2, "passed", 21}, {1, "passed", 22}, {2, "failed", 23}, {1, "passed", 24}};
  auto c = d::compare_outcomes(now, base);
  REQUIRE(c.new_failures.size() == 1);
  CHECK(c.new_failures[0].logical_test_id == 2);
  CHECK(c.new_failures[0].result_rowid == 23);
  REQUIRE(c.fixed.size() == 1);  // test 1 failed in one of the base's shards
  CHECK(c.fixed[0].logical_test_id == 1);
  CHECK(c.fixed[0].result_rowid == 22);  // the first of its passing results
  CHECK(c.still_failing.empty());
  CHECK(c.new_tests.empty());
}

TEST_CASE("without a base every failing test is new and nothing else is listed") {
  std::vector<d::Outcome> now = {{3, "passed", 1}, {1, "failed", 2}, {2, "failed", 3}, {1, "failed", 4}};
  auto c = d::compare_outcomes(now, std::nullopt);
  CHECK(tests_of(c.new_failures) == std::vector<int64_t>{1, 2});
  CHECK(c.new_failures[0].result_rowid == 2);
  CHECK(c.still_failing.empty());
  CHECK(c.fixed.empty());
  CHECK(c.new_tests.empty());
}
