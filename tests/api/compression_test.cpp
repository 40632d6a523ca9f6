// gzip of API responses over real HTTP: a JSON body above 1 KiB comes gzip-compressed
// when the request accepts gzip (by name or *, not with q=0), with Vary: Accept-Encoding
// either way, and inflates to exactly the uncompressed answer; small bodies and clients
// that do not accept gzip get the plain body. Read through a raw socket so that no
// client library inflates it on the way.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "support/gzip.h"
#include "support/raw_http.h"
#include "support/results.h"
#include "support/server.h"

using namespace euriqa::test;
namespace rs = euriqa::test::results;

namespace {

std::string header_of(const RawResponse& r, const std::string& name) {
  auto head = lower(r.head);
  auto at = head.find("\r\n" + lower(name) + ":");
  if (at == std::string::npos) return "";
  auto start = at + 2 + name.size() + 1;
  auto end = head.find("\r\n", start);
  std::string v = r.head.substr(start, end - start);
  while (!v.empty() && v.front() == ' ') v.erase(v.begin());
  return v;
}

RawResponse get_raw(TestServer& s, const std::string& path, const std::string& cookie, const std::string& accept) {
  std::string head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sb-access-token=" + cookie +
                     "\r\nConnection: close\r\n" + (accept.empty() ? "" : "Accept-Encoding: " + accept + "\r\n") + "\r\n";
  return raw_exchange(s.port(), head, 0, false);
}

}  // namespace

TEST_CASE("a big JSON answer is gzipped for clients that accept it, and inflates to the plain answer") {
  TestServer s(rs::open_signup());
  auto t = rs::make_tenant(s, "gzip@example.com");
  auto run = rs::make_run(s, t.auth(), t.project());
  std::vector<std::string> items;
  for (int i = 0; i < 200; ++i) items.push_back(rs::test_item("Suite > compresses test number " + std::to_string(i)));
  REQUIRE(rs::post_batch(s, t.auth(), run, t.project(), items).status == 201);
  std::string path = "/api/tests?projectId=" + t.project() + "&runId=" + run + "&limit=200";

  auto plain = get_raw(s, path, t.owner.token, "");
  REQUIRE(plain.status == 200);
  CHECK(header_of(plain, "Content-Encoding").empty());
  CHECK(header_of(plain, "Vary") == "Accept-Encoding");
  REQUIRE(plain.body.size() > 20000);

  for (std::string accept : {"gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*", "identity, *;q=0.1"}) {
    CAPTURE(accept);
    auto zipped = get_raw(s, path, t.owner.token, accept);
    REQUIRE(zipped.status == 200);
    CHECK(header_of(zipped, "Content-Encoding") == "gzip");
    CHECK(header_of(zipped, "Vary") == "Accept-Encoding");
    CHECK(header_of(zipped, "Content-Length") == std::to_string(zipped.body.size()));
    CHECK(zipped.body.size() * 5 < plain.body.size());  // a list of similar rows shrinks well
    CHECK(gunzip(zipped.body) == plain.body);
  }
  for (std::string accept : {"gzip;q=0", "deflate, br", "*;q=0", "gzip;q=0.000, *"}) {
    CAPTURE(accept);
    auto r = get_raw(s, path, t.owner.token, accept);
    REQUIRE(r.status == 200);
    CHECK(header_of(r, "Content-Encoding").empty());  // gzip refused by name wins over *
    CHECK(r.body == plain.body);
  }
}

TEST_CASE("small answers and errors below the threshold go uncompressed") {
  TestServer s(rs::open_signup());
  auto t = rs::make_tenant(s, "small@example.com");
  auto me = get_raw(s, "/api/auth/me", t.owner.token, "gzip");
  REQUIRE(me.status == 200);
  CHECK(me.body.size() < 1024);
  CHECK(header_of(me, "Content-Encoding").empty());
  CHECK(me.body.front() == '{');
  auto missing = get_raw(s, "/api/runs/run_doesnotexist0000000000", t.owner.token, "gzip");
  CHECK(missing.status == 404);
  CHECK(header_of(missing, "Content-Encoding").empty());
  CHECK(missing.body.find("NOT_FOUND") != std::string::npos);
}
