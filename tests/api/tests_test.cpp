// Test results over real HTTP (docs/openapi.yaml "Tests"; contract §3, §4, §5): create,
// get every field, nested steps, list with filters, search and pagination, history
// of a logical test, batch ingest (all or nothing, 1000 items), concurrent ingest,
// validation, roles and tenancy.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "support/results.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::results;

namespace {

const std::string kFile = "tests/auth/login.spec.ts";

// The reference's GET /api/tests/:id example as a POST body (without runId/projectId).
const std::string kReferenceTest = R"({
  "title": "should submit login form",
  "fullTitle": "Auth > Login Page > should submit login form",
  "filePath": "tests/auth/login.spec.ts",
  "lineNumber": 35,
  "status": "failed",
  "duration": 8320,
  "retries": 2,
  "attempt": 3,
  "isFlaky": false,
  "tags": ["@smoke", "@auth"],
  "annotations": [],
  "error": {
    "message": "Timed out waiting for selector '.dashboard'",
    "stack": "Error: Timed out waiting for selector '.dashboard'\nat login.spec.ts:42:5",
    "expected": "visible",
    "actual": "hidden"
  },
  "stdout": "",
  "stderr": ""
})";

// Playwright-style steps three levels deep, with categories, durations and an
// error on the failing step (and its failing children).
const std::string kNestedSteps = R"JSON([
  {"title": "Before Hooks", "category": "hook", "status": "passed", "duration": 120, "error": null,
   "steps": [
     {"title": "fixture: page", "category": "fixture", "status": "passed", "duration": 100, "error": null,
      "steps": [
        {"title": "browser.newContext", "category": "pw:api", "status": "passed", "duration": 60, "error": null}
      ]}
   ]},
  {"title": "page.goto('https://app.example.com/login')", "category": "action", "status": "passed",
   "duration": 820, "error": null},
  {"title": "locator.fill('#email', 'user@test.com')", "category": "action", "status": "passed",
   "duration": 45, "error": null},
  {"title": "expect(locator).toBeVisible()", "category": "assertion", "status": "failed", "duration": 30000,
   "error": {"message": "Timed out waiting for selector '.dashboard'"},
   "steps": [
     {"title": "locator.waitFor('.dashboard')", "category": "pw:api", "status": "failed", "duration": 30000,
      "error": {"message": "Timeout 30000ms exceeded"},
      "steps": [
        {"title": "poll", "category": "pw:api", "status": "failed", "duration": 29990,
         "error": {"message": "element is hidden", "stack": "at poll (locator.ts:1:1)"}}
      ]}
   ]},
  {"title": "After Hooks", "category": "hook", "status": "passed", "duration": 15, "error": null}
])JSON";

std::string tests_of(const std::string& project_id) { return "/api/tests?projectId=" + project_id; }
std::string test_url(const std::string& id) { return "/api/tests/" + id; }

// A batch of n passing items with distinct titles ("<prefix> > t<i>").
std::vector<std::string> items(int n, const std::string& prefix, const std::string& status = "passed") {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.push_back(test_item(prefix + " > t" + std::to_string(i), status));
  return out;
}

}  // namespace

// ---------------------------------------------------------------- create and get

TEST_CASE("POST /api/tests answers 201 with the created result") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto r = post_test(s, t.auth(), run, t.project(),
                     test_item("Auth > Login Page > should display login form", "passed", kFile, 3420,
                               {{"lineNumber", "15"}, {"isFlaky", "false"}}));
  REQUIRE(r.status == 201);
  CHECK(is_id(r.str("id"), "test_"));
  CHECK(r.str("runId") == run);
  CHECK(r.str("projectId") == t.project());
  CHECK(r.str("title") == "should display login form");
  CHECK(r.str("fullTitle") == "Auth > Login Page > should display login form");
  CHECK(r.str("filePath") == kFile);
  CHECK(num(r, "lineNumber") == 15);
  CHECK(r.str("status") == "passed");
  CHECK(num(r, "duration") == 3420);
  REQUIRE(r.at("isFlaky"));
  CHECK(r.at("isFlaky")->IsFalse());
  CHECK(is_time(r.str("createdAt")));
}

TEST_CASE("GET /api/tests/:id returns every field of the reference example") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto id = make_test(s, t.auth(), run, t.project(), kReferenceTest);
  auto r = s.get(test_url(id), t.auth());
  REQUIRE(r.status == 200);
  CHECK(r.str("id") == id);
  CHECK(r.str("runId") == run);
  CHECK(r.str("projectId") == t.project());
  CHECK(r.str("title") == "should submit login form");
  CHECK(r.str("fullTitle") == "Auth > Login Page > should submit login form");
  CHECK(r.str("filePath") == "tests/auth/login.spec.ts");
  CHECK(num(r, "lineNumber") == 35);
  CHECK(r.str("status") == "failed");
  CHECK(num(r, "duration") == 8320);
  CHECK(num(r, "retries") == 2);
  CHECK(num(r, "attempt") == 3);
  REQUIRE(r.at("isFlaky"));
  CHECK(r.at("isFlaky")->IsFalse());
  CHECK(json_equals(r, "tags", R"(["@smoke","@auth"])"));
  CHECK(json_equals(r, "annotations", "[]"));
  CHECK(r.str("error.message") == "Timed out waiting for selector '.dashboard'");
  CHECK(r.str("error.stack") == "Error: Timed out waiting for selector '.dashboard'\nat login.spec.ts:42:5");
  CHECK(r.str("error.expected") == "visible");
  CHECK(r.str("error.actual") == "hidden");
  REQUIRE(r.at("stdout"));
  CHECK(r.at("stdout")->IsString());
  CHECK(r.str("stdout").empty());
  REQUIRE(r.at("stderr"));
  CHECK(r.at("stderr")->IsString());
  CHECK(is_time(r.str("createdAt")));
}

TEST_CASE("GET /api/tests/:id returns stdout, stderr, annotations and isFlaky as sent") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto id = make_test(s, t.auth(), run, t.project(),
                      test_item("Flaky > sometimes", "flaky", kFile, 10,
                                {{"isFlaky", "true"},
                                 {"retries", "1"},
                                 {"annotations", R"([{"type":"slow","description":"Includes network wait"}])"},
                                 {"stdout", quote("line one\nline \"two\"\n")},
                                 {"stderr", quote("warning: ünïcode ✓")}}));
  auto r = s.get(test_url(id), t.auth());
  REQUIRE(r.status == 200);
  CHECK(r.str("status") == "flaky");
  REQUIRE(r.at("isFlaky"));
  CHECK(r.at("isFlaky")->IsTrue());
  CHECK(json_equals(r, "annotations", R"([{"type":"slow","description":"Includes network wait"}])"));
  CHECK(r.str("stdout") == "line one\nline \"two\"\n");
  CHECK(r.str("stderr") == "warning: ünïcode ✓");
}

TEST_CASE("a result with only the required fields has the optional fields null") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto id = make_test(s, t.auth(), run, t.project(), test_item("Plain", "passed", ""));
  auto r = s.get(test_url(id), t.auth());
  REQUIRE(r.status == 200);
  for (const char* f : {"filePath", "lineNumber", "retries", "attempt", "tags", "annotations", "error", "stdout",
                        "stderr"})
    CHECK_MESSAGE(r.is_null(f), f << " should be null in " << r.body);
  REQUIRE(r.at("isFlaky"));
  CHECK(r.at("isFlaky")->IsFalse());
}

TEST_CASE("GET /api/tests/:id of an unknown result is 404 NOT_FOUND") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  CHECK(is_not_found(s.get(test_url("test_doesnotexist000000000"), t.auth())));
  CHECK(is_not_found(s.get(test_url("test_doesnotexist000000000") + "/steps", t.auth())));
  CHECK(is_not_found(s.get(test_url("test_doesnotexist000000000") + "/history", t.auth())));
}

TEST_CASE("POST /api/tests into an unknown run is 404 and stores nothing") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto r = post_test(s, t.auth(), "run_doesnotexist0000000000", t.project(), test_item("A > b"));
  CHECK(is_not_found(r));
  CHECK(num(s.get(tests_of(t.project()), t.auth()), "total") == 0);
}

// ---------------------------------------------------------------- steps

TEST_CASE("GET /api/tests/:id/steps returns nested steps exactly as given") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto id = make_test(s, t.auth(), run, t.project(),
                      test_item("Auth > Login Page > should submit login form", "failed", kFile, 31000,
                                {{"steps", kNestedSteps}}));
  auto r = s.get(test_url(id) + "/steps", t.auth());
  REQUIRE(r.status == 200);
  CHECK_MESSAGE(json_equals(r, "data", kNestedSteps), json_at(r, "data"));
  // Spot checks with readable failures.
  CHECK(size_of_array(r, "data") == 5);
  CHECK(r.str("data.0.steps.0.steps.0.title") == "browser.newContext");
  CHECK(r.str("data.0.steps.0.category") == "fixture");
  CHECK(num(r, "data.0.steps.0.steps.0.duration") == 60);
  CHECK(r.is_null("data.1.error"));
  CHECK(r.str("data.3.status") == "failed");
  CHECK(num(r, "data.3.duration") == 30000);
  CHECK(r.str("data.3.error.message") == "Timed out waiting for selector '.dashboard'");
  CHECK(r.str("data.3.steps.0.steps.0.error.message") == "element is hidden");
}

TEST_CASE("GET /api/tests/:id/steps of a result without steps is an empty list") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto id = make_test(s, t.auth(), run, t.project(), test_item("No > steps"));
  auto r = s.get(test_url(id) + "/steps", t.auth());
  REQUIRE(r.status == 200);
  CHECK(size_of_array(r, "data") == 0);
}

TEST_CASE("steps sent in a batch are returned as given") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto b = post_batch(s, t.auth(), run, t.project(),
                      {test_item("A > one"), test_item("A > two", "failed", kFile, 5, {{"steps", kNestedSteps}})});
  REQUIRE(b.status == 201);
  auto r = s.get(test_url(b.str("data.1.id")) + "/steps", t.auth());
  REQUIRE(r.status == 200);
  CHECK(json_equals(r, "data", kNestedSteps));
}

// ---------------------------------------------------------------- validation

TEST_CASE("POST /api/tests names the missing required field") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto base = [&](const Fields& drop_from) {
    Fields f = {{"runId", quote(run)},       {"projectId", quote(t.project())}, {"title", quote("x")},
                {"fullTitle", quote("A > x")}, {"status", quote("passed")},      {"duration", "5"}};
    Fields out;
    for (auto& kv : f) {
      bool dropped = false;
      for (auto& d : drop_from) dropped = dropped || d.first == kv.first;
      if (!dropped) out.push_back(kv);
    }
    return obj(out);
  };
  for (const char* field : {"title", "fullTitle", "status", "duration", "runId"}) {
    auto r = s.post("/api/tests", base({{field, ""}}), t.auth());
    CHECK_MESSAGE(is_validation(r, field), field << ": " << r.status << " " << r.body);
    CHECK(r.str("error.details.reason") == "required");
  }
  CHECK(s.post("/api/tests", base({}), t.auth()).status == 201);
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 1);
}

TEST_CASE("POST /api/tests rejects a status other than passed, failed, skipped, flaky") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  for (const char* bad : {"broken", "timedOut", "PASSED", ""}) {
    auto r = post_test(s, t.auth(), run, t.project(), test_item("A > b", bad));
    CHECK_MESSAGE(is_validation(r, "status"), bad << ": " << r.body);
    CHECK(r.str("error.details.reason") == "invalid_value");
  }
  for (const char* ok : {"passed", "failed", "skipped", "flaky"})
    CHECK(post_test(s, t.auth(), run, t.project(), test_item("A > b", ok)).status == 201);
}

TEST_CASE("POST /api/tests rejects a negative or non-numeric duration") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto neg = post_test(s, t.auth(), run, t.project(), test_item("A > b", "passed", kFile, -1));
  CHECK(is_validation(neg, "duration"));
  auto text = post_test(s, t.auth(), run, t.project(),
                        obj({{"title", quote("b")}, {"fullTitle", quote("A > b")}, {"status", quote("passed")},
                             {"duration", quote("fast")}}));
  CHECK(is_validation(text, "duration"));
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 0);
}

TEST_CASE("POST /api/tests rejects steps that are not an array") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  for (const char* bad : {R"({"title":"x"})", R"("goto")", "3"}) {
    auto r = post_test(s, t.auth(), run, t.project(), test_item("A > b", "passed", kFile, 1, {{"steps", bad}}));
    CHECK_MESSAGE(is_validation(r, "steps"), bad << ": " << r.body);
  }
}

TEST_CASE("POST /api/tests rejects a step without a title, naming it") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto top = post_test(s, t.auth(), run, t.project(),
                       test_item("A > b", "passed", kFile, 1,
                                 {{"steps", R"([{"title":"ok"},{"category":"action","duration":3}])"}}));
  REQUIRE(top.status == 400);
  CHECK(top.error_code() == "VALIDATION_ERROR");
  std::string field = top.str("error.details.field");
  CHECK_MESSAGE(field.rfind("steps", 0) == 0, field);
  CHECK_MESSAGE(field.find("title") != std::string::npos, field);
  CHECK_MESSAGE(field.find('1') != std::string::npos, field);  // the second step

  auto nested = post_test(s, t.auth(), run, t.project(),
                          test_item("A > b", "passed", kFile, 1,
                                    {{"steps", R"([{"title":"outer","steps":[{"title":"inner","steps":[{}]}]}])"}}));
  REQUIRE(nested.status == 400);
  std::string nested_field = nested.str("error.details.field");
  CHECK_MESSAGE(nested_field.rfind("steps", 0) == 0, nested_field);
  CHECK_MESSAGE(nested_field.find("title") != std::string::npos, nested_field);
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 0);
}

TEST_CASE("POST /api/tests checks the types of optional fields") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"isFlaky", quote("yes")},       {"tags", quote("@smoke")},   {"lineNumber", quote("12")},
      {"retries", "-1"},               {"error", quote("boom")},    {"annotations", quote("none")},
      {"filePath", "7"},               {"stdout", "[]"}};
  for (const auto& [field, value] : bad) {
    auto r = post_test(s, t.auth(), run, t.project(), test_item("A > b", "passed", "", 1, {{field, value}}));
    CHECK_MESSAGE(is_validation(r, field), field << "=" << value << ": " << r.body);
  }
  CHECK(num(s.get(tests_of(t.project()), t.auth()), "total") == 0);
}

// ---------------------------------------------------------------- list

TEST_CASE("GET /api/tests?runId= lists the run's results newest first") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto other = make_run(s, t.auth(), t.project());
  auto a = make_test(s, t.auth(), run, t.project(), test_item("S > a"));
  make_test(s, t.auth(), other, t.project(), test_item("S > a"));
  auto b = make_test(s, t.auth(), run, t.project(), test_item("S > b", "failed"));
  auto c = make_test(s, t.auth(), run, t.project(), test_item("S > c"));
  auto r = s.get(tests_of(t.project()) + "&runId=" + run, t.auth());
  REQUIRE(r.status == 200);
  CHECK(column(r, "data") == std::vector<std::string>{c, b, a});
  CHECK(num(r, "total") == 3);
  CHECK(num(r, "limit") == 50);
  CHECK(num(r, "offset") == 0);
  CHECK(r.str("data.1.runId") == run);
  CHECK(r.str("data.1.status") == "failed");
  CHECK(r.str("data.1.filePath") == "tests/example.spec.ts");
}

TEST_CASE("GET /api/tests without runId lists the project's results newest first") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto r1 = make_run(s, t.auth(), t.project());
  auto r2 = make_run(s, t.auth(), t.project());
  auto a = make_test(s, t.auth(), r1, t.project(), test_item("S > a"));
  auto b = make_test(s, t.auth(), r2, t.project(), test_item("S > a", "failed"));
  auto c = make_test(s, t.auth(), r1, t.project(), test_item("S > b"));
  auto r = s.get(tests_of(t.project()), t.auth());
  REQUIRE(r.status == 200);
  CHECK(column(r, "data") == std::vector<std::string>{c, b, a});
  CHECK(num(r, "total") == 3);
}

TEST_CASE("GET /api/tests filters by status, with and without runId") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto other = make_run(s, t.auth(), t.project());
  auto b = post_batch(s, t.auth(), run, t.project(),
                      {test_item("S > a", "passed"), test_item("S > b", "failed"), test_item("S > c", "skipped"),
                       test_item("S > d", "flaky"), test_item("S > e", "failed")});
  REQUIRE(b.status == 201);
  auto o = make_test(s, t.auth(), other, t.project(), test_item("S > a", "failed"));
  auto failed = s.get(tests_of(t.project()) + "&runId=" + run + "&status=failed", t.auth());
  CHECK(column(failed, "data") == std::vector<std::string>{b.str("data.4.id"), b.str("data.1.id")});
  CHECK(num(failed, "total") == 2);
  auto all_failed = s.get(tests_of(t.project()) + "&status=failed", t.auth());
  CHECK(column(all_failed, "data") == std::vector<std::string>{o, b.str("data.4.id"), b.str("data.1.id")});
  CHECK(num(all_failed, "total") == 3);
  for (const char* st : {"passed", "skipped", "flaky"}) {
    auto r = s.get(tests_of(t.project()) + "&runId=" + run + "&status=" + st, t.auth());
    CHECK_MESSAGE(num(r, "total") == 1, st);
    CHECK(r.str("data.0.status") == st);
    auto p = s.get(tests_of(t.project()) + "&status=" + st, t.auth());
    CHECK_MESSAGE(num(p, "total") == 1, st);
  }
}

TEST_CASE("GET /api/tests search matches title, fullTitle and filePath case-insensitively") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  // Each matches "its" search word in exactly one field.
  auto by_title = make_test(s, t.auth(), run, t.project(),
                            obj({{"title", quote("renders Zebra rows")}, {"fullTitle", quote("Table > renders rows")},
                                 {"filePath", quote("tests/table.spec.ts")}, {"status", quote("passed")},
                                 {"duration", "1"}}));
  auto by_full = make_test(s, t.auth(), run, t.project(), test_item("Wallet > tops up", "passed", "tests/money.spec.ts"));
  auto by_file =
      make_test(s, t.auth(), run, t.project(), test_item("Checkout > pays", "failed", "tests/shop/Basket.spec.ts"));
  make_test(s, t.auth(), run, t.project(), test_item("Other > thing", "passed", "tests/other.spec.ts"));

  struct Case { const char* word; std::string id; };
  for (const auto& c : {Case{"zebra", by_title}, Case{"WALLET", by_full}, Case{"basket", by_file}}) {
    auto with_run = s.get(tests_of(t.project()) + "&runId=" + run + "&search=" + c.word, t.auth());
    CHECK_MESSAGE(column(with_run, "data") == std::vector<std::string>{c.id}, c.word << ": " << with_run.body);
    CHECK(num(with_run, "total") == 1);
    auto project_wide = s.get(tests_of(t.project()) + "&search=" + c.word, t.auth());
    CHECK_MESSAGE(column(project_wide, "data") == std::vector<std::string>{c.id}, c.word << ": " << project_wide.body);
    CHECK(num(project_wide, "total") == 1);
  }
  auto none = s.get(tests_of(t.project()) + "&search=nothing-like-this", t.auth());
  CHECK(size_of_array(none, "data") == 0);
  CHECK(num(none, "total") == 0);
}

TEST_CASE("GET /api/tests search without runId spans runs and combines with status") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto r1 = make_run(s, t.auth(), t.project());
  auto r2 = make_run(s, t.auth(), t.project());
  auto a = make_test(s, t.auth(), r1, t.project(), test_item("Login > works", "passed", kFile));
  auto b = make_test(s, t.auth(), r2, t.project(), test_item("Login > works", "failed", kFile));
  make_test(s, t.auth(), r2, t.project(), test_item("Cart > adds", "failed", "tests/cart.spec.ts"));
  auto all = s.get(tests_of(t.project()) + "&search=LOGIN", t.auth());
  CHECK(column(all, "data") == std::vector<std::string>{b, a});
  CHECK(num(all, "total") == 2);
  auto failed = s.get(tests_of(t.project()) + "&search=login&status=failed", t.auth());
  CHECK(column(failed, "data") == std::vector<std::string>{b});
  CHECK(num(failed, "total") == 1);
  auto in_run = s.get(tests_of(t.project()) + "&search=login&runId=" + r1, t.auth());
  CHECK(column(in_run, "data") == std::vector<std::string>{a});
}

TEST_CASE("GET /api/tests requires projectId for a session") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  CHECK(is_validation(s.get("/api/tests", t.auth()), "projectId"));
}

TEST_CASE("GET /api/tests rejects limit 0 and limit above 200") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  make_test(s, t.auth(), run, t.project(), test_item("A > a"));
  check_limit_bounds(s, t.auth(), tests_of(t.project()));
  check_limit_bounds(s, t.auth(), tests_of(t.project()) + "&runId=" + run);
}

TEST_CASE("GET /api/tests accepts limit 1 and limit 200") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto b = post_batch(s, t.auth(), run, t.project(), items(205, "Many"));
  REQUIRE(b.status == 201);
  for (const std::string& url : {tests_of(t.project()), tests_of(t.project()) + "&runId=" + run}) {
    auto one = s.get(url + "&limit=1", t.auth());
    REQUIRE(one.status == 200);
    CHECK(column(one, "data") == std::vector<std::string>{b.str("data.204.id")});
    CHECK(num(one, "total") == 205);
    CHECK(num(one, "limit") == 1);
    auto max = s.get(url + "&limit=200", t.auth());
    REQUIRE(max.status == 200);
    CHECK(size_of_array(max, "data") == 200);
    CHECK(max.str("data.199.id") == b.str("data.5.id"));
    CHECK(num(max, "limit") == 200);
    auto rest = s.get(url + "&limit=200&offset=200", t.auth());
    CHECK(column(rest, "data") == std::vector<std::string>{b.str("data.4.id"), b.str("data.3.id"),
                                                           b.str("data.2.id"), b.str("data.1.id"),
                                                           b.str("data.0.id")});
    auto dflt = s.get(url, t.auth());
    CHECK(size_of_array(dflt, "data") == 50);
  }
}

TEST_CASE("GET /api/tests rejects non-numeric and negative limit and offset") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  check_non_numeric_paging(s, t.auth(), tests_of(t.project()));
}

TEST_CASE("GET /api/tests with an offset past the end answers empty data and the right total") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  REQUIRE(post_batch(s, t.auth(), run, t.project(), items(3, "P")).status == 201);
  for (const std::string& url : {tests_of(t.project()), tests_of(t.project()) + "&runId=" + run,
                                 tests_of(t.project()) + "&search=P"}) {
    for (const char* off : {"3", "1000"}) {
      auto r = s.get(url + "&offset=" + off, t.auth());
      REQUIRE(r.status == 200);
      CHECK_MESSAGE(size_of_array(r, "data") == 0, url);
      CHECK_MESSAGE(num(r, "total") == 3, url);
      CHECK(num(r, "offset") == std::stoll(off));
    }
  }
}

// ---------------------------------------------------------------- history

TEST_CASE("GET /api/tests/:id/history returns the last 20 results of the logical test, newest first") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  std::vector<std::string> runs, results;
  for (int i = 0; i < 25; ++i) {
    auto run = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("branch-" + std::to_string(i))}});
    runs.push_back(run);
    // Noise in the same run: another test of the file.
    make_test(s, t.auth(), run, t.project(), test_item("Auth > Login > other", "passed", kFile));
    results.push_back(make_test(s, t.auth(), run, t.project(),
                                test_item("Auth > Login > works", i % 3 == 0 ? "failed" : "passed", kFile, 100 + i)));
  }
  auto h = s.get(test_url(results.back()) + "/history", t.auth());
  REQUIRE(h.status == 200);
  REQUIRE(size_of_array(h, "data") == 20);
  CHECK(num(h, "total") == 20);
  std::vector<std::string> expected_runs;
  for (int i = 24; i >= 5; --i) expected_runs.push_back(runs[static_cast<size_t>(i)]);
  CHECK(column(h, "data", "runId") == expected_runs);
  // The result itself comes first.
  CHECK(h.str("data.0.runId") == runs.back());
  CHECK(h.str("data.0.status") == "failed");  // 24 % 3 == 0
  CHECK(num(h, "data.0.duration") == 124);
  CHECK(h.str("data.0.branch") == "branch-24");
  CHECK(is_time(h.str("data.0.createdAt")));
  CHECK(h.str("data.1.status") == "passed");
  CHECK(num(h, "data.19.duration") == 105);
  CHECK(h.str("data.19.branch") == "branch-5");
}

TEST_CASE("GET /api/tests/:id/history with few results has total equal to the number returned") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto r1 = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("main")}});
  auto r2 = make_run(s, t.auth(), t.project(), "running", {{"branch", quote("feature/signup")}});
  auto first = make_test(s, t.auth(), r1, t.project(), test_item("A > works", "passed", kFile, 3200));
  auto only = make_test(s, t.auth(), r2, t.project(), test_item("Lonely > test", "passed", kFile));
  auto second = make_test(s, t.auth(), r2, t.project(), test_item("A > works", "failed", kFile, 8320));
  auto h = s.get(test_url(second) + "/history", t.auth());
  REQUIRE(h.status == 200);
  CHECK(num(h, "total") == 2);
  CHECK(column(h, "data", "runId") == std::vector<std::string>{r2, r1});
  CHECK(column(h, "data", "status") == std::vector<std::string>{"failed", "passed"});
  CHECK(column(h, "data", "branch") == std::vector<std::string>{"feature/signup", "main"});
  CHECK(num(h, "data.1.duration") == 3200);
  // Named by the older result, the logical test is the same.
  auto by_first = s.get(test_url(first) + "/history", t.auth());
  CHECK(column(by_first, "data", "runId") == std::vector<std::string>{r2, r1});
  auto lonely = s.get(test_url(only) + "/history", t.auth());
  CHECK(num(lonely, "total") == 1);
  CHECK(column(lonely, "data", "runId") == std::vector<std::string>{r2});
}

TEST_CASE("history: the same title in a different file, or a different fullTitle, is a different logical test") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  std::string a_latest, b_latest, c_latest;
  for (int i = 0; i < 3; ++i) {
    auto run = make_run(s, t.auth(), t.project());
    a_latest = make_test(s, t.auth(), run, t.project(), test_item("Auth > works", "passed", "tests/a.spec.ts"));
    if (i < 2) b_latest = make_test(s, t.auth(), run, t.project(), test_item("Auth > works", "failed", "tests/b.spec.ts"));
    if (i < 1) c_latest = make_test(s, t.auth(), run, t.project(), test_item("Admin > works", "passed", "tests/a.spec.ts"));
  }
  auto a = s.get(test_url(a_latest) + "/history", t.auth());
  CHECK(num(a, "total") == 3);
  CHECK(column(a, "data", "status") == std::vector<std::string>{"passed", "passed", "passed"});
  auto b = s.get(test_url(b_latest) + "/history", t.auth());
  CHECK(num(b, "total") == 2);
  CHECK(column(b, "data", "status") == std::vector<std::string>{"failed", "failed"});
  auto c = s.get(test_url(c_latest) + "/history", t.auth());
  CHECK(num(c, "total") == 1);
}

TEST_CASE("history: the same file and title in another project is a different logical test") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto p2 = s.post("/api/projects", obj({{"name", quote("Second")}, {"teamId", quote(t.ws.team_id)}}), t.auth());
  REQUIRE(p2.status == 201);
  auto run1 = make_run(s, t.auth(), t.project());
  auto run2 = make_run(s, t.auth(), p2.str("id"));
  make_test(s, t.auth(), run1, t.project(), test_item("Auth > works", "passed", kFile));
  auto other = make_test(s, t.auth(), run2, p2.str("id"), test_item("Auth > works", "failed", kFile));
  auto h = s.get(test_url(other) + "/history", t.auth());
  CHECK(num(h, "total") == 1);
  CHECK(column(h, "data", "runId") == std::vector<std::string>{run2});
}

// ---------------------------------------------------------------- batch

TEST_CASE("POST /api/tests/batch answers 201 with data and count") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto r = post_batch(s, t.auth(), run, t.project(),
                      {test_item("B > one", "passed"), test_item("B > two", "failed"), test_item("B > three", "skipped")});
  REQUIRE(r.status == 201);
  CHECK(num(r, "count") == 3);
  REQUIRE(size_of_array(r, "data") == 3);
  CHECK(column(r, "data", "title") == std::vector<std::string>{"one", "two", "three"});
  CHECK(column(r, "data", "status") == std::vector<std::string>{"passed", "failed", "skipped"});
  for (int i = 0; i < 3; ++i) {
    std::string p = "data." + std::to_string(i) + ".";
    CHECK(is_id(r.str(p + "id"), "test_"));
    CHECK(r.str(p + "runId") == run);
    CHECK(r.str(p + "projectId") == t.project());
    CHECK(s.get(test_url(r.str(p + "id")), t.auth()).status == 200);
  }
  auto listed = s.get(tests_of(t.project()) + "&runId=" + run, t.auth());
  CHECK(num(listed, "total") == 3);
  auto g = s.get("/api/runs/" + run, t.auth());
  CHECK(num(g, "totalTests") == 3);
  CHECK(num(g, "failedTests") == 1);
}

TEST_CASE("POST /api/tests/batch accepts 1000 tests") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto r = post_batch(s, t.auth(), run, t.project(), items(1000, "Big"));
  REQUIRE(r.status == 201);
  CHECK(num(r, "count") == 1000);
  CHECK(size_of_array(r, "data") == 1000);
  CHECK(num(s.get(tests_of(t.project()) + "&runId=" + run, t.auth()), "total") == 1000);
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 1000);
}

TEST_CASE("POST /api/tests/batch rejects 1001 tests with 400 and stores nothing") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto r = post_batch(s, t.auth(), run, t.project(), items(1001, "Big"));
  CHECK(is_validation(r, "tests"));
  CHECK(num(s.get(tests_of(t.project()), t.auth()), "total") == 0);
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 0);
}

TEST_CASE("POST /api/tests/batch with one invalid item rejects the batch with details.index and stores nothing") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  REQUIRE(post_batch(s, t.auth(), run, t.project(), {test_item("Before > a"), test_item("Before > b")}).status == 201);
  auto tree_before = s.get("/api/test-suites?runId=" + run + "&projectId=" + t.project(), t.auth());

  auto batch = items(6, "New Suite > Inner");
  batch[3] = test_item("New Suite > Inner > bad", "exploded");
  auto r = post_batch(s, t.auth(), run, t.project(), batch);
  REQUIRE(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(num(r, "error.details.index") == 3);
  CHECK(r.str("error.details.field").find("status") != std::string::npos);

  CHECK(num(s.get(tests_of(t.project()), t.auth()), "total") == 2);
  CHECK(num(s.get(tests_of(t.project()) + "&runId=" + run, t.auth()), "total") == 2);
  CHECK(num(s.get(tests_of(t.project()) + "&search=Inner", t.auth()), "total") == 0);
  auto g = s.get("/api/runs/" + run, t.auth());
  CHECK(num(g, "totalTests") == 2);
  CHECK(num(g, "passedTests") == 2);
  auto tree_after = s.get("/api/test-suites?runId=" + run + "&projectId=" + t.project(), t.auth());
  CHECK(tree_after.body == tree_before.body);
}

TEST_CASE("POST /api/tests/batch reports the index of the first invalid item of any kind") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto not_object = items(5, "X");
  not_object[2] = "\"just a string\"";
  auto r1 = post_batch(s, t.auth(), run, t.project(), not_object);
  CHECK(r1.status == 400);
  CHECK(num(r1, "error.details.index") == 2);

  auto no_title = items(5, "X");
  no_title[0] = obj({{"fullTitle", quote("X > y")}, {"status", quote("passed")}, {"duration", "1"}});
  auto r2 = post_batch(s, t.auth(), run, t.project(), no_title);
  CHECK(r2.status == 400);
  CHECK(num(r2, "error.details.index") == 0);
  CHECK(r2.str("error.details.field").find("title") != std::string::npos);

  auto bad_step = items(5, "X");
  bad_step[4] = test_item("X > z", "passed", "", 1, {{"steps", R"([{"category":"hook"}])"}});
  auto r3 = post_batch(s, t.auth(), run, t.project(), bad_step);
  CHECK(r3.status == 400);
  CHECK(num(r3, "error.details.index") == 4);
  CHECK(num(s.get(tests_of(t.project()), t.auth()), "total") == 0);
}

TEST_CASE("POST /api/tests/batch requires tests to be an array") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto missing = s.post("/api/tests/batch", obj({{"runId", quote(run)}, {"projectId", quote(t.project())}}), t.auth());
  CHECK(is_validation(missing, "tests"));
  auto object = s.post("/api/tests/batch",
                       obj({{"runId", quote(run)}, {"projectId", quote(t.project())}, {"tests", test_item("A > b")}}),
                       t.auth());
  CHECK(is_validation(object, "tests"));
  auto no_run = s.post("/api/tests/batch", obj({{"projectId", quote(t.project())}, {"tests", "[]"}}), t.auth());
  CHECK(is_validation(no_run, "runId"));
  CHECK(is_not_found(post_batch(s, t.auth(), "run_doesnotexist0000000000", t.project(), items(1, "A"))));
}

TEST_CASE("two clients ingesting into the same run at once lose nothing") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  constexpr int kThreads = 2, kBatches = 20, kPerBatch = 50;
  std::vector<std::vector<int>> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int th = 0; th < kThreads; ++th) {
    threads.emplace_back([&, th] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<std::string> batch;
        for (int i = 0; i < kPerBatch; ++i)
          // Both clients report the same logical tests (same titles), each once per batch.
          batch.push_back(test_item("Shared > Batch " + std::to_string(b) + " > t" + std::to_string(i),
                                    i % 10 == 0 ? "failed" : "passed"));
        statuses[static_cast<size_t>(th)].push_back(post_batch(s, t.auth(), run, t.project(), batch).status);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int th = 0; th < kThreads; ++th)
    for (int st : statuses[static_cast<size_t>(th)]) CHECK(st == 201);

  constexpr int kTotal = kThreads * kBatches * kPerBatch;
  auto g = s.get("/api/runs/" + run, t.auth());
  CHECK(num(g, "totalTests") == kTotal);
  CHECK(num(g, "failedTests") == kTotal / 10);
  CHECK(num(g, "passedTests") == kTotal - kTotal / 10);
  CHECK(num(s.get(tests_of(t.project()) + "&runId=" + run, t.auth()), "total") == kTotal);
  CHECK(num(s.get(tests_of(t.project()), t.auth()), "total") == kTotal);
  CHECK(num(s.get(tests_of(t.project()) + "&status=failed", t.auth()), "total") == kTotal / 10);
  // Each logical test got one result from each client.
  auto any = s.get(tests_of(t.project()) + "&limit=1", t.auth());
  auto h = s.get(test_url(any.str("data.0.id")) + "/history", t.auth());
  CHECK(num(h, "total") == kThreads);
}

// ---------------------------------------------------------------- roles and tenancy

TEST_CASE("a viewer reads results but gets 403 on POST /api/tests and the batch") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer@example.com", "viewer");
  auto run = make_run(s, t.auth(), t.project());
  auto id = make_test(s, t.auth(), run, t.project(), test_item("A > b"));
  CHECK(is_forbidden(post_test(s, viewer.auth(), run, t.project(), test_item("A > c"))));
  CHECK(is_forbidden(post_batch(s, viewer.auth(), run, t.project(), items(2, "V"))));
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 1);
  CHECK(s.get(test_url(id), viewer.auth()).status == 200);
  CHECK(s.get(test_url(id) + "/steps", viewer.auth()).status == 200);
  CHECK(s.get(test_url(id) + "/history", viewer.auth()).status == 200);
  CHECK(num(s.get(tests_of(t.project()), viewer.auth()), "total") == 1);
}

TEST_CASE("a member may create results and batches") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto member = add_member(s, t.owner, t.ws.team_id, "member@example.com", "member");
  auto run = make_run(s, member.auth(), t.project());
  CHECK(post_test(s, member.auth(), run, t.project(), test_item("A > c")).status == 201);
  CHECK(post_batch(s, member.auth(), run, t.project(), items(2, "M")).status == 201);
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 3);
}

TEST_CASE("a user of another team gets 404 on a team's results, steps, history and list") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto stranger = make_tenant(s, "stranger@example.com", "Elsewhere", "Theirs");
  auto run = make_run(s, t.auth(), t.project());
  auto id = make_test(s, t.auth(), run, t.project(), test_item("A > b", "failed", kFile, 1, {{"steps", kNestedSteps}}));
  CHECK(is_not_found(s.get(test_url(id), stranger.auth())));
  CHECK(is_not_found(s.get(test_url(id) + "/steps", stranger.auth())));
  CHECK(is_not_found(s.get(test_url(id) + "/history", stranger.auth())));
  CHECK(is_not_found(s.get(tests_of(t.project()), stranger.auth())));
  CHECK(is_not_found(s.get(tests_of(t.project()) + "&runId=" + run, stranger.auth())));
  CHECK(is_not_found(post_test(s, stranger.auth(), run, t.project(), test_item("Evil > x"))));
  CHECK(is_not_found(post_batch(s, stranger.auth(), run, t.project(), items(1, "Evil"))));
  // Naming their own project with the victim's run does not help either.
  auto own = s.get(tests_of(stranger.project()) + "&runId=" + run, stranger.auth());
  CHECK(own.status == 404);
  CHECK(post_test(s, stranger.auth(), run, stranger.project(), test_item("Evil > y")).status == 404);
  CHECK(num(s.get("/api/runs/" + run, t.auth()), "totalTests") == 1);
}

TEST_CASE("an API key of project A gets 404 on project B's results") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com", "Team", "A");
  auto b = s.post("/api/projects", obj({{"name", quote("B")}, {"teamId", quote(t.ws.team_id)}}), t.auth());
  REQUIRE(b.status == 201);
  std::string project_b = b.str("id");
  auto run_a = make_run(s, t.auth(), t.project());
  auto run_b = make_run(s, t.auth(), project_b);
  auto in_a = make_test(s, t.auth(), run_a, t.project(), test_item("A > a"));
  auto in_b = make_test(s, t.auth(), run_b, project_b, test_item("B > b"));
  auto key = Auth::key(create_key(s, t.owner, t.project(), "member"));

  CHECK(s.get(test_url(in_a), key).status == 200);
  CHECK(is_not_found(s.get(test_url(in_b), key)));
  CHECK(is_not_found(s.get(test_url(in_b) + "/steps", key)));
  CHECK(is_not_found(s.get(test_url(in_b) + "/history", key)));
  CHECK(is_not_found(s.get(tests_of(project_b), key)));
  CHECK(is_not_found(post_test(s, key, run_b, project_b, test_item("K > x"))));
  CHECK(is_not_found(post_batch(s, key, run_b, project_b, items(1, "K"))));
  CHECK(num(s.get("/api/runs/" + run_b, t.auth()), "totalTests") == 1);

  // Without projectId the key means its own project.
  auto own = s.post("/api/tests", obj({{"runId", quote(run_a)}, {"title", quote("k")}, {"fullTitle", quote("K > k")},
                                       {"status", quote("passed")}, {"duration", "1"}}),
                    key);
  CHECK(own.status == 201);
  auto listed = s.get("/api/tests", key);
  CHECK(listed.status == 200);
  CHECK(num(listed, "total") == 2);
}
