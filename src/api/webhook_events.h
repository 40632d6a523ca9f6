// The run events webhooks subscribe to, queued in the transaction that first moves
// a run to a terminal status: run.completed for every terminal status, run.failed
// when it failed. The payload carries the run as GET /api/runs/:id renders it.
#pragma once
#include <string>

#include "store/db.h"
#include "store/runs.h"

namespace euriqa::api {

constexpr const char* kRunCompleted = "run.completed";
constexpr const char* kRunFailed = "run.failed";

// Returns how many deliveries were queued.
int queue_run_events(store::Conn& c, const store::Run& run);

}  // namespace euriqa::api
