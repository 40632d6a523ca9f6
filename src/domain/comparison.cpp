#include "domain/comparison.h"

#include <algorithm>

namespace euriqa::domain {

bool is_failing(const std::string& status) { return status == "failed"; }
bool is_passing(const std::string& status) { return status == "passed" || status == "flaky"; }

namespace {

// One outcome per logical test, sorted by test (a failing result speaks for a test that
// appears more than once, as in a build whose shards overlap). Sorted vectors, not hash
// maps: a build of 10,000 tests would allocate a node per test.
std::vector<const Outcome*> by_test(const std::vector<Outcome>& outcomes) {
  std::vector<const Outcome*> v;
  v.reserve(outcomes.size());
  for (const auto& o : outcomes) v.push_back(&o);
  std::stable_sort(v.begin(), v.end(),
                   [](const Outcome* a, const Outcome* b) { return a->logical_test_id < b->logical_test_id; });
  size_t kept = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (kept > 0 && v[kept - 1]->logical_test_id == v[i]->logical_test_id) {
      if (!is_failing(v[kept - 1]->status) && is_failing(v[i]->status)) v[kept - 1] = v[i];
      continue;
    }
    v[kept++] = v[i];
  }
  v.resize(kept);
  return v;
}

size_t find_test(const std::vector<const Outcome*>& sorted, int64_t logical_test_id) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), logical_test_id,
                             [](const Outcome* o, int64_t id) { return o->logical_test_id < id; });
  return it != sorted.end() && (*it)->logical_test_id == logical_test_id ? static_cast<size_t>(it - sorted.begin())
                                                                          : sorted.size();
}

}  // namespace

Comparison compare_outcomes(const std::vector<Outcome>& current, const std::optional<std::vector<Outcome>>& base) {
  Comparison out;
  std::vector<const Outcome*> before;
  if (base) before = by_test(*base);
  auto now = by_test(current);
  std::vector<char> done(now.size(), 0);
  // In the order of each test's first appearance in `current`.
  for (const auto& first : current) {
    size_t i = find_test(now, first.logical_test_id);
    if (done[i]) continue;
    done[i] = 1;
    const Outcome& o = *now[i];
    ComparedTest t{o.logical_test_id, o.result_rowid, o.status, std::nullopt};
    if (!base) {
      if (is_failing(o.status)) out.new_failures.push_back(std::move(t));
      continue;
    }
    size_t b = find_test(before, o.logical_test_id);
    if (b != before.size()) t.base_status = before[b]->status;
    bool failing_before = t.base_status && is_failing(*t.base_status);
    if (!t.base_status) out.new_tests.push_back(t);
    if (is_failing(o.status)) (failing_before ? out.still_failing : out.new_failures).push_back(t);
    else if (is_passing(o.status) && failing_before) out.fixed.push_back(t);
  }
  return out;
}

}  // namespace euriqa::domain
