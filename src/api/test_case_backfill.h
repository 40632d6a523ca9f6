// After an upgrade to schema version 7 or 9: the explorer's series (store/test_case_days)
// are started again for every project with results, once, at the first start; the
// maintenance that runs next rolls them up from the results, a few days per write.
#pragma once
#include <cstdint>

#include "store/db.h"

namespace euriqa::api {

// Returns how many projects were started again (0 when there was nothing to do).
int64_t backfill_test_case_days(store::Db& db);

}  // namespace euriqa::api
