// The embedded dashboard and trace viewer: served at / with deep links, content-hash
// ETags and 304s, long caching for hashed assets only, gzip when accepted, and the
// API's own 404s untouched.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <regex>

#include "support/server.h"

using namespace euriqa::test;

namespace {

// A raw client: no automatic Accept-Encoding or decompression, so tests see the wire.
httplib::Result raw_get(TestServer& s, const std::string& path, const httplib::Headers& h = {}) {
  httplib::Client cli("127.0.0.1", s.port());
  cli.set_decompress(false);
  return cli.Get(path, h);
}

// The first script the dashboard's index.html loads.
std::string first_script(const std::string& html) {
  std::smatch m;
  if (std::regex_search(html, m, std::regex(R"re(<script[^>]*src="(/assets/[^"]+\.js)")re"))) return m[1];
  return "";
}

}  // namespace

TEST_CASE("the dashboard's index is served at / without long caching") {
  TestServer s;
  auto r = raw_get(s, "/");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(r->get_header_value("Cache-Control") == "no-cache");
  CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(r->get_header_value("X-Frame-Options") == "DENY");
  CHECK(r->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
  CHECK_FALSE(first_script(r->body).empty());
}

TEST_CASE("deep links to dashboard routes serve the same index") {
  TestServer s;
  auto index = raw_get(s, "/");
  for (std::string path : {"/p/proj_abc/runs", "/p/proj_abc/runs/run_xyz", "/login", "/p/x/tests/test_1"}) {
    CAPTURE(path);
    auto r = raw_get(s, path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == index->body);
  }
}

TEST_CASE("unknown API paths and missing files still answer the JSON 404") {
  TestServer s;
  for (std::string path : {"/api/nope", "/api", "/assets/missing-123.js", "/favicon-none.png", "/trace/missing.js"}) {
    CAPTURE(path);
    auto r = s.get(path);
    CHECK(r.status == 404);
    CHECK(r.error_code() == "NOT_FOUND");
  }
}

TEST_CASE("hashed assets are cached for a year, with an ETag that answers 304") {
  TestServer s;
  std::string script = first_script(raw_get(s, "/")->body);
  REQUIRE_FALSE(script.empty());
  auto r = raw_get(s, script);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
  CHECK(r->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
  std::string etag = r->get_header_value("ETag");
  REQUIRE(etag.size() > 2);
  auto again = raw_get(s, script, {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  auto other = raw_get(s, script, {{"If-None-Match", "\"something-else\""}});
  CHECK(other->status == 200);
}

TEST_CASE("assets are gzip-compressed only for clients that accept it") {
  TestServer s;
  std::string script = first_script(raw_get(s, "/")->body);
  auto plain = raw_get(s, script);
  auto packed = raw_get(s, script, {{"Accept-Encoding", "gzip, deflate, br"}});
  REQUIRE(plain);
  REQUIRE(packed);
  CHECK(plain->get_header_value("Content-Encoding").empty());
  CHECK(packed->get_header_value("Content-Encoding") == "gzip");
  CHECK(packed->get_header_value("Vary") == "Accept-Encoding");
  CHECK(packed->body.size() < plain->body.size());
  REQUIRE(packed->body.size() > 2);
  CHECK(static_cast<unsigned char>(packed->body[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(packed->body[1]) == 0x8b);
  // The library's own decompression gives back the exact file.
  httplib::Client cli("127.0.0.1", s.port());
  auto decoded = cli.Get(script, {{"Accept-Encoding", "gzip"}});
  CHECK(decoded->body == plain->body);
}

TEST_CASE("the trace viewer is served under /trace/ and may frame itself") {
  TestServer s;
  auto redirect = raw_get(s, "/trace");
  REQUIRE(redirect);
  CHECK(redirect->status == 301);
  CHECK(redirect->get_header_value("Location") == "/trace/");
  for (std::string path : {"/trace/", "/trace/index.html"}) {
    CAPTURE(path);
    auto r = raw_get(s, path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(r->get_header_value("X-Frame-Options") == "SAMEORIGIN");
    CHECK(r->body.find("<script") != std::string::npos);
  }
  auto sw = raw_get(s, "/trace/sw.bundle.js");
  REQUIRE(sw);
  CHECK(sw->status == 200);
  CHECK(sw->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
  CHECK(sw->get_header_value("Cache-Control") == "no-cache");
}

TEST_CASE("HEAD on the dashboard answers headers without a body") {
  TestServer s;
  httplib::Client cli("127.0.0.1", s.port());
  auto r = cli.Head("/p/x/runs");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.empty());
  CHECK(r->get_header_value("Content-Type").rfind("text/html", 0) == 0);
}

TEST_CASE("writes to dashboard paths are not served by it") {
  TestServer s;
  auto r = s.post("/p/x/runs", "{}");
  CHECK(r.status == 404);
  CHECK(r.error_code() == "NOT_FOUND");
}
