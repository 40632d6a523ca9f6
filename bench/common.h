// What the benchmarks share: a signed-up account with a team, a project and an
// API key on a freshly started server, and small timing and JSON helpers.
#pragma once
#include <chrono>
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

}  // namespace euriqa::bench
