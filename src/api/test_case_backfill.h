// After an upgrade to schema version 7: the explorer's running totals
// (store/test_case_days) are built from the results already stored, once, at the first
// start, one project per transaction.
#pragma once
#include <cstdint>

#include "store/db.h"

namespace euriqa::api {

// Returns how many projects were built (0 when there was nothing to do).
int64_t backfill_test_case_days(store::Db& db);

}  // namespace euriqa::api
