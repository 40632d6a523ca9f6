#include "domain/flakiness.h"

#include <bit>
#include <cmath>

namespace euriqa::domain {

namespace {
constexpr uint64_t kHiMask = (uint64_t{1} << (kFlakinessWindow - 64)) - 1;  // 36 bits
}

void EvidenceWindow::push(bool evidence) {
  hi = ((hi << 1) | (lo >> 63)) & kHiMask;
  lo = (lo << 1) | (evidence ? 1 : 0);
  if (size < kFlakinessWindow) ++size;
}

void EvidenceWindow::mark(int position) {
  if (position < 0 || position >= size) return;
  if (position < 64) lo |= uint64_t{1} << position;
  else hi |= uint64_t{1} << (position - 64);
}

bool EvidenceWindow::at(int position) const {
  if (position < 0 || position >= size) return false;
  return position < 64 ? (lo >> position) & 1 : (hi >> (position - 64)) & 1;
}

int EvidenceWindow::flaky_runs() const { return std::popcount(lo) + std::popcount(hi); }

double flakiness_score_exact(const EvidenceWindow& w) {
  double weighted = 0, total = 0;
  for (int i = 0; i < w.size; ++i) {
    double weight = std::pow(0.5, i / 10.0);
    total += weight;
    if (w.at(i)) weighted += weight;
  }
  return total == 0 ? 0 : weighted / total;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

double flakiness_score(const EvidenceWindow& w) { return round2(flakiness_score_exact(w)); }

EvidenceWindow window_from(const std::vector<bool>& newest_first) {
  EvidenceWindow w;
  int n = static_cast<int>(std::min<size_t>(newest_first.size(), kFlakinessWindow));
  for (int i = n - 1; i >= 0; --i) w.push(newest_first[i]);  // oldest pushed first
  return w;
}

}  // namespace euriqa::domain
