// Upgrades (issue 16, README "Upgrade"): the data directory a released euriqa wrote
// (tests/fixtures/v0.1.0, made by tests/fixtures/make_upgrade_fixture.py with the
// v0.1.0 binary) opens in this binary, and every record reads back through the API
// as the old binary answered it; a database from a newer schema is refused with a
// clear error and left as it was.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sodium.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/server.h"

using namespace euriqa::test;
namespace fs = std::filesystem;

namespace {

const std::string kFixture = EURIQA_UPGRADE_FIXTURE;

rapidjson::Document manifest() {
  std::ifstream in(kFixture + "/manifest.json");
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(ss.str().c_str());
  REQUIRE_MESSAGE(doc.IsObject(), "cannot read " << kFixture << "/manifest.json");
  return doc;
}

// A copy of the fixture's data directory (the fixture itself stays untouched).
std::string copy_fixture() {
  std::string data = make_temp_dir() + "/data";
  fs::create_directories(data);
  fs::copy_file(kFixture + "/euriqa.db", data + "/euriqa.db");
  fs::copy_file(kFixture + "/secret", data + "/secret");
  fs::copy(kFixture + "/blobs", data + "/blobs", fs::copy_options::recursive);
  // git keeps no file modes; the server's secret is private.
  fs::permissions(data + "/secret", fs::perms::owner_read | fs::perms::owner_write);
  return data;
}

// The server's clock is set back to an hour after the fixture was made, so that
// nothing in it ages (sessions, retention, windows like "the last 30 days") however
// old the fixture gets.
std::map<std::string, std::string> fixture_clock(const rapidjson::Document& m) {
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  int64_t offset = (m["createdAtMs"].GetInt64() + 3600 * 1000 - now_ms) / 1000;
  return {{"EURIQA_TEST_CLOCK_OFFSET_SECONDS", std::to_string(offset)}};
}

std::string to_json(const rapidjson::Value& v);

// Every field of `old` is in `now` with the same value (new fields may be added),
// except fields named in `volatile_keys`; arrays keep their length and order.
void expect_contains(const rapidjson::Value& old, const rapidjson::Value& now, const std::set<std::string>& volatile_keys,
                     const std::string& where, std::vector<std::string>& problems) {
  if (old.IsObject()) {
    if (!now.IsObject()) return problems.push_back(where + ": no longer an object");
    for (const auto& m : old.GetObject()) {
      std::string key = m.name.GetString();
      if (volatile_keys.count(key)) continue;
      if (!now.HasMember(key.c_str())) {
        problems.push_back(where + "." + key + ": missing");
        continue;
      }
      expect_contains(m.value, now[key.c_str()], volatile_keys, where + "." + key, problems);
    }
  } else if (old.IsArray()) {
    if (!now.IsArray() || now.Size() != old.Size())
      return problems.push_back(where + ": " + std::to_string(old.Size()) + " items before, now " + to_json(now));
    for (rapidjson::SizeType i = 0; i < old.Size(); ++i)
      expect_contains(old[i], now[i], volatile_keys, where + "[" + std::to_string(i) + "]", problems);
  } else if (old.IsNumber() && now.IsNumber()) {
    if (old.GetDouble() != now.GetDouble()) problems.push_back(where + ": " + to_json(old) + " became " + to_json(now));
  } else if (old != now) {
    problems.push_back(where + ": " + to_json(old) + " became " + to_json(now));
  }
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) (out += hex[c >> 4]) += hex[c & 15];
  return out;
}

// Runs a command line and returns its exit status and everything it printed.
std::pair<int, std::string> run_shell(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace

TEST_CASE("the fixture is a data directory of euriqa 0.1.0") {
  auto m = manifest();
  CHECK(std::string(m["version"].GetString()) == "0.1.0");
  // A copy: even a read-only open of a WAL database makes -shm and -wal files beside it.
  SQLite::Database db(copy_fixture() + "/euriqa.db", SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() > 0);
  CHECK(db.execAndGet("SELECT count(*) FROM runs").getInt() == 3);
}

TEST_CASE("a v0.1.0 data directory opens in this binary and every record reads back as before") {
  auto m = manifest();
  std::string data = copy_fixture();
  TestServer server({}, data, fixture_clock(m));
  CHECK(server.get("/healthz").str("version") == EURIQA_EXPECTED_VERSION);

  // Passwords (Argon2id hashes) and API keys (stored hashed) still work.
  std::string password = m["password"].GetString();
  std::map<std::string, Auth> as = {
      {"owner", login(server, m["owner"]["email"].GetString(), password).auth()},
      {"member", login(server, m["member"]["email"].GetString(), password).auth()},
      {"key", Auth::key(m["apiKey"].GetString())}};

  std::set<std::string> volatile_keys;
  for (const auto& k : m["volatile"].GetArray()) volatile_keys.insert(k.GetString());
  std::vector<std::string> problems;
  for (const auto& read : m["reads"].GetArray()) {
    std::string path = read["path"].GetString();
    auto now = server.get(path, as.at(read["as"].GetString()));
    if (now.status != 200) {
      problems.push_back("GET " + path + ": " + std::to_string(now.status) + " " + now.body);
      continue;
    }
    expect_contains(read["answer"], now.json, volatile_keys, "GET " + path, problems);
  }
  CHECK(m["reads"].Size() > 50);
  for (const auto& p : problems) FAIL_CHECK(p);
}

TEST_CASE("the artifact files of v0.1.0 download unchanged through new signed URLs") {
  REQUIRE(sodium_init() >= 0);
  auto m = manifest();
  TestServer server({}, copy_fixture(), fixture_clock(m));
  auto owner = login(server, m["owner"]["email"].GetString(), m["password"].GetString());
  int checked = 0;
  for (const auto& a : m["artifacts"].GetObject()) {
    auto meta = server.get(std::string("/api/artifacts/") + a.name.GetString(), owner.auth());
    REQUIRE_MESSAGE(meta.status == 200, meta.body);
    std::string url = meta.str("url");
    auto file = server.get(url.substr(url.find("/artifacts/")));
    REQUIRE_MESSAGE(file.status == 200, url);
    CHECK(sha256_hex(file.body) == a.value.GetString());
    ++checked;
  }
  CHECK(checked == 2);
}

TEST_CASE("a database from a newer schema is refused with a clear error and left unchanged") {
  std::string data = copy_fixture();
  int newer = 0;
  {
    SQLite::Database db(data + "/euriqa.db", SQLite::OPEN_READWRITE);
    newer = db.execAndGet("PRAGMA user_version").getInt() + 100;
    db.exec("PRAGMA user_version=" + std::to_string(newer));
  }
  auto before = fs::file_size(data + "/euriqa.db");
  auto [status, out] = run_shell(std::string("'") + EURIQA_BINARY + "' serve --listen 127.0.0.1:0 --data '" + data + "'");
  CHECK(status == 1);
  CHECK_MESSAGE(out.find("the database schema (version " + std::to_string(newer) + ") is newer than this euriqa binary") !=
                    std::string::npos,
                out);
  CHECK_MESSAGE(out.find("upgrade euriqa") != std::string::npos, out);
  CHECK(out.find("listening on") == std::string::npos);
  SQLite::Database db(data + "/euriqa.db", SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == newer);
  CHECK(fs::file_size(data + "/euriqa.db") == before);
}
