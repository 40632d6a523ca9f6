// Hostile and malformed input (contract §4): every refusal has the error shape
// {"error":{"code","message","details"}} as JSON; bad JSON is 400 INVALID_JSON, bad
// field types 400 VALIDATION_ERROR naming the field, bodies over the 32 MiB limit 413
// (announced or chunked), compressed bodies 415, unknown routes 404 and wrong methods
// 405 with Allow. Text is stored exactly as sent. The server survives all of it.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "support/raw_http.h"
#include "support/server.h"

using namespace euriqa::test;

namespace {

constexpr size_t kMiB = 1024 * 1024;

// One server for the whole file: the last test checks that it is still healthy.
struct Fixture {
  TestServer server{{"--signup", "open"}};
  Session user = register_user(server, "hostile@input.test");
  Workspace ws = create_workspace(server, user, "Hostile Team", "Hostile Project");
};

Fixture& fx() {
  static std::unique_ptr<Fixture> f;
  if (!f) f = std::make_unique<Fixture>();
  return *f;
}

// The contract's error shape, as JSON, with the given status and code.
void check_error(const Result& r, int status, const std::string& code) {
  INFO("response: ", r.status, " ", r.body.substr(0, 300));
  CHECK(r.status == status);
  CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  REQUIRE(r.json.IsObject());
  REQUIRE(r.at("error") != nullptr);
  CHECK(r.error_code() == code);
  REQUIRE(r.at("error.message") != nullptr);
  CHECK(r.at("error.message")->IsString());
  CHECK_FALSE(r.str("error.message").empty());
  REQUIRE(r.at("error.details") != nullptr);
  CHECK(r.at("error.details")->IsObject());
}

void check_validation(const Result& r, const std::string& field, const std::string& reason) {
  check_error(r, 400, "VALIDATION_ERROR");
  CHECK(r.str("error.details.field") == field);
  CHECK(r.str("error.details.reason") == reason);
}

std::string post_head(const std::string& path, const std::string& cookie, const std::string& framing) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nCookie: sb-access-token=" +
         cookie + "\r\n" + framing + "\r\n";
}

std::string team_name_of(const std::string& team_id) {
  auto teams = fx().server.get("/api/teams", fx().user.auth());
  for (const auto& t : teams.at("data")->GetArray())
    if (std::string(t["id"].GetString()) == team_id) return std::string(t["name"].GetString(), t["name"].GetStringLength());
  return "<team not listed>";
}

}  // namespace

// ---------------------------------------------------------------- malformed JSON

TEST_CASE("malformed JSON bodies are 400 INVALID_JSON with the error shape") {
  auto& f = fx();
  for (const char* body : {"{", "{\"name\":}", "{'name':'x'}", "{name:\"x\"}", "{\"name\":\"x\",}", "nope",
                           "{\"name\":\"unterminated}", "\x01\x02\x03"}) {
    CAPTURE(body);
    check_error(f.server.post("/api/teams", body, f.user.auth()), 400, "INVALID_JSON");
  }
}

TEST_CASE("an empty body where JSON is required is 400 INVALID_JSON") {
  auto& f = fx();
  check_error(f.server.post("/api/teams", "", f.user.auth()), 400, "INVALID_JSON");
}

TEST_CASE("trailing garbage after the JSON object is 400 INVALID_JSON") {
  auto& f = fx();
  check_error(f.server.post("/api/teams", R"({"name":"x"} garbage)", f.user.auth()), 400, "INVALID_JSON");
  check_error(f.server.post("/api/teams", R"({"name":"x"}{"name":"y"})", f.user.auth()), 400, "INVALID_JSON");
}

TEST_CASE("invalid UTF-8 in a JSON body is 400 INVALID_JSON") {
  auto& f = fx();
  check_error(f.server.post("/api/teams", "{\"name\":\"bad \xff\xfe bytes\"}", f.user.auth()), 400, "INVALID_JSON");
  check_error(f.server.post("/api/teams", "{\"name\":\"\xc3\"}", f.user.auth()), 400, "INVALID_JSON");
}

TEST_CASE("a JSON array, string, number or null as the whole body is 400 INVALID_JSON") {
  auto& f = fx();
  for (const char* body : {"[]", "[{\"name\":\"x\"}]", "\"name\"", "42", "null", "true"}) {
    CAPTURE(body);
    check_error(f.server.post("/api/teams", body, f.user.auth()), 400, "INVALID_JSON");
  }
}

TEST_CASE("100,000 levels of nesting are refused without harming the server") {
  auto& f = fx();
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto too_deep = [](const Result& r) {
    check_error(r, 400, "INVALID_JSON");
    CHECK(r.str("error.details.reason") == "too_deep");
  };
  too_deep(f.server.post("/api/teams", deep, f.user.auth()));
  too_deep(f.server.post("/api/teams", "{\"name\":" + deep + "}", f.user.auth()));
  too_deep(f.server.post("/api/teams", std::string(100000, '{'), f.user.auth()));
  CHECK(f.server.get("/healthz").status == 200);
}

// ---------------------------------------------------------------- wrong types

TEST_CASE("wrong JSON types are 400 VALIDATION_ERROR naming the field with invalid_type") {
  auto& f = fx();
  const std::string project = "/api/projects/" + f.ws.project_id;
  struct Row {
    std::string method, path, body, field;
  };
  std::vector<Row> rows = {
      {"POST", "/api/teams", R"({"name":5})", "name"},
      {"POST", "/api/teams", R"({"name":["Team"]})", "name"},
      {"POST", "/api/teams", R"({"name":{"first":"Team"}})", "name"},
      {"POST", "/api/teams", R"({"name":true})", "name"},
      {"POST", "/api/projects", obj({{"name", "1"}, {"teamId", quote(f.ws.team_id)}}), "name"},
      {"POST", "/api/projects", obj({{"name", quote("P")}, {"teamId", "123"}}), "teamId"},
      {"PATCH", project, R"({"name":42})", "name"},
      {"PATCH", project + "/settings", R"({"dataRetentionDays":"90"})", "dataRetentionDays"},
      {"PATCH", project + "/settings", R"({"dataRetentionDays":90.5})", "dataRetentionDays"},
      {"PATCH", project + "/settings", R"({"flakinessThreshold":"0.5"})", "flakinessThreshold"},
      {"PATCH", project + "/settings", R"({"autoQuarantineEnabled":1})", "autoQuarantineEnabled"},
      {"PATCH", project + "/settings", R"({"autoQuarantineEnabled":"true"})", "autoQuarantineEnabled"},
      {"POST", "/api/api-keys", obj({{"projectId", quote(f.ws.project_id)}, {"name", "[]"}}), "name"},
      {"POST", "/api/api-keys", obj({{"projectId", quote(f.ws.project_id)}, {"name", quote("k")}, {"role", "2"}}),
       "role"},
      {"POST", "/api/team-members",
       obj({{"teamId", quote(f.ws.team_id)}, {"email", "false"}, {"role", quote("member")}}), "email"},
      {"POST", "/api/auth/login", R"({"email":["a@b.c"],"password":"correct-horse-9"})", "email"},
      {"POST", "/api/auth/login", R"({"email":"a@b.c","password":12345678})", "password"},
  };
  for (const auto& row : rows) {
    INFO(row.method, " ", row.path, " ", row.body);
    check_validation(f.server.request(row.method, row.path, row.body, f.user.auth()), row.field, "invalid_type");
  }
}

TEST_CASE("a null or missing required field is 400 VALIDATION_ERROR with reason required") {
  auto& f = fx();
  check_validation(f.server.post("/api/teams", R"({"name":null})", f.user.auth()), "name", "required");
  check_validation(f.server.post("/api/teams", R"({})", f.user.auth()), "name", "required");
  check_validation(f.server.post("/api/teams", R"({"name":"   "})", f.user.auth()), "name", "required");
}

TEST_CASE("numbers out of range are 400 VALIDATION_ERROR with reason out_of_range") {
  auto& f = fx();
  const std::string settings = "/api/projects/" + f.ws.project_id + "/settings";
  check_validation(f.server.patch(settings, R"({"dataRetentionDays":0})", f.user.auth()), "dataRetentionDays",
                   "out_of_range");
  check_validation(f.server.patch(settings, R"({"dataRetentionDays":3651})", f.user.auth()), "dataRetentionDays",
                   "out_of_range");
  check_validation(f.server.patch(settings, R"({"dataRetentionDays":1e300})", f.user.auth()), "dataRetentionDays",
                   "invalid_type");
  check_validation(f.server.patch(settings, R"({"flakinessThreshold":1.01})", f.user.auth()), "flakinessThreshold",
                   "out_of_range");
  check_validation(f.server.patch(settings, R"({"flakinessThreshold":-1e-9})", f.user.auth()),
                   "flakinessThreshold", "out_of_range");
}

TEST_CASE("SQL metacharacters in a query id are just an id that does not exist") {
  auto& f = fx();
  auto r = f.server.get("/api/projects?teamId=" + f.ws.team_id + "'%20OR%20'1'='1", f.user.auth());
  check_error(r, 404, "NOT_FOUND");
}

// ---------------------------------------------------------------- sizes

TEST_CASE("a 1 MB name is 400 VALIDATION_ERROR too_long") {
  auto& f = fx();
  std::string huge(kMiB, 'n');
  check_validation(f.server.post("/api/teams", obj({{"name", quote(huge)}}), f.user.auth()), "name", "too_long");
  check_validation(f.server.patch("/api/projects/" + f.ws.project_id, obj({{"name", quote(huge)}}), f.user.auth()),
                   "name", "too_long");
}

TEST_CASE("a name just over 200 characters is too_long and one of 200 is accepted") {
  auto& f = fx();
  check_validation(f.server.post("/api/teams", obj({{"name", quote(std::string(201, 'n'))}}), f.user.auth()), "name",
                   "too_long");
  auto ok = f.server.post("/api/teams", obj({{"name", quote(std::string(200, 'n'))}}), f.user.auth());
  CHECK(ok.status == 201);
  CHECK(ok.str("name") == std::string(200, 'n'));
}

TEST_CASE("a body of a few MB under the limit with an unknown huge field is accepted") {
  auto& f = fx();
  std::string body = obj({{"name", quote("Big Body Team")}, {"padding", quote(std::string(4 * kMiB, 'p'))}});
  auto r = f.server.post("/api/teams", body, f.user.auth());
  CHECK(r.status == 201);
  CHECK(r.str("name") == "Big Body Team");
  CHECK(r.body.find("pppp") == std::string::npos);
}

TEST_CASE("a 100 MB body announced by Content-Length is 413 PAYLOAD_TOO_LARGE before it is read") {
  auto& f = fx();
  auto raw = raw_exchange(f.server.port(),
                          post_head("/api/teams", f.user.token, "Content-Length: " + std::to_string(100 * kMiB) + "\r\n"),
                          100 * kMiB, false, "{\"name\":\"");
  Result r = as_result(raw);
  check_error(r, 413, "PAYLOAD_TOO_LARGE");
  CHECK(raw.body_bytes_sent < 100 * kMiB);  // answered without waiting for the whole body
  CHECK(raw.server_closed);                 // the unread body is not mistaken for a next request
  CHECK(raw.after.empty());
}

TEST_CASE("a 100 MB chunked body is 413 PAYLOAD_TOO_LARGE once it passes the limit") {
  auto& f = fx();
  auto raw = raw_exchange(f.server.port(), post_head("/api/teams", f.user.token, "Transfer-Encoding: chunked\r\n"),
                          100 * kMiB, true, "{\"name\":\"");
  Result r = as_result(raw);
  check_error(r, 413, "PAYLOAD_TOO_LARGE");
  CHECK(raw.body_bytes_sent >= 32 * kMiB);  // it was read up to the limit...
  CHECK(raw.body_bytes_sent < 100 * kMiB);  // ...and no further
  CHECK(raw.server_closed);                 // the rest of the body is not read as a next request
  CHECK(raw.after.empty());
}

TEST_CASE("a 100 MB chunked body is refused on routes that need no sign-in too") {
  auto& f = fx();
  auto raw = raw_exchange(f.server.port(),
                          "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n",
                          100 * kMiB, true, "{\"email\":\"");
  check_error(as_result(raw), 413, "PAYLOAD_TOO_LARGE");
  CHECK(raw.server_closed);
  CHECK(raw.after.empty());
}

TEST_CASE("a small chunked JSON body is read like any other") {
  auto& f = fx();
  auto raw = raw_exchange(f.server.port(), post_head("/api/teams", f.user.token, "Transfer-Encoding: chunked\r\n"), 0,
                          true, "{\"name\":\"Chunked Team\"}");
  Result r = as_result(raw);
  CHECK(r.status == 201);
  CHECK(r.str("name") == "Chunked Team");
}

TEST_CASE("a gzip-encoded request body is refused with 415") {
  auto& f = fx();
  // "{}" gzip-compressed; the server must refuse it without inflating anything.
  const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00\x00\x00", 22);
  auto r = f.server.request("POST", "/api/teams", gz, f.user.auth(), {{"Content-Encoding", "gzip"}});
  check_error(r, 415, "UNSUPPORTED_MEDIA_TYPE");
  auto br = f.server.request("POST", "/api/teams", R"({"name":"x"})", f.user.auth(), {{"Content-Encoding", "br"}});
  check_error(br, 415, "UNSUPPORTED_MEDIA_TYPE");
}

// ---------------------------------------------------------------- unknown fields, hostile text

TEST_CASE("unknown body fields are ignored, including ones that look like server fields") {
  auto& f = fx();
  auto r = f.server.post("/api/teams",
                         R"({"name":"Plain Team","id":"team_forgedforgedforged","createdAt":"1999-01-01T00:00:00Z",)"
                         R"("role":"owner","isAdmin":true,"nested":{"a":[1,2,{"b":null}]}})",
                         f.user.auth());
  CHECK(r.status == 201);
  CHECK(r.str("name") == "Plain Team");
  CHECK(r.str("id") != "team_forgedforgedforged");
  CHECK(r.str("createdAt") != "1999-01-01T00:00:00Z");
  CHECK(r.at("isAdmin") == nullptr);
}

TEST_CASE("SQL metacharacters in names are stored and returned exactly") {
  auto& f = fx();
  for (std::string name : {std::string("'; DROP TABLE users; --"), std::string("Robert'); DROP TABLE teams;--"),
                           std::string("\" OR \"1\"=\"1"), std::string("100% _wild_ \\ card"),
                           std::string("x' UNION SELECT password_hash FROM users --")}) {
    CAPTURE(name);
    auto t = f.server.post("/api/teams", obj({{"name", quote(name)}}), f.user.auth());
    REQUIRE(t.status == 201);
    CHECK(t.str("name") == name);
    CHECK(team_name_of(t.str("id")) == name);
    auto p = f.server.post("/api/projects", obj({{"name", quote(name)}, {"teamId", quote(t.str("id"))}}),
                           f.user.auth());
    REQUIRE(p.status == 201);
    CHECK(f.server.get("/api/projects/" + p.str("id"), f.user.auth()).str("name") == name);
  }
  // The tables are all still there.
  CHECK(f.server.get("/api/auth/me", f.user.auth()).status == 200);
  login(f.server, "hostile@input.test");
}

TEST_CASE("unicode names (emoji, right-to-left, CJK, combining marks) are stored and returned exactly") {
  auto& f = fx();
  for (std::string name : {std::string("Rocket team \xf0\x9f\x9a\x80\xf0\x9f\x94\xa5"),  // 🚀🔥
                           std::string("\xd9\x81\xd8\xb1\xd9\x8a\xd9\x82 \xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd8\xaa\xd8\xa8\xd8\xa7\xd8\xb1"),  // فريق الاختبار
                           std::string("\xe6\xb5\x8b\xe8\xaf\x95\xe5\x9b\xa2\xe9\x98\x9f"),  // 测试团队
                           std::string("\xe2\x80\xae" "RTL override"),                         // U+202E
                           std::string("e\xcc\x81" "quipe \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb")}) {  // é (combining), 👩‍💻
    CAPTURE(name);
    auto t = f.server.post("/api/teams", obj({{"name", quote(name)}}), f.user.auth());
    REQUIRE(t.status == 201);
    CHECK(t.str("name") == name);
    CHECK(team_name_of(t.str("id")) == name);
    auto p = f.server.post("/api/projects", obj({{"name", quote(name)}, {"teamId", quote(t.str("id"))}}),
                           f.user.auth());
    REQUIRE(p.status == 201);
    CHECK(f.server.get("/api/projects/" + p.str("id"), f.user.auth()).str("name") == name);
  }
}

TEST_CASE("unicode escapes in JSON are decoded before storing") {
  auto& f = fx();
  auto t = f.server.post("/api/teams", R"({"name":"caf\u00e9 \ud83d\ude80"})", f.user.auth());
  REQUIRE(t.status == 201);
  CHECK(t.str("name") == "caf\xc3\xa9 \xf0\x9f\x9a\x80");
}

TEST_CASE("an escaped NUL inside a name is kept whole, never truncating the name") {
  auto& f = fx();
  auto t = f.server.post("/api/teams", R"({"name":"before\u0000after"})", f.user.auth());
  REQUIRE(t.status == 201);
  const std::string want("before\0after", 12);
  CHECK(t.str("name") == want);
  CHECK(team_name_of(t.str("id")) == want);
  CHECK(t.body.find("before\\u0000after") != std::string::npos);  // escaped in the JSON output
}

// ---------------------------------------------------------------- routes and methods

TEST_CASE("an unknown API route is 404 NOT_FOUND with the error shape") {
  auto& f = fx();
  check_error(f.server.get("/api/does-not-exist"), 404, "NOT_FOUND");
  check_error(f.server.get("/api/does-not-exist", f.user.auth()), 404, "NOT_FOUND");
  check_error(f.server.post("/api/teams/extra/segments/here", "{}", f.user.auth()), 404, "NOT_FOUND");
  check_error(f.server.get("/api/teams/"), 404, "NOT_FOUND");
  check_error(f.server.get("/api/" + std::string(3000, 'a')), 404, "NOT_FOUND");
}

TEST_CASE("a wrong method is 405 METHOD_NOT_ALLOWED with an Allow header") {
  auto& f = fx();
  auto put = f.server.request("PUT", "/api/teams", R"({"name":"x"})", f.user.auth());
  check_error(put, 405, "METHOD_NOT_ALLOWED");
  CHECK(put.header("Allow") == "GET, POST");
  auto del = f.server.del("/api/projects", f.user.auth());
  check_error(del, 405, "METHOD_NOT_ALLOWED");
  CHECK(del.header("Allow") == "GET, POST");
  auto post = f.server.post("/healthz", "{}");
  check_error(post, 405, "METHOD_NOT_ALLOWED");
  CHECK(post.header("Allow") == "GET");
  auto put_project = f.server.request("PUT", "/api/projects/" + f.ws.project_id, "{}", f.user.auth());
  check_error(put_project, 405, "METHOD_NOT_ALLOWED");
  CHECK(put_project.header("Allow").find("PATCH") != std::string::npos);
  CHECK(put_project.header("Allow").find("DELETE") != std::string::npos);
}

TEST_CASE("a body on a GET request is refused with 400") {
  auto& f = fx();
  auto raw = raw_exchange(f.server.port(),
                          "GET /api/teams HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sb-access-token=" + f.user.token +
                              "\r\nContent-Length: 5\r\n\r\n",
                          0, false, "hello");
  Result r = as_result(raw);
  check_error(r, 400, "BAD_REQUEST");
}

TEST_CASE("a request line that is not HTTP gets an answer, not a crash") {
  auto& f = fx();
  auto raw = raw_exchange(f.server.port(), "THIS IS NOT HTTP\r\n\r\n", 0, false);
  CHECK(raw.status >= 400);
  CHECK(raw.status < 500);
}

// ---------------------------------------------------------------- and after all of it

TEST_CASE("after all the hostile input the server still answers /healthz") {
  auto& f = fx();
  auto r = f.server.get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.str("status") == "ok");
  CHECK(f.server.get("/api/auth/me", f.user.auth()).status == 200);
  CHECK(f.server.get("/api/projects/" + f.ws.project_id, f.user.auth()).str("name") == "Hostile Project");
}
