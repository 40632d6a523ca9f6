#include "domain/comparison.h"

namespace euriqa::domain {

bool is_failing(const std::string& status) { return status == "failed"; }
bool is_passing(const std::string& status) { return status == "passed" || status == "flaky"; }

Comparison compare_outcomes(const std::vector<Outcome>& current, const std::optional<std::vector<Outcome>>& base) {
  Comparison out;
  // A logical test can appear more than once (a build whose shards overlap): a failing
  // result speaks for the test on either side.
  std::unordered_map<int64_t, const Outcome*> before;
  if (base) {
    before.reserve(base->size());
    for (const auto& o : *base) {
      auto [it, inserted] = before.emplace(o.logical_test_id, &o);
      if (!inserted && is_failing(o.status)) it->second = &o;
    }
  }
  std::unordered_map<int64_t, const Outcome*> now;
  now.reserve(current.size());
  std::vector<const Outcome*> order;
  for (const auto& o : current) {
    auto [it, inserted] = now.emplace(o.logical_test_id, &o);
    if (inserted) order.push_back(&o);
    else if (is_failing(o.status)) it->second = &o;
  }
  for (const Outcome* first : order) {
    const Outcome& o = *now.at(first->logical_test_id);
    ComparedTest t{o.logical_test_id, o.result_rowid, o.status, std::nullopt};
    if (!base) {
      if (is_failing(o.status)) out.new_failures.push_back(std::move(t));
      continue;
    }
    auto b = before.find(o.logical_test_id);
    if (b != before.end()) t.base_status = b->second->status;
    bool failing_before = t.base_status && is_failing(*t.base_status);
    if (!t.base_status) out.new_tests.push_back(t);
    if (is_failing(o.status)) (failing_before ? out.still_failing : out.new_failures).push_back(t);
    else if (is_passing(o.status) && failing_before) out.fixed.push_back(t);
  }
  return out;
}

}  // namespace euriqa::domain
