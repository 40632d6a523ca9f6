// src/http/request_head.h: the request line and header fields parse strictly — what
// lenient servers accept and proxies read differently (smuggling), or what would let
// a client stall a worker, is refused with the right status.
#include <doctest/doctest.h>

#include "http/request_head.h"

using namespace euriqa::http;

namespace {

RequestHead ok(const std::string& head) {
  auto [h, e] = parse_request_head(head);
  INFO("head: ", head, " error: ", e.status, " ", e.message);
  REQUIRE(h.has_value());
  return *h;
}

int refused(const std::string& head) {
  auto [h, e] = parse_request_head(head);
  INFO("head: ", head);
  CHECK_FALSE(h.has_value());
  return e.status;
}

}  // namespace

TEST_CASE("a simple GET parses into method, path, query and headers") {
  auto h = ok("GET /api/runs?projectId=p%201&status=failed HTTP/1.1\r\nHost: x\r\nX-Api-Key:  k  \r\n\r\n");
  CHECK(h.method == "GET");
  CHECK(h.path == "/api/runs");
  CHECK(h.query == "projectId=p%201&status=failed");
  CHECK(h.header("host") == "x");
  CHECK(h.header("X-API-KEY") == "k");  // names case-insensitive, values trimmed
  CHECK_FALSE(h.header("Cookie").has_value());
  CHECK(h.keep_alive);
  CHECK_FALSE(h.content_length.has_value());
  CHECK_FALSE(h.chunked);
}

TEST_CASE("the path is percent-decoded, the query kept raw, and query_param decodes") {
  auto h = ok("GET /artifacts/a%20b/na%2Fme.png?token=a%2Bb+c&x HTTP/1.1\r\n\r\n");
  CHECK(h.path == "/artifacts/a b/na/me.png");
  CHECK(query_param(h.query, "token") == "a+b c");
  CHECK(query_param(h.query, "x") == "");
  CHECK_FALSE(query_param(h.query, "y").has_value());
  CHECK(query_param("a=1&a=2", "a") == "1");  // the first value
}

TEST_CASE("a NUL in the decoded path is refused") { CHECK(refused("GET /a%00b HTTP/1.1\r\n\r\n") == 400); }

TEST_CASE("leading empty lines before a request are skipped") {
  std::string text = "\r\n\r\nGET / HTTP/1.1\r\n\r\n";
  auto end = find_head_end(text);
  REQUIRE(end.has_value());
  CHECK(*end == text.size());
  CHECK(ok(text).path == "/");
}

TEST_CASE("find_head_end needs the empty line") {
  CHECK_FALSE(find_head_end("GET / HTTP/1.1\r\nHost: x\r\n").has_value());
  CHECK(find_head_end("GET / HTTP/1.1\r\n\r\nBODY") == 18u);
}

TEST_CASE("Content-Length must be digits, once (or repeated identically)") {
  CHECK(ok("POST /x HTTP/1.1\r\nContent-Length: 12\r\n\r\n").content_length == 12u);
  CHECK(ok("POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n").content_length == 5u);
  CHECK(refused("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.1\r\nContent-Length: +5\r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.1\r\nContent-Length: \r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.1\r\nContent-Length: 9999999999999999999\r\n\r\n") == 400);
}

TEST_CASE("Transfer-Encoding: only chunked, never beside Content-Length, not in HTTP/1.0") {
  CHECK(ok("POST /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n").chunked);
  CHECK(refused("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501);
  CHECK(refused("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
  CHECK(refused("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
}

TEST_CASE("folded, nameless, spaced or control-character header lines are refused") {
  CHECK(refused("GET / HTTP/1.1\r\nX-A: 1\r\n continued\r\n\r\n") == 400);
  CHECK(refused("GET / HTTP/1.1\r\n: novalue\r\n\r\n") == 400);
  CHECK(refused("GET / HTTP/1.1\r\nX-A : 1\r\n\r\n") == 400);
  CHECK(refused("GET / HTTP/1.1\r\nNoColon\r\n\r\n") == 400);
  CHECK(refused(std::string("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 29)) == 400);
  CHECK(refused("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n") == 400);
  CHECK(ok("GET / HTTP/1.1\r\nX-A: caf\xc3\xa9\tok\r\n\r\n").header("X-A") == "caf\xc3\xa9\tok");
}

TEST_CASE("the request line must have exactly three parts and a known version") {
  CHECK(refused("GET /\r\n\r\n") == 400);
  CHECK(refused("GET  / HTTP/1.1\r\n\r\n") == 400);
  CHECK(refused("GET / HTTP/1.1 extra\r\n\r\n") == 400);
  CHECK(refused("G@T / HTTP/1.1\r\n\r\n") == 400);
  CHECK(refused("GET / HTTP/2.0\r\n\r\n") == 505);
  CHECK(refused("GET / HTTPS/1.1\r\n\r\n") == 400);
  CHECK(refused("GET nopath HTTP/1.1\r\n\r\n") == 400);
  CHECK(refused("THIS IS NOT HTTP\r\n\r\n") == 400);
}

TEST_CASE("absolute-form targets are reduced to their path; * only for OPTIONS") {
  CHECK(ok("GET http://example.com/api/x?a=1 HTTP/1.1\r\n\r\n").path == "/api/x");
  CHECK(ok("GET http://example.com HTTP/1.1\r\n\r\n").path == "/");
  CHECK(ok("OPTIONS * HTTP/1.1\r\n\r\n").path == "*");
  CHECK(refused("GET * HTTP/1.1\r\n\r\n") == 400);
  CHECK(refused("GET ftp://example.com/ HTTP/1.1\r\n\r\n") == 400);
}

TEST_CASE("long targets are 414, too many headers or a large head 431") {
  CHECK(refused("GET /" + std::string(kMaxTargetBytes, 'a') + " HTTP/1.1\r\n\r\n") == 414);
  std::string many = "GET / HTTP/1.1\r\n";
  for (size_t i = 0; i <= kMaxHeaderFields; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  CHECK(refused(many + "\r\n") == 431);
  CHECK(refused("GET / HTTP/1.1\r\nX-Big: " + std::string(kMaxHeadBytes, 'v') + "\r\n\r\n") == 431);
}

TEST_CASE("keep-alive follows the version and Connection tokens") {
  CHECK_FALSE(ok("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
  CHECK_FALSE(ok("GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n").keep_alive);
  CHECK_FALSE(ok("GET / HTTP/1.0\r\n\r\n").keep_alive);
  CHECK(ok("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive);
  CHECK(ok("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expect_continue);
}

TEST_CASE("header_list joins a repeated header in order") {
  auto h = ok("GET / HTTP/1.1\r\nX-Forwarded-For: 1.1.1.1\r\nx-forwarded-for: 2.2.2.2, 3.3.3.3\r\n\r\n");
  CHECK(h.header_list("X-Forwarded-For") == "1.1.1.1, 2.2.2.2, 3.3.3.3");
  CHECK_FALSE(h.header_list("Via").has_value());
}

TEST_CASE("percent_decode leaves invalid escapes and decodes plus only for queries") {
  CHECK(percent_decode("a%2", false) == "a%2");
  CHECK(percent_decode("%zz%41", false) == "%zzA");
  CHECK(percent_decode("a+b", false) == "a+b");
  CHECK(percent_decode("a+b", true) == "a b");
  CHECK(percent_decode("%", true) == "%");
}
