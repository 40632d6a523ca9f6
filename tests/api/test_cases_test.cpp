// The test explorer over real HTTP (contract §15): GET /api/test-cases (every field, the
// rates and the nearest-rank p95 worked out here from what was sent, sort orders with
// nulls last, windows with partial days, branch, search, pages, validation, tenancy),
// GET /api/test-cases/:testId/results and GET /api/test-cases/:testId/trend. Results
// land on other days through a server restarted with its clock moved back
// (EURIQA_TEST_CLOCK_OFFSET_SECONDS) on the same data directory.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/results.h"
#include "support/server.h"
#include "support/tenancy.h"

using namespace euriqa::test;
using namespace euriqa::test::results;

namespace {

const std::string kFile = "tests/explorer/cart.spec.ts";

// What was sent for one logical test: (status, duration) per result.
using Sent = std::vector<std::pair<std::string, int64_t>>;

// A row as this file works it out from the results it sent.
struct Want {
  int64_t runs = 0, passed = 0, failed = 0, flaky = 0, skipped = 0;
  std::optional<double> failure_rate, flaky_rate;
  std::optional<int64_t> avg, p95;
};

Want want_of(const Sent& sent) {
  Want w;
  std::vector<int64_t> durations;
  for (const auto& [status, duration] : sent) {
    ++w.runs;
    if (status == "passed") ++w.passed;
    if (status == "failed") ++w.failed;
    if (status == "flaky") ++w.flaky;
    if (status == "skipped") ++w.skipped;
    else durations.push_back(duration);
  }
  if (durations.empty()) return w;
  auto n = static_cast<int64_t>(durations.size());
  w.failure_rate = std::round(static_cast<double>(w.failed) / static_cast<double>(n) * 10000) / 10000;
  w.flaky_rate = std::round(static_cast<double>(w.flaky) / static_cast<double>(n) * 10000) / 10000;
  int64_t sum = 0;
  for (auto d : durations) sum += d;
  w.avg = std::llround(static_cast<double>(sum) / static_cast<double>(n));
  std::sort(durations.begin(), durations.end());
  int64_t rank = 95 * n / 100 + (95 * n % 100 ? 1 : 0);  // ceil(0.95 n)
  w.p95 = durations[static_cast<size_t>(rank - 1)];
  return w;
}

std::optional<double> opt_real(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  if (!v || v->IsNull()) return std::nullopt;
  return v->IsNumber() ? std::optional<double>(v->GetDouble()) : std::optional<double>(-1e300);
}

std::optional<int64_t> opt_num(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  if (!v || v->IsNull()) return std::nullopt;
  return v->IsInt64() ? std::optional<int64_t>(v->GetInt64()) : std::optional<int64_t>(INT64_MIN);
}

// The index of the row with this fullTitle in data; -1 when absent.
int row_of(const Result& r, const std::string& full_title) {
  auto titles = column(r, "data", "fullTitle");
  auto it = std::find(titles.begin(), titles.end(), full_title);
  return it == titles.end() ? -1 : static_cast<int>(it - titles.begin());
}

// The counts and durations of the object at `at` ("data.N."), as explorer rows and
// trend days both have them.
void check_counts(const Result& r, const std::string& at, const Want& w) {
  CHECK(num(r, at + "runs") == w.runs);
  CHECK(num(r, at + "passed") == w.passed);
  CHECK(num(r, at + "failed") == w.failed);
  CHECK(num(r, at + "flaky") == w.flaky);
  CHECK(num(r, at + "skipped") == w.skipped);
  CHECK(opt_num(r, at + "avgDuration") == w.avg);
  CHECK(opt_num(r, at + "p95Duration") == w.p95);
}

void check_row(const Result& r, const std::string& full_title, const Want& w) {
  int i = row_of(r, full_title);
  REQUIRE_MESSAGE(i >= 0, full_title << " not in " << r.body);
  std::string at = "data." + std::to_string(i) + ".";
  CAPTURE(full_title);
  check_counts(r, at, w);
  CHECK(opt_real(r, at + "failureRate") == w.failure_rate);
  CHECK(opt_real(r, at + "flakyRate") == w.flaky_rate);
}

// One run holding the items; returns the created results' ids in order.
std::vector<std::string> run_of(TestServer& s, const Auth& a, const std::string& project,
                                const std::vector<std::string>& items, const Fields& run_fields = {}) {
  std::string run = make_run(s, a, project, "running", run_fields);
  auto r = post_batch(s, a, run, project, items);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return column(r, "data");
}

// One run per sent result of the test (status, duration), in order.
std::vector<std::string> send(TestServer& s, const Auth& a, const std::string& project, const std::string& title,
                              const Sent& sent, const Fields& run_fields = {}, const std::string& file = kFile) {
  std::vector<std::string> ids;
  for (const auto& [status, duration] : sent) {
    auto made = run_of(s, a, project, {test_item(title, status, file, duration)}, run_fields);
    ids.push_back(made.front());
  }
  return ids;
}

Result explore(TestServer& s, const Auth& a, const std::string& project, const std::string& query = "") {
  auto r = s.get("/api/test-cases?projectId=" + project + "&limit=200" + query, a);
  REQUIRE_MESSAGE(r.status == 200, r.status << " " << r.body);
  return r;
}

std::string created_at(TestServer& s, const Auth& a, const std::string& result_id) {
  auto r = s.get("/api/tests/" + result_id, a);
  REQUIRE(r.status == 200);
  return r.str("createdAt");
}

// "2026-03-19T10:00:05Z" plus `ms` milliseconds, as RFC 3339 with milliseconds.
std::string plus_ms(const std::string& t, int64_t ms) {
  int64_t at = tenancy::rfc3339(t) * 1000 + ms;
  std::time_t secs = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(at % 1000));
  return out;
}

// Midnight UTC starting the day of t.
std::string day_start(const std::string& t) { return t.substr(0, 10) + "T00:00:00Z"; }

void pause_past_a_second() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

// One data directory served with the clock moved back by some days, one server at a time.
struct Clock {
  std::string root = make_temp_dir();
  std::string dir = root + "/data";
  std::unique_ptr<TestServer> server;
  TestServer& days_ago(int days) {
    server.reset();
    server = std::make_unique<TestServer>(open_signup(), dir,
                                          std::map<std::string, std::string>{
                                              {"EURIQA_TEST_CLOCK_OFFSET_SECONDS", std::to_string(-days * 86400)}});
    return *server;
  }
  ~Clock() {
    server.reset();
    std::filesystem::remove_all(root);
  }
};

std::vector<std::string> titles(const Result& r) { return column(r, "data", "fullTitle"); }

}  // namespace

// ---------------------------------------------------------------- fields and numbers

TEST_CASE("a row: every field, rates with 4 decimals and the nearest-rank p95 of what was sent") {
  TestServer s;
  auto t = make_tenant(s, "fields@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  // 21 results that count (n = 21: p95 is the 20th smallest, ceil(19.95)) and 2 skipped.
  Sent checkout;
  const int64_t durations[] = {830, 120, 455, 999, 310, 275, 640, 1210, 95, 505, 770,
                               433, 888, 150, 2400, 360, 610, 720, 1800, 205, 540};
  const char* statuses[] = {"passed", "failed", "passed", "flaky", "passed", "passed", "failed",
                            "passed", "passed", "passed", "flaky", "passed", "passed", "passed",
                            "failed", "passed", "passed", "passed", "passed", "passed", "passed"};
  for (int i = 0; i < 21; ++i) checkout.emplace_back(statuses[i], durations[i]);
  checkout.emplace(checkout.begin() + 5, "skipped", 1);
  checkout.emplace_back("skipped", 3);
  auto ids = send(s, a, p, "Cart > checkout", checkout);
  Sent skipped_only = {{"skipped", 0}, {"skipped", 4}};
  send(s, a, p, "Cart > skipped", skipped_only);
  Sent third = {{"failed", 10}, {"passed", 20}, {"passed", 30}};
  auto third_ids = send(s, a, p, "Cart > third", third);
  // n = 12: ceil(11.4) = 12, the largest (rounding 11.4 would take the 11th).
  Sent twelve;
  for (int64_t d : {50, 20, 90, 10, 80, 30, 70, 40, 60, 110, 100, 120}) twelve.emplace_back("passed", d);
  send(s, a, p, "Cart > twelve", twelve);

  auto r = explore(s, a, p);
  CHECK(num(r, "total") == 4);
  CHECK(num(r, "limit") == 200);
  CHECK(num(r, "offset") == 0);
  Want w = want_of(checkout);
  REQUIRE(w.p95 == 1800);  // sanity of this file's own arithmetic
  check_row(r, "Cart > checkout", w);
  check_row(r, "Cart > skipped", want_of(skipped_only));
  check_row(r, "Cart > third", want_of(third));
  CHECK(want_of(third).failure_rate == 0.3333);
  check_row(r, "Cart > twelve", want_of(twelve));
  CHECK(want_of(twelve).p95 == 120);

  int i = row_of(r, "Cart > checkout");
  std::string at = "data." + std::to_string(i) + ".";
  for (const char* k : {"testId", "filePath", "fullTitle", "runs", "passed", "failed", "flaky", "skipped", "failureRate",
                        "flakyRate", "avgDuration", "p95Duration", "lastStatus", "lastSeen", "quarantined"})
    CHECK_MESSAGE(has_key(r, at + k), k);
  CHECK(r.str(at + "testId") == ids.back());  // the newest result
  CHECK(r.str(at + "filePath") == kFile);
  CHECK(r.str(at + "lastStatus") == "skipped");
  CHECK(r.str(at + "lastSeen") == created_at(s, a, ids.back()));
  CHECK(tenancy::boolean(r, at + "quarantined") == 0);
  int k = row_of(r, "Cart > skipped");
  std::string sk = "data." + std::to_string(k) + ".";
  for (const char* key : {"failureRate", "flakyRate", "avgDuration", "p95Duration"}) CHECK(r.is_null(sk + key));
  int th = row_of(r, "Cart > third");
  CHECK(r.str("data." + std::to_string(th) + ".lastStatus") == "passed");
  CHECK(r.str("data." + std::to_string(th) + ".testId") == third_ids.back());
}

TEST_CASE("runs counts results: a run that reports a test twice counts twice") {
  TestServer s;
  auto t = make_tenant(s, "twice@example.com");
  run_of(s, t.auth(), t.project(), {test_item("T > dup", "passed", kFile, 10), test_item("T > dup", "failed", kFile, 30)});
  run_of(s, t.auth(), t.project(), {test_item("T > dup", "passed", kFile, 20)});
  auto r = explore(s, t.auth(), t.project());
  check_row(r, "T > dup", want_of({{"passed", 10}, {"failed", 30}, {"passed", 20}}));
}

// ---------------------------------------------------------------- sorting

TEST_CASE("every sort key in both orders, nulls last, ties by fullTitle then filePath") {
  TestServer s;
  auto t = make_tenant(s, "sort@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  // Sent one after another, so lastSeen follows this order.
  std::map<std::string, Sent> sent = {
      {"A", {{"failed", 100}, {"passed", 300}, {"passed", 200}, {"flaky", 900}}},  // fail .25, flaky .25
      {"B", {{"failed", 50}, {"failed", 60}}},                                      // fail 1
      {"C", {{"passed", 700}, {"flaky", 10}, {"passed", 20}}},                      // flaky .3333
      {"D", {{"skipped", 5}}},                                                      // all null
      {"E", {{"passed", 400}, {"failed", 400}, {"passed", 400}, {"passed", 400}}},  // fail .25 (ties A)
  };
  std::vector<std::string> sent_order = {"A", "B", "C", "D", "E"};
  for (const auto& name : sent_order) {
    send(s, a, p, name, sent[name]);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Same title as E in another file: a different logical test (fullTitle ties, filePath decides).
  send(s, a, p, "E", {{"passed", 1}}, {}, "tests/another.spec.ts");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));

  struct Row {
    std::string title, file;
    Want w;
    int seen;
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < sent_order.size(); ++i)
    rows.push_back({sent_order[i], kFile, want_of(sent[sent_order[i]]), static_cast<int>(i)});
  rows.push_back({"E", "tests/another.spec.ts", want_of({{"passed", 1}}), 5});

  auto expected = [&](const std::string& key, bool desc) {
    auto value = [&](const Row& r) -> std::optional<double> {
      if (key == "failureRate") return r.w.failure_rate;
      if (key == "flakyRate") return r.w.flaky_rate;
      if (key == "p95Duration") return r.w.p95 ? std::optional<double>(static_cast<double>(*r.w.p95)) : std::nullopt;
      if (key == "avgDuration") return r.w.avg ? std::optional<double>(static_cast<double>(*r.w.avg)) : std::nullopt;
      if (key == "runs") return static_cast<double>(r.w.runs);
      return static_cast<double>(r.seen);  // lastSeen
    };
    auto sorted = rows;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const Row& x, const Row& y) {
      if (key == "fullTitle") {
        auto kx = std::make_pair(x.title, x.file), ky = std::make_pair(y.title, y.file);
        return desc ? kx > ky : kx < ky;
      }
      auto vx = value(x), vy = value(y);
      if (vx.has_value() != vy.has_value()) return vx.has_value();
      if (vx && *vx != *vy) return desc ? *vx > *vy : *vx < *vy;
      return std::make_pair(x.title, x.file) < std::make_pair(y.title, y.file);
    });
    std::vector<std::string> out;
    for (const auto& r : sorted) out.push_back(r.title + "|" + r.file);
    return out;
  };
  for (const char* key : {"failureRate", "flakyRate", "p95Duration", "avgDuration", "runs", "lastSeen", "fullTitle"})
    for (bool desc : {true, false}) {
      std::string q = std::string("&sort=") + key + (desc ? "&order=desc" : "&order=asc");
      auto r = explore(s, a, p, q);
      std::vector<std::string> got;
      auto files = column(r, "data", "filePath");
      auto names = titles(r);
      for (size_t i = 0; i < names.size(); ++i) got.push_back(names[i] + "|" + files[i]);
      CAPTURE(q);
      CHECK(got == expected(key, desc));
    }
  // desc is the default order; failureRate the default key.
  CHECK(titles(explore(s, a, p, "&sort=runs")) == titles(explore(s, a, p, "&sort=runs&order=desc")));
  CHECK(titles(explore(s, a, p)) == titles(explore(s, a, p, "&sort=failureRate&order=desc")));
  // Nulls last in both orders: D (only skipped) ends every rate and duration order.
  CHECK(titles(explore(s, a, p, "&sort=p95Duration&order=asc")).back() == "D");
  CHECK(titles(explore(s, a, p, "&sort=flakyRate&order=desc")).back() == "D");
}

// ---------------------------------------------------------------- windows

TEST_CASE("from and to select results by createdAt, whole days and partial days exactly") {
  Clock clock;
  Session owner;
  Workspace ws;
  std::vector<std::string> x1, x2, y, z1, z2;
  {
    auto& s = clock.days_ago(3);
    owner = register_user(s, "window@example.com");
    ws = create_workspace(s, owner);
    x1 = send(s, owner.auth(), ws.project_id, "W > t", {{"passed", 100}, {"failed", 200}});
    pause_past_a_second();
    x2 = send(s, owner.auth(), ws.project_id, "W > t", {{"flaky", 300}});
  }
  {
    auto& s = clock.days_ago(2);
    y = send(s, owner.auth(), ws.project_id, "W > t", {{"passed", 400}, {"skipped", 1}});
    send(s, owner.auth(), ws.project_id, "W > other", {{"passed", 50}});
  }
  auto& s = clock.days_ago(0);
  z1 = send(s, owner.auth(), ws.project_id, "W > t", {{"failed", 500}});
  pause_past_a_second();
  z2 = send(s, owner.auth(), ws.project_id, "W > t", {{"passed", 600}, {"passed", 700}});
  auto a = owner.auth();
  const auto& p = ws.project_id;
  auto at = [&](const std::string& id) { return created_at(s, a, id); };
  Sent all = {{"passed", 100}, {"failed", 200}, {"flaky", 300}, {"passed", 400}, {"skipped", 1},
              {"failed", 500}, {"passed", 600}, {"passed", 700}};

  SUBCASE("no window: everything") { check_row(explore(s, a, p), "W > t", want_of(all)); }
  SUBCASE("from a moment inside the first day to a moment inside the last") {
    // x2 onwards, up to z1 (inclusive): the first and last days are partial.
    auto r = explore(s, a, p, "&from=" + at(x2[0]) + "&to=" + plus_ms(at(z1[0]), 999));
    Sent want = {{"flaky", 300}, {"passed", 400}, {"skipped", 1}, {"failed", 500}};
    check_row(r, "W > t", want_of(want));
    int i = row_of(r, "W > t");
    CHECK(r.str("data." + std::to_string(i) + ".testId") == z1[0]);  // newest in the window
    CHECK(r.str("data." + std::to_string(i) + ".lastStatus") == "failed");
    CHECK(r.str("data." + std::to_string(i) + ".lastSeen") == at(z1[0]));
  }
  SUBCASE("whole days from midnight") {
    auto r = explore(s, a, p, "&from=" + day_start(at(y[0])));
    check_row(r, "W > t", want_of({{"passed", 400}, {"skipped", 1}, {"failed", 500}, {"passed", 600}, {"passed", 700}}));
    CHECK(row_of(r, "W > other") >= 0);
  }
  SUBCASE("to the end of a day") {
    auto r = explore(s, a, p, "&to=" + day_start(at(y[0])).substr(0, 10) + "T23:59:59.999Z");
    check_row(r, "W > t", want_of({{"passed", 100}, {"failed", 200}, {"flaky", 300}, {"passed", 400}, {"skipped", 1}}));
  }
  SUBCASE("only part of one day") {
    auto r = explore(s, a, p, "&from=" + at(x1[0]) + "&to=" + plus_ms(at(x1[1]), 999));
    check_row(r, "W > t", want_of({{"passed", 100}, {"failed", 200}}));
    CHECK(num(r, "total") == 1);
  }
  SUBCASE("a day without the test's results leaves it out; an empty window is empty") {
    auto r = explore(s, a, p, "&from=" + at(z1[0]));
    CHECK(row_of(r, "W > other") == -1);
    check_row(r, "W > t", want_of({{"failed", 500}, {"passed", 600}, {"passed", 700}}));
    auto none = explore(s, a, p, "&from=" + at(z1[0]) + "&to=" + at(x1[0]));
    CHECK(num(none, "total") == 0);
    CHECK(size_of_array(none, "data") == 0);
  }
  SUBCASE("sorted by p95: the days packed at start (store/duration_packs) and today's results together") {
    // The server started today has packed the durations of the two earlier days.
    auto sorted = [&](const std::string& window) { return explore(s, a, p, "&sort=p95Duration" + window); };
    check_row(sorted(""), "W > t", want_of(all));
    check_row(sorted("&from=" + at(x2[0]) + "&to=" + plus_ms(at(z1[0]), 999)), "W > t",
              want_of({{"flaky", 300}, {"passed", 400}, {"skipped", 1}, {"failed", 500}}));
    check_row(sorted("&from=" + day_start(at(y[0]))), "W > t",
              want_of({{"passed", 400}, {"skipped", 1}, {"failed", 500}, {"passed", 600}, {"passed", 700}}));
    check_row(sorted("&to=" + day_start(at(y[0])).substr(0, 10) + "T23:59:59.999Z"), "W > t",
              want_of({{"passed", 100}, {"failed", 200}, {"flaky", 300}, {"passed", 400}, {"skipped", 1}}));
    // A packed result's run deleted: its duration leaves the pack.
    auto run = s.get("/api/tests/" + x1[1], a).str("runId");
    REQUIRE(s.del("/api/runs/" + run, a).status == 200);
    check_row(sorted(""), "W > t",
              want_of({{"passed", 100}, {"flaky", 300}, {"passed", 400}, {"skipped", 1}, {"failed", 500},
                       {"passed", 600}, {"passed", 700}}));
    check_row(sorted("&to=" + day_start(at(y[0])).substr(0, 10) + "T23:59:59.999Z"), "W > t",
              want_of({{"passed", 100}, {"flaky", 300}, {"passed", 400}, {"skipped", 1}}));
  }
  SUBCASE("deleting a run takes its results out") {
    auto run = s.get("/api/tests/" + y[0], a).str("runId");
    REQUIRE(s.del("/api/runs/" + run, a).status == 200);
    check_row(explore(s, a, p), "W > t",
              want_of({{"passed", 100}, {"failed", 200}, {"flaky", 300}, {"skipped", 1}, {"failed", 500},
                       {"passed", 600}, {"passed", 700}}));
    check_row(explore(s, a, p, "&from=" + day_start(at(y[1])) + "&to=" + day_start(at(y[1])).substr(0, 10) + "T23:59:59Z"),
              "W > t", want_of({{"skipped", 1}}));
  }
}

// ---------------------------------------------------------------- branch and search

TEST_CASE("branch keeps the results of runs on that branch") {
  TestServer s;
  auto t = make_tenant(s, "branch@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  Sent main = {{"passed", 100}, {"failed", 300}, {"passed", 200}};
  Sent feature = {{"failed", 5000}, {"failed", 6000}};
  send(s, a, p, "B > t", main, {{"branch", quote("main")}});
  send(s, a, p, "B > t", feature, {{"branch", quote("feature/x")}});
  send(s, a, p, "B > t", {{"passed", 1}});  // a run without a branch
  send(s, a, p, "B > only feature", {{"passed", 7}}, {{"branch", quote("feature/x")}});
  check_row(explore(s, a, p, "&branch=main"), "B > t", want_of(main));
  check_row(explore(s, a, p, "&branch=feature/x"), "B > t", want_of(feature));
  CHECK(row_of(explore(s, a, p, "&branch=main"), "B > only feature") == -1);
  CHECK(num(explore(s, a, p, "&branch=main"), "total") == 1);
  CHECK(num(explore(s, a, p, "&branch=nope"), "total") == 0);
  Sent every = main;
  every.insert(every.end(), feature.begin(), feature.end());
  every.emplace_back("passed", 1);
  check_row(explore(s, a, p), "B > t", want_of(every));
}

TEST_CASE("search: substring of fullTitle or filePath, case-insensitive beyond ASCII") {
  TestServer s;
  auto t = make_tenant(s, "search@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  run_of(s, a, p,
         {test_item("Zahlung > Überweisung prüfen", "passed", "tests/bank/transfer.spec.ts"),
          test_item("Login > shows the form", "passed", "tests/auth/login.spec.ts"),
          test_item("Profile > avatar", "failed", "tests/Profile/avatar.spec.ts")});
  auto found = [&](const std::string& q) {
    auto v = titles(explore(s, a, p, "&search=" + q));
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(found("%C3%BCBERWEISUNG") == std::vector<std::string>{"Zahlung > Überweisung prüfen"});  // "üBERWEISUNG"
  CHECK(found("login") == std::vector<std::string>{"Login > shows the form"});
  CHECK(found("bank%2Ftransfer") == std::vector<std::string>{"Zahlung > Überweisung prüfen"});  // file path
  CHECK(found("profile") == std::vector<std::string>{"Profile > avatar"});
  CHECK(found("AV") == std::vector<std::string>{"Profile > avatar"});  // below 3 characters: ASCII case only
  CHECK(found("nothing-like-this").empty());
  CHECK(num(explore(s, a, p, "&search=LOGIN"), "total") == 1);
  CHECK(is_validation(s.get("/api/test-cases?projectId=" + p + "&search=" + std::string(501, 'x'), a), "search"));
}

// ---------------------------------------------------------------- pages, validation, access

TEST_CASE("pages, validation errors naming the field, and who may read") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "pages@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  std::vector<std::string> items;
  for (int i = 0; i < 7; ++i) items.push_back(test_item("P > t" + std::to_string(i), "passed", kFile, 10 + i));
  run_of(s, a, p, items);
  const std::string base = "/api/test-cases?projectId=" + p + "&sort=fullTitle&order=asc";

  std::vector<std::string> paged;
  for (int off = 0; off < 7; off += 3) {
    auto r = s.get(base + "&limit=3&offset=" + std::to_string(off), a);
    REQUIRE(r.status == 200);
    CHECK(num(r, "total") == 7);
    CHECK(num(r, "limit") == 3);
    CHECK(num(r, "offset") == off);
    for (auto& x : titles(r)) paged.push_back(x);
  }
  CHECK(paged == titles(s.get(base, a)));
  CHECK(num(s.get(base, a), "limit") == 50);
  auto past = s.get(base + "&offset=7", a);
  CHECK(size_of_array(past, "data") == 0);
  CHECK(num(past, "total") == 7);
  check_limit_bounds(s, a, base);
  check_non_numeric_paging(s, a, base);

  for (const char* bad : {"sort=name", "sort=", "sort=FAILURERATE"})
    CHECK_MESSAGE(is_validation(s.get(base.substr(0, base.find("&sort")) + "&" + bad, a), "sort"), bad);
  for (const char* bad : {"order=up", "order=", "order=DESC"})
    CHECK_MESSAGE(is_validation(s.get("/api/test-cases?projectId=" + p + "&" + bad, a), "order"), bad);
  for (const char* field : {"from", "to"})
    for (const char* bad : {"yesterday", "2026-13-01T00:00:00Z", "2026-03-19", ""})
      CHECK_MESSAGE(is_validation(s.get("/api/test-cases?projectId=" + p + "&" + field + "=" + bad, a), field),
                    field << "=" << bad);
  CHECK(is_validation(s.get("/api/test-cases", a), "projectId"));

  SUBCASE("viewers read; another team sees 404; a key may omit projectId") {
    auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer@example.com", "viewer");
    CHECK(s.get(base, viewer.auth()).status == 200);
    auto stranger = make_tenant(s, "stranger@example.com", "Other team");
    CHECK(is_not_found(s.get(base, stranger.auth())));
    auto key = create_key(s, t.owner, p, "viewer");
    auto r = s.get("/api/test-cases?sort=fullTitle&order=asc", Auth::key(key));
    REQUIRE(r.status == 200);
    CHECK(titles(r) == titles(s.get(base, a)));
    CHECK(is_not_found(s.get("/api/test-cases?projectId=" + stranger.project(), Auth::key(key))));
    CHECK(s.get(base, Auth::none()).status == 401);
  }
}

// ---------------------------------------------------------------- a test's results

TEST_CASE("GET /api/test-cases/:testId/results pages every result of the logical test, newest first") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "history@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  Sent sent;
  for (int i = 0; i < 25; ++i) sent.emplace_back(i % 4 ? "passed" : "failed", 100 + i);
  auto ids = send(s, a, p, "H > t", sent);
  send(s, a, p, "H > other", {{"passed", 1}});
  std::vector<std::string> newest_first(ids.rbegin(), ids.rend());

  for (const auto& any : {ids.front(), ids[12], ids.back()}) {
    std::vector<std::string> got;
    for (int off = 0; off < 25; off += 10) {
      auto r = s.get("/api/test-cases/" + any + "/results?limit=10&offset=" + std::to_string(off), a);
      REQUIRE_MESSAGE(r.status == 200, r.body);
      CHECK(num(r, "total") == 25);
      CHECK(num(r, "limit") == 10);
      CHECK(num(r, "offset") == off);
      for (auto& id : column(r, "data")) got.push_back(id);
    }
    CHECK(got == newest_first);
  }
  // More than the history's 20, and rows shaped as GET /api/tests items.
  auto all = s.get("/api/test-cases/" + ids[0] + "/results?limit=200", a);
  CHECK(size_of_array(all, "data") == 25);
  auto run = s.get("/api/tests/" + ids.back(), a).str("runId");
  auto listed = s.get("/api/tests?projectId=" + p + "&runId=" + run, a);
  CHECK(json_at(all, "data.0") == json_at(listed, "data.0"));
  CHECK(num(s.get("/api/test-cases/" + ids[0] + "/results", a), "limit") == 50);
  check_limit_bounds(s, a, "/api/test-cases/" + ids[0] + "/results?x=1");
  check_non_numeric_paging(s, a, "/api/test-cases/" + ids[0] + "/results?x=1");

  CHECK(is_not_found(s.get("/api/test-cases/test_doesnotexist0000000/results", a)));
  auto stranger = make_tenant(s, "stranger2@example.com", "Other team");
  CHECK(is_not_found(s.get("/api/test-cases/" + ids[0] + "/results", stranger.auth())));
  auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer2@example.com", "viewer");
  CHECK(s.get("/api/test-cases/" + ids[0] + "/results", viewer.auth()).status == 200);
}

// ---------------------------------------------------------------- trend

TEST_CASE("GET /api/test-cases/:testId/trend: one row per UTC day with results, oldest first") {
  Clock clock;
  Session owner;
  Workspace ws;
  std::vector<std::string> old_ids, two_ids, today_ids;
  Sent old = {{"passed", 10}}, two = {{"passed", 100}, {"failed", 300}, {"skipped", 1}, {"flaky", 200}},
       today = {{"passed", 40}, {"passed", 60}};
  {
    auto& s = clock.days_ago(40);
    owner = register_user(s, "trend@example.com");
    ws = create_workspace(s, owner);
    old_ids = send(s, owner.auth(), ws.project_id, "T > t", old);
  }
  {
    auto& s = clock.days_ago(2);
    owner = login(s, "trend@example.com");  // the first session has expired by then
    two_ids = send(s, owner.auth(), ws.project_id, "T > t", two);
  }
  auto& s = clock.days_ago(0);
  today_ids = send(s, owner.auth(), ws.project_id, "T > t", today);
  auto a = owner.auth();
  auto check_day = [&](const Result& r, int i, const std::string& date, const Sent& sent) {
    std::string at = "data." + std::to_string(i) + ".";
    CAPTURE(date);
    CHECK(r.str(at + "date") == date);
    check_counts(r, at, want_of(sent));
  };
  auto date_of = [&](const std::string& id) { return created_at(s, a, id).substr(0, 10); };

  auto r = s.get("/api/test-cases/" + today_ids[0] + "/trend", a);  // 30 days by default
  REQUIRE_MESSAGE(r.status == 200, r.body);
  REQUIRE(size_of_array(r, "data") == 2);
  check_day(r, 0, date_of(two_ids[0]), two);
  check_day(r, 1, date_of(today_ids[0]), today);

  auto longer = s.get("/api/test-cases/" + two_ids[1] + "/trend?days=41", a);
  REQUIRE(size_of_array(longer, "data") == 3);
  check_day(longer, 0, date_of(old_ids[0]), old);
  CHECK(size_of_array(s.get("/api/test-cases/" + old_ids[0] + "/trend?days=1", a), "data") == 1);
  CHECK(size_of_array(s.get("/api/test-cases/" + old_ids[0] + "/trend?days=365", a), "data") == 3);
  for (const char* bad : {"0", "366", "abc", "-1", "1.5", ""})
    CHECK_MESSAGE(is_validation(s.get("/api/test-cases/" + old_ids[0] + "/trend?days=" + bad, a), "days"), bad);
  CHECK(is_not_found(s.get("/api/test-cases/test_doesnotexist0000000/trend", a)));
  auto stranger = make_tenant(s, "stranger3@example.com", "Other team");
  CHECK(is_not_found(s.get("/api/test-cases/" + old_ids[0] + "/trend", stranger.auth())));
}
