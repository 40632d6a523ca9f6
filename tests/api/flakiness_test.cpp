// Flakiness and quarantine over real HTTP (docs/openapi.yaml "Flakiness"; contract §6, §9).
//
// Scores are compared to values worked out by hand from the contract's formula:
//   score = Σ wᵢ·eᵢ / Σ wᵢ over the last 100 results, newest i = 0, wᵢ = 0.5^(i/10)
// With r = 0.5^0.1 = 0.933033 and Sₙ = Σ_{i<n} rⁱ:
//   S₂ = 1.933033  S₃ = 2.803584  S₅ = 4.373694  S₆ = 5.080801  S₁₀ = 7.466363  S₃₁ = 13.191135
// Sequences are written oldest first: p passed, f failed, F status "flaky",
// i passed with isFlaky:true, s skipped.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/results.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::results;

namespace {

const std::string kFile = "tests/flaky/checkout.spec.ts";

std::string status_of(char c) {
  switch (c) {
    case 'p':
    case 'i':
      return "passed";
    case 'f':
      return "failed";
    case 'F':
      return "flaky";
    default:
      return "skipped";
  }
}

std::string item(const std::string& full_title, char c) {
  Fields extra;
  if (c == 'i') extra.emplace_back("isFlaky", "true");
  return test_item(full_title, status_of(c), kFile, 100, extra);
}

// One run holding the sequence (oldest first) of results of one logical test; the
// created result ids in order.
std::vector<std::string> ingest(TestServer& s, const Auth& a, const std::string& project, const std::string& title,
                                const std::string& seq, const Fields& run_fields = {}) {
  std::string run = make_run(s, a, project, "running", run_fields);
  std::vector<std::string> items;
  for (char c : seq) items.push_back(item(title, c));
  auto r = post_batch(s, a, run, project, items);
  REQUIRE_MESSAGE(r.status == 201, "batch: " << r.status << " " << r.body);
  auto ids = column(r, "data");
  REQUIRE(ids.size() == seq.size());
  return ids;
}

// One result in a new run on commit `sha`; returns {run id, result id}.
std::pair<std::string, std::string> on_commit(TestServer& s, const Auth& a, const std::string& project,
                                              const std::string& title, char c, const std::string& sha) {
  Fields f;
  if (!sha.empty()) f.emplace_back("commitSha", quote(sha));
  std::string run = make_run(s, a, project, "running", f);
  return {run, make_test(s, a, run, project, item(title, c))};
}

std::string new_project(TestServer& s, const Tenant& t, const std::string& name) {
  auto p = s.post("/api/projects", obj({{"name", quote(name)}, {"teamId", quote(t.ws.team_id)}}), t.auth());
  REQUIRE_MESSAGE(p.status == 201, p.body);
  return p.str("id");
}

// One entry of GET /api/flakiness, found by fullTitle.
struct Row {
  bool found = false;
  double score = -1;
  int64_t total_runs = -1, flaky_runs = -1;
  std::string test_id, test_title, full_title, file_path, last_flaky_at, quarantined_at;
  bool last_flaky_null = false, quarantined_at_null = false, quarantined = false;
};

Row row_from(const rapidjson::Value& v) {
  Row row;
  row.found = true;
  auto s = [&](const char* k) { return v.HasMember(k) && v[k].IsString() ? std::string(v[k].GetString()) : ""; };
  auto isnull = [&](const char* k) { return v.HasMember(k) && v[k].IsNull(); };
  row.test_id = s("testId");
  row.test_title = s("testTitle");
  row.full_title = s("fullTitle");
  row.file_path = s("filePath");
  row.last_flaky_at = s("lastFlakyAt");
  row.quarantined_at = s("quarantinedAt");
  row.last_flaky_null = isnull("lastFlakyAt");
  row.quarantined_at_null = isnull("quarantinedAt");
  if (v.HasMember("flakinessScore") && v["flakinessScore"].IsNumber()) row.score = v["flakinessScore"].GetDouble();
  if (v.HasMember("totalRuns") && v["totalRuns"].IsInt64()) row.total_runs = v["totalRuns"].GetInt64();
  if (v.HasMember("flakyRuns") && v["flakyRuns"].IsInt64()) row.flaky_runs = v["flakyRuns"].GetInt64();
  row.quarantined = v.HasMember("isQuarantined") && v["isQuarantined"].IsBool() && v["isQuarantined"].GetBool();
  return row;
}

Result list(TestServer& s, const Auth& a, const std::string& project, const std::string& query = "") {
  auto r = s.get("/api/flakiness?projectId=" + project + "&limit=200" + query, a);
  REQUIRE_MESSAGE(r.status == 200, r.status << " " << r.body);
  return r;
}

Row row_of(TestServer& s, const Auth& a, const std::string& project, const std::string& full_title) {
  auto r = list(s, a, project);
  for (const auto& v : r.json["data"].GetArray())
    if (v.HasMember("fullTitle") && v["fullTitle"].IsString() && full_title == v["fullTitle"].GetString())
      return row_from(v);
  return {};
}

std::vector<std::string> titles(const Result& r) { return column(r, "data", "fullTitle"); }

std::vector<double> scores(const Result& r) {
  std::vector<double> out;
  const auto* v = r.at("data");
  if (!v || !v->IsArray()) return out;
  for (const auto& e : v->GetArray()) out.push_back(e["flakinessScore"].GetDouble());
  return out;
}

Result quarantine(TestServer& s, const Auth& a, const std::string& project, const std::string& test_id, bool on) {
  return s.post("/api/flakiness",
                obj({{"testId", quote(test_id)}, {"projectId", quote(project)}, {"isQuarantined", on ? "true" : "false"}}),
                a);
}

std::string created_at(TestServer& s, const Auth& a, const std::string& result_id) {
  auto r = s.get("/api/tests/" + result_id, a);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.str("createdAt");
}

void wait_next_second() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

}  // namespace

// ---------------------------------------------------------------- the formula

TEST_CASE("scores of result sequences follow the contract's formula") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  const auto& p = t.project();
  auto a = t.auth();

  ingest(s, a, p, "all pass", "pppppppppp");
  ingest(s, a, p, "all flaky", "FFFFF");
  ingest(s, a, p, "alternating", "pFpFpFpFpF");            // newest (i = 0) flaky
  ingest(s, a, p, "recent", std::string(30, 'p') + "F");   // evidence at i = 0 of 31
  ingest(s, a, p, "old", "F" + std::string(30, 'p'));      // evidence at i = 30 of 31
  ingest(s, a, p, "isFlaky", "i");
  ingest(s, a, p, "edge 99", "F" + std::string(99, 'p'));  // evidence at i = 99 of 100
  ingest(s, a, p, "edge 100", "F" + std::string(100, 'p')); // evidence at i = 100: out of the window
  ingest(s, a, p, "failing", "ffff");                       // failures alone are not evidence
  ingest(s, a, p, "skipped", "sFs");                        // skipped results still take places

  SUBCASE("all passing: 0, no flaky runs, no lastFlakyAt") {
    auto r = row_of(s, a, p, "all pass");
    REQUIRE(r.found);
    CHECK(r.score == 0.0);  // Σ wᵢ·0 / Σ wᵢ
    CHECK(r.total_runs == 10);
    CHECK(r.flaky_runs == 0);
    CHECK(r.last_flaky_null);
    CHECK_FALSE(r.quarantined);
    CHECK(r.quarantined_at_null);
    CHECK(r.test_title == "all pass");
    CHECK(r.file_path == kFile);
    CHECK(is_id(r.test_id, "test_"));
  }
  SUBCASE("all flaky: 1") {
    auto r = row_of(s, a, p, "all flaky");
    CHECK(r.score == 1.0);  // Σ wᵢ / Σ wᵢ
    CHECK(r.total_runs == 5);
    CHECK(r.flaky_runs == 5);
    CHECK(is_time(r.last_flaky_at));
  }
  SUBCASE("alternating, newest flaky: 1/(1+r) = 1/1.933033 = 0.5173 → 0.52") {
    // Σ_{even i<10} rⁱ / S₁₀ = ((1−r¹⁰)/(1−r²)) / ((1−r¹⁰)/(1−r)) = 1/(1+r)
    auto r = row_of(s, a, p, "alternating");
    CHECK(r.score == 0.52);
    CHECK(r.total_runs == 10);
    CHECK(r.flaky_runs == 5);
  }
  SUBCASE("recent evidence weighs more than old evidence") {
    auto recent = row_of(s, a, p, "recent"), old = row_of(s, a, p, "old");
    CHECK(recent.score == 0.08);  // w₀/S₃₁  = 1/13.191135     = 0.0758 → 0.08
    CHECK(old.score == 0.01);     // w₃₀/S₃₁ = 0.125/13.191135 = 0.0095 → 0.01
    CHECK(recent.total_runs == 31);
    CHECK(old.total_runs == 31);
    CHECK(recent.flaky_runs == 1);
    CHECK(old.flaky_runs == 1);
  }
  SUBCASE("isFlaky:true with status passed is evidence") {
    auto r = row_of(s, a, p, "isFlaky");
    CHECK(r.score == 1.0);  // w₀/S₁
    CHECK(r.total_runs == 1);
    CHECK(r.flaky_runs == 1);
  }
  SUBCASE("the window is the last 100 results") {
    auto e99 = row_of(s, a, p, "edge 99"), e100 = row_of(s, a, p, "edge 100");
    // w₉₉/S₁₀₀ = 0.0010468/14.918143 = 0.00007 → 0.00, yet the evidence is counted.
    CHECK(e99.score == 0.0);
    CHECK(e99.total_runs == 100);
    CHECK(e99.flaky_runs == 1);
    // 101 results: the flaky one is the 101st newest and has left the window.
    CHECK(e100.score == 0.0);
    CHECK(e100.total_runs == 100);
    CHECK(e100.flaky_runs == 0);
  }
  SUBCASE("failures alone are not evidence; skipped results take window places") {
    auto f = row_of(s, a, p, "failing");
    CHECK(f.score == 0.0);
    CHECK(f.flaky_runs == 0);
    CHECK(f.total_runs == 4);
    auto sk = row_of(s, a, p, "skipped");
    // s F s (oldest first): the flaky result sits at i = 1 of 3.
    CHECK(sk.score == 0.33);  // w₁/S₃ = 0.933033/2.803584 = 0.3328 → 0.33
    CHECK(sk.total_runs == 3);
    CHECK(sk.flaky_runs == 1);
  }
  SUBCASE("summary and sort order") {
    auto r = list(s, a, p);
    CHECK(num(r, "total") == 10);
    // flaky tests: all flaky, alternating, recent, old, isFlaky, skipped, edge 99 (flakyRuns 1,
    // score 0.00); not: all pass, failing, edge 100.
    CHECK(num(r, "summary.totalFlakyTests") == 7);
    CHECK(num(r, "summary.quarantinedTests") == 0);
    auto sc = scores(r);
    REQUIRE(sc.size() == 10);
    for (size_t i = 1; i < sc.size(); ++i) CHECK(sc[i - 1] >= sc[i]);
    auto order = titles(r);
    // 1, 1 | 0.52 | 0.33 | 0.08 | 0.01 | 0 ×4
    CHECK(order[2] == "alternating");
    CHECK(order[4] == "recent");
    CHECK(order[5] == "old");
  }
}

// ---------------------------------------------------------------- same-commit flips

TEST_CASE("a pass and a fail of the same test on one commitSha are both evidence") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  const auto& p = t.project();
  auto a = t.auth();

  SUBCASE("two runs on the same commit, one passed and one failed") {
    on_commit(s, a, p, "flip", 'p', "abc123");
    on_commit(s, a, p, "flip", 'f', "abc123");
    auto r = row_of(s, a, p, "flip");
    CHECK(r.total_runs == 2);
    CHECK(r.flaky_runs == 2);  // the pass is marked too, not only the fail that completed the flip
    CHECK(r.score == 1.0);     // (w₀ + w₁)/S₂
    CHECK(is_time(r.last_flaky_at));

    // A third result on the same commit meets the other outcome too.
    on_commit(s, a, p, "flip", 'p', "abc123");
    r = row_of(s, a, p, "flip");
    CHECK(r.total_runs == 3);
    CHECK(r.flaky_runs == 3);
    CHECK(r.score == 1.0);
  }
  SUBCASE("the earlier result is marked at its own place in the window") {
    // p(c1) p(c2) f(c1), newest first: e₀ = 1 (the fail), e₁ = 0, e₂ = 1 (the first pass)
    //   (w₀ + w₂)/S₃ = (1 + 0.870551)/2.803584 = 0.6672 → 0.67
    on_commit(s, a, p, "marked", 'p', "c1");
    on_commit(s, a, p, "marked", 'p', "c2");
    on_commit(s, a, p, "marked", 'f', "c1");
    auto r = row_of(s, a, p, "marked");
    CHECK(r.total_runs == 3);
    CHECK(r.flaky_runs == 2);
    CHECK(r.score == 0.67);
  }
  SUBCASE("no flip: the same outcome twice, different commits, or no commit") {
    on_commit(s, a, p, "same outcome", 'p', "c1");
    on_commit(s, a, p, "same outcome", 'p', "c1");
    on_commit(s, a, p, "other commits", 'p', "c1");
    on_commit(s, a, p, "other commits", 'f', "c2");
    on_commit(s, a, p, "no commit", 'p', "");
    on_commit(s, a, p, "no commit", 'f', "");
    for (const char* title : {"same outcome", "other commits", "no commit"}) {
      auto r = row_of(s, a, p, title);
      CAPTURE(title);
      CHECK(r.total_runs == 2);
      CHECK(r.flaky_runs == 0);
      CHECK(r.score == 0.0);
      CHECK(r.last_flaky_null);
    }
    CHECK(num(list(s, a, p), "summary.totalFlakyTests") == 0);
  }
  SUBCASE("the same commit in another project is another logical test") {
    auto other = new_project(s, t, "Other");
    on_commit(s, a, p, "split", 'p', "c1");
    on_commit(s, a, other, "split", 'f', "c1");
    CHECK(row_of(s, a, p, "split").flaky_runs == 0);
    CHECK(row_of(s, a, other, "split").flaky_runs == 0);
  }
}

// ---------------------------------------------------------------- lastFlakyAt

TEST_CASE("lastFlakyAt is the time of the newest flaky result") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  auto first = ingest(s, a, p, "t", "F");
  wait_next_second();
  auto later = ingest(s, a, p, "t", "pp");
  auto r = row_of(s, a, p, "t");
  CHECK(r.last_flaky_at == created_at(s, a, first[0]));
  CHECK(r.last_flaky_at != created_at(s, a, later[0]));  // passes do not move it
  wait_next_second();
  auto newest = ingest(s, a, p, "t", "F");
  r = row_of(s, a, p, "t");
  CHECK(r.last_flaky_at == created_at(s, a, newest[0]));
  CHECK(r.last_flaky_at > created_at(s, a, first[0]));
}

// ---------------------------------------------------------------- list: filters, pages, summary

TEST_CASE("the list: sort, minScore and quarantined filters, pagination, summary") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  ingest(s, a, p, "A", "FFF");                        // 1.00
  ingest(s, a, p, "B", "pFpFpFpFpF");                 // 1/(1+r) = 0.52
  ingest(s, a, p, "C", std::string(30, 'p') + "F");   // 1/S₃₁ = 0.08
  ingest(s, a, p, "D", "F" + std::string(30, 'p'));   // 0.125/S₃₁ = 0.01
  ingest(s, a, p, "E", "ppp");                        // 0
  ingest(s, a, p, "G", "pp");                         // 0
  const std::string base = "/api/flakiness?projectId=" + p;

  SUBCASE("every test with results, score descending") {
    auto r = s.get(base, a);
    REQUIRE(r.status == 200);
    CHECK(num(r, "total") == 6);
    CHECK(num(r, "limit") == 50);
    CHECK(num(r, "offset") == 0);
    auto order = titles(r);
    REQUIRE(order.size() == 6);
    CHECK(order[0] == "A");
    CHECK(order[1] == "B");
    CHECK(order[2] == "C");
    CHECK(order[3] == "D");
    CHECK(scores(r) == std::vector<double>{1.0, 0.52, 0.08, 0.01, 0.0, 0.0});
    // every field of the entry is present
    for (const char* k : {"testId", "testTitle", "fullTitle", "filePath", "flakinessScore", "totalRuns", "flakyRuns",
                          "lastFlakyAt", "isQuarantined", "quarantinedAt"})
      CHECK_MESSAGE(r.json["data"][0].HasMember(k), k);
  }
  SUBCASE("summary: flaky tests, quarantined tests, mean score of the flaky tests") {
    auto r = s.get(base, a);
    CHECK(num(r, "summary.totalFlakyTests") == 4);  // A B C D; E and G have no evidence
    CHECK(num(r, "summary.quarantinedTests") == 0);
    // (1 + 0.52 + 0.08 + 0.01)/4 = 1.61/4 = 0.4025 → 0.40 (unrounded scores: 1.6026/4 = 0.4007 → 0.40)
    CHECK(real(r, "summary.averageFlakinessScore") == 0.4);
    // A project without results: all zero.
    auto empty = new_project(s, t, "Empty");
    auto e = s.get("/api/flakiness?projectId=" + empty, a);
    REQUIRE(e.status == 200);
    CHECK(num(e, "total") == 0);
    CHECK(size_of_array(e, "data") == 0);
    CHECK(num(e, "summary.totalFlakyTests") == 0);
    CHECK(num(e, "summary.quarantinedTests") == 0);
    CHECK(real(e, "summary.averageFlakinessScore") == 0.0);
  }
  SUBCASE("minScore keeps scores >= minScore (inclusive)") {
    auto at = [&](const std::string& m) { return titles(list(s, a, p, "&minScore=" + m)); };
    CHECK(at("0.52") == std::vector<std::string>{"A", "B"});
    CHECK(at("0.53") == std::vector<std::string>{"A"});
    CHECK(at("1") == std::vector<std::string>{"A"});
    CHECK(at("0.08") == std::vector<std::string>{"A", "B", "C"});
    CHECK(at("0.01") == std::vector<std::string>{"A", "B", "C", "D"});
    CHECK(at("0").size() == 6);
    auto r = list(s, a, p, "&minScore=0.52");
    CHECK(num(r, "total") == 2);
    // The summary describes the project, not the page (the reference's example lists 2
    // tests beside totalFlakyTests 8).
    CHECK(num(r, "summary.totalFlakyTests") == 4);
  }
  SUBCASE("a bad minScore or quarantined is 400") {
    for (const char* bad : {"abc", "", "0.5x", "1.5", "-0.1", "nan", "inf"}) {
      auto r = s.get(base + "&minScore=" + bad, a);
      CHECK_MESSAGE(is_validation(r, "minScore"), "minScore=" << bad << ": " << r.status << " " << r.body);
    }
    for (const char* bad : {"yes", "1", "TRUE", ""}) {
      auto r = s.get(base + "&quarantined=" + bad, a);
      CHECK_MESSAGE(is_validation(r, "quarantined"), "quarantined=" << bad << ": " << r.status << " " << r.body);
    }
    CHECK(is_validation(s.get("/api/flakiness", a), "projectId"));
  }
  SUBCASE("quarantined=true/false") {
    auto row = row_of(s, a, p, "C");
    REQUIRE(quarantine(s, a, p, row.test_id, true).status == 200);
    auto q = list(s, a, p, "&quarantined=true");
    CHECK(titles(q) == std::vector<std::string>{"C"});
    CHECK(num(q, "total") == 1);
    auto nq = list(s, a, p, "&quarantined=false");
    CHECK(titles(nq) == std::vector<std::string>{"A", "B", "D", "E", "G"});
    CHECK(num(nq, "total") == 5);
    CHECK(num(nq, "summary.quarantinedTests") == 1);
    // combined with minScore
    CHECK(titles(list(s, a, p, "&quarantined=false&minScore=0.5")) == std::vector<std::string>{"A", "B"});
    CHECK(titles(list(s, a, p, "&quarantined=true&minScore=0.5")).empty());
  }
  SUBCASE("pagination") {
    std::vector<std::string> all;
    for (int off = 0; off < 6; off += 4) {
      auto r = s.get(base + "&limit=4&offset=" + std::to_string(off), a);
      REQUIRE(r.status == 200);
      CHECK(num(r, "total") == 6);
      CHECK(num(r, "limit") == 4);
      CHECK(num(r, "offset") == off);
      for (auto& x : titles(r)) all.push_back(x);
    }
    CHECK(all == titles(list(s, a, p)));
    auto past = s.get(base + "&offset=6", a);
    CHECK(num(past, "total") == 6);
    CHECK(size_of_array(past, "data") == 0);
    auto one = s.get(base + "&limit=1&offset=1&minScore=0.01", a);
    CHECK(titles(one) == std::vector<std::string>{"B"});
    CHECK(num(one, "total") == 4);
    check_limit_bounds(s, a, base);
    check_non_numeric_paging(s, a, base);
  }
}

// ---------------------------------------------------------------- manual quarantine

TEST_CASE("manual quarantine by any result id of the logical test") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  auto oldest = on_commit(s, a, p, "Checkout > pays", 'p', "").second;
  auto middle = on_commit(s, a, p, "Checkout > pays", 'F', "").second;
  auto newest = on_commit(s, a, p, "Checkout > pays", 'p', "").second;
  on_commit(s, a, p, "Checkout > other", 'p', "");

  // Quarantine with the oldest result's id.
  auto r = quarantine(s, a, p, oldest, true);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("testId") == oldest);
  CHECK(r.at("isQuarantined")->GetBool());
  CHECK(is_time(r.str("updatedAt")));

  auto row = row_of(s, a, p, "Checkout > pays");
  CHECK(row.quarantined);
  CHECK(is_time(row.quarantined_at));
  CHECK_FALSE(row_of(s, a, p, "Checkout > other").quarantined);
  CHECK(num(list(s, a, p), "summary.quarantinedTests") == 1);

  // GET /api/quarantine lists it for reporters.
  auto q = s.get("/api/quarantine?projectId=" + p, a);
  REQUIRE(q.status == 200);
  REQUIRE(size_of_array(q, "data") == 1);
  CHECK(q.str("data.0.filePath") == kFile);
  CHECK(q.str("data.0.fullTitle") == "Checkout > pays");
  CHECK(q.str("data.0.title") == "pays");
  CHECK(q.str("data.0.since") == row.quarantined_at);
  std::string listed = q.str("data.0.testId");
  CHECK((listed == oldest || listed == middle || listed == newest));

  // Quarantining again keeps the original since.
  wait_next_second();
  REQUIRE(quarantine(s, a, p, newest, true).status == 200);
  CHECK(row_of(s, a, p, "Checkout > pays").quarantined_at == row.quarantined_at);

  // A manual quarantine holds while more results arrive (auto-quarantine is off).
  on_commit(s, a, p, "Checkout > pays", 'p', "");
  CHECK(row_of(s, a, p, "Checkout > pays").quarantined);

  // Unquarantine with the middle one.
  auto u = quarantine(s, a, p, middle, false);
  REQUIRE(u.status == 200);
  CHECK_FALSE(u.at("isQuarantined")->GetBool());
  row = row_of(s, a, p, "Checkout > pays");
  CHECK_FALSE(row.quarantined);
  CHECK(row.quarantined_at_null);
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 0);
  CHECK(num(list(s, a, p), "summary.quarantinedTests") == 0);

  SUBCASE("validation and unknown tests") {
    CHECK(is_validation(s.post("/api/flakiness", obj({{"projectId", quote(p)}, {"isQuarantined", "true"}}), a), "testId"));
    CHECK(is_validation(s.post("/api/flakiness", obj({{"testId", quote(oldest)}, {"projectId", quote(p)}}), a),
                        "isQuarantined"));
    CHECK(is_validation(
        s.post("/api/flakiness", obj({{"testId", quote(oldest)}, {"projectId", quote(p)}, {"isQuarantined", "\"yes\""}}), a),
        "isQuarantined"));
    CHECK(is_validation(s.post("/api/flakiness", obj({{"testId", quote(oldest)}, {"isQuarantined", "true"}}), a),
                        "projectId"));
    CHECK(is_not_found(quarantine(s, a, p, "test_doesnotexist000000", true)));
    // A result of another project of the same team does not name a test of this one.
    auto other = new_project(s, t, "Other");
    auto elsewhere = on_commit(s, a, other, "Checkout > pays", 'p', "").second;
    CHECK(is_not_found(quarantine(s, a, p, elsewhere, true)));
    CHECK(is_not_found(quarantine(s, a, other, oldest, true)));
    CHECK(s.get("/api/quarantine", a).status == 400);
  }
  SUBCASE("roles: a viewer reads but cannot quarantine, a member can") {
    auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer@example.com", "viewer");
    auto member = add_member(s, t.owner, t.ws.team_id, "member@example.com", "member");
    CHECK(is_forbidden(quarantine(s, viewer.auth(), p, oldest, true)));
    CHECK_FALSE(row_of(s, a, p, "Checkout > pays").quarantined);
    CHECK(s.get("/api/flakiness?projectId=" + p, viewer.auth()).status == 200);
    CHECK(s.get("/api/quarantine?projectId=" + p, viewer.auth()).status == 200);
    auto m = quarantine(s, member.auth(), p, newest, true);
    CHECK_MESSAGE(m.status == 200, m.body);
    CHECK(row_of(s, a, p, "Checkout > pays").quarantined);
    // API keys: a viewer key is refused; a member key may omit projectId.
    auto vkey = create_key(s, t.owner, p, "viewer");
    auto mkey = create_key(s, t.owner, p, "member");
    CHECK(is_forbidden(quarantine(s, Auth::key(vkey), p, oldest, false)));
    auto k = s.post("/api/flakiness", obj({{"testId", quote(oldest)}, {"isQuarantined", "false"}}), Auth::key(mkey));
    CHECK_MESSAGE(k.status == 200, k.body);
    CHECK_FALSE(row_of(s, a, p, "Checkout > pays").quarantined);
    auto kq = s.get("/api/quarantine", Auth::key(vkey));  // projectId defaults to the key's project
    CHECK(kq.status == 200);
  }
  SUBCASE("another team's test is not found") {
    auto other = make_tenant(s, "stranger@example.com", "Stranger Team", "Stranger Project");
    CHECK(is_not_found(quarantine(s, other.auth(), p, oldest, true)));
    CHECK(is_not_found(quarantine(s, other.auth(), other.project(), oldest, true)));
    CHECK(is_not_found(s.get("/api/flakiness?projectId=" + p, other.auth())));
    CHECK(is_not_found(s.get("/api/quarantine?projectId=" + p, other.auth())));
    CHECK_FALSE(row_of(s, a, p, "Checkout > pays").quarantined);
  }
}

// ---------------------------------------------------------------- auto-quarantine

TEST_CASE("auto-quarantine at the project's threshold; a manual unquarantine holds until new evidence") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  const auto& p = t.project();
  auto a = t.auth();

  // Off by default (contract §9).
  auto settings = s.get("/api/projects/" + p + "/settings", a);
  REQUIRE(settings.status == 200);
  CHECK_FALSE(settings.at("autoQuarantineEnabled")->GetBool());
  CHECK(real(settings, "flakinessThreshold") == 0.3);
  ingest(s, a, p, "before", "FFF");
  CHECK_FALSE(row_of(s, a, p, "before").quarantined);

  auto patch = s.patch("/api/projects/" + p + "/settings",
                       obj({{"autoQuarantineEnabled", "true"}, {"flakinessThreshold", "0.3"}}), a);
  REQUIRE_MESSAGE(patch.status == 200, patch.body);

  // Turning it on does not touch tests until their results are ingested.
  CHECK_FALSE(row_of(s, a, p, "before").quarantined);

  ingest(s, a, p, "X", "FFF");  // 1.00 >= 0.3
  auto x = row_of(s, a, p, "X");
  CHECK(x.quarantined);
  CHECK(is_time(x.quarantined_at));
  auto q = s.get("/api/quarantine?projectId=" + p, a);
  CHECK(column(q, "data", "fullTitle") == std::vector<std::string>{"X"});
  CHECK(q.str("data.0.since") == x.quarantined_at);

  ingest(s, a, p, "low", std::string(30, 'p') + "F");  // 1/S₃₁ = 0.08 < 0.3
  CHECK_FALSE(row_of(s, a, p, "low").quarantined);
  ingest(s, a, p, "calm", "ppp");
  CHECK_FALSE(row_of(s, a, p, "calm").quarantined);

  SUBCASE("after a manual unquarantine, passes do not re-quarantine; new evidence does") {
    REQUIRE(quarantine(s, a, p, x.test_id, false).status == 200);
    CHECK_FALSE(row_of(s, a, p, "X").quarantined);
    // F F F p p, newest first: e₂ = e₃ = e₄ = 1 → (r² + r³ + r⁴)/S₅
    //   = (0.870551 + 0.812252 + 0.757858)/4.373694 = 0.5580 → 0.56 >= 0.3, but the hold stands.
    ingest(s, a, p, "X", "pp");
    x = row_of(s, a, p, "X");
    CHECK(x.score == 0.56);
    CHECK_FALSE(x.quarantined);
    CHECK(x.quarantined_at_null);
    // A new flaky result: F p p F F F newest first → (1 + r³ + r⁴ + r⁵)/S₆
    //   = (1 + 0.812252 + 0.757858 + 0.707107)/5.080801 = 0.6450 → 0.65
    wait_next_second();
    ingest(s, a, p, "X", "F");
    x = row_of(s, a, p, "X");
    CHECK(x.score == 0.65);
    CHECK(x.quarantined);
    CHECK(is_time(x.quarantined_at));
  }
  SUBCASE("a same-commit flip is new evidence too") {
    REQUIRE(quarantine(s, a, p, x.test_id, false).status == 200);
    on_commit(s, a, p, "X", 'p', "deadbeef");
    CHECK_FALSE(row_of(s, a, p, "X").quarantined);
    on_commit(s, a, p, "X", 'f', "deadbeef");
    CHECK(row_of(s, a, p, "X").quarantined);
  }
  SUBCASE("the threshold is inclusive and per project") {
    auto other = new_project(s, t, "Strict");
    REQUIRE(s.patch("/api/projects/" + other + "/settings",
                    obj({{"autoQuarantineEnabled", "true"}, {"flakinessThreshold", "0.52"}}), a)
                .status == 200);
    ingest(s, a, other, "at", "pF");    // w₀/S₂ = 1/1.933033 = 0.5173 → 0.52 = threshold
    ingest(s, a, other, "below", "ppF");  // w₀/S₃ = 1/2.803584 = 0.3567 → 0.36 < 0.52
    CHECK(row_of(s, a, other, "at").score == 0.52);
    CHECK(row_of(s, a, other, "at").quarantined);
    CHECK(row_of(s, a, other, "below").score == 0.36);
    CHECK_FALSE(row_of(s, a, other, "below").quarantined);
    // The first project's 0.3 does not apply here, and "below" (0.36) would reach it there.
    ingest(s, a, p, "below", "ppF");
    CHECK(row_of(s, a, p, "below").quarantined);
  }
  SUBCASE("turned off again, new flaky tests stay unquarantined; quarantined ones stay") {
    REQUIRE(s.patch("/api/projects/" + p + "/settings", obj({{"autoQuarantineEnabled", "false"}}), a).status == 200);
    ingest(s, a, p, "after", "FFF");
    CHECK_FALSE(row_of(s, a, p, "after").quarantined);
    CHECK(row_of(s, a, p, "X").quarantined);
  }
}

// ---------------------------------------------------------------- deletion

TEST_CASE("deleting a run recomputes the scores of its tests") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  const auto& p = t.project();
  auto a = t.auth();

  SUBCASE("deleting the run holding the flaky results: back to 0") {
    ingest(s, a, p, "T", "ppp");
    std::string flaky_run = make_run(s, a, p);
    REQUIRE(post_batch(s, a, flaky_run, p, {item("T", 'F'), item("T", 'F')}).status == 201);
    // F F p p p newest first: (1 + r)/S₅ = 1.933033/4.373694 = 0.4420 → 0.44
    auto before = row_of(s, a, p, "T");
    CHECK(before.score == 0.44);
    CHECK(before.flaky_runs == 2);
    CHECK(before.total_runs == 5);
    CHECK(num(list(s, a, p), "summary.totalFlakyTests") == 1);

    auto d = s.del("/api/runs/" + flaky_run, a);
    REQUIRE_MESSAGE(d.status / 100 == 2, d.body);
    auto after = row_of(s, a, p, "T");
    REQUIRE(after.found);
    CHECK(after.score == 0.0);
    CHECK(after.flaky_runs == 0);
    CHECK(after.total_runs == 3);
    CHECK(after.last_flaky_null);
    CHECK(num(list(s, a, p), "summary.totalFlakyTests") == 0);
    CHECK(real(list(s, a, p), "summary.averageFlakinessScore") == 0.0);
  }
  SUBCASE("deleting the passing run: the flaky results move up the window") {
    std::string pass_run = make_run(s, a, p);
    REQUIRE(post_batch(s, a, pass_run, p, {item("T", 'p'), item("T", 'p'), item("T", 'p')}).status == 201);
    ingest(s, a, p, "T", "FF");
    REQUIRE(s.del("/api/runs/" + pass_run, a).status / 100 == 2);
    auto after = row_of(s, a, p, "T");
    CHECK(after.score == 1.0);  // (w₀ + w₁)/S₂
    CHECK(after.flaky_runs == 2);
    CHECK(after.total_runs == 2);
  }
  SUBCASE("deleting all of a test's results removes it from the list") {
    std::string only = make_run(s, a, p);
    REQUIRE(post_batch(s, a, only, p, {item("gone", 'F')}).status == 201);
    ingest(s, a, p, "stays", "p");
    REQUIRE(s.del("/api/runs/" + only, a).status / 100 == 2);
    CHECK_FALSE(row_of(s, a, p, "gone").found);
    CHECK(num(list(s, a, p), "total") == 1);
  }
  SUBCASE("deleting one side of a same-commit flip: the other result is no longer evidence") {
    on_commit(s, a, p, "flip", 'p', "c1");
    auto fail_run = on_commit(s, a, p, "flip", 'f', "c1").first;
    CHECK(row_of(s, a, p, "flip").flaky_runs == 2);
    REQUIRE(s.del("/api/runs/" + fail_run, a).status / 100 == 2);
    auto r = row_of(s, a, p, "flip");
    CHECK(r.total_runs == 1);
    CHECK(r.flaky_runs == 0);  // no other result on c1 has the other outcome any more
    CHECK(r.score == 0.0);
    CHECK(r.last_flaky_null);
    // A later pass on c1 is not a flip either.
    on_commit(s, a, p, "flip", 'p', "c1");
    r = row_of(s, a, p, "flip");
    CHECK(r.flaky_runs == 0);
    CHECK(r.score == 0.0);
    // But a fail on c1 is again.
    on_commit(s, a, p, "flip", 'f', "c1");
    r = row_of(s, a, p, "flip");
    CHECK(r.flaky_runs == 3);
    CHECK(r.score == 1.0);
  }
}
