#include "store/builds.h"

#include "store/sql_util.h"

namespace euriqa::store {

namespace {
// The build's status from its runs' (contract §14), in SQL over a GROUP BY ci_build_id.
const char* kBuildStatus =
    "CASE WHEN max(status = 'failed') THEN 'failed' WHEN max(status = 'running') THEN 'running' "
    "WHEN max(status = 'cancelled') THEN 'cancelled' ELSE 'passed' END";
}  // namespace

std::pair<std::vector<std::string>, int64_t> list_build_ids(Conn& c, const BuildFilter& f) {
  std::string grouped = std::string("SELECT ci_build_id, min(created_at) AS began, ") + kBuildStatus +
                        " AS build_status FROM runs WHERE project_id = ? AND ci_build_id IS NOT NULL" +
                        (f.branch ? " AND branch = ?" : "") + " GROUP BY ci_build_id" +
                        (f.status ? " HAVING build_status = ?" : "");
  auto bind_filters = [&](Stmt& s) {
    int i = 1;
    s->bind(i++, f.project_id);
    if (f.branch) s->bind(i++, *f.branch);
    if (f.status) s->bind(i++, *f.status);
    return i;
  };
  auto count = c.prepare("SELECT count(*) FROM (" + grouped + ")");
  bind_filters(count);
  count->executeStep();
  int64_t total = count->getColumn(0).getInt64();
  auto s = c.prepare(grouped + " ORDER BY began DESC, ci_build_id LIMIT ? OFFSET ?");
  int i = bind_filters(s);
  s->bind(i++, f.limit);
  s->bind(i++, f.offset);
  std::vector<std::string> ids;
  while (s->executeStep()) ids.push_back(s->getColumn(0).getString());
  return {std::move(ids), total};
}

std::optional<std::string> previous_finished_build(Conn& c, const std::string& project_id,
                                                   const std::optional<std::string>& branch, int64_t before_ms,
                                                   const std::string& except_id) {
  auto s = c.prepare(std::string("SELECT ci_build_id, min(created_at) AS began FROM runs WHERE project_id = ? "
                                 "AND ci_build_id IS NOT NULL AND ci_build_id <> ? AND branch IS ? "
                                 "GROUP BY ci_build_id HAVING max(status = 'running') = 0 AND began < ? "
                                 "ORDER BY began DESC, ci_build_id LIMIT 1"));
  s->bind(1, project_id);
  s->bind(2, except_id);
  bind_opt(*s, 3, branch);
  s->bind(4, before_ms);
  if (!s->executeStep()) return std::nullopt;
  return s->getColumn(0).getString();
}

}  // namespace euriqa::store
