// Triage over real HTTP: failure groups (contract §13), builds and comparisons (§14),
// and the comparison summary on GET /api/runs/:id.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "support/results.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::results;

namespace {

const std::string kTextError =
    "Error: \x1b[2mexpect(\x1b[22m\x1b[31mlocator\x1b[39m\x1b[2m).\x1b[22mtoHaveText\x1b[2m(\x1b[22m"
    "\x1b[32mexpected\x1b[39m\x1b[2m)\x1b[22m failed\n\nLocator: getByTestId('place-order')\n"
    "Expected string: \"Place order\"\nReceived string: \"Loading 3 items\"\nTimeout: 5000ms\n\nCall log:\n"
    "  - Expect \"toHaveText\" with timeout 5000ms\n  - waiting for getByTestId('place-order')\n";

// The same problem another day: other numbers, paths and ids.
const std::string kTextErrorAgain =
    "Error: expect(locator).toHaveText(expected) failed\n\nLocator: getByTestId('place-order')\n"
    "Expected string: \"Place order\"\nReceived string: \"Loading 12 items\"\nTimeout: 10000ms\n\nCall log:\n"
    "  - Expect \"toHaveText\" with timeout 10000ms\n";

// One word differs ("Cancel" for "Place"): another problem.
const std::string kOtherWord =
    "Error: expect(locator).toHaveText(expected) failed\n\nLocator: getByTestId('place-order')\n"
    "Expected string: \"Cancel order\"\nReceived string: \"Loading 3 items\"\nTimeout: 5000ms\n";

const std::string kTimeout = "Test timeout of 30000ms exceeded.";

std::string error_json(const std::string& message) { return obj({{"message", quote(message)}}); }

std::string failing(const std::string& full_title, const std::string& message,
                    const std::string& file = "tests/checkout.spec.ts") {
  return test_item(full_title, "failed", file, 100, {{"error", error_json(message)}});
}

std::string passing(const std::string& full_title, const std::string& status = "passed") {
  return test_item(full_title, status, "tests/checkout.spec.ts");
}

// A run holding the items, then finished with `status` (empty: left running).
std::string run_with(TestServer& s, const Tenant& t, const std::vector<std::string>& items,
                     const std::string& status = "failed", const Fields& run_fields = {}) {
  std::string run = make_run(s, t.auth(), t.project(), "running", run_fields);
  if (!items.empty()) {
    auto r = post_batch(s, t.auth(), run, t.project(), items);
    REQUIRE_MESSAGE(r.status == 201, r.body);
  }
  if (!status.empty()) {
    auto r = s.patch("/api/runs/" + run, obj({{"status", quote(status)}}), t.auth());
    REQUIRE_MESSAGE(r.status == 200, r.body);
  }
  return run;
}

Fields on_branch(const std::string& branch) { return {{"branch", quote(branch)}}; }
Fields build(const std::string& id, int shard, int total, const std::string& branch = "main") {
  return {{"branch", quote(branch)},
          {"ciBuildId", quote(id)},
          {"shardCurrent", std::to_string(shard)},
          {"shardTotal", std::to_string(total)},
          {"commitSha", quote("abc123")}};
}

std::string signature_of(TestServer& s, const Tenant& t, const std::string& result_id) {
  auto r = s.get("/api/tests/" + result_id, t.auth());
  REQUIRE(r.status == 200);
  return r.str("errorSignature");
}

// fullTitles of a comparison list, sorted.
std::vector<std::string> titles(const Result& r, const std::string& list) {
  auto v = column(r, list, "fullTitle");
  std::sort(v.begin(), v.end());
  return v;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("errorSignature: failed results only; same problem shares it, another word does not") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "sig@example.com");
  std::string run = make_run(s, t.auth(), t.project());
  std::string a = make_test(s, t.auth(), run, t.project(), failing("cart > a", kTextError));
  std::string b = make_test(s, t.auth(), run, t.project(), failing("cart > b", kTextErrorAgain));
  std::string c = make_test(s, t.auth(), run, t.project(), failing("cart > c", kOtherWord));
  std::string timeout = make_test(s, t.auth(), run, t.project(), failing("cart > d", kTimeout));
  std::string flaky = make_test(s, t.auth(), run, t.project(),
                                test_item("cart > e", "flaky", "tests/x.spec.ts", 100, {{"error", error_json(kTimeout)}}));
  std::string no_error = make_test(s, t.auth(), run, t.project(), test_item("cart > f", "failed"));
  std::string passed = make_test(s, t.auth(), run, t.project(), passing("cart > g"));

  std::string sig = signature_of(s, t, a);
  CHECK(sig.size() == 16);
  CHECK(sig.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(signature_of(s, t, b) == sig);
  CHECK(signature_of(s, t, c) != sig);
  CHECK(signature_of(s, t, c).size() == 16);
  CHECK(signature_of(s, t, timeout).size() == 16);
  for (const auto& id : {flaky, no_error, passed}) {
    auto r = s.get("/api/tests/" + id, t.auth());
    CHECK(r.is_null("errorSignature"));
  }
  // The list carries it too.
  auto list = s.get("/api/tests?projectId=" + t.project() + "&runId=" + run + "&status=failed&limit=100", t.auth());
  auto signatures = column(list, "data", "errorSignature");
  CHECK(std::count(signatures.begin(), signatures.end(), sig) == 2);
}

TEST_CASE("GET /api/runs/:id/failure-groups: groups by count, first line, at most 20 tests, total") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "groups@example.com");
  std::vector<std::string> items;
  for (int i = 0; i < 25; ++i) items.push_back(failing("cart > many " + std::to_string(i), i % 2 ? kTextError : kTextErrorAgain));
  items.push_back(failing("cart > timeout 1", kTimeout));
  items.push_back(failing("cart > timeout 2", "Test timeout of 5000ms exceeded."));
  items.push_back(failing("cart > other", kOtherWord, "tests/other.spec.ts"));
  items.push_back(passing("cart > fine"));
  std::string run = run_with(s, t, items);

  auto r = s.get("/api/runs/" + run + "/failure-groups", t.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(num(r, "total") == 3);
  REQUIRE(size_of_array(r, "data") == 3);
  CHECK(num(r, "data.0.count") == 25);
  CHECK(size_of_array(r, "data.0.tests") == 20);
  CHECK(r.str("data.0.message") == "Error: expect(locator).toHaveText(expected) failed");
  CHECK(r.str("data.0.tests.0.filePath") == "tests/checkout.spec.ts");
  CHECK(r.str("data.0.tests.0.status") == "failed");
  CHECK(r.str("data.0.tests.0.fullTitle").rfind("cart > many ", 0) == 0);
  CHECK(r.str("data.0.tests.0.title").rfind("many ", 0) == 0);
  CHECK(is_id(r.str("data.0.tests.0.id"), "test_"));
  CHECK(num(r, "data.1.count") == 2);
  CHECK(r.str("data.1.message").find("Test timeout of") == 0);
  CHECK(num(r, "data.2.count") == 1);
  CHECK(r.str("data.2.tests.0.filePath") == "tests/other.spec.ts");
  CHECK(r.str("data.0.signature") == signature_of(s, t, r.str("data.0.tests.3.id")));

  // Equal counts sort by signature.
  std::string run2 = run_with(s, t, {failing("x > 1", kTimeout), failing("x > 2", kOtherWord)});
  auto r2 = s.get("/api/runs/" + run2 + "/failure-groups", t.auth());
  REQUIRE(size_of_array(r2, "data") == 2);
  CHECK(r2.str("data.0.signature") < r2.str("data.1.signature"));

  // A run without failures has no groups.
  std::string green = run_with(s, t, {passing("y > 1")}, "passed");
  auto r3 = s.get("/api/runs/" + green + "/failure-groups", t.auth());
  CHECK(r3.status == 200);
  CHECK(num(r3, "total") == 0);
  CHECK(size_of_array(r3, "data") == 0);
}

TEST_CASE("failure groups and builds of another team are missing; unauthenticated is 401") {
  TestServer s(open_signup());
  auto a = make_tenant(s, "a@example.com", "A", "PA");
  auto b = make_tenant(s, "b@example.com", "B", "PB");
  std::string run = run_with(s, a, {failing("t > 1", kTimeout)}, "failed", build("ci-1", 1, 1));

  CHECK(is_not_found(s.get("/api/runs/" + run + "/failure-groups", b.auth())));
  CHECK(is_not_found(s.get("/api/runs/run_doesnotexist00000000/failure-groups", b.auth())));
  CHECK(is_not_found(s.get("/api/failure-groups?projectId=" + a.project(), b.auth())));
  CHECK(is_not_found(s.get("/api/builds?projectId=" + a.project(), b.auth())));
  CHECK(is_not_found(s.get("/api/builds/ci-1?projectId=" + a.project(), b.auth())));
  CHECK(is_not_found(s.get("/api/builds/ci-1/compare?projectId=" + a.project(), b.auth())));
  CHECK(is_not_found(s.get("/api/runs/" + run + "/compare", b.auth())));
  // B's own project has no such build: the same answer.
  CHECK(is_not_found(s.get("/api/builds/ci-1?projectId=" + b.project(), b.auth())));
  // A base in another team is missing too.
  std::string b_run = run_with(s, b, {passing("t > 1")}, "passed");
  CHECK(is_not_found(s.get("/api/runs/" + run + "/compare?baseRunId=" + b_run, a.auth())));

  for (const auto& path : {"/api/runs/" + run + "/failure-groups", "/api/failure-groups?projectId=" + a.project(),
                           "/api/builds?projectId=" + a.project(), "/api/builds/ci-1?projectId=" + a.project(),
                           "/api/runs/" + run + "/compare"}) {
    auto r = s.get(path);
    CHECK_MESSAGE(r.status == 401, path);
  }
  // An API key of A's project reads them.
  std::string key = create_key(s, a.owner, a.project(), "viewer");
  CHECK(s.get("/api/runs/" + run + "/failure-groups", Auth::key(key)).status == 200);
  CHECK(s.get("/api/builds/ci-1", Auth::key(key)).status == 200);
  CHECK(s.get("/api/failure-groups", Auth::key(key)).status == 200);
}

TEST_CASE("GET /api/failure-groups: occurrences, distinct tests and runs, first and last seen, filters") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "proj@example.com");
  std::string r1 = run_with(s, t, {failing("a > 1", kTextError), failing("a > 2", kTextError), failing("a > 3", kTimeout)},
                            "failed", on_branch("main"));
  std::string r2 = run_with(s, t, {failing("a > 1", kTextErrorAgain), failing("a > 4", kOtherWord)}, "failed",
                            on_branch("main"));
  std::string r3 = run_with(s, t, {failing("a > 1", kTextError)}, "failed", on_branch("feature"));

  auto r = s.get("/api/failure-groups?projectId=" + t.project(), t.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(num(r, "total") == 3);
  CHECK(num(r, "limit") == 50);
  CHECK(num(r, "offset") == 0);
  REQUIRE(size_of_array(r, "data") == 3);
  CHECK(num(r, "data.0.occurrences") == 4);
  CHECK(num(r, "data.0.tests") == 2);
  CHECK(num(r, "data.0.runs") == 3);
  CHECK(r.str("data.0.message") == "Error: expect(locator).toHaveText(expected) failed");
  CHECK(is_time(r.str("data.0.firstSeen")));
  CHECK(is_time(r.str("data.0.lastSeen")));
  CHECK(r.str("data.0.firstSeen") <= r.str("data.0.lastSeen"));
  CHECK(num(r, "data.1.occurrences") == 1);
  CHECK(num(r, "data.2.occurrences") == 1);
  std::string big = r.str("data.0.signature");
  // The dashboard's extras: the newest occurrence (a result of r3, the last run) and a
  // daily trend of 30 days whose last day (today) holds every occurrence.
  CHECK(is_id(r.str("data.0.newestTestId"), "test_"));
  auto newest = s.get("/api/tests/" + r.str("data.0.newestTestId"), t.auth());
  CHECK(newest.str("runId") == r3);
  CHECK(size_of_array(r, "data.0.trend") == 30);
  CHECK(num(r, "data.0.trend.29") == 4);
  CHECK(num(r, "data.0.trend.0") == 0);
  CHECK(is_time(r.str("data.0.trendStart")));
  auto week = s.get("/api/failure-groups?projectId=" + t.project() + "&from=" + r.str("data.0.trendStart").substr(0, 10) +
                        "T00:00:00Z",
                    t.auth());
  CHECK(size_of_array(week, "data.0.trend") == 30);

  auto main_only = s.get("/api/failure-groups?projectId=" + t.project() + "&branch=main", t.auth());
  CHECK(num(main_only, "total") == 3);
  CHECK(num(main_only, "data.0.occurrences") == 3);
  CHECK(num(main_only, "data.0.runs") == 2);
  auto feature = s.get("/api/failure-groups?projectId=" + t.project() + "&branch=feature", t.auth());
  CHECK(num(feature, "total") == 1);
  CHECK(feature.str("data.0.signature") == big);

  // A window in the future holds nothing; one around now holds everything.
  auto later = s.get("/api/failure-groups?projectId=" + t.project() + "&from=2099-01-01T00:00:00Z", t.auth());
  CHECK(num(later, "total") == 0);
  auto past = s.get("/api/failure-groups?projectId=" + t.project() + "&to=2000-01-01T00:00:00Z", t.auth());
  CHECK(num(past, "total") == 0);
  auto around = s.get("/api/failure-groups?projectId=" + t.project() + "&from=2000-01-01T00:00:00Z&to=2099-01-01T00:00:00Z",
                      t.auth());
  CHECK(num(around, "total") == 3);
  CHECK(num(around, "data.0.occurrences") == 4);
  CHECK(is_validation(s.get("/api/failure-groups?projectId=" + t.project() + "&from=yesterday", t.auth()), "from"));

  auto page = s.get("/api/failure-groups?projectId=" + t.project() + "&limit=1&offset=1", t.auth());
  CHECK(num(page, "total") == 3);
  CHECK(size_of_array(page, "data") == 1);
  CHECK(page.str("data.0.signature") != big);

  // A deleted run no longer counts.
  REQUIRE(s.del("/api/runs/" + r3, t.auth()).status == 200);
  auto after = s.get("/api/failure-groups?projectId=" + t.project(), t.auth());
  CHECK(num(after, "data.0.occurrences") == 3);
  CHECK(num(after, "data.0.runs") == 2);
  (void)r1;
  (void)r2;
}

TEST_CASE("GET /api/tests: errorSignature filter, search in error text, case-insensitive beyond ASCII") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "search@example.com");
  std::string run = run_with(s, t,
                             {failing("shop > checkout", kTextError), failing("shop > basket", kTimeout),
                              failing("Überweisung > Bestätigung", "Error: Zahlung für ÄRGER abgelehnt"),
                              passing("shop > Straße prüfen")});
  auto all = s.get("/api/tests?projectId=" + t.project() + "&runId=" + run + "&limit=100", t.auth());
  REQUIRE(all.status == 200);
  std::string checkout_id;
  for (size_t i = 0; i < 4; ++i)
    if (all.str("data." + std::to_string(i) + ".fullTitle") == "shop > checkout") checkout_id = all.str("data." + std::to_string(i) + ".id");
  std::string sig = signature_of(s, t, checkout_id);

  auto by_sig = s.get("/api/tests?projectId=" + t.project() + "&errorSignature=" + sig, t.auth());
  REQUIRE_MESSAGE(by_sig.status == 200, by_sig.body);
  CHECK(num(by_sig, "total") == 1);
  CHECK(by_sig.str("data.0.fullTitle") == "shop > checkout");
  CHECK(is_validation(s.get("/api/tests?projectId=" + t.project() + "&errorSignature=XYZ", t.auth()), "errorSignature"));

  // "Place order" is only in the error text.
  auto place = s.get("/api/tests?projectId=" + t.project() + "&search=Place%20order", t.auth());
  CHECK(num(place, "total") == 1);
  CHECK(place.str("data.0.fullTitle") == "shop > checkout");
  auto lower = s.get("/api/tests?projectId=" + t.project() + "&runId=" + run + "&search=place%20ORDER", t.auth());
  CHECK(num(lower, "total") == 1);
  // Non-ASCII case: "ärger" finds "ÄRGER"; "STRASSE" is not "Straße" but "STRAßE" is.
  auto umlaut = s.get("/api/tests?projectId=" + t.project() + "&search=%C3%A4rger", t.auth());
  CHECK(num(umlaut, "total") == 1);
  auto title_case = s.get("/api/tests?projectId=" + t.project() + "&search=%C3%BCBERWEISUNG", t.auth());
  CHECK(num(title_case, "total") == 1);
  auto sharp = s.get("/api/tests?projectId=" + t.project() + "&search=STRA%C3%9FE", t.auth());
  CHECK(num(sharp, "total") == 1);
  // Substrings inside a word, and file paths.
  auto part = s.get("/api/tests?projectId=" + t.project() + "&search=asket", t.auth());
  CHECK(num(part, "total") == 1);
  auto file = s.get("/api/tests?projectId=" + t.project() + "&search=checkout.spec", t.auth());
  CHECK(num(file, "total") == 4);
  // Two characters still search (without the index).
  auto two = s.get("/api/tests?projectId=" + t.project() + "&search=sk", t.auth());
  CHECK(num(two, "total") == 1);
  // A title that its full title does not hold is searchable too.
  std::string odd = make_run(s, t.auth(), t.project());
  make_test(s, t.auth(), odd, t.project(),
            obj({{"title", quote("Zebrafinch")}, {"fullTitle", quote("suite > other name")}, {"status", quote("passed")},
                 {"duration", "1"}}));
  auto zebra = s.get("/api/tests?projectId=" + t.project() + "&search=zebraf", t.auth());
  CHECK(num(zebra, "total") == 1);
  auto none = s.get("/api/tests?projectId=" + t.project() + "&search=nowhere%20at%20all", t.auth());
  CHECK(num(none, "total") == 0);
  // Both filters at once.
  auto both = s.get("/api/tests?projectId=" + t.project() + "&errorSignature=" + sig + "&search=basket", t.auth());
  CHECK(num(both, "total") == 0);
}

TEST_CASE("builds: status over shard combinations, sums, shards, duration, filters, 404") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "builds@example.com");
  struct Combo {
    std::vector<std::string> shard_status;  // "" = still running
    std::string want;
  };
  std::vector<Combo> combos = {{{"passed", "passed", "passed"}, "passed"}, {{"passed", "", "failed"}, "failed"},
                               {{"passed", "", "passed"}, "running"},     {{"cancelled", "passed"}, "cancelled"},
                               {{"cancelled", "", "passed"}, "running"},  {{"failed", "cancelled"}, "failed"},
                               {{""}, "running"}};
  for (size_t i = 0; i < combos.size(); ++i) {
    std::string id = "combo-" + std::to_string(i);
    const auto& c = combos[i];
    for (size_t k = 0; k < c.shard_status.size(); ++k) {
      int n = static_cast<int>(c.shard_status.size());
      run_with(s, t, {passing("s > a" + std::to_string(k)), passing("s > b" + std::to_string(k))}, c.shard_status[k],
               build(id, static_cast<int>(k) + 1, n));
    }
    auto r = s.get("/api/builds/" + id + "?projectId=" + t.project(), t.auth());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK_MESSAGE(r.str("status") == c.want, id);
    CHECK(size_of_array(r, "shards") == static_cast<int>(c.shard_status.size()));
    bool all_over = std::find(c.shard_status.begin(), c.shard_status.end(), "") == c.shard_status.end();
    CHECK(r.is_null("duration") == !all_over);
    CHECK(r.is_null("finishedAt") == !all_over);
  }

  std::string s1 = run_with(s, t, {passing("b > 1"), failing("b > 2", kTimeout), passing("b > 3", "flaky")}, "failed",
                            build("big", 1, 2));
  std::string s2 = run_with(s, t, {passing("b > 4"), test_item("b > 5", "skipped")}, "passed", build("big", 2, 2));
  auto r = s.get("/api/builds/big?projectId=" + t.project(), t.auth());
  REQUIRE(r.status == 200);
  CHECK(r.str("ciBuildId") == "big");
  CHECK(r.str("projectId") == t.project());
  CHECK(r.str("branch") == "main");
  CHECK(r.str("commitSha") == "abc123");
  CHECK(r.str("status") == "failed");
  CHECK(num(r, "totalTests") == 5);
  CHECK(num(r, "passedTests") == 2);
  CHECK(num(r, "failedTests") == 1);
  CHECK(num(r, "skippedTests") == 1);
  CHECK(num(r, "flakyTests") == 1);
  CHECK(real(r, "passRate") == doctest::Approx(40.0));
  CHECK(num(r, "duration") >= 0);
  CHECK(is_time(r.str("createdAt")));
  CHECK(is_time(r.str("finishedAt")));
  CHECK(column(r, "shards", "runId") == Names{s1, s2});
  CHECK(num(r, "shards.0.shardCurrent") == 1);
  CHECK(num(r, "shards.1.shardTotal") == 2);
  CHECK(r.str("shards.0.status") == "failed");
  CHECK(r.str("shards.1.status") == "passed");

  // The project key reads it without projectId; unknown builds are 404.
  CHECK(is_not_found(s.get("/api/builds/nope?projectId=" + t.project(), t.auth())));

  auto list = s.get("/api/builds?projectId=" + t.project(), t.auth());
  REQUIRE(list.status == 200);
  CHECK(num(list, "total") == static_cast<int64_t>(combos.size()) + 1);
  CHECK(list.str("data.0.ciBuildId") == "big");  // newest first
  auto failed = s.get("/api/builds?projectId=" + t.project() + "&status=failed", t.auth());
  CHECK(num(failed, "total") == 3);
  for (const auto& st : column(failed, "data", "status")) CHECK(st == "failed");
  auto running = s.get("/api/builds?projectId=" + t.project() + "&status=running", t.auth());
  CHECK(num(running, "total") == 3);
  auto other_branch = s.get("/api/builds?projectId=" + t.project() + "&branch=dev", t.auth());
  CHECK(num(other_branch, "total") == 0);
  CHECK(is_validation(s.get("/api/builds?projectId=" + t.project() + "&status=weird", t.auth()), "status"));
  auto paged = s.get("/api/builds?projectId=" + t.project() + "&limit=2&offset=1", t.auth());
  CHECK(size_of_array(paged, "data") == 2);
  CHECK(num(paged, "limit") == 2);
}

TEST_CASE("run comparison: default base, explicit base, base branch, new tests, flaky as passing") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "cmp@example.com");
  // No earlier run: base null, every failing test is a new failure.
  std::string first = run_with(s, t, {failing("c > broken", kTimeout), passing("c > fine"), failing("c > flaky fix", kTimeout),
                                      passing("c > goes bad"), passing("c > flips", "flaky")},
                               "failed", on_branch("main"));
  auto none = s.get("/api/runs/" + first + "/compare", t.auth());
  REQUIRE_MESSAGE(none.status == 200, none.body);
  CHECK(none.is_null("base"));
  CHECK(titles(none, "newFailures") == Names{"c > broken", "c > flaky fix"});
  CHECK(size_of_array(none, "stillFailing") == 0);
  CHECK(size_of_array(none, "fixed") == 0);
  CHECK(size_of_array(none, "newTests") == 0);

  // A run of another branch and a running run of main are not the default base.
  run_with(s, t, {passing("c > broken")}, "passed", on_branch("feature"));
  run_with(s, t, {passing("c > broken")}, "", on_branch("main"));
  std::string second =
      run_with(s, t,
               {failing("c > broken", kTimeout), passing("c > fine"), passing("c > flaky fix", "flaky"),
                failing("c > goes bad", kOtherWord), failing("c > flips", kOtherWord), failing("c > brand new", kTimeout),
                passing("c > new and green")},
               "failed", on_branch("main"));
  auto r = s.get("/api/runs/" + second + "/compare", t.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("base.runId") == first);
  CHECK(titles(r, "newFailures") == Names{"c > brand new", "c > flips", "c > goes bad"});
  CHECK(titles(r, "stillFailing") == Names{"c > broken"});
  CHECK(titles(r, "fixed") == Names{"c > flaky fix"});
  CHECK(titles(r, "newTests") == Names{"c > brand new", "c > new and green"});
  // Each entry: testId of this run's result, status now and in the base.
  for (size_t i = 0; i < 3; ++i) {
    std::string p = "newFailures." + std::to_string(i);
    CHECK(is_id(r.str(p + ".testId"), "test_"));
    CHECK(r.str(p + ".status") == "failed");
    CHECK(r.str(p + ".filePath") == "tests/checkout.spec.ts");
    if (r.str(p + ".fullTitle") == "c > brand new") CHECK(r.is_null(p + ".baseStatus"));
    if (r.str(p + ".fullTitle") == "c > flips") CHECK(r.str(p + ".baseStatus") == "flaky");
    if (r.str(p + ".fullTitle") == "c > goes bad") CHECK(r.str(p + ".baseStatus") == "passed");
  }
  CHECK(r.str("fixed.0.status") == "flaky");
  CHECK(r.str("fixed.0.baseStatus") == "failed");

  // Explicit base: the second run against itself is refused; against the first, as default.
  CHECK(is_not_found(s.get("/api/runs/" + second + "/compare?baseRunId=" + second, t.auth())));
  CHECK(is_not_found(s.get("/api/runs/" + second + "/compare?baseRunId=run_nothinghere0000000", t.auth())));
  auto explicit_base = s.get("/api/runs/" + second + "/compare?baseRunId=" + first, t.auth());
  CHECK(explicit_base.str("base.runId") == first);
  CHECK(titles(explicit_base, "stillFailing") == Names{"c > broken"});
  // Base branch: feature's newest terminal run.
  auto feature = s.get("/api/runs/" + second + "/compare?baseBranch=feature", t.auth());
  CHECK(feature.str("base.runId") != first);
  CHECK(titles(feature, "fixed") == Names{});
  CHECK(titles(feature, "stillFailing") == Names{});
  auto feature_new = titles(feature, "newFailures");
  CHECK(std::count(feature_new.begin(), feature_new.end(), "c > broken") == 1);
  auto nobody = s.get("/api/runs/" + second + "/compare?baseBranch=nobranch", t.auth());
  CHECK(nobody.is_null("base"));

  // GET /api/runs/:id carries the summary.
  auto run = s.get("/api/runs/" + second, t.auth());
  CHECK(run.str("comparison.base.runId") == first);
  CHECK(num(run, "comparison.newFailures") == 3);
  CHECK(size_of_array(run, "comparison.newFailureTests") == 3);
  auto first_run = s.get("/api/runs/" + first, t.auth());
  CHECK(first_run.is_null("comparison.base"));
  CHECK(num(first_run, "comparison.newFailures") == 2);
}

TEST_CASE("the run summary lists at most 10 new failures") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "ten@example.com");
  std::vector<std::string> items;
  for (int i = 0; i < 14; ++i) items.push_back(failing("many > " + std::to_string(i), kTimeout));
  std::string run = run_with(s, t, items);
  auto r = s.get("/api/runs/" + run, t.auth());
  CHECK(num(r, "comparison.newFailures") == 14);
  CHECK(size_of_array(r, "comparison.newFailureTests") == 10);
  CHECK(r.str("comparison.newFailureTests.0.fullTitle").rfind("many > ", 0) == 0);
}

TEST_CASE("build comparison: default previous build of the branch, explicit base, none") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "bcmp@example.com");
  run_with(s, t, {failing("b > one", kTimeout), passing("b > two")}, "failed", build("b1", 1, 2));
  run_with(s, t, {passing("b > three"), failing("b > four", kTimeout)}, "failed", build("b1", 2, 2));
  // A build still running is no base.
  run_with(s, t, {passing("b > one")}, "", build("b-running", 1, 1));
  run_with(s, t, {passing("b > one"), failing("b > two", kOtherWord)}, "failed", build("b2", 1, 2));
  run_with(s, t, {failing("b > three", kTimeout), failing("b > four", kTimeout), failing("b > five", kTimeout)}, "failed",
           build("b2", 2, 2));

  auto r = s.get("/api/builds/b2/compare?projectId=" + t.project(), t.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("base.ciBuildId") == "b1");
  CHECK(titles(r, "newFailures") == Names{"b > five", "b > three", "b > two"});
  CHECK(titles(r, "stillFailing") == Names{"b > four"});
  CHECK(titles(r, "fixed") == Names{"b > one"});
  CHECK(titles(r, "newTests") == Names{"b > five"});

  auto none = s.get("/api/builds/b1/compare?projectId=" + t.project(), t.auth());
  CHECK(none.is_null("base"));
  CHECK(titles(none, "newFailures") == Names{"b > four", "b > one"});

  auto explicit_base = s.get("/api/builds/b1/compare?projectId=" + t.project() + "&baseCiBuildId=b2", t.auth());
  CHECK(explicit_base.str("base.ciBuildId") == "b2");
  CHECK(titles(explicit_base, "fixed") == Names{"b > three", "b > two"});
  CHECK(is_not_found(s.get("/api/builds/b1/compare?projectId=" + t.project() + "&baseCiBuildId=zzz", t.auth())));
  CHECK(is_not_found(s.get("/api/builds/zzz/compare?projectId=" + t.project(), t.auth())));
  auto other_branch = s.get("/api/builds/b2/compare?projectId=" + t.project() + "&baseBranch=dev", t.auth());
  CHECK(other_branch.is_null("base"));
}
