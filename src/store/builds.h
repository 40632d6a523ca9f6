// CI builds (contract §14): the runs of a project that share ciBuildId, read as one.
// Nothing is stored for a build: it is grouped from its runs when asked.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/runs.h"

namespace euriqa::store {

struct BuildFilter {
  std::string project_id;
  std::optional<std::string> branch, status;
  int limit = 50;
  int64_t offset = 0;
};

// The ciBuildIds of the page, newest build first (by its first run's creation), and
// how many builds match.
std::pair<std::vector<std::string>, int64_t> list_build_ids(Conn& c, const BuildFilter& f);
// The newest build on `branch` that is over (no run still running) and began before
// `before_ms`, other than `except_id`.
std::optional<std::string> previous_finished_build(Conn& c, const std::string& project_id,
                                                   const std::optional<std::string>& branch, int64_t before_ms,
                                                   const std::string& except_id);

}  // namespace euriqa::store
