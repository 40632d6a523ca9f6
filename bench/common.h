// What the benchmarks share: a signed-up account with a team, a project and an
// API key on a freshly started server, and small timing, JSON and client helpers.
#pragma once
#include <httplib.h>

#include <chrono>
#include <functional>
#include <string>

#include "support/server.h"

namespace euriqa::bench {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t);
// A string member of a JSON object body ("" when absent).
std::string json_field(const std::string& body, const std::string& key);

struct Account {
  std::string cookie, key, project_id;
};
// Registers bench@example.com (the server must allow sign-up), creates a team, a
// project and a member API key. Throws when any step fails.
Account sign_up(test::TestServer& s);
Account sign_up(int port);

// Keep-alive with TCP_NODELAY (without it every request stalls ~40 ms on Nagle against
// delayed ACKs) and generous timeouts, for a benchmark's client.
void tune(httplib::Client& c);

struct Percentiles {
  double p50, p95;
};
// `n` sequential GETs of `path` on one keep-alive client with the API key, timed; a
// non-200 answer throws. `last_body` (optional) receives the last answer.
Percentiles time_gets(int port, const std::string& key, const std::string& path, int n,
                      std::string* last_body = nullptr);

// Now minus `days` days, as RFC 3339 UTC ("2026-03-19T10:00:00Z").
std::string rfc3339_days_ago(int days);

// POST /api/runs {"status":"running", <fields>} with the key; the new run's id (throws
// when refused). `fields` is JSON members without braces ("\"branch\":\"main\"").
std::string create_run(httplib::Client& cli, const std::string& key, const std::string& fields);
// PATCH the run to status failed (a terminal status).
void finish_run(httplib::Client& cli, const std::string& key, const std::string& run_id);

// POSTs `count` bodies to /api/tests/batch from `clients` keep-alive clients, body i
// made by body_of(i) in the sending thread; returns the wall seconds. A refused batch
// throws once all are sent.
double send_batches(int port, const std::string& key, size_t count, int clients,
                    const std::function<std::string(size_t)>& body_of);

}  // namespace euriqa::bench
