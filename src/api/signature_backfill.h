// After an upgrade to schema version 6: failed results stored before error signatures
// existed get theirs, and join their failure groups, once, at the first start.
#pragma once
#include "store/db.h"

namespace euriqa::api {

// Returns how many results were signed (0 when there was nothing to do).
int64_t backfill_error_signatures(store::Db& db);

}  // namespace euriqa::api
