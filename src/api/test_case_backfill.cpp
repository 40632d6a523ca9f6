#include "api/test_case_backfill.h"

#include "store/failure_groups.h"
#include "store/test_case_days.h"

namespace euriqa::api {

namespace {
const char* kTask = "test_case_days";
}  // namespace

int64_t backfill_test_case_days(store::Db& db) {
  if (!db.read([](store::Conn& c) { return store::upgrade_task_pending(c, kTask); })) return 0;
  auto projects = db.read([](store::Conn& c) { return store::projects_with_results(c); });
  for (const auto& id : projects) db.write([&](store::Conn& c) { store::rebuild_test_case_days(c, id); });
  db.write([](store::Conn& c) { store::finish_upgrade_task(c, kTask); });
  return static_cast<int64_t>(projects.size());
}

}  // namespace euriqa::api
