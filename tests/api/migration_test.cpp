// A database made by an older schema is migrated at start and keeps its data; a
// database newer than the binary is refused rather than touched.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <filesystem>

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
    auto user = store::insert_user(conn, "old@example.com", "Old", domain::hash_password("old-password-1"));
    auto team = store::insert_team(conn, "Old team", user.id);
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
  s.stop();
  store::Conn conn(store::database_path(dir), false);
  CHECK(conn.raw().execAndGet("PRAGMA user_version").getInt() == store::latest_schema_version());
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
