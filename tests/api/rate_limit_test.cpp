// Rate limits over real HTTP (docs/openapi.yaml "Rate Limits"; contract §9): per API key
// (per user for sessions) and per endpoint group over a one-minute window, set or
// disabled per group in the config file; limited responses carry RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset; a refused one is 429 RATE_LIMITED with
// Retry-After in the reference's error shape. A batch ingest is one request.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/results.h"
#include "support/server.h"
#include "support/webhook_listener.h"

using namespace euriqa::test;
namespace rs = euriqa::test::results;
using euriqa::test::hooks::TempConfig;

namespace {

// The limits most tests run with: runs writes 5, projects/teams 3, runs reads 50,
// tests writes 2, every other group off.
const char* kSmallLimits =
    R"("rateLimits":{"runsRead":50,"runsWrite":5,"testsRead":0,"testsWrite":2,"uploads":0,)"
    R"("projectsTeams":3,"apiKeysWebhooks":0,"flakiness":0})";

// -1 when the header is missing or not a whole number.
long header_int(const Result& r, const std::string& name) {
  std::string v = r.header(name);
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 9) return -1;
  return std::stol(v);
}

bool has_error_shape(const Result& r) {
  const auto* e = r.at("error");
  return e && e->IsObject() && !r.str("error.code").empty() && !r.str("error.message").empty() &&
         r.at("error.details") && r.at("error.details")->IsObject();
}

bool is_rate_limited(const Result& r) { return r.status == 429 && r.error_code() == "RATE_LIMITED"; }

// A server with a config holding `members`, an owner with a team and project, and
// an API key of that project.
struct Limited {
  TempConfig cfg;
  TestServer s;
  rs::Tenant t;
  std::string key;
  explicit Limited(const std::string& members = kSmallLimits)
      : cfg(members, false), s(cfg.args()), t(rs::make_tenant(s, "owner@example.com")),
        key(create_key(s, t.owner, t.project())) {}
  const std::string& project() const { return t.project(); }
};

}  // namespace

TEST_CASE("a burst of POST /api/runs with one API key gets exactly the limit, then 429 RATE_LIMITED with Retry-After") {
  Limited l;
  auto k = Auth::key(l.key);
  for (int i = 0; i < 5; ++i) {
    auto r = rs::post_run(l.s, k, l.project());
    CHECK_MESSAGE(r.status == 201, "request " << i + 1 << ": " << r.status << " " << r.body);
  }
  auto refused = rs::post_run(l.s, k, l.project());
  REQUIRE(refused.status == 429);
  CHECK(refused.error_code() == "RATE_LIMITED");
  CHECK(has_error_shape(refused));
  CHECK(refused.header("Content-Type").rfind("application/json", 0) == 0);
  long retry = header_int(refused, "Retry-After");
  CHECK(retry >= 1);
  CHECK(retry <= 60);
  CHECK(header_int(refused, "RateLimit-Limit") == 5);
  CHECK(header_int(refused, "RateLimit-Remaining") == 0);
  CHECK(header_int(refused, "RateLimit-Reset") >= 1);
  // Still refused, and nothing was created by the refused requests.
  CHECK(is_rate_limited(rs::post_run(l.s, k, l.project())));
  auto list = l.s.get("/api/runs?projectId=" + l.project(), l.t.auth());
  REQUIRE(list.status == 200);
  CHECK(rs::num(list, "total") == 5);
}

TEST_CASE("allowed responses carry RateLimit-Limit, RateLimit-Remaining counting down and RateLimit-Reset") {
  Limited l;
  auto k = Auth::key(l.key);
  for (int i = 0; i < 5; ++i) {
    auto r = rs::post_run(l.s, k, l.project());
    REQUIRE(r.status == 201);
    CHECK(header_int(r, "RateLimit-Limit") == 5);
    CHECK(header_int(r, "RateLimit-Remaining") == 4 - i);
    long reset = header_int(r, "RateLimit-Reset");
    CHECK(reset >= 1);
    CHECK(reset <= 60);
  }
}

TEST_CASE("a refused request of a limited group is refused before validation: a bad body is still 429") {
  Limited l;
  auto k = Auth::key(l.key);
  for (int i = 0; i < 5; ++i) REQUIRE(rs::post_run(l.s, k, l.project()).status == 201);
  CHECK(is_rate_limited(l.s.post("/api/runs", "{not json", k)));
}

TEST_CASE("requests that fail still count against the limit and carry the headers") {
  Limited l;
  auto k = Auth::key(l.key);
  auto bad = l.s.post("/api/runs", obj({{"status", quote("bogus")}}), k);
  CHECK(bad.status == 400);
  CHECK(header_int(bad, "RateLimit-Limit") == 5);
  CHECK(header_int(bad, "RateLimit-Remaining") == 4);
}

TEST_CASE("another API key and a session user are not affected by one key's exhausted limit") {
  Limited l;
  std::string other = create_key(l.s, l.t.owner, l.project());
  auto k = Auth::key(l.key);
  for (int i = 0; i < 5; ++i) REQUIRE(rs::post_run(l.s, k, l.project()).status == 201);
  REQUIRE(is_rate_limited(rs::post_run(l.s, k, l.project())));

  auto by_other = rs::post_run(l.s, Auth::key(other), l.project());
  CHECK(by_other.status == 201);
  CHECK(header_int(by_other, "RateLimit-Remaining") == 4);

  auto by_session = rs::post_run(l.s, l.t.auth(), l.project());
  CHECK(by_session.status == 201);
  CHECK(header_int(by_session, "RateLimit-Remaining") == 4);
}

TEST_CASE("a session user is limited per user: two sessions of one user share the limit") {
  Limited l;
  auto second = login(l.s, "owner@example.com");
  REQUIRE(second.token != l.t.owner.token);
  for (int i = 0; i < 3; ++i) REQUIRE(rs::post_run(l.s, l.t.auth(), l.project()).status == 201);
  for (int i = 0; i < 2; ++i) REQUIRE(rs::post_run(l.s, second.auth(), l.project()).status == 201);
  CHECK(is_rate_limited(rs::post_run(l.s, l.t.auth(), l.project())));
  CHECK(is_rate_limited(rs::post_run(l.s, second.auth(), l.project())));
}

TEST_CASE("groups are independent: runs reads still work after runs writes are exhausted") {
  Limited l;
  auto k = Auth::key(l.key);
  for (int i = 0; i < 5; ++i) REQUIRE(rs::post_run(l.s, k, l.project()).status == 201);
  REQUIRE(is_rate_limited(rs::post_run(l.s, k, l.project())));
  auto read = l.s.get("/api/runs", k);
  CHECK(read.status == 200);
  CHECK(header_int(read, "RateLimit-Limit") == 50);
  CHECK(header_int(read, "RateLimit-Remaining") == 49);
  // Test results (another group) can still be written to a run.
  std::string run = rs::make_run(l.s, l.t.auth(), l.project());
  CHECK(rs::post_test(l.s, k, run, l.project(), rs::test_item("a > b")).status == 201);
}

TEST_CASE("the projects/teams group is limited on its own for a session user") {
  Limited l;
  auto carol = register_user(l.s, "carol@example.com");  // has made no projects/teams requests
  for (int i = 0; i < 3; ++i) {
    auto r = l.s.get("/api/teams", carol.auth());
    CHECK(r.status == 200);
    CHECK(header_int(r, "RateLimit-Limit") == 3);
    CHECK(header_int(r, "RateLimit-Remaining") == 2 - i);
  }
  auto refused = l.s.get("/api/projects", carol.auth());
  CHECK(is_rate_limited(refused));
  CHECK(header_int(refused, "Retry-After") >= 1);
  // Her runs-writes group is untouched (she has no project, so the answer is not 429).
  CHECK(l.s.get("/api/runs?projectId=" + l.project(), carol.auth()).status != 429);
}

TEST_CASE("a batch of 1000 results counts once against the tests-write limit") {
  Limited l;
  auto k = Auth::key(l.key);
  std::string run = rs::make_run(l.s, l.t.auth(), l.project());
  std::vector<std::string> items;
  for (int i = 0; i < 1000; ++i) items.push_back(rs::test_item("suite > test " + std::to_string(i)));
  auto batch = rs::post_batch(l.s, k, run, l.project(), items);
  REQUIRE_MESSAGE(batch.status == 201, batch.status << " " << batch.body.substr(0, 300));
  CHECK(header_int(batch, "RateLimit-Limit") == 2);
  CHECK(header_int(batch, "RateLimit-Remaining") == 1);
  auto one = rs::post_test(l.s, k, run, l.project(), rs::test_item("suite > one more"));
  CHECK(one.status == 201);
  CHECK(header_int(one, "RateLimit-Remaining") == 0);
  CHECK(is_rate_limited(rs::post_test(l.s, k, run, l.project(), rs::test_item("suite > refused"))));
}

TEST_CASE("a group set to 0 is unlimited and its responses carry no RateLimit headers") {
  Limited l(R"("rateLimits":{"runsWrite":0})");
  auto k = Auth::key(l.key);
  for (int i = 0; i < 40; ++i) {  // over the reference's 30
    auto r = rs::post_run(l.s, k, l.project());
    REQUIRE_MESSAGE(r.status == 201, "request " << i + 1 << ": " << r.status << " " << r.body);
    CHECK(r.header("RateLimit-Limit").empty());
  }
  // Groups not named keep the reference's limits.
  auto read = l.s.get("/api/runs", k);
  CHECK(read.status == 200);
  CHECK(header_int(read, "RateLimit-Limit") == 100);
}

TEST_CASE("with the reference's defaults, the 31st POST /api/runs in a minute is 429") {
  Limited l(R"("webhookTimeoutSeconds":10)");  // a config file without rateLimits
  auto k = Auth::key(l.key);
  for (int i = 0; i < 30; ++i) {
    auto r = rs::post_run(l.s, k, l.project());
    REQUIRE_MESSAGE(r.status == 201, "request " << i + 1 << ": " << r.status << " " << r.body);
    CHECK(header_int(r, "RateLimit-Limit") == 30);
  }
  auto refused = rs::post_run(l.s, k, l.project());
  CHECK(is_rate_limited(refused));
  CHECK(header_int(refused, "Retry-After") >= 1);
}

TEST_CASE("the reference's default limits apply per group (reads 100, tests reads 200, keys/webhooks 30)") {
  Limited l(R"("webhookTimeoutSeconds":10)");
  auto k = Auth::key(l.key);
  auto runs = l.s.get("/api/runs", k);
  CHECK(header_int(runs, "RateLimit-Limit") == 100);
  auto tests = l.s.get("/api/tests?projectId=" + l.project(), k);
  CHECK(header_int(tests, "RateLimit-Limit") == 200);
  auto hooks = l.s.get("/api/webhooks?projectId=" + l.project(), l.t.auth());
  CHECK(header_int(hooks, "RateLimit-Limit") == 30);
  auto flaky = l.s.get("/api/flakiness?projectId=" + l.project(), l.t.auth());
  CHECK(header_int(flaky, "RateLimit-Limit") == 60);
}

TEST_CASE("an unknown group name in the config file makes serve fail to start, naming the group") {
  std::string dir = make_temp_dir();
  std::string cfg = dir + "/config.json";
  std::ofstream(cfg) << R"({"rateLimits":{"runsWrite":5,"bogusGroup":3}})";
  std::string data = dir + "/data";
  auto start = [&] { TestServer s({"--config", cfg}, data); };
  CHECK_THROWS_AS(start(), std::runtime_error);
  std::ifstream log(data + ".log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  CHECK(text.find("bogusGroup") != std::string::npos);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST_CASE("a negative or non-numeric limit in the config file makes serve fail to start") {
  std::string dir = make_temp_dir();
  int n = 0;
  for (const char* bad : {R"({"rateLimits":{"runsWrite":-1}})", R"({"rateLimits":{"runsWrite":"5"}})",
                          R"({"rateLimits":{"runsWrite":2.5}})", R"({"rateLimits":[5]})"}) {
    std::string cfg = dir + "/config" + std::to_string(++n) + ".json";
    std::ofstream(cfg) << bad;
    auto start = [&] { TestServer s({"--config", cfg}, dir + "/data" + std::to_string(n)); };
    CHECK_THROWS_AS_MESSAGE(start(), std::runtime_error, bad);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST_CASE("unauthenticated requests are answered 401, not 429, and do not use anyone's limit") {
  Limited l;
  for (int i = 0; i < 8; ++i) CHECK(rs::post_run(l.s, Auth::none(), l.project()).status == 401);
  auto r = rs::post_run(l.s, Auth::key(l.key), l.project());
  CHECK(r.status == 201);
  CHECK(header_int(r, "RateLimit-Remaining") == 4);
}
