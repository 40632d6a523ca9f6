// The mail of a failed run to the members who asked for it (issue 12): queued in the
// transaction that first makes the run `failed`, like its webhook events.
#pragma once
#include "api/app.h"
#include "http/request.h"
#include "store/db.h"
#include "store/runs.h"

namespace euriqa::api {

// Queues one message per subscribed, verified member; returns how many.
int queue_run_failure_mail(const App& app, const http::Request& req, store::Conn& c, const store::Run& run);

}  // namespace euriqa::api
