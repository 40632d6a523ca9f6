// HTML reports opened in the browser over real HTTP (api/reports.cpp): a report
// artifact's viewUrl serves each file of the uploaded zip — deflated files as gzip that
// inflates to the original, stored ones byte for byte, without gzip unpacked; HTML after
// a script that stands in for the storage an opaque origin lacks — as a
// sandboxed document (scripts, no same origin), from the report's own folder when the
// zip holds a playwright-report/ folder; its trace links go to the server's viewer; a
// missing file is 404, an altered link 403, another artifact no report, a damaged zip
// 422, and a path that climbs out of the report finds nothing.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <zlib.h>

#include <cctype>
#include <string>
#include <vector>

#include "support/files.h"
#include "support/gzip.h"
#include "support/raw_http.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::files;

namespace {

// A file of a report, deflated as zip tools do (raw deflate).
ZipItem deflated(const std::string& name, const std::string& content) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, content.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  z.avail_in = static_cast<uInt>(content.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return ZipItem{name, out, 8, crc32(content), static_cast<uint32_t>(content.size())};
}

ZipItem stored(const std::string& name, const std::string& content) {
  return ZipItem{name, content, 0, crc32(content), static_cast<uint32_t>(content.size())};
}

// A page big enough that deflate matters, with the report's usual script.
const std::string kIndex = "<!DOCTYPE html><html><head><title>Playwright Test Report</title></head><body>" +
                           std::string(20000, 'x') + "<script>window.report = 1;</script></body></html>";
const std::string kScript = "console.log('report app');\n" + std::string(5000, ';');

struct World {
  TestServer s;
  Session owner;
  Workspace ws;
  std::string key, run;
  Auth auth() const { return Auth::key(key); }
};

void make_world(World& w) {
  w.owner = register_user(w.s, "owner@example.com");
  w.ws = create_workspace(w.s, w.owner, "Team", "Web");
  w.key = create_key(w.s, w.owner, w.ws.project_id, "member");
  auto r = w.s.post("/api/runs", obj({{"projectId", quote(w.ws.project_id)}, {"status", quote("passed")}}), w.auth());
  REQUIRE(r.status == 201);
  w.run = r.str("id");
}

Result upload_as(World& w, const std::string& type, const std::string& name, const std::string& content) {
  auto r = upload(w.s, w.auth(), upload_of(type, w.run, w.ws.project_id, name, content));
  REQUIRE_MESSAGE(r.status == 201, r.status << " " << r.body);
  return r;
}

RawResponse get(World& w, const std::string& path, bool gzip) {
  std::string head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                     (gzip ? "Accept-Encoding: gzip, deflate, br\r\n" : "") + "\r\n";
  return raw_exchange(w.s.port(), head, 0, false);
}

// Every byte but RFC 3986's unreserved characters as %XX, as the server encodes.
std::string percent_encode_all(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// An HTML file as the server sends it: after a first script that gives the sandboxed
// page an in-memory localStorage. Returns the file's own bytes after it ("<no shim>"
// when it is missing).
std::string without_shim(const std::string& body) {
  const std::string start = "<!DOCTYPE html><script>", end = "</script>\n";
  auto at = body.find(end);
  if (!body.starts_with(start) || at == std::string::npos || body.find("localStorage") > at) return "<no shim>";
  return body.substr(at + end.size());
}

bool is_error(const RawResponse& raw, int status) {
  auto r = as_result(raw);
  return raw.status == status && !r.error_code().empty() && r.at("error.message");
}

}  // namespace

TEST_CASE("a report opens in the browser from its zip: gzip as stored, plain when not accepted, sandboxed") {
  World w;
  make_world(w);
  std::string png = png_1x1();
  auto report = upload_as(w, "report", "report.zip",
                          zip_archive({deflated("index.html", kIndex), deflated("assets/app.js", kScript),
                                       stored("data/shot.png", png), stored("data/page.html", "<p>stored</p>")}));
  std::string view = url_path(report.str("viewUrl"));
  REQUIRE_MESSAGE(view.rfind("/reports/" + report.str("id") + "/", 0) == 0, report.body);
  CHECK(view.back() == '/');

  SUBCASE("the page, as gzip that inflates to the original") {
    auto raw = get(w, view, true);
    auto r = as_result(raw);
    REQUIRE_MESSAGE(raw.status == 200, raw.head);
    CHECK(r.header("Content-Encoding") == "gzip");
    CHECK(r.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(raw.body.size() < kIndex.size() / 4);
    CHECK(without_shim(gunzip(raw.body)) == kIndex);
    std::string csp = r.header("Content-Security-Policy");
    CHECK(csp.find("sandbox allow-scripts") != std::string::npos);
    CHECK(csp.find("allow-same-origin") == std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);  // no other site frames it
    CHECK(r.header("Referrer-Policy") == "no-referrer");
    CHECK(r.header("X-Content-Type-Options") == "nosniff");
  }
  SUBCASE("the same files unpacked for a client without gzip, index.html by name too") {
    auto raw = get(w, view + "index.html", false);
    CHECK(raw.status == 200);
    CHECK(as_result(raw).header("Content-Encoding").empty());
    CHECK(without_shim(raw.body) == kIndex);
    auto js = get(w, view + "assets/app.js", false);
    CHECK(js.status == 200);
    CHECK(as_result(js).header("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(js.body == kScript);
  }
  SUBCASE("a stored file byte for byte, whatever the client accepts") {
    auto raw = get(w, view + "data/shot.png", true);
    CHECK(raw.status == 200);
    CHECK(as_result(raw).header("Content-Type") == "image/png");
    CHECK(as_result(raw).header("Content-Encoding").empty());
    CHECK(raw.body == png);
    CHECK(without_shim(get(w, view + "data/page.html", true).body) == "<p>stored</p>");
  }
  SUBCASE("the report's trace viewer links open the server's own viewer") {
    std::string trace = "http://127.0.0.1/reports/x/1/t/data/abc.zip";
    auto raw = get(w, view + "trace/index.html?trace=" + percent_encode_all(trace), false);
    CHECK(raw.status == 302);
    CHECK(as_result(raw).header("Location") == "/trace/index.html?trace=" + percent_encode_all(trace));
  }
  SUBCASE("a file the report does not hold, or a path climbing out of it, is 404") {
    CHECK(is_error(get(w, view + "data/missing.png", true), 404));
    CHECK(is_error(get(w, view + "../../../../etc/passwd", true), 404));
    CHECK(is_error(get(w, view + "data/../../index.html", true), 404));
  }
  SUBCASE("an altered or foreign signature is 403 with the error shape") {
    std::string id = report.str("id");
    auto parts_at = view.find('/', view.find(id) + id.size() + 1);  // after the expiry
    std::string expires = view.substr(view.find(id) + id.size() + 1, parts_at - view.find(id) - id.size() - 1);
    std::string token = view.substr(parts_at + 1, view.size() - parts_at - 2);
    CHECK(is_error(get(w, "/reports/" + id + "/" + std::to_string(std::stoll(expires) + 1) + "/" + token + "/", true), 403));
    // The token's first character changed (to one it cannot already be).
    std::string altered = (token[0] == 'x' ? "y" : "x") + token.substr(1);
    CHECK(is_error(get(w, "/reports/" + id + "/" + expires + "/" + altered + "/", true), 403));
    auto other = upload_as(w, "report", "other.zip", zip_archive({deflated("index.html", "<p>other</p>")}));
    // Another report's signature does not open this one.
    std::string other_view = url_path(other.str("viewUrl"));
    std::string other_sig = other_view.substr(other_view.find(other.str("id")) + other.str("id").size());
    CHECK(is_error(get(w, "/reports/" + id + other_sig, true), 403));
  }
}

TEST_CASE("a zip of the playwright-report folder opens at its index; other artifacts are not reports") {
  World w;
  make_world(w);
  auto report = upload_as(w, "report", "pw.zip",
                          zip_archive({deflated("playwright-report/data/a.txt", "attachment"),
                                       deflated("playwright-report/index.html", kIndex),
                                       deflated("playwright-report/trace/index.html", "<p>bundled viewer</p>")}));
  std::string view = url_path(report.str("viewUrl"));
  auto page = get(w, view, true);
  REQUIRE(page.status == 200);
  CHECK(without_shim(gunzip(page.body)) == kIndex);
  CHECK(gunzip(get(w, view + "data/a.txt", true).body) == "attachment");

  // A trace artifact is a zip too, but neither has a viewUrl nor opens as a report.
  auto trace = upload_as(w, "trace", "trace.zip", zip_stored("trace.trace", "{}"));
  CHECK(trace.at("viewUrl") == nullptr);
  std::string trace_sig = url_path(trace.str("url"));
  std::string expires = trace_sig.substr(trace_sig.find("expires=") + 8);
  expires = expires.substr(0, expires.find('&'));
  std::string token = trace_sig.substr(trace_sig.find("token=") + 6);
  CHECK(is_error(get(w, "/reports/" + trace.str("id") + "/" + expires + "/" + token + "/", true), 404));
  // Listing the run's artifacts gives the same fresh viewUrl.
  auto list = w.s.get("/api/artifacts?runId=" + w.run, w.auth());
  CHECK(list.body.find("/reports/" + report.str("id") + "/") != std::string::npos);
}

TEST_CASE("a damaged report zip is 422 and the server goes on serving") {
  World w;
  make_world(w);
  // The right first bytes (the upload sniffs them) but no directory at the end.
  std::string damaged = zip_stored("index.html", kIndex);
  damaged.resize(damaged.size() - 10);
  auto report = upload_as(w, "report", "damaged.zip", damaged);
  CHECK(is_error(get(w, url_path(report.str("viewUrl")), true), 422));
  // A directory that points past the file's end.
  std::string lying = zip_archive({deflated("index.html", kIndex)});
  lying[lying.size() - 3] = '\x7f';  // the directory offset's high byte
  auto report2 = upload_as(w, "report", "lying.zip", lying);
  CHECK(is_error(get(w, url_path(report2.str("viewUrl")), true), 422));
  CHECK(w.s.get("/healthz").status == 200);
}
