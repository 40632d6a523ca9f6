// The flakiness score of contract §6, as a pure function.
//
// A result is evidence of flakiness when its status is "flaky" or isFlaky is true,
// or when another result of the same logical test on the same commitSha had the
// other outcome (passed vs failed). Over the test's last 100 results, newest i = 0:
//
//     flakinessScore = Σ wᵢ·eᵢ / Σ wᵢ     with wᵢ = 0.5^(i/10), eᵢ ∈ {0, 1}
//
// rounded to 2 decimals; totalRuns = results in the window, flakyRuns = those with
// evidence. The window is kept as a 100-bit mask (bit i = the i-th newest result).
#pragma once
#include <cstdint>
#include <vector>

namespace euriqa::domain {

constexpr int kFlakinessWindow = 100;

struct EvidenceWindow {
  uint64_t lo = 0;  // bits 0..63
  uint64_t hi = 0;  // bits 64..99
  int size = 0;     // results in the window (0..100)

  // A new newest result: every older one moves one place back; the 101st drops out.
  void push(bool evidence);
  // Marks the result `position` places from the newest (0 = newest) as evidence.
  void mark(int position);
  bool at(int position) const;
  int flaky_runs() const;
};

// Σ wᵢ·eᵢ / Σ wᵢ over the window, unrounded (0 for an empty window).
double flakiness_score_exact(const EvidenceWindow& w);
// Rounded to 2 decimals, as the API reports it.
double flakiness_score(const EvidenceWindow& w);
// From evidence flags listed newest first (at most the first 100 count).
EvidenceWindow window_from(const std::vector<bool>& newest_first);
double round2(double v);

}  // namespace euriqa::domain
