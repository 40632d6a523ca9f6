// Test runs over real HTTP (docs/openapi.yaml "Test Runs"; contract §3, §4, §5): create,
// get, list with filters and pagination, PATCH counts and status, live counts from
// ingested results, duration and completedAt, DELETE with everything in the run,
// roles and tenancy.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "support/results.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::results;

namespace {

// The reference's POST /api/runs example body, minus projectId and status.
const Fields kReferenceRun = {
    {"branch", quote("feature/login-flow")},
    {"commitSha", quote("a1b2c3d4e5f6")},
    {"commitMessage", quote("Add login flow tests")},
    {"commitAuthor", quote("jane@example.com")},
    {"ciProvider", quote("github-actions")},
    {"ciBuildId", quote("run-12345")},
    {"ciBuildUrl", quote("https://github.com/org/repo/actions/runs/12345")},
    {"playwrightVersion", quote("1.52.0")},
    {"workers", "4"},
    {"shardCurrent", "1"},
    {"shardTotal", "3"},
    {"browser", quote("chromium")},
    {"os", quote("linux")},
    {"viewport", quote("1280x720")},
    {"hostname", quote("ci-runner-01")},
    {"runTitle", quote("Login Flow Tests")},
    {"tags", str_array({"smoke", "login"})},
    {"grepPatterns", str_array({"@smoke"})},
};

// Every field of the reference example, as sent.
void check_reference_fields(const Result& r, const std::string& project_id) {
  CHECK(is_id(r.str("id"), "run_"));
  CHECK(r.str("projectId") == project_id);
  CHECK(r.str("status") == "running");
  CHECK(r.str("branch") == "feature/login-flow");
  CHECK(r.str("commitSha") == "a1b2c3d4e5f6");
  CHECK(r.str("commitMessage") == "Add login flow tests");
  CHECK(r.str("commitAuthor") == "jane@example.com");
  CHECK(r.str("ciProvider") == "github-actions");
  CHECK(r.str("ciBuildId") == "run-12345");
  CHECK(r.str("ciBuildUrl") == "https://github.com/org/repo/actions/runs/12345");
  CHECK(r.str("playwrightVersion") == "1.52.0");
  CHECK(num(r, "workers") == 4);
  CHECK(num(r, "shardCurrent") == 1);
  CHECK(num(r, "shardTotal") == 3);
  CHECK(r.str("browser") == "chromium");
  CHECK(r.str("os") == "linux");
  CHECK(r.str("viewport") == "1280x720");
  CHECK(r.str("hostname") == "ci-runner-01");
  CHECK(r.str("runTitle") == "Login Flow Tests");
  CHECK(json_equals(r, "tags", R"(["smoke","login"])"));
  CHECK(json_equals(r, "grepPatterns", R"(["@smoke"])"));
  CHECK(num(r, "totalTests") == 0);
  CHECK(num(r, "passedTests") == 0);
  CHECK(num(r, "failedTests") == 0);
  CHECK(num(r, "skippedTests") == 0);
  CHECK(num(r, "flakyTests") == 0);
  CHECK(r.is_null("passRate"));
  CHECK(is_time(r.str("createdAt")));
  CHECK(is_time(r.str("updatedAt")));
}

std::string run_url(const std::string& id) { return "/api/runs/" + id; }
std::string runs_of(const std::string& project_id) { return "/api/runs?projectId=" + project_id; }

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// "2026-03-19T10:00:05Z" -> "2026-03-19T10:00:05.999Z": the last millisecond of that second.
std::string end_of_second(const std::string& t) { return t.substr(0, t.size() - 1) + ".999Z"; }

}  // namespace

// ---------------------------------------------------------------- create and get

TEST_CASE("POST /api/runs answers 201 echoing every field of the reference example") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto r = post_run(s, t.auth(), t.project(), "running", kReferenceRun);
  REQUIRE(r.status == 201);
  check_reference_fields(r, t.project());
  CHECK(r.is_null("duration"));
  CHECK(r.is_null("completedAt"));
  CHECK(r.str("updatedAt") == r.str("createdAt"));
}

TEST_CASE("GET /api/runs/:id returns every field of the reference example") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto created = post_run(s, t.auth(), t.project(), "running", kReferenceRun);
  REQUIRE(created.status == 201);
  auto r = s.get(run_url(created.str("id")), t.auth());
  REQUIRE(r.status == 200);
  CHECK(r.str("id") == created.str("id"));
  check_reference_fields(r, t.project());
  CHECK(r.str("createdAt") == created.str("createdAt"));
}

TEST_CASE("a run with only projectId and status has every other field present and null") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto created = post_run(s, t.auth(), t.project(), "running");
  REQUIRE(created.status == 201);
  auto r = s.get(run_url(created.str("id")), t.auth());
  REQUIRE(r.status == 200);
  for (const char* f : {"branch", "commitSha", "commitMessage", "commitAuthor", "ciProvider", "ciBuildId",
                        "ciBuildUrl", "playwrightVersion", "workers", "shardCurrent", "shardTotal", "browser", "os",
                        "viewport", "hostname", "runTitle", "tags", "grepPatterns", "passRate", "duration",
                        "completedAt"}) {
    CHECK_MESSAGE(r.is_null(f), f << " should be null in " << r.body);
  }
  CHECK(num(r, "totalTests") == 0);
}

TEST_CASE("POST /api/runs accepts status running, passed and failed only") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  for (const char* ok : {"running", "passed", "failed"}) {
    auto r = post_run(s, t.auth(), t.project(), ok);
    CHECK_MESSAGE(r.status == 201, ok << ": " << r.body);
    CHECK(r.str("status") == ok);
  }
  for (const char* bad : {"cancelled", "done", "PASSED", ""}) {
    auto r = post_run(s, t.auth(), t.project(), bad);
    CHECK_MESSAGE(is_validation(r, "status"), bad << ": " << r.status << " " << r.body);
    CHECK(r.str("error.details.reason") == "invalid_value");
  }
  auto missing = s.post("/api/runs", obj({{"projectId", quote(t.project())}}), t.auth());
  CHECK(is_validation(missing, "status"));
  CHECK(missing.str("error.details.reason") == "required");
  auto listed = s.get(runs_of(t.project()), t.auth());
  CHECK(num(listed, "total") == 3);
}

TEST_CASE("POST /api/runs validates projectId and field types") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto no_project = s.post("/api/runs", obj({{"status", quote("running")}}), t.auth());
  CHECK(is_validation(no_project, "projectId"));
  CHECK(is_validation(post_run(s, t.auth(), t.project(), "running", {{"workers", quote("four")}}), "workers"));
  CHECK(is_validation(post_run(s, t.auth(), t.project(), "running", {{"workers", "-1"}}), "workers"));
  CHECK(is_validation(post_run(s, t.auth(), t.project(), "running", {{"branch", "12"}}), "branch"));
  CHECK(is_validation(post_run(s, t.auth(), t.project(), "running", {{"tags", quote("smoke")}}), "tags"));
  CHECK(is_validation(post_run(s, t.auth(), t.project(), "running", {{"grepPatterns", "[1,2]"}}), "grepPatterns"));
  CHECK(is_not_found(post_run(s, t.auth(), "proj_doesnotexist000000000", "running")));
  CHECK(num(s.get(runs_of(t.project()), t.auth()), "total") == 0);
}

TEST_CASE("a run created with a terminal status is complete at creation with duration 0") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto r = post_run(s, t.auth(), t.project(), "passed");
  REQUIRE(r.status == 201);
  CHECK(r.str("completedAt") == r.str("createdAt"));
  CHECK(num(r, "duration") == 0);
}

TEST_CASE("GET /api/runs/:id of an unknown run is 404 NOT_FOUND") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  CHECK(is_not_found(s.get(run_url("run_doesnotexist0000000000"), t.auth())));
}

// ---------------------------------------------------------------- list

TEST_CASE("GET /api/runs lists newest first with total, limit 50 and offset 0") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto a = make_run(s, t.auth(), t.project());
  auto b = make_run(s, t.auth(), t.project());
  auto c = make_run(s, t.auth(), t.project());
  auto r = s.get(runs_of(t.project()), t.auth());
  REQUIRE(r.status == 200);
  CHECK(column(r, "data") == std::vector<std::string>{c, b, a});
  CHECK(num(r, "total") == 3);
  CHECK(num(r, "limit") == 50);
  CHECK(num(r, "offset") == 0);
  // List items carry the counts of the reference's list example.
  for (const char* f : {"totalTests", "passedTests", "failedTests", "skippedTests", "flakyTests"})
    CHECK_MESSAGE(num(r, std::string("data.0.") + f) == 0, f);
  CHECK(r.is_null("data.0.passRate"));
}

TEST_CASE("GET /api/runs lists only the project's runs") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto other = s.post("/api/projects", obj({{"name", quote("Other")}, {"teamId", quote(t.ws.team_id)}}), t.auth());
  REQUIRE(other.status == 201);
  auto mine = make_run(s, t.auth(), t.project());
  make_run(s, t.auth(), other.str("id"));
  auto r = s.get(runs_of(t.project()), t.auth());
  CHECK(column(r, "data") == std::vector<std::string>{mine});
  CHECK(num(r, "total") == 1);
}

TEST_CASE("GET /api/runs requires projectId for a session") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  CHECK(is_validation(s.get("/api/runs", t.auth()), "projectId"));
}

TEST_CASE("GET /api/runs filters by status") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto running = make_run(s, t.auth(), t.project(), "running");
  auto passed = make_run(s, t.auth(), t.project(), "passed");
  auto failed1 = make_run(s, t.auth(), t.project(), "failed");
  auto failed2 = make_run(s, t.auth(), t.project(), "running");
  REQUIRE(s.patch(run_url(failed2), obj({{"status", quote("failed")}}), t.auth()).status == 200);
  auto cancelled = make_run(s, t.auth(), t.project(), "running");
  REQUIRE(s.patch(run_url(cancelled), obj({{"status", quote("cancelled")}}), t.auth()).status == 200);

  auto f = s.get(runs_of(t.project()) + "&status=failed", t.auth());
  CHECK(column(f, "data") == std::vector<std::string>{failed2, failed1});
  CHECK(num(f, "total") == 2);
  auto r = s.get(runs_of(t.project()) + "&status=running", t.auth());
  CHECK(column(r, "data") == std::vector<std::string>{running});
  CHECK(num(r, "total") == 1);
  auto p = s.get(runs_of(t.project()) + "&status=passed", t.auth());
  CHECK(column(p, "data") == std::vector<std::string>{passed});
  auto c = s.get(runs_of(t.project()) + "&status=cancelled", t.auth());
  CHECK(column(c, "data") == std::vector<std::string>{cancelled});
  CHECK(num(c, "total") == 1);
}

TEST_CASE("GET /api/runs filters by branch") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto m1 = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("main")}});
  auto feature = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("feature/login")}});
  auto m2 = make_run(s, t.auth(), t.project(), "passed", {{"branch", quote("main")}});
  make_run(s, t.auth(), t.project(), "running");
  auto r = s.get(runs_of(t.project()) + "&branch=main", t.auth());
  CHECK(column(r, "data") == std::vector<std::string>{m2, m1});
  CHECK(num(r, "total") == 2);
  auto f = s.get(runs_of(t.project()) + "&branch=feature%2Flogin", t.auth());
  CHECK(column(f, "data") == std::vector<std::string>{feature});
  auto none = s.get(runs_of(t.project()) + "&branch=release", t.auth());
  CHECK(size_of_array(none, "data") == 0);
  CHECK(num(none, "total") == 0);
  auto both = s.get(runs_of(t.project()) + "&branch=main&status=passed", t.auth());
  CHECK(column(both, "data") == std::vector<std::string>{m2});
}

TEST_CASE("GET /api/runs filters by commitSha") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto a1 = make_run(s, t.auth(), t.project(), "running", {{"commitSha", quote("a1b2c3d4e5f6")}});
  make_run(s, t.auth(), t.project(), "running", {{"commitSha", quote("ffff0000")}});
  auto a2 = make_run(s, t.auth(), t.project(), "running", {{"commitSha", quote("a1b2c3d4e5f6")}});
  auto r = s.get(runs_of(t.project()) + "&commitSha=a1b2c3d4e5f6", t.auth());
  CHECK(column(r, "data") == std::vector<std::string>{a2, a1});
  CHECK(num(r, "total") == 2);
  auto none = s.get(runs_of(t.project()) + "&commitSha=0000", t.auth());
  CHECK(num(none, "total") == 0);
}

TEST_CASE("GET /api/runs search matches run title, branch and commit message case-insensitively") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto by_title = make_run(s, t.auth(), t.project(), "running", {{"runTitle", quote("Nightly Regression")}});
  auto by_branch = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("feature/LOGIN-flow")}});
  auto by_message =
      make_run(s, t.auth(), t.project(), "running", {{"commitMessage", quote("Fix the Checkout bug")}});
  make_run(s, t.auth(), t.project(), "running",
           {{"runTitle", quote("Smoke")}, {"branch", quote("main")}, {"commitMessage", quote("chore")},
            {"commitAuthor", quote("regression-bot")}, {"hostname", quote("checkout-host")}});

  auto title = s.get(runs_of(t.project()) + "&search=regression", t.auth());
  CHECK(column(title, "data") == std::vector<std::string>{by_title});
  CHECK(num(title, "total") == 1);
  auto branch = s.get(runs_of(t.project()) + "&search=Login", t.auth());
  CHECK(column(branch, "data") == std::vector<std::string>{by_branch});
  auto message = s.get(runs_of(t.project()) + "&search=CHECKOUT", t.auth());
  CHECK(column(message, "data") == std::vector<std::string>{by_message});
  auto none = s.get(runs_of(t.project()) + "&search=nothing-matches-this", t.auth());
  CHECK(size_of_array(none, "data") == 0);
  CHECK(num(none, "total") == 0);
}

TEST_CASE("GET /api/runs search treats % and _ literally") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto pct = make_run(s, t.auth(), t.project(), "running", {{"runTitle", quote("Coverage 100% run")}});
  make_run(s, t.auth(), t.project(), "running", {{"runTitle", quote("Coverage 1000 run")}});
  auto under = make_run(s, t.auth(), t.project(), "running", {{"runTitle", quote("snake_case")}});
  make_run(s, t.auth(), t.project(), "running", {{"runTitle", quote("snakeXcase")}});
  CHECK(column(s.get(runs_of(t.project()) + "&search=100%25", t.auth()), "data") == std::vector<std::string>{pct});
  CHECK(column(s.get(runs_of(t.project()) + "&search=e_c", t.auth()), "data") == std::vector<std::string>{under});
}

TEST_CASE("GET /api/runs filters by from and to on createdAt") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto a = post_run(s, t.auth(), t.project());
  sleep_ms(1100);
  auto b = post_run(s, t.auth(), t.project());
  sleep_ms(1100);
  auto c = post_run(s, t.auth(), t.project());
  REQUIRE(a.status == 201);
  REQUIRE(b.status == 201);
  REQUIRE(c.status == 201);
  std::string from_b = b.str("createdAt"), to_b = end_of_second(b.str("createdAt"));

  auto from = s.get(runs_of(t.project()) + "&from=" + from_b, t.auth());
  CHECK(column(from, "data") == std::vector<std::string>{c.str("id"), b.str("id")});
  CHECK(num(from, "total") == 2);
  auto to = s.get(runs_of(t.project()) + "&to=" + to_b, t.auth());
  CHECK(column(to, "data") == std::vector<std::string>{b.str("id"), a.str("id")});
  CHECK(num(to, "total") == 2);
  auto window = s.get(runs_of(t.project()) + "&from=" + from_b + "&to=" + to_b, t.auth());
  CHECK(column(window, "data") == std::vector<std::string>{b.str("id")});
  auto past = s.get(runs_of(t.project()) + "&to=2000-01-01T00:00:00Z", t.auth());
  CHECK(num(past, "total") == 0);
  auto future = s.get(runs_of(t.project()) + "&from=2999-01-01T00:00:00Z", t.auth());
  CHECK(num(future, "total") == 0);
}

TEST_CASE("GET /api/runs accepts RFC 3339 offsets in from and to") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto a = make_run(s, t.auth(), t.project());
  // 2000-01-01T01:00:00+01:00 is midnight UTC, long before the run.
  auto r = s.get(runs_of(t.project()) + "&from=2000-01-01T01:00:00%2B01:00", t.auth());
  CHECK(r.status == 200);
  CHECK(column(r, "data") == std::vector<std::string>{a});
  auto before = s.get(runs_of(t.project()) + "&to=2000-01-01T01:00:00.500%2B01:00", t.auth());
  CHECK(before.status == 200);
  CHECK(num(before, "total") == 0);
}

TEST_CASE("GET /api/runs rejects from and to that are not RFC 3339 times with 400") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  for (const char* bad : {"yesterday", "2026-03-19", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-03-19T10:00:00", "1710842400"}) {
    auto f = s.get(runs_of(t.project()) + "&from=" + bad, t.auth());
    CHECK_MESSAGE(is_validation(f, "from"), "from=" << bad << ": " << f.status << " " << f.body);
    auto to = s.get(runs_of(t.project()) + "&to=" + bad, t.auth());
    CHECK_MESSAGE(is_validation(to, "to"), "to=" << bad << ": " << to.status << " " << to.body);
  }
}

TEST_CASE("GET /api/runs rejects limit 0 and limit above 200") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  make_run(s, t.auth(), t.project());
  check_limit_bounds(s, t.auth(), runs_of(t.project()));
}

TEST_CASE("GET /api/runs accepts limit 1 and limit 200") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto a = make_run(s, t.auth(), t.project());
  auto b = make_run(s, t.auth(), t.project());
  auto c = make_run(s, t.auth(), t.project());
  auto one = s.get(runs_of(t.project()) + "&limit=1", t.auth());
  REQUIRE(one.status == 200);
  CHECK(column(one, "data") == std::vector<std::string>{c});
  CHECK(num(one, "total") == 3);
  CHECK(num(one, "limit") == 1);
  auto second = s.get(runs_of(t.project()) + "&limit=1&offset=1", t.auth());
  CHECK(column(second, "data") == std::vector<std::string>{b});
  CHECK(num(second, "offset") == 1);
  auto max = s.get(runs_of(t.project()) + "&limit=200", t.auth());
  REQUIRE(max.status == 200);
  CHECK(column(max, "data") == std::vector<std::string>{c, b, a});
  CHECK(num(max, "limit") == 200);
}

TEST_CASE("GET /api/runs rejects non-numeric and negative limit and offset") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  check_non_numeric_paging(s, t.auth(), runs_of(t.project()));
}

TEST_CASE("GET /api/runs with an offset past the end answers empty data and the right total") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  for (int i = 0; i < 3; ++i) make_run(s, t.auth(), t.project());
  for (const char* off : {"3", "4", "1000"}) {
    auto r = s.get(runs_of(t.project()) + "&offset=" + off, t.auth());
    REQUIRE(r.status == 200);
    CHECK(size_of_array(r, "data") == 0);
    CHECK(num(r, "total") == 3);
    CHECK(num(r, "offset") == std::stoll(off));
  }
}

// ---------------------------------------------------------------- PATCH and counts

TEST_CASE("PATCH /api/runs/:id with the reference's numbers gives passRate 97.18") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto id = make_run(s, t.auth(), t.project(), "running", kReferenceRun);
  auto r = s.patch(run_url(id),
                   obj({{"status", quote("failed")}, {"totalTests", "142"}, {"passedTests", "138"},
                        {"failedTests", "3"}, {"skippedTests", "0"}, {"flakyTests", "1"}, {"duration", "245000"}}),
                   t.auth());
  REQUIRE(r.status == 200);
  CHECK(r.str("id") == id);
  CHECK(r.str("status") == "failed");
  CHECK(num(r, "totalTests") == 142);
  CHECK(num(r, "passedTests") == 138);
  CHECK(num(r, "failedTests") == 3);
  CHECK(num(r, "skippedTests") == 0);
  CHECK(num(r, "flakyTests") == 1);
  CHECK(num(r, "duration") == 245000);
  CHECK(is_time(r.str("updatedAt")));

  auto g = s.get(run_url(id), t.auth());
  REQUIRE(g.status == 200);
  CHECK(g.str("status") == "failed");
  CHECK(num(g, "totalTests") == 142);
  CHECK(num(g, "passedTests") == 138);
  CHECK(num(g, "failedTests") == 3);
  CHECK(num(g, "skippedTests") == 0);
  CHECK(num(g, "flakyTests") == 1);
  CHECK(real(g, "passRate") == doctest::Approx(97.18).epsilon(0.00001));
  CHECK(num(g, "duration") == 245000);
  CHECK(g.str("branch") == "feature/login-flow");  // metadata untouched

  auto listed = s.get(runs_of(t.project()) + "&status=failed", t.auth());
  CHECK(real(listed, "data.0.passRate") == doctest::Approx(97.18).epsilon(0.00001));
  CHECK(num(listed, "data.0.duration") == 245000);
}

TEST_CASE("PATCH /api/runs/:id validates status and numbers") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto id = make_run(s, t.auth(), t.project());
  CHECK(is_validation(s.patch(run_url(id), obj({{"status", quote("done")}}), t.auth()), "status"));
  CHECK(is_validation(s.patch(run_url(id), obj({{"totalTests", "-1"}}), t.auth()), "totalTests"));
  CHECK(is_validation(s.patch(run_url(id), obj({{"passedTests", quote("3")}}), t.auth()), "passedTests"));
  CHECK(is_validation(s.patch(run_url(id), obj({{"duration", "-5"}}), t.auth()), "duration"));
  auto g = s.get(run_url(id), t.auth());
  CHECK(g.str("status") == "running");
  CHECK(num(g, "totalTests") == 0);
  auto cancelled = s.patch(run_url(id), obj({{"status", quote("cancelled")}}), t.auth());
  CHECK(cancelled.status == 200);
  CHECK(cancelled.str("status") == "cancelled");
}

TEST_CASE("PATCH /api/runs/:id of an unknown run is 404") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  CHECK(is_not_found(s.patch(run_url("run_doesnotexist0000000000"), obj({{"status", quote("passed")}}), t.auth())));
}

TEST_CASE("a running run's counts come from the results ingested so far") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto id = make_run(s, t.auth(), t.project());
  auto b = post_batch(s, t.auth(), id, t.project(),
                      {test_item("A > one", "passed"), test_item("A > two", "passed"), test_item("A > three", "failed"),
                       test_item("A > four", "skipped"), test_item("A > five", "flaky")});
  REQUIRE(b.status == 201);
  auto mid = s.get(run_url(id), t.auth());
  CHECK(num(mid, "totalTests") == 5);
  CHECK(num(mid, "passedTests") == 2);
  CHECK(real(mid, "passRate") == doctest::Approx(40.0));
  make_test(s, t.auth(), id, t.project(), test_item("A > six", "passed"));

  auto g = s.get(run_url(id), t.auth());
  REQUIRE(g.status == 200);
  CHECK(g.str("status") == "running");
  CHECK(num(g, "totalTests") == 6);
  CHECK(num(g, "passedTests") == 3);
  CHECK(num(g, "failedTests") == 1);
  CHECK(num(g, "skippedTests") == 1);
  CHECK(num(g, "flakyTests") == 1);
  CHECK(real(g, "passRate") == doctest::Approx(50.0));
  auto listed = s.get(runs_of(t.project()), t.auth());
  CHECK(num(listed, "data.0.totalTests") == 6);
  CHECK(num(listed, "data.0.passedTests") == 3);
}

TEST_CASE("passRate is rounded to 2 decimals and null with 0 tests") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto empty = make_run(s, t.auth(), t.project());
  auto e = s.get(run_url(empty), t.auth());
  CHECK(num(e, "totalTests") == 0);
  CHECK(e.is_null("passRate"));
  auto done = s.patch(run_url(empty), obj({{"status", quote("passed")}}), t.auth());
  CHECK(done.is_null("passRate"));

  auto id = make_run(s, t.auth(), t.project());
  REQUIRE(post_batch(s, t.auth(), id, t.project(),
                     {test_item("x > a", "passed"), test_item("x > b", "passed"), test_item("x > c", "failed")})
              .status == 201);
  CHECK(real(s.get(run_url(id), t.auth()), "passRate") == doctest::Approx(66.67).epsilon(0.00001));
}

TEST_CASE("PATCH counts replace the live counts when given; otherwise the live counts stand") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto id = make_run(s, t.auth(), t.project());
  REQUIRE(post_batch(s, t.auth(), id, t.project(),
                     {test_item("A > one", "passed"), test_item("A > two", "failed"), test_item("A > three", "skipped"),
                      test_item("A > four", "flaky")})
              .status == 201);

  auto status_only = s.patch(run_url(id), obj({{"status", quote("failed")}}), t.auth());
  REQUIRE(status_only.status == 200);
  CHECK(num(status_only, "totalTests") == 4);
  CHECK(num(status_only, "passedTests") == 1);
  CHECK(num(status_only, "failedTests") == 1);
  CHECK(real(status_only, "passRate") == doctest::Approx(25.0));

  auto r = s.patch(run_url(id), obj({{"totalTests", "10"}, {"passedTests", "8"}}), t.auth());
  REQUIRE(r.status == 200);
  auto g = s.get(run_url(id), t.auth());
  CHECK(num(g, "totalTests") == 10);
  CHECK(num(g, "passedTests") == 8);
  CHECK(num(g, "failedTests") == 1);   // not sent: the server's count stands
  CHECK(num(g, "skippedTests") == 1);
  CHECK(num(g, "flakyTests") == 1);
  CHECK(real(g, "passRate") == doctest::Approx(80.0));
}

TEST_CASE("duration defaults to the time between creation and the terminal status") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto id = make_run(s, t.auth(), t.project());
  CHECK(s.get(run_url(id), t.auth()).is_null("duration"));
  sleep_ms(1200);
  auto r = s.patch(run_url(id), obj({{"status", quote("passed")}}), t.auth());
  REQUIRE(r.status == 200);
  CHECK(num(r, "duration") >= 1150);
  CHECK(num(r, "duration") < 30000);
  auto g = s.get(run_url(id), t.auth());
  CHECK(num(g, "duration") == num(r, "duration"));

  auto reported = make_run(s, t.auth(), t.project());
  auto p = s.patch(run_url(reported), obj({{"status", quote("failed")}, {"duration", "777"}}), t.auth());
  CHECK(num(p, "duration") == 777);
}

TEST_CASE("completedAt is set on the first terminal transition and not moved by a later PATCH") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto id = make_run(s, t.auth(), t.project());
  auto running = s.patch(run_url(id), obj({{"totalTests", "1"}}), t.auth());
  CHECK(running.is_null("completedAt"));
  sleep_ms(1100);
  auto first = s.patch(run_url(id), obj({{"status", quote("failed")}}), t.auth());
  REQUIRE(first.status == 200);
  std::string completed = first.str("completedAt");
  CHECK(is_time(completed));
  CHECK(completed > first.str("createdAt"));
  int64_t duration = num(first, "duration");
  sleep_ms(1100);
  auto later = s.patch(run_url(id), obj({{"status", quote("passed")}}), t.auth());
  REQUIRE(later.status == 200);
  CHECK(later.str("status") == "passed");
  CHECK(later.str("completedAt") == completed);
  CHECK(num(later, "duration") == duration);
  CHECK(later.str("updatedAt") > first.str("updatedAt"));
  auto g = s.get(run_url(id), t.auth());
  CHECK(g.str("completedAt") == completed);
}

// ---------------------------------------------------------------- DELETE

TEST_CASE("DELETE /api/runs/:id removes the run, its tests and suites; other runs' history stays right") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  const std::string file = "tests/auth/login.spec.ts";
  const std::string steps = R"([{"title":"goto","category":"action","duration":5}])";
  auto r1 = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("main")}});
  auto t1 = make_test(s, t.auth(), r1, t.project(), test_item("Auth > Login > works", "passed", file));
  auto r2 = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("doomed")}});
  auto t2 = make_test(s, t.auth(), r2, t.project(),
                      test_item("Auth > Login > works", "failed", file, 50, {{"steps", steps}}));
  REQUIRE(post_batch(s, t.auth(), r2, t.project(), {test_item("Auth > Other > x", "passed", file)}).status == 201);
  auto r3 = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("main")}});
  auto t3 = make_test(s, t.auth(), r3, t.project(), test_item("Auth > Login > works", "passed", file));
  REQUIRE(num(s.get("/api/tests?projectId=" + t.project(), t.auth()), "total") == 4);

  auto d = s.del(run_url(r2), t.auth());
  REQUIRE(d.status == 200);
  CHECK(d.at("success") != nullptr);
  CHECK((d.at("success") && d.at("success")->IsBool() && d.at("success")->GetBool()));
  CHECK_FALSE(d.str("message").empty());

  CHECK(is_not_found(s.get(run_url(r2), t.auth())));
  CHECK(is_not_found(s.get("/api/tests/" + t2, t.auth())));
  CHECK(is_not_found(s.get("/api/tests/" + t2 + "/steps", t.auth())));
  CHECK(is_not_found(s.get("/api/tests/" + t2 + "/history", t.auth())));
  CHECK(is_not_found(s.get("/api/test-suites?runId=" + r2 + "&projectId=" + t.project(), t.auth())));
  CHECK(is_not_found(s.get("/api/tests?runId=" + r2 + "&projectId=" + t.project(), t.auth())));

  auto runs = s.get(runs_of(t.project()), t.auth());
  CHECK(column(runs, "data") == std::vector<std::string>{r3, r1});
  CHECK(num(runs, "total") == 2);
  auto tests = s.get("/api/tests?projectId=" + t.project(), t.auth());
  CHECK(column(tests, "data") == std::vector<std::string>{t3, t1});
  CHECK(num(tests, "total") == 2);
  auto failed = s.get("/api/tests?projectId=" + t.project() + "&status=failed", t.auth());
  CHECK(num(failed, "total") == 0);
  auto searched = s.get("/api/tests?projectId=" + t.project() + "&search=login", t.auth());
  CHECK(num(searched, "total") == 2);

  auto h = s.get("/api/tests/" + t3 + "/history", t.auth());
  REQUIRE(h.status == 200);
  CHECK(column(h, "data", "runId") == std::vector<std::string>{r3, r1});
  CHECK(column(h, "data", "status") == std::vector<std::string>{"passed", "passed"});
  CHECK(num(h, "total") == 2);
  auto h1 = s.get("/api/tests/" + t1 + "/history", t.auth());
  CHECK(column(h1, "data", "runId") == std::vector<std::string>{r3, r1});

  // The remaining runs and their suites are untouched.
  auto tree = s.get("/api/test-suites?runId=" + r1 + "&projectId=" + t.project(), t.auth());
  CHECK(tree.status == 200);
  CHECK(tree.str("data.0.title") == "Auth");
  CHECK(is_not_found(s.del(run_url(r2), t.auth())));
}

// ---------------------------------------------------------------- roles

TEST_CASE("a viewer reads runs but gets 403 on create, PATCH and DELETE") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer@example.com", "viewer");
  auto id = make_run(s, t.auth(), t.project());
  CHECK(is_forbidden(post_run(s, viewer.auth(), t.project())));
  CHECK(is_forbidden(s.patch(run_url(id), obj({{"status", quote("passed")}}), viewer.auth())));
  CHECK(is_forbidden(s.del(run_url(id), viewer.auth())));
  CHECK(s.get(run_url(id), viewer.auth()).status == 200);
  auto listed = s.get(runs_of(t.project()), viewer.auth());
  CHECK(listed.status == 200);
  CHECK(num(listed, "total") == 1);
  CHECK(s.get(run_url(id), t.auth()).str("status") == "running");
}

TEST_CASE("a member creates and updates runs but gets 403 on DELETE") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto member = add_member(s, t.owner, t.ws.team_id, "member@example.com", "member");
  auto created = post_run(s, member.auth(), t.project());
  REQUIRE(created.status == 201);
  std::string id = created.str("id");
  CHECK(s.patch(run_url(id), obj({{"status", quote("passed")}}), member.auth()).status == 200);
  auto d = s.del(run_url(id), member.auth());
  CHECK(is_forbidden(d));
  CHECK(s.get(run_url(id), t.auth()).status == 200);
}

TEST_CASE("an admin and an owner may DELETE runs") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto admin = add_member(s, t.owner, t.ws.team_id, "admin@example.com", "admin");
  auto a = make_run(s, t.auth(), t.project());
  auto b = make_run(s, t.auth(), t.project());
  CHECK(s.del(run_url(a), admin.auth()).status == 200);
  CHECK(s.del(run_url(b), t.auth()).status == 200);
  CHECK(num(s.get(runs_of(t.project()), t.auth()), "total") == 0);
}

TEST_CASE("a user of another team gets 404 on GET, PATCH, DELETE and list of a team's runs") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto stranger = make_tenant(s, "stranger@example.com", "Elsewhere", "Theirs");
  auto id = make_run(s, t.auth(), t.project());
  CHECK(is_not_found(s.get(run_url(id), stranger.auth())));
  CHECK(is_not_found(s.patch(run_url(id), obj({{"status", quote("passed")}}), stranger.auth())));
  CHECK(is_not_found(s.del(run_url(id), stranger.auth())));
  CHECK(is_not_found(s.get(runs_of(t.project()), stranger.auth())));
  CHECK(is_not_found(post_run(s, stranger.auth(), t.project())));
  // The same answer as for a run that does not exist.
  auto missing = s.get(run_url("run_doesnotexist0000000000"), stranger.auth());
  CHECK(s.get(run_url(id), stranger.auth()).body == missing.body);
  auto g = s.get(run_url(id), t.auth());
  CHECK(g.str("status") == "running");
  CHECK(num(s.get(runs_of(t.project()), t.auth()), "total") == 1);
}

TEST_CASE("an API key of project A gets 404 on project B's runs") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com", "Team", "A");
  auto b = s.post("/api/projects", obj({{"name", quote("B")}, {"teamId", quote(t.ws.team_id)}}), t.auth());
  REQUIRE(b.status == 201);
  std::string project_b = b.str("id");
  auto run_a = make_run(s, t.auth(), t.project());
  auto run_b = make_run(s, t.auth(), project_b);
  auto key = Auth::key(create_key(s, t.owner, t.project(), "admin"));

  CHECK(s.get(run_url(run_a), key).status == 200);
  CHECK(is_not_found(s.get(run_url(run_b), key)));
  CHECK(is_not_found(s.patch(run_url(run_b), obj({{"status", quote("passed")}}), key)));
  CHECK(is_not_found(s.del(run_url(run_b), key)));
  CHECK(is_not_found(s.get(runs_of(project_b), key)));
  CHECK(is_not_found(post_run(s, key, project_b)));
  CHECK(s.get(run_url(run_b), t.auth()).str("status") == "running");

  // Without projectId a key means its own project.
  auto own = s.post("/api/runs", obj({{"status", quote("running")}}), key);
  REQUIRE(own.status == 201);
  CHECK(own.str("projectId") == t.project());
  auto listed = s.get("/api/runs", key);
  REQUIRE(listed.status == 200);
  CHECK(column(listed, "data") == std::vector<std::string>{own.str("id"), run_a});
}
