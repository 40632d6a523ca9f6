// Helpers shared by the tenancy API tests (teams, members, invitations, projects,
// settings, API keys): time parsing, direct SQLite edits of a running server's
// database (to backdate expiry times), and small lookups over the HTTP API.
#pragma once
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <string>

#include "support/server.h"

namespace euriqa::test::tenancy {

inline int64_t now_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Seconds since the epoch of an RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SSZ"; -1 when the
// text is not exactly that form.
inline int64_t rfc3339(const std::string& t) {
  if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
    return -1;
  std::tm tm{};
  try {
    tm.tm_year = std::stoi(t.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(t.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(t.substr(8, 2));
    tm.tm_hour = std::stoi(t.substr(11, 2));
    tm.tm_min = std::stoi(t.substr(14, 2));
    tm.tm_sec = std::stoi(t.substr(17, 2));
  } catch (...) {
    return -1;
  }
  return static_cast<int64_t>(timegm(&tm));
}

// True when t is an RFC 3339 UTC time within `slack` seconds of now.
inline bool is_recent(const std::string& t, int64_t slack = 120) {
  int64_t s = rfc3339(t);
  return s > 0 && std::llabs(s - now_s()) <= slack;
}

// prefix followed by at least 16 alphanumerics (contract §4).
inline bool is_id(const std::string& id, const std::string& prefix) {
  if (id.size() < prefix.size() + 16 || id.compare(0, prefix.size(), prefix) != 0) return false;
  for (size_t i = prefix.size(); i < id.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(id[i]))) return false;
  return true;
}

inline double num(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  return v && v->IsNumber() ? v->GetDouble() : std::numeric_limits<double>::quiet_NaN();
}

// -1 when absent or not an array.
inline int size_of(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  return v && v->IsArray() ? static_cast<int>(v->Size()) : -1;
}

// 1 true, 0 false, -1 absent or not a boolean.
inline int boolean(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  return v && v->IsBool() ? (v->GetBool() ? 1 : 0) : -1;
}

// Index of the first element of the array at `array` whose `field` equals `value`; -1 if none.
inline int find_in(const Result& r, const std::string& array, const std::string& field, const std::string& value) {
  int n = size_of(r, array);
  for (int i = 0; i < n; ++i)
    if (r.str(array + "." + std::to_string(i) + "." + field) == value) return i;
  return -1;
}

// The error shape of the reference: {"error":{"code","message","details":{}}}.
inline bool has_error_shape(const Result& r) {
  const auto* e = r.at("error");
  return e && e->IsObject() && !r.str("error.code").empty() && !r.str("error.message").empty() &&
         r.at("error.details") && r.at("error.details")->IsObject();
}

// Runs one UPDATE against the running server's database (WAL; the server sees it on
// its next read) and returns the number of changed rows.
inline int db_set_int(const TestServer& s, const std::string& table, const std::string& column,
                      const std::string& id, int64_t value) {
  SQLite::Database db(s.data_dir() + "/euriqa.db", SQLite::OPEN_READWRITE, 5000);
  SQLite::Statement st(db, "UPDATE " + table + " SET " + column + " = ? WHERE id = ?");
  st.bind(1, value);
  st.bind(2, id);
  return st.exec();
}

// The member id of user_id in team_id, read through the API by `as`.
inline std::string member_id(TestServer& s, const Session& as, const std::string& team_id,
                             const std::string& user_id) {
  auto r = s.get("/api/team-members?teamId=" + team_id, as.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  int i = find_in(r, "data", "userId", user_id);
  REQUIRE_MESSAGE(i >= 0, "no member " << user_id << " in " << r.body);
  return r.str("data." + std::to_string(i) + ".id");
}

// The role of user_id in team_id as seen by `as`; "" when not a member.
inline std::string role_of(TestServer& s, const Session& as, const std::string& team_id, const std::string& user_id) {
  auto r = s.get("/api/team-members?teamId=" + team_id, as.auth());
  int i = find_in(r, "data", "userId", user_id);
  return i < 0 ? "" : r.str("data." + std::to_string(i) + ".role");
}

inline Result invite(TestServer& s, const Session& by, const std::string& team_id, const std::string& email,
                     const std::string& role) {
  return s.post("/api/team-members", obj({{"teamId", quote(team_id)}, {"email", quote(email)}, {"role", quote(role)}}),
                by.auth());
}

}  // namespace euriqa::test::tenancy
