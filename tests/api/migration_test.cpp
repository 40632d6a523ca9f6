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
#include "support/server.h"

using namespace euriqa;
using namespace euriqa::test;

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
