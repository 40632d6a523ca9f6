// Contract §6: the flakiness score as a pure function.
//
//   flakinessScore = Σ wᵢ·eᵢ / Σ wᵢ over the last 100 results, newest i = 0,
//   wᵢ = 0.5^(i/10), eᵢ = 1 for a result with evidence; rounded to 2 decimals.
//
// Every expected score below is worked out by hand in the comment beside it, with
//   r = w₁ = 0.5^0.1 = 0.933033   (so wᵢ = rⁱ, w₁₀ = 0.5, w₃₀ = 0.125)
//   Sₙ = Σ_{i<n} wᵢ = (1 − rⁿ)/(1 − r),  1 − r = 0.066967
//   S₁₀ = 0.5/0.066967 = 7.466363     S₃₁ = (1 − 0.5^3.1)/0.066967 = 13.191135
//   S₁₀₀ = (1 − 0.5^10)/0.066967 = 14.918143
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "domain/flakiness.h"

namespace d = euriqa::domain;
using d::EvidenceWindow;

namespace {

// A window from a string of results oldest first: 'F' = evidence, '.' = none.
EvidenceWindow ingest(const std::string& oldest_first) {
  EvidenceWindow w;
  for (char c : oldest_first) w.push(c == 'F');
  return w;
}

std::string repeat(char c, int n) { return std::string(static_cast<size_t>(n), c); }

}  // namespace

TEST_CASE("an empty window scores 0") {
  EvidenceWindow w;
  CHECK(w.size == 0);
  CHECK(w.flaky_runs() == 0);
  CHECK(d::flakiness_score_exact(w) == 0.0);
  CHECK(d::flakiness_score(w) == 0.0);
}

TEST_CASE("all results passing score 0") {
  // Σ wᵢ·0 / Σ wᵢ = 0 whatever the length.
  for (int n : {1, 10, 100, 250}) {
    auto w = ingest(repeat('.', n));
    CHECK(d::flakiness_score(w) == 0.0);
    CHECK(w.flaky_runs() == 0);
    CHECK(w.size == std::min(n, 100));
  }
}

TEST_CASE("all results with evidence score 1") {
  // Σ wᵢ·1 / Σ wᵢ = 1 whatever the length.
  for (int n : {1, 7, 100, 250}) {
    auto w = ingest(repeat('F', n));
    CHECK(d::flakiness_score(w) == 1.0);
    CHECK(d::flakiness_score_exact(w) == doctest::Approx(1.0));
    CHECK(w.flaky_runs() == std::min(n, 100));
  }
}

TEST_CASE("alternating evidence, the newest flaky, scores 1/(1+r) = 0.52") {
  // Even positions have evidence. For an even count n:
  //   Σ_{even i<n} rⁱ = (1 − rⁿ)/(1 − r²),  Σ_{i<n} rⁱ = (1 − rⁿ)/(1 − r)
  //   score = (1 − r)/(1 − r²) = 1/(1 + r) = 1/1.933033 = 0.517322 → 0.52
  for (int n : {2, 10, 100}) {
    std::string seq;
    for (int i = n - 1; i >= 0; --i) seq += i % 2 == 0 ? 'F' : '.';  // oldest first, newest (i = 0) flaky
    auto w = ingest(seq);
    CHECK(d::flakiness_score_exact(w) == doctest::Approx(0.517322).epsilon(1e-5));
    CHECK(d::flakiness_score(w) == 0.52);
    CHECK(w.flaky_runs() == n / 2);
    CHECK(w.at(0));
    CHECK_FALSE(w.at(1));
  }
  // The other phase (newest passing) weighs r/(1 + r) = 0.933033/1.933033 = 0.482678 → 0.48.
  auto w = ingest("F.F.F.F.F.");
  CHECK(d::flakiness_score(w) == 0.48);
}

TEST_CASE("recent evidence weighs more than old evidence") {
  // 31 results, one of them flaky.
  // Newest flaky:     w₀/S₃₁  = 1/13.191135     = 0.075808 → 0.08
  // 30 places back:   w₃₀/S₃₁ = 0.125/13.191135 = 0.009476 → 0.01
  auto newest = ingest(repeat('.', 30) + "F");
  auto oldest = ingest("F" + repeat('.', 30));
  CHECK(newest.size == 31);
  CHECK(oldest.size == 31);
  CHECK(newest.flaky_runs() == 1);
  CHECK(oldest.flaky_runs() == 1);
  CHECK(newest.at(0));
  CHECK(oldest.at(30));
  CHECK(d::flakiness_score_exact(newest) == doctest::Approx(0.075808).epsilon(1e-4));
  CHECK(d::flakiness_score_exact(oldest) == doctest::Approx(0.009476).epsilon(1e-4));
  CHECK(d::flakiness_score(newest) == 0.08);
  CHECK(d::flakiness_score(oldest) == 0.01);
  // w₀/w₃₀ = 1/0.5³ = 8 exactly: the same evidence, three half-lives apart.
  CHECK(d::flakiness_score_exact(newest) / d::flakiness_score_exact(oldest) == doctest::Approx(8.0));
  // Ten places back halves the weight: w₁₀/S₁₁ vs w₀/S₁₁.
  auto ten_back = ingest("F" + repeat('.', 10));
  auto at_zero = ingest(repeat('.', 10) + "F");
  CHECK(d::flakiness_score_exact(at_zero) / d::flakiness_score_exact(ten_back) == doctest::Approx(2.0));
}

TEST_CASE("a window of 10: one and two newest flaky results") {
  // one:  1/S₁₀         = 1/7.466363        = 0.133934 → 0.13
  // two: (1 + r)/S₁₀    = 1.933033/7.466363 = 0.258899 → 0.26
  // one, 5 places back: r⁵/S₁₀ = 0.707107/7.466363 = 0.094706 → 0.09
  CHECK(d::flakiness_score(ingest(repeat('.', 9) + "F")) == 0.13);
  CHECK(d::flakiness_score(ingest(repeat('.', 8) + "FF")) == 0.26);
  CHECK(d::flakiness_score(ingest(repeat('.', 4) + "F" + repeat('.', 5))) == 0.09);
}

TEST_CASE("the window holds the last 100 results") {
  SUBCASE("a flaky result 99 places back still counts") {
    // 100 results, the oldest (i = 99) flaky: w₉₉/S₁₀₀ = 0.5^9.9/14.918143 = 0.0010468/14.918143
    //   = 0.0000702 → rounds to 0.00, but the evidence is in the window.
    auto w = ingest("F" + repeat('.', 99));
    CHECK(w.size == 100);
    CHECK(w.at(99));
    CHECK(w.flaky_runs() == 1);
    CHECK(d::flakiness_score_exact(w) == doctest::Approx(0.0000702).epsilon(1e-3));
    CHECK(d::flakiness_score_exact(w) > 0);
    CHECK(d::flakiness_score(w) == 0.0);
  }
  SUBCASE("a flaky result 100 places back no longer counts") {
    // 101 results, the oldest (i = 100) flaky: it has left the window.
    auto w = ingest("F" + repeat('.', 100));
    CHECK(w.size == 100);
    CHECK_FALSE(w.at(100));
    CHECK_FALSE(w.at(99));
    CHECK(w.flaky_runs() == 0);
    CHECK(d::flakiness_score_exact(w) == 0.0);
  }
  SUBCASE("all flaky then 100 passes: nothing left") {
    auto w = ingest(repeat('F', 100) + repeat('.', 100));
    CHECK(w.size == 100);
    CHECK(w.flaky_runs() == 0);
    CHECK(d::flakiness_score(w) == 0.0);
  }
  SUBCASE("the bits 63/64 boundary carries across the two words") {
    // Evidence pushed then 63 passes sits at 63 (lo), one more pass moves it to 64 (hi).
    auto w = ingest("F" + repeat('.', 63));
    CHECK(w.at(63));
    w.push(false);
    CHECK(w.at(64));
    CHECK_FALSE(w.at(63));
    CHECK(w.flaky_runs() == 1);
    // 100 − 64 = 36 more pushes take it from 64 to 100: gone.
    for (int i = 0; i < 35; ++i) w.push(false);
    CHECK(w.at(99));
    w.push(false);
    CHECK(w.flaky_runs() == 0);
  }
}

TEST_CASE("push, mark and at") {
  EvidenceWindow w;
  w.push(true);   // will be i = 2
  w.push(false);  // i = 1
  w.push(false);  // i = 0 (newest)
  CHECK(w.size == 3);
  CHECK_FALSE(w.at(0));
  CHECK_FALSE(w.at(1));
  CHECK(w.at(2));
  CHECK(w.flaky_runs() == 1);

  SUBCASE("mark sets an earlier result as evidence (a same-commit flip)") {
    // pass(c1), pass(c2), fail(c1): the new fail and the first pass are evidence.
    // Window newest first: e e₀=1, e₁=0, e₂=1 → (1 + r²)/S₃ = (1 + 0.870551)/2.803584 = 0.667200 → 0.67
    EvidenceWindow f;
    f.push(false);
    f.push(false);
    f.mark(1);     // the first pass, one place back before the fail arrives
    f.push(true);  // the fail
    CHECK(f.at(0));
    CHECK_FALSE(f.at(1));
    CHECK(f.at(2));
    CHECK(f.flaky_runs() == 2);
    CHECK(d::flakiness_score(f) == 0.67);
  }
  SUBCASE("mark of an already set bit changes nothing") {
    w.mark(2);
    CHECK(w.flaky_runs() == 1);
  }
  SUBCASE("mark outside the window is ignored") {
    w.mark(3);
    w.mark(-1);
    w.mark(100);
    CHECK(w.flaky_runs() == 1);
    CHECK_FALSE(w.at(3));
  }
  SUBCASE("at outside the window is false") {
    CHECK_FALSE(w.at(-1));
    CHECK_FALSE(w.at(3));
    CHECK_FALSE(w.at(150));
  }
  SUBCASE("mark in the high word") {
    EvidenceWindow big = ingest(repeat('.', 100));
    big.mark(64);
    big.mark(99);
    big.mark(0);
    CHECK(big.at(64));
    CHECK(big.at(99));
    CHECK(big.at(0));
    CHECK(big.flaky_runs() == 3);
    // w₀ + w₆₄ + w₉₉ over S₁₀₀ = (1 + 0.011842 + 0.001047)/14.918143 = 0.067893 → 0.07
    CHECK(d::flakiness_score(big) == 0.07);
  }
}

TEST_CASE("window_from takes evidence newest first and keeps at most 100") {
  auto w = d::window_from({true, false, false});
  CHECK(w.size == 3);
  CHECK(w.at(0));
  CHECK_FALSE(w.at(2));
  CHECK(w.flaky_runs() == 1);
  // Same as pushing oldest first.
  auto pushed = ingest("..F");
  CHECK(w.lo == pushed.lo);
  CHECK(w.hi == pushed.hi);
  CHECK(w.size == pushed.size);

  CHECK(d::window_from({}).size == 0);

  // 150 flags: only the newest 100 count; the evidence at 100..149 is dropped.
  std::vector<bool> flags(150, false);
  flags[0] = true;
  flags[99] = true;
  for (int i = 100; i < 150; ++i) flags[static_cast<size_t>(i)] = true;
  auto capped = d::window_from(flags);
  CHECK(capped.size == 100);
  CHECK(capped.flaky_runs() == 2);
  CHECK(capped.at(0));
  CHECK(capped.at(99));
  // Alternating newest-flaky through window_from gives the same 0.52 as pushing.
  std::vector<bool> alt;
  for (int i = 0; i < 10; ++i) alt.push_back(i % 2 == 0);
  CHECK(d::flakiness_score(d::window_from(alt)) == 0.52);
}

TEST_CASE("scores are rounded to 2 decimals") {
  CHECK(d::round2(0.517322) == 0.52);
  CHECK(d::round2(0.125) == 0.13);  // 12.5 rounds half away from zero
  CHECK(d::round2(0.994) == 0.99);
  CHECK(d::round2(0.996) == 1.0);
  CHECK(d::round2(0.0049) == 0.0);
  CHECK(d::round2(0.0) == 0.0);
  CHECK(d::round2(1.0) == 1.0);
  // The rounded score is exactly the double the API would print for two decimals.
  auto w = ingest(repeat('.', 30) + "F");  // 0.075808 → 0.08
  CHECK(d::flakiness_score(w) == 0.08);
  CHECK(d::flakiness_score(w) == d::round2(d::flakiness_score_exact(w)));
}
