// A database made by an older schema is migrated at start and keeps its data; a
// database newer than the binary is refused rather than touched.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <filesystem>
#include <tuple>

#include "domain/crypto.h"
#include "store/data_dir.h"
#include "store/db.h"
#include "store/projects.h"
#include "store/teams.h"
#include "store/users.h"
#include "support/results.h"
#include "support/server.h"

using namespace euriqa;
using namespace euriqa::test;
using namespace euriqa::test::results;

TEST_CASE("a version-1 database is migrated to the latest schema and keeps its data") {
  domain::crypto_init();
  std::string dir = make_temp_dir() + "/data";
  store::ensure_data_dir(dir);
  std::string project_id;
  {
    store::Conn conn(store::database_path(dir), true);
    conn.exec("PRAGMA journal_mode=WAL");
    store::migrate(conn, 1);
    CHECK(conn.raw().execAndGet("PRAGMA user_version").getInt() == 1);
    // Rows as version 1 wrote them (today's store functions write today's columns).
    SQLite::Statement u(conn.raw(), "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?,?,?,?,?)");
    u.bind(1, "user_old00000000000000000");
    u.bind(2, "old@example.com");
    u.bind(3, "Old");
    u.bind(4, domain::hash_password("old-password-1"));
    u.bind(5, int64_t{1});
    u.exec();
    auto team = store::insert_team(conn, "Old team", "user_old00000000000000000");
    project_id = store::insert_project(conn, team.id, "Old project").id;
  }
  TestServer s({}, dir);
  auto me = login(s, "old@example.com", "old-password-1");
  auto project = s.get("/api/projects/" + project_id, me.auth());
  CHECK(project.status == 200);
  CHECK(project.str("name") == "Old project");
  // The new tables exist and work.
  auto run = s.post("/api/runs", obj({{"projectId", quote(project_id)}, {"status", quote("running")}}), me.auth());
  CHECK(run.status == 201);
  // Version 5: the first user counts as verified (contract §11).
  CHECK(s.get("/api/auth/me", me.auth()).body.find("\"emailVerified\":true") != std::string::npos);
  s.stop();
  store::Conn conn(store::database_path(dir), false);
  CHECK(conn.raw().execAndGet("PRAGMA user_version").getInt() == store::latest_schema_version());
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

TEST_CASE("version 5 keeps the sessions of version 4, gives them ids, and verifies only the first user") {
  domain::crypto_init();
  std::string dir = make_temp_dir() + "/data";
  store::ensure_data_dir(dir);
  std::string token = "old-session-token";
  {
    store::Conn conn(store::database_path(dir), true);
    conn.exec("PRAGMA journal_mode=WAL");
    store::migrate(conn, 4);
    for (auto [id, email, at] : {std::tuple{"user_first0000000000000000", "first@example.com", 1},
                                 std::tuple{"user_later0000000000000000", "later@example.com", 2}}) {
      SQLite::Statement u(conn.raw(), "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?,?,?,?,?)");
      u.bind(1, id);
      u.bind(2, email);
      u.bind(3, "User");
      u.bind(4, domain::hash_password("old-password-1"));
      u.bind(5, at);
      u.exec();
    }
    SQLite::Statement sess(conn.raw(), "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)");
    sess.bind(1, domain::sha256_hex(token));
    sess.bind(2, "user_later0000000000000000");
    sess.bind(3, int64_t{1});
    sess.bind(4, int64_t{4102444800000});  // 2100
    sess.exec();
  }
  TestServer s({}, dir);
  auto me = s.get("/api/auth/me", Auth::session(token));
  REQUIRE(me.status == 200);
  CHECK(me.str("email") == "later@example.com");
  CHECK(me.body.find("\"emailVerified\":false") != std::string::npos);
  auto sessions = s.get("/api/auth/sessions", Auth::session(token));
  REQUIRE(sessions.status == 200);
  CHECK(sessions.str("data.0.id").rfind("session_", 0) == 0);
  auto first = login(s, "first@example.com", "old-password-1");
  CHECK(s.get("/api/auth/me", first.auth()).body.find("\"emailVerified\":true") != std::string::npos);
  s.stop();
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

TEST_CASE("a database newer than the binary is refused at start") {
  domain::crypto_init();
  std::string dir = make_temp_dir() + "/data";
  store::ensure_data_dir(dir);
  {
    store::Conn conn(store::database_path(dir), true);
    store::migrate(conn);
    conn.exec("PRAGMA user_version=" + std::to_string(store::latest_schema_version() + 1));
  }
  CHECK_THROWS(TestServer({}, dir));
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

TEST_CASE("results stored before version 6 get their error signatures and failure groups at the next start") {
  std::string dir = make_temp_dir() + "/data";
  std::string run_id, project_id;
  Session me;
  {
    TestServer s({}, dir);
    me = register_user(s, "sig@example.com");
    auto ws = create_workspace(s, me);
    project_id = ws.project_id;
    auto run = s.post("/api/runs", obj({{"projectId", quote(project_id)}, {"status", quote("running")}}), me.auth());
    REQUIRE(run.status == 201);
    run_id = run.str("id");
    for (std::string n : {"1", "2"}) {
      auto body = obj({{"runId", quote(run_id)}, {"projectId", quote(project_id)}, {"title", quote("t" + n)},
                       {"fullTitle", quote("s > t" + n)}, {"status", quote("failed")}, {"duration", "1"},
                       {"error", obj({{"message", quote("Error: order " + n + " of 5 lost")}})}});
      REQUIRE(s.post("/api/tests", body, me.auth()).status == 201);
    }
    s.stop();
    // As a version-5 database left them: no signatures, no groups, the task pending.
    store::Conn conn(store::database_path(dir), false);
    conn.exec("UPDATE test_results SET error_signature = NULL");
    conn.exec("DELETE FROM failures");
    conn.exec("DELETE FROM failure_group_days");
    conn.exec("DELETE FROM failure_groups");
    conn.exec("INSERT OR REPLACE INTO upgrade_tasks (name, done) VALUES ('error_signatures', 0)");
  }
  TestServer s({}, dir);
  auto groups = s.get("/api/runs/" + run_id + "/failure-groups", me.auth());
  REQUIRE(groups.status == 200);
  CHECK(groups.body.find("\"total\":1") != std::string::npos);
  CHECK(groups.str("data.0.message") == "Error: order 1 of 5 lost");
  auto project = s.get("/api/failure-groups?projectId=" + project_id, me.auth());
  CHECK(project.body.find("\"occurrences\":2") != std::string::npos);
  s.stop();
  store::Conn conn(store::database_path(dir), false);
  CHECK(conn.raw().execAndGet("SELECT done FROM upgrade_tasks WHERE name = 'error_signatures'").getInt() == 1);
  CHECK(conn.raw().execAndGet("SELECT count(*) FROM test_results WHERE error_signature IS NOT NULL").getInt() == 2);
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

TEST_CASE("a version-8 database gets its explorer totals rolled up again, packed durations included") {
  std::string dir = make_temp_dir() + "/data";
  Session me;
  std::string project_id;
  const std::vector<std::pair<int, std::vector<int64_t>>> days = {{3, {100, 900, 300}}, {1, {500, 50}}};
  for (const auto& [ago, durations] : days) {
    TestServer s({}, dir, {{"EURIQA_TEST_CLOCK_OFFSET_SECONDS", std::to_string(-ago * 86400)}});
    if (project_id.empty()) {
      me = register_user(s, "rollup@example.com");
      project_id = create_workspace(s, me).project_id;
    }
    for (auto d : durations) {
      auto run = make_run(s, me.auth(), project_id);
      REQUIRE(post_batch(s, me.auth(), run, project_id, {test_item("U > t", "passed", "u.spec.ts", d)}).status == 201);
    }
  }
  {
    // As version 8 left it: totals kept at ingest (here made wrong, to show they are
    // built again), no rolled_through, no packs, the wide per-test index.
    store::Conn conn(store::database_path(dir), false);
    conn.exec("UPDATE test_case_days SET results = results + 100, duration = duration + 100000");
    conn.exec("DROP TABLE test_duration_packs");
    conn.exec("ALTER TABLE test_case_series DROP COLUMN rolled_through");
    conn.exec("DROP INDEX test_results_test_time");
    conn.exec("CREATE INDEX test_results_test_time ON test_results(logical_test_id, created_at, status, duration, run_id)");
    conn.exec("UPDATE upgrade_tasks SET done = 1");
    conn.exec("PRAGMA user_version = 8");
  }
  {
    TestServer s({}, dir);
    // Right after the start (rolled up or not yet): exact totals and nearest-rank p95.
    auto r = s.get("/api/test-cases?projectId=" + project_id + "&sort=p95Duration", me.auth());
    REQUIRE(r.status == 200);
    CHECK(num(r, "data.0.runs") == 5);
    CHECK(num(r, "data.0.avgDuration") == 370);
    CHECK(num(r, "data.0.p95Duration") == 900);
  }
  store::Conn conn(store::database_path(dir), false);
  CHECK(conn.raw().execAndGet("PRAGMA user_version").getInt() == 9);
  CHECK(conn.raw().execAndGet("SELECT done FROM upgrade_tasks WHERE name = 'test_case_days'").getInt() == 1);
  // The maintenance at that start rolled up the two days, into the rows and the packs.
  CHECK(conn.raw().execAndGet("SELECT count(*) FROM test_case_series WHERE rolled_through IS NOT NULL").getInt() >= 1);
  CHECK(conn.raw().execAndGet("SELECT max(results) FROM test_case_days").getInt() == 5);
  CHECK(conn.raw().execAndGet("SELECT count(*) FROM test_duration_packs").getInt() == 1);
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}
