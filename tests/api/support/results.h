// Test support for runs, test results and suites (docs/openapi.yaml "Test Runs",
// "Tests", "Test Suites"; contract §5): a team with a project and its owner, and
// small builders for run and result bodies. Header-only; every function is inline.
#pragma once
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <climits>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "support/server.h"

namespace euriqa::test::results {

// Server options for tests that need more than one user.
inline std::vector<std::string> open_signup() { return {"--signup", "open"}; }

// An owner with a team and one project.
struct Tenant {
  Session owner;
  Workspace ws;
  const std::string& project() const { return ws.project_id; }
  Auth auth() const { return owner.auth(); }
};

inline Tenant make_tenant(TestServer& s, const std::string& email, const std::string& team = "Team",
                          const std::string& project = "Project") {
  Tenant t;
  t.owner = register_user(s, email);
  t.ws = create_workspace(s, t.owner, team, project);
  return t;
}

// A JSON array of strings.
inline std::string str_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& i : items) {
    if (out.size() > 1) out += ",";
    out += quote(i);
  }
  return out + "]";
}

// A JSON array of already-JSON items.
inline std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& i : items) {
    if (out.size() > 1) out += ",";
    out += i;
  }
  return out + "]";
}

using Fields = std::vector<std::pair<std::string, std::string>>;

// POST /api/runs with projectId and status plus extra fields (values already JSON).
inline Result post_run(TestServer& s, const Auth& a, const std::string& project_id, const std::string& status = "running",
                       const Fields& extra = {}) {
  Fields f = {{"projectId", quote(project_id)}, {"status", quote(status)}};
  f.insert(f.end(), extra.begin(), extra.end());
  return s.post("/api/runs", obj(f), a);
}

// Creates a run and returns its id (the test stops if that fails).
inline std::string make_run(TestServer& s, const Auth& a, const std::string& project_id,
                            const std::string& status = "running", const Fields& extra = {}) {
  auto r = post_run(s, a, project_id, status, extra);
  REQUIRE_MESSAGE(r.status == 201, "create run: " << r.status << " " << r.body);
  return r.str("id");
}

// One test result object (without runId/projectId, as a batch item).
inline std::string test_item(const std::string& full_title, const std::string& status = "passed",
                             const std::string& file_path = "tests/example.spec.ts", int64_t duration = 100,
                             const Fields& extra = {}) {
  auto gt = full_title.rfind('>');
  std::string title = gt == std::string::npos ? full_title : full_title.substr(gt + 1);
  while (!title.empty() && title.front() == ' ') title.erase(title.begin());
  Fields f = {{"title", quote(title)}, {"fullTitle", quote(full_title)}, {"status", quote(status)},
              {"duration", std::to_string(duration)}};
  if (!file_path.empty()) f.emplace_back("filePath", quote(file_path));
  f.insert(f.end(), extra.begin(), extra.end());
  return obj(f);
}

// A whole POST /api/tests body: runId and projectId merged in front of an item's fields.
inline std::string with_run(const std::string& run_id, const std::string& project_id, const std::string& item) {
  std::string head = "{" + quote("runId") + ":" + quote(run_id) + "," + quote("projectId") + ":" + quote(project_id);
  if (item.size() <= 2) return head + "}";
  return head + "," + item.substr(1);
}

inline Result post_test(TestServer& s, const Auth& a, const std::string& run_id, const std::string& project_id,
                        const std::string& item) {
  return s.post("/api/tests", with_run(run_id, project_id, item), a);
}

// Creates one result and returns its id.
inline std::string make_test(TestServer& s, const Auth& a, const std::string& run_id, const std::string& project_id,
                             const std::string& item) {
  auto r = post_test(s, a, run_id, project_id, item);
  REQUIRE_MESSAGE(r.status == 201, "create test: " << r.status << " " << r.body);
  return r.str("id");
}

inline std::string batch_body(const std::string& run_id, const std::string& project_id,
                              const std::vector<std::string>& items) {
  return obj({{"runId", quote(run_id)}, {"projectId", quote(project_id)}, {"tests", json_array(items)}});
}

inline Result post_batch(TestServer& s, const Auth& a, const std::string& run_id, const std::string& project_id,
                         const std::vector<std::string>& items) {
  return s.post("/api/tests/batch", batch_body(run_id, project_id, items), a);
}

// ---------------------------------------------------------------- reading results

inline bool has_key(const Result& r, const std::string& path) { return r.at(path) != nullptr; }

// An integer at path; a sentinel when absent or not an integer (so a CHECK fails readably).
inline int64_t num(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  if (!v || !v->IsInt64()) return INT64_MIN;
  return v->GetInt64();
}

inline double real(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  if (!v || !v->IsNumber()) return -1e300;
  return v->GetDouble();
}

inline int size_of_array(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  if (!v || !v->IsArray()) return -1;
  return static_cast<int>(v->Size());
}

// The values of `key` of each element of the array at path, in order.
inline std::vector<std::string> column(const Result& r, const std::string& path, const std::string& key = "id") {
  std::vector<std::string> out;
  const auto* v = r.at(path);
  if (!v || !v->IsArray()) return out;
  for (const auto& item : v->GetArray()) {
    if (!item.IsObject()) {
      out.emplace_back();
      continue;
    }
    auto it = item.FindMember(key.c_str());
    out.push_back(it != item.MemberEnd() && it->value.IsString() ? it->value.GetString() : "");
  }
  return out;
}

// Compact JSON text of the value at path ("<absent>" when missing).
inline std::string json_at(const Result& r, const std::string& path) {
  const auto* v = path.empty() ? &r.json : r.at(path);
  if (!v) return "<absent>";
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v->Accept(w);
  return buf.GetString();
}

// Whether the value at path equals the JSON text (deep, member order ignored).
inline bool json_equals(const Result& r, const std::string& path, const std::string& expected) {
  const auto* v = r.at(path);
  if (!v) return false;
  rapidjson::Document want;
  want.Parse(expected.c_str());
  REQUIRE_MESSAGE(!want.HasParseError(), "bad expected JSON: " << expected);
  return *v == want;
}

// An id with the prefix and at least 16 random alphanumerics (contract §4).
inline bool is_id(const std::string& id, const std::string& prefix) {
  if (id.rfind(prefix, 0) != 0 || id.size() < prefix.size() + 16) return false;
  for (size_t i = prefix.size(); i < id.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(id[i]))) return false;
  return true;
}

// RFC 3339 UTC with Z, as the server writes times.
inline bool is_time(const std::string& t) {
  if (t.size() < 20 || t.back() != 'Z') return false;
  return t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':';
}

// A 400 VALIDATION_ERROR naming field.
inline bool is_validation(const Result& r, const std::string& field) {
  return r.status == 400 && r.error_code() == "VALIDATION_ERROR" && r.str("error.details.field") == field;
}

inline bool is_not_found(const Result& r) { return r.status == 404 && r.error_code() == "NOT_FOUND"; }
inline bool is_forbidden(const Result& r) { return r.status == 403 && r.error_code() == "FORBIDDEN"; }

// Pagination of a list URL holding exactly `total` items (contract §4): limit 0 and
// 201 are out of range, non-numeric and negative values are 400, 1 and 200 are fine,
// an offset past the end gives an empty page with the right total. `url` already has
// a query string.
inline void check_limit_bounds(TestServer& s, const Auth& a, const std::string& url) {
  for (const char* bad : {"0", "201", "1000", "99999999999999999999"}) {
    auto r = s.get(url + "&limit=" + bad, a);
    CHECK_MESSAGE(is_validation(r, "limit"), "limit=" << bad << ": " << r.status << " " << r.body);
  }
}

inline void check_non_numeric_paging(TestServer& s, const Auth& a, const std::string& url) {
  for (const char* bad : {"abc", "-1", "1.5", "10x"}) {
    auto r = s.get(url + "&limit=" + bad, a);
    CHECK_MESSAGE(is_validation(r, "limit"), "limit=" << bad << ": " << r.status << " " << r.body);
  }
  for (const char* bad : {"abc", "-1", "2.0", "x10"}) {
    auto r = s.get(url + "&offset=" + bad, a);
    CHECK_MESSAGE(is_validation(r, "offset"), "offset=" << bad << ": " << r.status << " " << r.body);
  }
}

}  // namespace euriqa::test::results
