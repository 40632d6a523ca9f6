// The quarantine workflow over real HTTP (contract §6, §15): reason, issue link and
// expiry on POST /api/flakiness, who quarantined on every list, validation, expiry
// taking effect for every read without a restart and recorded exactly once (by the
// maintenance pass or the test's next ingest), the event log (manual, automatic,
// expired), and roles.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "support/results.h"
#include "support/server.h"
#include "support/tenancy.h"

using namespace euriqa::test;
using namespace euriqa::test::results;

namespace {

const std::string kFile = "tests/q/checkout.spec.ts";

std::string rfc3339_at(int64_t unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One run with one result of the test; its id.
std::string result_of(TestServer& s, const Auth& a, const std::string& project, const std::string& title,
                      const std::string& status = "passed") {
  std::string run = make_run(s, a, project);
  return make_test(s, a, run, project, test_item(title, status, kFile));
}

Result set_quarantine(TestServer& s, const Auth& a, const std::string& project, const std::string& test_id, bool on,
                      const Fields& terms = {}) {
  Fields f = {{"testId", quote(test_id)}, {"projectId", quote(project)}, {"isQuarantined", on ? "true" : "false"}};
  f.insert(f.end(), terms.begin(), terms.end());
  return s.post("/api/flakiness", obj(f), a);
}

// The entry of a list with this fullTitle (index into data; -1 when absent).
int entry(const Result& r, const std::string& full_title) { return tenancy::find_in(r, "data", "fullTitle", full_title); }

Result flakiness(TestServer& s, const Auth& a, const std::string& project, const std::string& query = "") {
  auto r = s.get("/api/flakiness?projectId=" + project + "&limit=200" + query, a);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r;
}

Result events(TestServer& s, const Auth& a, const std::string& project, const std::string& query = "") {
  auto r = s.get("/api/quarantine/events?projectId=" + project + query, a);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r;
}

std::vector<std::string> actions(const Result& r) { return column(r, "data", "action"); }

// Polls until the count of stored events settles at `want` (the maintenance pass runs
// beside the server's start) or 5 s pass; returns the last count.
int64_t stored_events(const TestServer& s, const std::string& action);
int64_t settled_events(const TestServer& s, const std::string& action, int64_t want) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int64_t n = stored_events(s, action);
  while (n != want && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    n = stored_events(s, action);
  }
  return n;
}

int64_t stored_events(const TestServer& s, const std::string& action) {
  SQLite::Database db(s.data_dir() + "/euriqa.db", SQLite::OPEN_READONLY, 5000);
  SQLite::Statement q(db, "SELECT count(*) FROM quarantine_events WHERE action = ?");
  q.bind(1, action);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

// The quarantine fields of the entry at `at` ("data.N."): all null when not quarantined.
void check_no_terms(const Result& r, const std::string& at) {
  for (const char* k : {"quarantinedBy", "reason", "issueUrl", "expiresAt", "since"}) {
    CAPTURE(k);
    CHECK(has_key(r, at + k));
    CHECK(r.is_null(at + k));
  }
}

}  // namespace

TEST_CASE("a quarantine's reason, issue link, expiry and owner on every list") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "terms@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  auto member = add_member(s, t.owner, t.ws.team_id, "member@example.com", "member");
  auto id = result_of(s, a, p, "Pay > card");
  result_of(s, a, p, "Pay > cash");
  int64_t expires = tenancy::now_s() + 7 * 86400;
  auto r = set_quarantine(s, member.auth(), p, id, true,
                          {{"reason", quote("Times out on CI since the proxy change")},
                           {"issueUrl", quote("https://tracker.example.com/ISSUE-42")},
                           {"expiresAt", quote(rfc3339_at(expires))}});
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("testId") == id);
  CHECK(tenancy::boolean(r, "isQuarantined") == 1);
  CHECK(r.str("quarantinedBy.id") == member.user_id);
  CHECK(r.str("quarantinedBy.name") == "member@example.com");  // add_member names users by their email
  CHECK(r.str("reason") == "Times out on CI since the proxy change");
  CHECK(r.str("issueUrl") == "https://tracker.example.com/ISSUE-42");
  CHECK(r.str("expiresAt") == rfc3339_at(expires));
  CHECK(tenancy::is_recent(r.str("since")));
  std::string since = r.str("since");

  auto check_terms = [&](const Result& list, const std::string& at) {
    CHECK(list.str(at + "quarantinedBy.id") == member.user_id);
    CHECK(list.str(at + "quarantinedBy.name") == "member@example.com");
    CHECK(list.str(at + "reason") == "Times out on CI since the proxy change");
    CHECK(list.str(at + "issueUrl") == "https://tracker.example.com/ISSUE-42");
    CHECK(list.str(at + "expiresAt") == rfc3339_at(expires));
    CHECK(list.str(at + "since") == since);
  };
  auto q = s.get("/api/quarantine?projectId=" + p, a);
  REQUIRE(size_of_array(q, "data") == 1);
  CHECK(q.str("data.0.fullTitle") == "Pay > card");
  CHECK(q.str("data.0.filePath") == kFile);
  check_terms(q, "data.0.");
  auto f = flakiness(s, a, p);
  int card = entry(f, "Pay > card"), cash = entry(f, "Pay > cash");
  REQUIRE(card >= 0);
  REQUIRE(cash >= 0);
  check_terms(f, "data." + std::to_string(card) + ".");
  CHECK(tenancy::boolean(f, "data." + std::to_string(card) + ".isQuarantined") == 1);
  check_no_terms(f, "data." + std::to_string(cash) + ".");
  auto cases = s.get("/api/test-cases?projectId=" + p + "&sort=fullTitle&order=asc", a);
  CHECK(column(cases, "data", "fullTitle") == std::vector<std::string>{"Pay > card", "Pay > cash"});
  CHECK(tenancy::boolean(cases, "data.0.quarantined") == 1);
  CHECK(tenancy::boolean(cases, "data.1.quarantined") == 0);

  SUBCASE("quarantining again replaces the terms and keeps since; omitted terms are none") {
    auto again = set_quarantine(s, a, p, id, true, {{"reason", quote("still flaky")}});
    REQUIRE(again.status == 200);
    CHECK(again.str("quarantinedBy.id") == t.owner.user_id);
    CHECK(again.str("reason") == "still flaky");
    CHECK(again.is_null("issueUrl"));
    CHECK(again.is_null("expiresAt"));
    CHECK(again.str("since") == since);
  }
  SUBCASE("lifting it clears every field") {
    auto off = set_quarantine(s, a, p, id, false);
    REQUIRE(off.status == 200);
    CHECK(tenancy::boolean(off, "isQuarantined") == 0);
    check_no_terms(off, "");
    CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 0);
    check_no_terms(flakiness(s, a, p), "data." + std::to_string(entry(flakiness(s, a, p), "Pay > card")) + ".");
  }
  SUBCASE("an API key's quarantine is its creator's") {
    auto key = create_key(s, t.owner, p, "member");
    auto by_key = s.post("/api/flakiness", obj({{"testId", quote(id)}, {"isQuarantined", "true"}}), Auth::key(key));
    REQUIRE_MESSAGE(by_key.status == 200, by_key.body);
    CHECK(by_key.str("quarantinedBy.id") == t.owner.user_id);
    CHECK(by_key.str("quarantinedBy.name") == "Test User");
  }
}

TEST_CASE("reason, issueUrl and expiresAt are validated") {
  TestServer s;
  auto t = make_tenant(s, "valid@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  auto id = result_of(s, a, p, "V > t");
  auto refused = [&](const Fields& terms, const std::string& field, const std::string& reason) {
    auto r = set_quarantine(s, a, p, id, true, terms);
    CAPTURE(r.body);
    CHECK(is_validation(r, field));
    CHECK(r.str("error.details.reason") == reason);
  };
  refused({{"reason", quote(std::string(501, 'x'))}}, "reason", "too_long");
  refused({{"reason", "42"}}, "reason", "invalid_type");
  refused({{"issueUrl", quote("ftp://tracker.example.com/1")}}, "issueUrl", "invalid_value");
  refused({{"issueUrl", quote("tracker.example.com/1")}}, "issueUrl", "invalid_value");
  refused({{"issueUrl", quote("javascript:alert(1)")}}, "issueUrl", "invalid_value");
  refused({{"issueUrl", quote("https://example.com/" + std::string(2000, 'a'))}}, "issueUrl", "too_long");
  refused({{"expiresAt", quote(rfc3339_at(tenancy::now_s() - 60))}}, "expiresAt", "out_of_range");
  refused({{"expiresAt", quote("next week")}}, "expiresAt", "invalid_value");
  refused({{"expiresAt", quote("2026-02-30T10:00:00Z")}}, "expiresAt", "invalid_value");
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 0);  // nothing was changed
  // 500 characters (not bytes) are fine; so are http URLs and an offset time.
  std::string umlauts;
  for (int i = 0; i < 500; ++i) umlauts += "ü";
  auto ok = set_quarantine(s, a, p, id, true,
                           {{"reason", quote(umlauts)},
                            {"issueUrl", quote("http://10.0.0.5:8080/browse/X-1")},
                            {"expiresAt", quote(rfc3339_at(tenancy::now_s() + 3600).substr(0, 19) + "-02:00")}});
  CHECK_MESSAGE(ok.status == 200, ok.body);
  CHECK(ok.str("reason") == umlauts);
}

TEST_CASE("past expiresAt a test is out of quarantine for every read at once; the expiry is recorded once") {
  TestServer s;
  auto t = make_tenant(s, "expiry@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  auto id = result_of(s, a, p, "E > short");
  auto other = result_of(s, a, p, "E > long");
  int64_t soon = tenancy::now_s() + 2;
  REQUIRE(set_quarantine(s, a, p, id, true, {{"expiresAt", quote(rfc3339_at(soon))}, {"reason", quote("flaky")}}).status ==
          200);
  REQUIRE(set_quarantine(s, a, p, other, true).status == 200);
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 2);
  CHECK(num(flakiness(s, a, p), "summary.quarantinedTests") == 2);

  std::this_thread::sleep_for(std::chrono::milliseconds((soon - tenancy::now_s()) * 1000 + 1200));
  auto q = s.get("/api/quarantine?projectId=" + p, a);
  CHECK(column(q, "data", "fullTitle") == std::vector<std::string>{"E > long"});
  auto f = flakiness(s, a, p);
  CHECK(num(f, "summary.quarantinedTests") == 1);
  int e = entry(f, "E > short");
  CHECK(tenancy::boolean(f, "data." + std::to_string(e) + ".isQuarantined") == 0);
  check_no_terms(f, "data." + std::to_string(e) + ".");
  CHECK(column(flakiness(s, a, p, "&quarantined=true"), "data", "fullTitle") == std::vector<std::string>{"E > long"});
  CHECK(column(flakiness(s, a, p, "&quarantined=false"), "data", "fullTitle") == std::vector<std::string>{"E > short"});
  auto cases = s.get("/api/test-cases?projectId=" + p + "&sort=fullTitle&order=asc", a);
  CHECK(tenancy::boolean(cases, "data.0.quarantined") == 1);  // E > long
  CHECK(tenancy::boolean(cases, "data.1.quarantined") == 0);  // E > short

  // The event list shows the expiry once, at expiresAt, before anything recorded it...
  auto ev = events(s, a, p, "&testId=" + id);
  CHECK(actions(ev) == std::vector<std::string>{"expired", "quarantined"});
  CHECK(ev.str("data.0.at") == rfc3339_at(soon));
  CHECK(ev.is_null("data.0.by"));
  CHECK(stored_events(s, "expired") == 0);
  // ...and after the maintenance pass (run at start) recorded it, still once.
  s.restart();
  CHECK(settled_events(s, "expired", 1) == 1);
  CHECK(actions(events(s, a, p, "&testId=" + id)) == std::vector<std::string>{"expired", "quarantined"});
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 1);
  s.restart();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a second maintenance pass has run
  CHECK(stored_events(s, "expired") == 1);
  CHECK(num(events(s, a, p), "total") == 3);
}

TEST_CASE("the event log: manual, lifted, automatic and expired, newest first") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "events@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  auto member = add_member(s, t.owner, t.ws.team_id, "member@example.com", "member");
  auto manual = result_of(s, a, p, "L > manual");
  REQUIRE(set_quarantine(s, member.auth(), p, manual, true, {{"reason", quote("broken fixture")}}).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(set_quarantine(s, a, p, manual, false, {{"reason", quote("fixture fixed")}}).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(set_quarantine(s, a, p, manual, false).status == 200);  // not quarantined: no event
  REQUIRE(s.patch("/api/projects/" + p + "/settings",
                  obj({{"autoQuarantineEnabled", "true"}, {"flakinessThreshold", "0.3"}}), a)
              .status == 200);
  auto flaky = result_of(s, a, p, "L > flaky", "flaky");

  auto ev = events(s, a, p);
  CHECK(num(ev, "total") == 3);
  CHECK(num(ev, "limit") == 50);
  CHECK(num(ev, "offset") == 0);
  CHECK(actions(ev) == std::vector<std::string>{"auto", "unquarantined", "quarantined"});
  CHECK(ev.str("data.0.fullTitle") == "L > flaky");
  CHECK(ev.str("data.0.testId") == flaky);
  CHECK(ev.is_null("data.0.by"));
  CHECK(ev.str("data.0.reason").find("0.30") != std::string::npos);
  CHECK(ev.str("data.1.by.id") == t.owner.user_id);
  CHECK(ev.str("data.1.reason") == "fixture fixed");
  CHECK(ev.str("data.2.by.id") == member.user_id);
  CHECK(ev.str("data.2.by.name") == "member@example.com");
  CHECK(ev.str("data.2.reason") == "broken fixture");
  CHECK(ev.str("data.2.fullTitle") == "L > manual");
  for (int i = 0; i < 3; ++i) CHECK(tenancy::is_recent(ev.str("data." + std::to_string(i) + ".at")));
  CHECK(ev.str("data.0.at") >= ev.str("data.1.at"));

  CHECK(actions(events(s, a, p, "&testId=" + manual)) == std::vector<std::string>{"unquarantined", "quarantined"});
  CHECK(actions(events(s, a, p, "&testId=" + flaky)) == std::vector<std::string>{"auto"});
  auto paged = events(s, a, p, "&limit=1&offset=1");
  CHECK(actions(paged) == std::vector<std::string>{"unquarantined"});
  CHECK(num(paged, "total") == 3);
  check_limit_bounds(s, a, "/api/quarantine/events?projectId=" + p);
  check_non_numeric_paging(s, a, "/api/quarantine/events?projectId=" + p);

  CHECK(is_validation(s.get("/api/quarantine/events", a), "projectId"));
  CHECK(is_not_found(s.get("/api/quarantine/events?projectId=" + p + "&testId=test_doesnotexist0000000", a)));
  auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer@example.com", "viewer");
  CHECK(events(s, viewer.auth(), p).status == 200);
  auto stranger = make_tenant(s, "stranger@example.com", "Other team");
  CHECK(is_not_found(s.get("/api/quarantine/events?projectId=" + p, stranger.auth())));
  auto theirs = result_of(s, stranger.auth(), stranger.project(), "L > manual");
  CHECK(is_not_found(s.get("/api/quarantine/events?projectId=" + p + "&testId=" + theirs, a)));
}

TEST_CASE("an expiry met by ingest is recorded once and holds auto-quarantine off until new flaky evidence") {
  TestServer s;
  auto t = make_tenant(s, "hold@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  REQUIRE(s.patch("/api/projects/" + p + "/settings",
                  obj({{"autoQuarantineEnabled", "true"}, {"flakinessThreshold", "0.3"}}), a)
              .status == 200);
  auto id = result_of(s, a, p, "H > t", "flaky");  // auto-quarantined
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 1);
  int64_t soon = tenancy::now_s() + 2;
  REQUIRE(set_quarantine(s, a, p, id, true, {{"expiresAt", quote(rfc3339_at(soon))}}).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds((soon - tenancy::now_s()) * 1000 + 1200));

  result_of(s, a, p, "H > t", "passed");  // meets the expiry: recorded, no new quarantine
  CHECK(stored_events(s, "expired") == 1);
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 0);
  CHECK(actions(events(s, a, p)) == std::vector<std::string>{"expired", "quarantined", "auto"});
  result_of(s, a, p, "H > t", "passed");
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 0);

  result_of(s, a, p, "H > t", "flaky");  // new evidence: quarantined again
  CHECK(size_of_array(s.get("/api/quarantine?projectId=" + p, a), "data") == 1);
  CHECK(actions(events(s, a, p)) == std::vector<std::string>{"auto", "expired", "quarantined", "auto"});
  CHECK(stored_events(s, "expired") == 1);
}

TEST_CASE("roles: viewers read the quarantine, members and member keys change it") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "roles@example.com");
  const auto& p = t.project();
  auto a = t.auth();
  auto id = result_of(s, a, p, "R > t");
  auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer@example.com", "viewer");
  auto member = add_member(s, t.owner, t.ws.team_id, "member@example.com", "member");
  Fields terms = {{"reason", quote("r")}, {"issueUrl", quote("https://x.example.com/1")}};
  CHECK(is_forbidden(set_quarantine(s, viewer.auth(), p, id, true, terms)));
  CHECK(is_forbidden(set_quarantine(s, Auth::key(create_key(s, t.owner, p, "viewer")), p, id, true, terms)));
  CHECK(num(events(s, a, p), "total") == 0);
  CHECK(set_quarantine(s, member.auth(), p, id, true, terms).status == 200);
  CHECK(set_quarantine(s, Auth::key(create_key(s, t.owner, p, "member")), p, id, false).status == 200);
  for (const auto& path : {"/api/quarantine?projectId=" + p, "/api/quarantine/events?projectId=" + p,
                           "/api/flakiness?projectId=" + p, "/api/test-cases?projectId=" + p})
    CHECK_MESSAGE(s.get(path, viewer.auth()).status == 200, path);
  auto stranger = make_tenant(s, "stranger@example.com", "Other team");
  CHECK(is_not_found(set_quarantine(s, stranger.auth(), p, id, true)));
  CHECK(is_not_found(s.get("/api/quarantine?projectId=" + p, stranger.auth())));
}
