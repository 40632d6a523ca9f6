// The explorer's numbers (contract §15): 4-decimal rates, whole-ms means, nearest rank.
#include <doctest/doctest.h>

#include <vector>

#include "domain/test_case_stats.h"

namespace d = euriqa::domain;

TEST_CASE("rates are fractions with 4 decimals, null without results that count") {
  CHECK(d::rate4(1, 3) == 0.3333);
  CHECK(d::rate4(2, 3) == 0.6667);
  CHECK(d::rate4(0, 5) == 0.0);
  CHECK(d::rate4(5, 5) == 1.0);
  CHECK(d::rate4(1, 8) == 0.125);
  CHECK_FALSE(d::rate4(0, 0).has_value());
}

TEST_CASE("the mean is rounded to the nearest millisecond") {
  CHECK(d::mean_ms(10, 4) == 3);   // 2.5 -> 3
  CHECK(d::mean_ms(9, 4) == 2);    // 2.25 -> 2
  CHECK(d::mean_ms(11, 4) == 3);   // 2.75 -> 3
  CHECK(d::mean_ms(0, 1) == 0);
  CHECK_FALSE(d::mean_ms(0, 0).has_value());
}

TEST_CASE("nearest rank is ceil(p/100 x n)") {
  CHECK(d::nearest_rank(1, 95) == 1);
  CHECK(d::nearest_rank(19, 95) == 19);  // 18.05 -> 19
  CHECK(d::nearest_rank(20, 95) == 19);  // 19 exactly
  CHECK(d::nearest_rank(21, 95) == 20);  // 19.95 -> 20
  CHECK(d::nearest_rank(100, 95) == 95);
  CHECK(d::nearest_rank(101, 95) == 96);  // 95.95 -> 96
}

TEST_CASE("p95 takes the value at the nearest rank, whatever the order") {
  std::vector<int64_t> v;
  for (int i = 20; i >= 1; --i) v.push_back(i * 10);  // 10..200, descending
  CHECK(d::p95(v) == 190);                            // rank 19
  v.push_back(5);                                     // 21 values: rank 20 of 5,10..200
  CHECK(d::p95(v) == 190);
  CHECK(d::p95({7}) == 7);
  CHECK(d::p95({3, 1, 2}) == 3);  // rank ceil(2.85) = 3
  CHECK_FALSE(d::p95({}).has_value());
}
