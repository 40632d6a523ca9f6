// Which branch a run is on, looked up once per run for the lifetime of one request or
// job: the explorer's reads filter results by their run's branch.
//   RunBranches runs(c);  if (runs.on_branch(run_id, "main")) ...
#pragma once
#include <optional>
#include <string>
#include <unordered_map>

#include "store/db.h"
#include "store/sql_util.h"

namespace euriqa::store {

class RunBranches {
 public:
  explicit RunBranches(Conn& c) : c_(c) {}
  bool on_branch(const std::string& run_id, const std::string& branch) {
    const auto& b = branch_of(run_id);
    return b && *b == branch;
  }
  // The run's branch (none when it has none or does not exist).
  const std::optional<std::string>& branch_of(const std::string& run_id) {
    auto it = known_.find(run_id);
    if (it == known_.end()) {
      auto s = c_.prepare("SELECT branch FROM runs WHERE id = ?");
      s->bind(1, run_id);
      std::optional<std::string> b;
      if (s->executeStep()) b = opt_text(s->getColumn(0));
      it = known_.emplace(run_id, std::move(b)).first;
    }
    return it->second;
  }

 private:
  Conn& c_;
  std::unordered_map<std::string, std::optional<std::string>> known_;
};

}  // namespace euriqa::store
