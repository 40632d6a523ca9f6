// Artifacts over real HTTP (docs/openapi.yaml "Artifacts"; contract §3, §7): upload of every
// accepted format built as a real minimal file, refusal by content (magic bytes) and by
// size (exactly at the limit / one byte over, nothing kept), interrupted uploads,
// hostile file names, signed download URLs (headers, ETag, Range, CORS, tampering,
// expiry), list/get/delete, roles and tenancy, deletion with runs and projects,
// orphan sweep and retention at start, and `euriqa backup` with the files.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <SQLiteCpp/Database.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/files.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::files;
namespace fs = std::filesystem;

namespace {

constexpr size_t kMiB = 1024 * 1024;

// An owner with a team, a project, a member API key and one running run.
struct World {
  Session owner;
  Workspace ws;
  std::string key;
  std::string run;
  Auth auth() const { return Auth::key(key); }
};

std::string make_run(TestServer& s, const Auth& a, const std::string& project_id) {
  auto r = s.post("/api/runs", obj({{"projectId", quote(project_id)}, {"status", quote("running")}}), a);
  REQUIRE_MESSAGE(r.status == 201, "create run: " << r.status << " " << r.body);
  return r.str("id");
}

std::string make_test(TestServer& s, const Auth& a, const std::string& run_id, const std::string& project_id,
                      const std::string& title = "works") {
  auto r = s.post("/api/tests",
                  obj({{"runId", quote(run_id)},
                       {"projectId", quote(project_id)},
                       {"title", quote(title)},
                       {"fullTitle", quote("Suite > " + title)},
                       {"filePath", quote("tests/a.spec.ts")},
                       {"status", quote("passed")},
                       {"duration", "12"}}),
                  a);
  REQUIRE_MESSAGE(r.status == 201, "create test: " << r.status << " " << r.body);
  return r.str("id");
}

World make_world(TestServer& s, const std::string& email = "owner@example.com", const std::string& team = "Team") {
  World w;
  w.owner = register_user(s, email);
  w.ws = create_workspace(s, w.owner, team, "Web");
  w.key = create_key(s, w.owner, w.ws.project_id, "member");
  w.run = make_run(s, w.auth(), w.ws.project_id);
  return w;
}

Upload file_upload(const World& w, const std::string& type, const std::string& name, const std::string& content) {
  return upload_of(type, w.run, w.ws.project_id, name, content);
}

// Uploads and requires 201; returns the response.
Result upload_ok(TestServer& s, const World& w, const std::string& type, const std::string& name,
                 const std::string& content) {
  auto r = upload(s, w.auth(), file_upload(w, type, name, content));
  REQUIRE_MESSAGE(r.status == 201, "upload " << name << ": " << r.status << " " << r.body);
  return r;
}

bool is_id(const std::string& id, const std::string& prefix) {
  if (id.rfind(prefix, 0) != 0 || id.size() < prefix.size() + 16) return false;
  return std::all_of(id.begin() + static_cast<long>(prefix.size()), id.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

bool is_time(const std::string& t) {
  return t.size() >= 20 && t.back() == 'Z' && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' &&
         t[16] == ':';
}

int64_t num(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  return v && v->IsInt64() ? v->GetInt64() : -1;
}

bool is_error(const Result& r, int status, const std::string& code = "") {
  bool shape = r.at("error.code") && r.at("error.message") && !r.error_code().empty();
  return r.status == status && shape && (code.empty() || r.error_code() == code);
}

bool is_validation(const Result& r, const std::string& field) {
  return is_error(r, 400, "VALIDATION_ERROR") && r.str("error.details.field") == field;
}

Result download(TestServer& s, const std::string& url, const httplib::Headers& h = {}) {
  return s.request("GET", url_path(url), "", Auth::none(), h);
}

void check_artifact_fields(const Result& r, const std::string& type, const std::string& name, size_t size,
                           const std::string& mime) {
  CHECK(is_id(r.str("id"), "artifact_"));
  CHECK(r.str("type") == type);
  CHECK(r.str("fileName") == name);
  CHECK(num(r, "fileSize") == static_cast<int64_t>(size));
  CHECK(r.str("mimeType") == mime);
  CHECK(r.str("url").find("/artifacts/" + r.str("id") + "/") != std::string::npos);
  CHECK(r.str("url").find("token=") != std::string::npos);
  CHECK(r.str("url").find("expires=") != std::string::npos);
  CHECK(is_time(r.str("expiresAt")));
  CHECK(is_time(r.str("createdAt")));
  CHECK(r.str("expiresAt") > r.str("createdAt"));
}

std::vector<std::string> ids_in(const Result& r, const std::string& path = "data") {
  std::vector<std::string> out;
  const auto* v = r.at(path);
  if (!v || !v->IsArray()) return out;
  for (const auto& item : v->GetArray())
    if (item.IsObject() && item.HasMember("id") && item["id"].IsString()) out.push_back(item["id"].GetString());
  return out;
}

// The quoted filename="..." of a Content-Disposition value.
std::string quoted_filename(const std::string& cd) {
  auto at = cd.find("filename=\"");
  if (at == std::string::npos) return "<none>";
  auto start = at + 10;
  auto end = cd.find('"', start);
  return end == std::string::npos ? "<unterminated>" : cd.substr(start, end - start);
}

bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// A config file with `settings` (JSON members, without braces) and every rate limit off,
// as TestServer does when a test brings no config of its own.
std::string write_config(const std::string& dir, const std::string& settings) {
  std::string path = dir + "/config.json";
  std::ofstream(path) << "{" << settings
                      << R"(,"rateLimits":{"runsRead":0,"runsWrite":0,"testsRead":0,"testsWrite":0,)"
                      << R"("uploads":0,"projectsTeams":0,"apiKeysWebhooks":0,"flakiness":0}})";
  return path;
}

}  // namespace

// ------------------------------------------------------------------ formats

TEST_CASE("every accepted format uploads with the reference's fields and downloads byte for byte") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  struct Case {
    std::string type, name, content, mime;
  };
  std::vector<Case> cases = {
      {"screenshot", "shot.png", png_1x1(), "image/png"},
      {"screenshot", "shot.jpg", jpeg_min(), "image/jpeg"},
      {"screenshot", "shot.JPEG", jpeg_min(), "image/jpeg"},
      {"screenshot", "shot.webp", webp_1x1(), "image/webp"},
      {"screenshot", "shot.gif", gif_1x1(), "image/gif"},
      {"video", "clip.webm", webm_min(), "video/webm"},
      {"video", "clip.mp4", mp4_min(), "video/mp4"},
      {"video", "clip.avi", avi_min(), "video/x-msvideo"},
      {"video", "clip.mov", mov_min(), "video/quicktime"},
      {"trace", "trace.zip", zip_stored("trace.trace", "{\"type\":\"context-options\"}\n"), "application/zip"},
      {"report", "report.zip", zip_empty(), "application/zip"},
      {"report", "index-report.zip", zip_stored("index.html", "<html></html>"), "application/zip"},
  };
  std::set<std::string> ids;
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto r = upload_ok(s, w, c.type, c.name, c.content);
    check_artifact_fields(r, c.type, c.name, c.content.size(), c.mime);
    CHECK(r.str("runId") == w.run);
    CHECK(r.str("projectId") == w.ws.project_id);
    CHECK(r.is_null("testId"));
    ids.insert(r.str("id"));
    // Stored under DATA/blobs/<last two characters of the id>/<id>, complete.
    CHECK(read_file(blob_path(s, r.str("id"))) == c.content);
    auto d = download(s, r.str("url"));
    CHECK(d.status == 200);
    CHECK(d.body == c.content);
    CHECK(d.header("Content-Type") == c.mime);
  }
  CHECK(ids.size() == cases.size());
  CHECK(temp_files(s).empty());

  // The same files with the session cookie and without projectId on the key work too.
  auto by_session = upload(s, w.owner.auth(), file_upload(w, "screenshot", "s.png", png_1x1()));
  CHECK(by_session.status == 201);
  Upload no_project = file_upload(w, "screenshot", "k.png", png_1x1());
  no_project.project_id.clear();
  CHECK(upload(s, w.auth(), no_project).status == 201);
  // A session has no project of its own: projectId is required.
  CHECK(is_validation(upload(s, w.owner.auth(), no_project), "projectId"));
}

TEST_CASE("signed URLs use --base-url when it is set") {
  TestServer s({"--signup", "open", "--base-url", "https://euriqa.example.com"});
  auto w = make_world(s);
  auto r = upload_ok(s, w, "screenshot", "my shot.png", png_1x1());
  CHECK(r.str("url").rfind("https://euriqa.example.com/artifacts/" + r.str("id") + "/my%20shot.png?expires=", 0) == 0);
  auto d = download(s, r.str("url"));
  CHECK(d.status == 200);
  CHECK(d.body == png_1x1());
}

TEST_CASE("a file whose content is not an accepted format of its type is refused with nothing kept") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  auto refused = [&](const std::string& type, const std::string& name, const std::string& content) {
    CAPTURE(type);
    CAPTURE(name);
    auto r = upload(s, w.auth(), file_upload(w, type, name, content));
    CHECK(is_validation(r, "file"));
  };
  refused("screenshot", "doc.pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n");
  refused("screenshot", "doc.png", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n");
  refused("video", "shot.png", png_1x1());
  refused("screenshot", "report.zip", zip_empty());
  refused("trace", "clip.webm", webm_min());
  refused("report", "shot.gif", gif_1x1());
  refused("video", "report.zip", zip_stored("a", "b"));
  // The name claims one format, the bytes are another (or none).
  refused("screenshot", "x.png", jpeg_min());
  refused("screenshot", "x.png", "this is not an image at all, only text bytes");
  refused("screenshot", "x.gif", png_1x1());
  refused("video", "x.webm", mp4_min());
  refused("screenshot", "x.png", std::string("\x89PN", 3));  // a truncated signature
  // HTML or SVG pretending to be a screenshot.
  refused("screenshot", "x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
  refused("screenshot", "x.png", "<html><script>alert(1)</script></html>");

  // Missing or bad fields.
  auto no_file = post_multipart(s, w.auth(), {{"type", "screenshot", "", ""}, {"runId", w.run, "", ""}});
  CHECK(is_validation(no_file, "file"));
  Upload no_type = file_upload(w, "", "a.png", png_1x1());
  CHECK(is_validation(upload(s, w.auth(), no_type), "type"));
  CHECK(is_validation(upload(s, w.auth(), file_upload(w, "picture", "a.png", png_1x1())), "type"));
  Upload no_run = file_upload(w, "screenshot", "a.png", png_1x1());
  no_run.run_id.clear();
  CHECK(is_validation(upload(s, w.auth(), no_run), "runId"));
  CHECK(is_validation(upload(s, w.auth(), file_upload(w, "screenshot", "empty.png", "")), "file"));
  // Not multipart at all.
  auto json = s.post("/api/upload", obj({{"type", quote("screenshot")}}), w.auth());
  CHECK(json.status == 400);
  // No credentials.
  CHECK(is_error(upload(s, Auth::none(), file_upload(w, "screenshot", "a.png", png_1x1())), 401));

  CHECK(stored_files(s).empty());
  CHECK(eventually([&] { return temp_files(s).empty(); }));
  auto list = s.get("/api/artifacts?runId=" + w.run, w.auth());
  CHECK(list.status == 200);
  CHECK(ids_in(list).empty());
}

// ------------------------------------------------------------------ sizes

TEST_CASE("size limits: exactly at the limit is accepted, one byte over is 413 with nothing kept") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  std::string png_sig = std::string("\x89PNG\r\n\x1a\n", 8);
  std::string at_limit = pad_to(png_sig, 5 * kMiB);

  auto ok = upload_ok(s, w, "screenshot", "big.png", at_limit);
  CHECK(num(ok, "fileSize") == static_cast<int64_t>(5 * kMiB));
  CHECK(fs::file_size(blob_path(s, ok.str("id"))) == 5 * kMiB);
  auto before = stored_files(s);
  CHECK(before.size() == 1);

  auto over = upload(s, w.auth(), file_upload(w, "screenshot", "big.png", at_limit + "x"));
  CHECK(is_error(over, 413, "PAYLOAD_TOO_LARGE"));
  CHECK(stored_files(s) == before);
  CHECK(eventually([&] { return temp_files(s).empty(); }));

  SUBCASE("type sent after the file: the type's limit still applies") {
    auto r = post_multipart(s, w.auth(),
                            {{"runId", w.run, "", ""},
                             {"file", pad_to(jpeg_min(), 5 * kMiB + 1), "late.jpg", "image/jpeg"},
                             {"type", "screenshot", "", ""}});
    CHECK(is_error(r, 413, "PAYLOAD_TOO_LARGE"));
  }
  SUBCASE("a trace one byte over 50 MiB") {
    auto r = upload(s, w.auth(), file_upload(w, "trace", "t.zip", pad_to(zip_empty(), 50 * kMiB + 1)));
    CHECK(is_error(r, 413, "PAYLOAD_TOO_LARGE"));
    auto at = upload(s, w.auth(), file_upload(w, "trace", "t.zip", pad_to(zip_empty(), 50 * kMiB)));
    CHECK(at.status == 201);
  }
  SUBCASE("a body announced larger than any artifact is refused before it is read") {
    int fd = connect_loopback(s.port());
    REQUIRE(fd >= 0);
    std::string head = "POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + w.key +
                       "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary +
                       "\r\nContent-Length: " + std::to_string(300 * kMiB) + "\r\n\r\n";
    CHECK(send_all(fd, head));
    auto resp = read_response(fd);
    ::close(fd);
    CHECK(status_of(resp) == 413);
    CHECK(resp.find("PAYLOAD_TOO_LARGE") != std::string::npos);
  }
  auto list = s.get("/api/artifacts?runId=" + w.run, w.auth());
  CHECK(ids_in(list).size() == stored_files(s).size());
  CHECK(eventually([&] { return temp_files(s).empty(); }));
}

TEST_CASE("a client that disconnects mid-upload leaves no artifact and no file") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  for (const std::string type : {"screenshot", "report"}) {
    CAPTURE(type);
    int fd = connect_loopback(s.port());
    REQUIRE(fd >= 0);
    std::string content_start = pad_to(type == "screenshot" ? png_1x1() : zip_empty(), 1 * kMiB);
    std::string fields = part_head({"type", "", "", ""}) + type + "\r\n" + part_head({"runId", "", "", ""}) + w.run +
                         "\r\n" + part_head({"projectId", "", "", ""}) + w.ws.project_id + "\r\n" +
                         part_head({"file", "", "partial.bin", "application/octet-stream"});
    std::string head = "POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + w.key +
                       "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary +
                       "\r\nContent-Length: " + std::to_string(4 * kMiB) + "\r\n\r\n";
    REQUIRE(send_all(fd, head + fields + content_start));
    // The upload is under way: its temp file exists.
    CHECK(eventually([&] { return !temp_files(s).empty(); }));
    ::close(fd);
    CHECK(eventually([&] { return temp_files(s).empty(); }));
    CHECK(stored_files(s).empty());
  }
  auto list = s.get("/api/artifacts?runId=" + w.run, w.auth());
  CHECK(list.status == 200);
  CHECK(ids_in(list).empty());
  // The server is still fine.
  CHECK(upload(s, w.auth(), file_upload(w, "screenshot", "after.png", png_1x1())).status == 201);
}

// ------------------------------------------------------------------ names

TEST_CASE("hostile file names are stored safely and download with a safe Content-Disposition") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  std::string long_name = std::string(300, 'a') + ".png";
  std::string long_unicode;
  for (int i = 0; i < 200; ++i) long_unicode += "\xD1\x8F";  // "я" x 200 = 400 bytes
  long_unicode += ".png";
  struct Case {
    std::string sent, expect;
  };
  std::vector<Case> cases = {
      {"../../x.png", "x.png"},
      {"/etc/passwd.png", "passwd.png"},
      {"..\\..\\win.png", "win.png"},
      {std::string("nul\0byte.png", 12), "nulbyte.png"},
      {long_name, std::string(255, 'a')},  // cut to 255 bytes
      {long_unicode, long_unicode.substr(0, 254)},  // cut at a UTF-8 boundary
      {"\xD1\x81\xD0\xBA\xD1\x80\xD0\xB8\xD0\xBD\xD1\x88\xD0\xBE\xD1\x82 \xE2\x9C\x93.png",
       "\xD1\x81\xD0\xBA\xD1\x80\xD0\xB8\xD0\xBD\xD1\x88\xD0\xBE\xD1\x82 \xE2\x9C\x93.png"},
      {"say \"cheese\".png", "say \"cheese\".png"},
      {"back\\slash.png", "slash.png"},
      {"tab\tand\x01" "ctl\x7F.png", "tabandctl.png"},
      {"..", "file"},
      {"invalid\xFF\xFEutf8.png", "invalid__utf8.png"},
      {"<script>alert(1)</script>.png", "script>.png"},
      {"semi;colon, comma=eq.png", "semi;colon, comma=eq.png"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.sent);
    auto r = upload(s, w.auth(), file_upload(w, "screenshot", c.sent, png_1x1()));
    REQUIRE_MESSAGE(r.status == 201, r.body);
    std::string name = r.str("fileName");
    CAPTURE(name);
    CHECK(name == c.expect);
    CHECK(!name.empty());
    CHECK(name.size() <= 255);
    CHECK(name.find('/') == std::string::npos);
    CHECK(name.find('\0') == std::string::npos);
    CHECK(name != "..");
    CHECK(name != ".");
    CHECK(valid_utf8(name));
    CHECK(std::none_of(name.begin(), name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }));
    // The file itself lives under DATA/blobs, named by id.
    auto path = blob_path(s, r.str("id"));
    CHECK(fs::exists(path));
    auto canon = fs::weakly_canonical(path).string();
    CHECK(canon.rfind(fs::weakly_canonical(blobs_dir(s)).string() + "/", 0) == 0);
    // Downloadable; the header cannot be broken out of.
    auto d = download(s, r.str("url"));
    CHECK(d.status == 200);
    CHECK(d.body == png_1x1());
    // As written on the wire (httplib's client would URL-decode the value).
    std::string cd = raw_header(raw_head(s.port(), url_path(r.str("url"))), "Content-Disposition");
    CAPTURE(cd);
    CHECK(cd.rfind("inline; ", 0) == 0);
    std::string fallback = quoted_filename(cd);
    CHECK(fallback != "<none>");
    CHECK(fallback != "<unterminated>");
    CHECK(std::all_of(fallback.begin(), fallback.end(), [](char ch) {
      auto u = static_cast<unsigned char>(ch);
      return u >= 0x20 && u < 0x7F && ch != '"' && ch != '\\';
    }));
    CHECK(std::none_of(cd.begin(), cd.end(), [](char ch) {
      auto u = static_cast<unsigned char>(ch);
      return u < 0x20 || u >= 0x7F;
    }));
    CHECK(cd.find("filename*=UTF-8''") != std::string::npos);
  }
  // The unicode name travels percent-encoded in filename*.
  auto unicode = upload(s, w.auth(), file_upload(w, "screenshot", "\xE2\x9C\x93.png", png_1x1()));
  REQUIRE(unicode.status == 201);
  std::string cd = raw_header(raw_head(s.port(), url_path(unicode.str("url"))), "Content-Disposition");
  CHECK(cd.find("filename*=UTF-8''%E2%9C%93.png") != std::string::npos);
  CHECK(quoted_filename(cd) == "___.png");  // one _ per non-ASCII byte
  auto quoted = upload(s, w.auth(), file_upload(w, "screenshot", "say \"cheese\".png", png_1x1()));
  CHECK(quoted_filename(raw_header(raw_head(s.port(), url_path(quoted.str("url"))), "Content-Disposition")) ==
        "say _cheese_.png");
  // A raw CR inside the quoted name (browsers send %0D) is either refused or cleaned.
  auto cr = upload(s, w.auth(), file_upload(w, "screenshot", "carriage\rreturn.png", png_1x1()));
  CHECK((cr.status == 201 || cr.status == 400));
  if (cr.status == 201) CHECK(cr.str("fileName").find('\r') == std::string::npos);

  auto list = s.get("/api/artifacts?runId=" + w.run, w.auth());
  CHECK(ids_in(list).size() == cases.size() + 2 + (cr.status == 201 ? 1 : 0));
  CHECK(stored_files(s).size() == ids_in(list).size());
  CHECK(eventually([&] { return temp_files(s).empty(); }));
}

// ------------------------------------------------------------------ downloads

TEST_CASE("signed download URLs: headers, ETag, CORS, tampering and Range") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  std::string png = pad_to(png_1x1(), 1000);  // trailing bytes after IEND are still a PNG signature-wise
  auto shot = upload_ok(s, w, "screenshot", "shot.png", png);
  auto zip = upload_ok(s, w, "report", "report.zip", zip_stored("index.html", "<h1>report</h1>"));
  auto vid = upload_ok(s, w, "video", "clip.webm", webm_min());
  std::string url = shot.str("url");
  CHECK(url.rfind(s.base_url() + "/artifacts/" + shot.str("id") + "/shot.png?", 0) == 0);

  SUBCASE("the round trip") {
    auto d = download(s, url);
    REQUIRE(d.status == 200);
    CHECK(d.body == png);
    CHECK(d.header("Content-Type") == "image/png");
    CHECK(d.header("Content-Length") == "1000");
    CHECK(d.header("X-Content-Type-Options") == "nosniff");
    CHECK(d.header("Content-Security-Policy") == "sandbox");
    CHECK(d.header("Content-Disposition").rfind("inline", 0) == 0);
    CHECK(quoted_filename(d.header("Content-Disposition")) == "shot.png");
    CHECK(d.header("Access-Control-Allow-Origin") == "*");
    CHECK(d.header("Accept-Ranges") == "bytes");
    std::string etag = d.header("ETag");
    CHECK(etag.size() > 2);
    CHECK(etag.front() == '"');
    CHECK(etag.back() == '"');

    auto again = download(s, url, {{"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("ETag") == etag);
    auto other = download(s, url, {{"If-None-Match", "\"something-else\""}});
    CHECK(other.status == 200);
    CHECK(other.body == png);

    auto z = download(s, zip.str("url"));
    CHECK(z.status == 200);
    CHECK(z.header("Content-Type") == "application/zip");
    CHECK(z.header("Content-Disposition").rfind("attachment", 0) == 0);
    CHECK(z.header("Content-Security-Policy") == "sandbox");
    CHECK(z.header("X-Content-Type-Options") == "nosniff");
    auto v = download(s, vid.str("url"));
    CHECK(v.status == 200);
    CHECK(v.header("Content-Type") == "video/webm");
    CHECK(v.header("Content-Disposition").rfind("inline", 0) == 0);
    // A different ETag per content.
    CHECK(z.header("ETag") != etag);
  }

  SUBCASE("CORS preflight") {
    auto pre = s.request("OPTIONS", url_path(url), "", Auth::none(),
                         {{"Origin", "https://viewer.example"},
                          {"Access-Control-Request-Method", "GET"},
                          {"Access-Control-Request-Headers", "Range"}});
    CHECK(pre.status == 204);
    CHECK(pre.header("Access-Control-Allow-Origin") == "*");
    CHECK(pre.header("Access-Control-Allow-Methods").find("GET") != std::string::npos);
    CHECK(pre.header("Access-Control-Allow-Headers").find("Range") != std::string::npos);
    auto d = download(s, url, {{"Origin", "https://viewer.example"}});
    CHECK(d.header("Access-Control-Allow-Origin") == "*");
  }

  SUBCASE("altered, missing or expired-looking tokens are 403 with the error shape") {
    std::string path = url_path(url);
    std::string token = query_value(path, "token");
    REQUIRE(!token.empty());
    std::string flipped = token;
    flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
    auto bad = s.request("GET", with_query(path, "token", flipped));
    CHECK(is_error(bad, 403));
    CHECK(bad.header("Content-Type").find("application/json") == 0);
    CHECK(is_error(s.request("GET", with_query(path, "token", token.substr(0, token.size() - 1))), 403));
    CHECK(is_error(s.request("GET", with_query(path, "token", "")), 403));
    std::string expires = query_value(path, "expires");
    CHECK(is_error(s.request("GET", with_query(path, "expires", std::to_string(std::stoll(expires) + 1))), 403));
    CHECK(is_error(s.request("GET", with_query(path, "expires", std::to_string(std::stoll(expires) + 86400 * 365))),
                   403));
    CHECK(is_error(s.request("GET", with_query(path, "expires", "abc")), 403));
    CHECK(is_error(s.request("GET", path.substr(0, path.find('?'))), 403));
    // The token of one artifact does not open another.
    std::string zip_path = url_path(zip.str("url"));
    std::string swapped = with_query(with_query(path, "token", query_value(zip_path, "token")), "expires",
                                     query_value(zip_path, "expires"));
    CHECK(is_error(s.request("GET", swapped), 403));
    // The name segment is cosmetic; the id decides.
    std::string renamed = path;
    renamed.replace(renamed.find("/shot.png"), 9, "/other.png");
    auto r = s.request("GET", renamed);
    CHECK(r.status == 200);
    CHECK(r.body == png);
  }

  SUBCASE("Range requests") {
    auto range = [&](const std::string& spec) { return download(s, url, {{"Range", spec}}); };
    auto a = range("bytes=0-9");
    CHECK(a.status == 206);
    CHECK(a.body == png.substr(0, 10));
    CHECK(a.header("Content-Range") == "bytes 0-9/1000");
    CHECK(a.header("Content-Length") == "10");
    auto b = range("bytes=10-");
    CHECK(b.status == 206);
    CHECK(b.body == png.substr(10));
    CHECK(b.header("Content-Range") == "bytes 10-999/1000");
    auto c = range("bytes=-5");
    CHECK(c.status == 206);
    CHECK(c.body == png.substr(995));
    CHECK(c.header("Content-Range") == "bytes 995-999/1000");
    auto d = range("bytes=990-5000");  // clamped to the end
    CHECK(d.status == 206);
    CHECK(d.body == png.substr(990));
    CHECK(d.header("Content-Range") == "bytes 990-999/1000");
    auto e = range("bytes=-5000");  // suffix longer than the file: all of it
    CHECK(e.status == 206);
    CHECK(e.body == png);
    // Sequential seeks the way a video player does.
    std::string assembled;
    for (size_t at = 0; at < png.size(); at += 137) {
      size_t end = std::min(png.size(), at + 137) - 1;
      auto part = range("bytes=" + std::to_string(at) + "-" + std::to_string(end));
      REQUIRE(part.status == 206);
      CHECK(part.header("Content-Range") ==
            "bytes " + std::to_string(at) + "-" + std::to_string(end) + "/1000");
      assembled += part.body;
    }
    CHECK(assembled == png);
    for (size_t at : {700u, 3u, 999u, 500u}) {
      auto part = range("bytes=" + std::to_string(at) + "-" + std::to_string(at));
      CHECK(part.status == 206);
      CHECK(part.body == png.substr(at, 1));
    }
    auto unsat = range("bytes=999999-");
    CHECK(unsat.status == 416);
    CHECK(unsat.header("Content-Range") == "bytes */1000");
    CHECK(unsat.error_code() != "");
    auto at_end = range("bytes=1000-");
    CHECK(at_end.status == 416);
    // Over the whole connection lifetime the server keeps answering.
    CHECK(download(s, url).status == 200);
  }
}

TEST_CASE("signed URLs expire (signedUrlSeconds from the config file)") {
  std::string dir = make_temp_dir();
  std::string config = write_config(dir, "\"signedUrlSeconds\":1");
  {
    TestServer s({"--signup", "open", "--config", config});
    auto w = make_world(s);
    auto r = upload_ok(s, w, "screenshot", "shot.png", png_1x1());
    std::string expires = query_value(url_path(r.str("url")), "expires");
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    CHECK(std::stoll(expires) <= now.count() + 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    auto d = download(s, r.str("url"));
    CHECK(is_error(d, 403));
    CHECK(d.header("Access-Control-Allow-Origin") == "*");
    // A fresh URL from GET /api/artifacts/:id works again. (With a 1 s lifetime counted
    // in whole seconds it may already be over when the second ticks in between: retry.)
    bool served = false;
    for (int attempt = 0; attempt < 3 && !served; ++attempt) {
      auto fresh = s.get("/api/artifacts/" + r.str("id"), w.auth());
      REQUIRE(fresh.status == 200);
      auto d2 = download(s, fresh.str("url"));
      served = d2.status == 200 && d2.body == png_1x1();
    }
    CHECK(served);
  }
  fs::remove_all(dir);
}

// ------------------------------------------------------------------ list, get, delete

TEST_CASE("list, get and delete artifacts; testId and runId must match") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  std::string test_a = make_test(s, w.auth(), w.run, w.ws.project_id, "a");
  std::string test_b = make_test(s, w.auth(), w.run, w.ws.project_id, "b");
  std::string run2 = make_run(s, w.auth(), w.ws.project_id);
  std::string test_other_run = make_test(s, w.auth(), run2, w.ws.project_id, "c");

  Upload for_a = file_upload(w, "screenshot", "a.png", png_1x1());
  for_a.test_id = test_a;
  auto a = upload(s, w.auth(), for_a);
  REQUIRE(a.status == 201);
  CHECK(a.str("testId") == test_a);
  Upload for_b = file_upload(w, "video", "b.webm", webm_min());
  for_b.test_id = test_b;
  auto b = upload(s, w.auth(), for_b);
  REQUIRE(b.status == 201);
  auto run_level = upload_ok(s, w, "report", "report.zip", zip_empty());

  SUBCASE("testId must belong to runId; runId to projectId") {
    Upload wrong = file_upload(w, "screenshot", "x.png", png_1x1());
    wrong.test_id = test_other_run;
    CHECK(is_validation(upload(s, w.auth(), wrong), "testId"));
    wrong.test_id = "test_doesnotexist000000000";
    CHECK(is_validation(upload(s, w.auth(), wrong), "testId"));
    // A run of another project in the same team.
    auto p2 = s.post("/api/projects", obj({{"name", quote("Other")}, {"teamId", quote(w.ws.team_id)}}),
                     w.owner.auth());
    REQUIRE(p2.status == 201);
    std::string foreign_run = make_run(s, w.owner.auth(), p2.str("id"));
    Upload cross = file_upload(w, "screenshot", "x.png", png_1x1());
    cross.run_id = foreign_run;
    auto by_key = upload(s, w.auth(), cross);  // the key belongs to the first project
    CHECK((by_key.status == 400 || by_key.status == 404));
    auto by_session = upload(s, w.owner.auth(), cross);  // projectId says the first project
    CHECK((by_session.status == 400 || by_session.status == 404));
    Upload missing = file_upload(w, "screenshot", "x.png", png_1x1());
    missing.run_id = "run_doesnotexist0000000000";
    CHECK(is_error(upload(s, w.auth(), missing), 404));
    CHECK(stored_files(s).size() == 3);
  }

  SUBCASE("list by run and by test, with fresh URLs") {
    auto all = s.get("/api/artifacts?runId=" + w.run, w.auth());
    REQUIRE(all.status == 200);
    auto ids = ids_in(all);
    CHECK(ids.size() == 3);
    CHECK(std::set<std::string>(ids.begin(), ids.end()) ==
          std::set<std::string>{a.str("id"), b.str("id"), run_level.str("id")});
    for (size_t i = 0; i < ids.size(); ++i) {
      std::string u = all.str("data." + std::to_string(i) + ".url");
      CHECK(download(s, u).status == 200);
      CHECK(!all.str("data." + std::to_string(i) + ".mimeType").empty());
    }
    auto only_a = s.get("/api/artifacts?runId=" + w.run + "&testId=" + test_a, w.auth());
    CHECK(ids_in(only_a) == std::vector<std::string>{a.str("id")});
    auto empty = s.get("/api/artifacts?runId=" + run2, w.auth());
    CHECK(empty.status == 200);
    CHECK(ids_in(empty).empty());
    CHECK(is_validation(s.get("/api/artifacts", w.auth()), "runId"));
    CHECK(is_error(s.get("/api/artifacts?runId=run_doesnotexist0000000000", w.auth()), 404));
    CHECK(is_error(s.get("/api/artifacts?runId=" + w.run), 401));
  }

  SUBCASE("get one") {
    auto g = s.get("/api/artifacts/" + a.str("id"), w.auth());
    REQUIRE(g.status == 200);
    check_artifact_fields(g, "screenshot", "a.png", png_1x1().size(), "image/png");
    CHECK(g.str("id") == a.str("id"));
    CHECK(g.str("createdAt") == a.str("createdAt"));
    auto d = download(s, g.str("url"));
    CHECK(d.body == png_1x1());
    CHECK(is_error(s.get("/api/artifacts/artifact_doesnotexist0000000", w.auth()), 404, "NOT_FOUND"));
  }

  SUBCASE("delete: admin and owner yes, member no; the file goes") {
    auto member_key = w.auth();  // a member key
    auto m = s.del("/api/artifacts/" + a.str("id"), member_key);
    CHECK(is_error(m, 403, "FORBIDDEN"));
    CHECK(fs::exists(blob_path(s, a.str("id"))));
    auto admin = add_member(s, w.owner, w.ws.team_id, "admin@example.com", "admin");
    auto url_before = a.str("url");
    auto del = s.del("/api/artifacts/" + a.str("id"), admin.auth());
    CHECK(del.status == 200);
    CHECK(!fs::exists(blob_path(s, a.str("id"))));
    CHECK(is_error(s.get("/api/artifacts/" + a.str("id"), w.auth()), 404));
    CHECK(is_error(s.del("/api/artifacts/" + a.str("id"), admin.auth()), 404));
    CHECK(is_error(download(s, url_before), 404));
    auto del2 = s.del("/api/artifacts/" + b.str("id"), w.owner.auth());
    CHECK(del2.status == 200);
    CHECK(!fs::exists(blob_path(s, b.str("id"))));
    auto admin_key = create_key(s, w.owner, w.ws.project_id, "admin");
    CHECK(s.del("/api/artifacts/" + run_level.str("id"), Auth::key(admin_key)).status == 200);
    CHECK(stored_files(s).empty());
    CHECK(ids_in(s.get("/api/artifacts?runId=" + w.run, w.auth())).empty());
  }
}

TEST_CASE("roles and tenancy") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  auto art = upload_ok(s, w, "screenshot", "a.png", png_1x1());
  std::string id = art.str("id");

  SUBCASE("a viewer may read but not upload") {
    auto viewer = add_member(s, w.owner, w.ws.team_id, "viewer@example.com", "viewer");
    auto r = upload(s, viewer.auth(), file_upload(w, "screenshot", "v.png", png_1x1()));
    CHECK(is_error(r, 403, "FORBIDDEN"));
    auto viewer_key = create_key(s, w.owner, w.ws.project_id, "viewer");
    auto rk = upload(s, Auth::key(viewer_key), file_upload(w, "screenshot", "v.png", png_1x1()));
    CHECK(is_error(rk, 403, "FORBIDDEN"));
    CHECK(s.get("/api/artifacts/" + id, viewer.auth()).status == 200);
    CHECK(s.get("/api/artifacts?runId=" + w.run, viewer.auth()).status == 200);
    CHECK(is_error(s.del("/api/artifacts/" + id, viewer.auth()), 403));
    CHECK(stored_files(s).size() == 1);
    CHECK(eventually([&] { return temp_files(s).empty(); }));
  }

  SUBCASE("a member may upload by session") {
    auto member = add_member(s, w.owner, w.ws.team_id, "member@example.com", "member");
    CHECK(upload(s, member.auth(), file_upload(w, "screenshot", "m.png", png_1x1())).status == 201);
  }

  SUBCASE("another team sees nothing: 404 everywhere") {
    auto other = make_world(s, "stranger@example.com", "Other");
    CHECK(is_error(s.get("/api/artifacts/" + id, other.owner.auth()), 404, "NOT_FOUND"));
    CHECK(is_error(s.get("/api/artifacts/" + id, other.auth()), 404, "NOT_FOUND"));
    CHECK(is_error(s.del("/api/artifacts/" + id, other.owner.auth()), 404, "NOT_FOUND"));
    CHECK(is_error(s.get("/api/artifacts?runId=" + w.run, other.owner.auth()), 404, "NOT_FOUND"));
    CHECK(is_error(s.get("/api/artifacts?runId=" + w.run, other.auth()), 404, "NOT_FOUND"));
    // Uploading into a run of another team.
    Upload into = file_upload(w, "screenshot", "x.png", png_1x1());
    auto r = upload(s, other.owner.auth(), into);
    CHECK(is_error(r, 404));
    into.project_id = other.ws.project_id;
    CHECK(is_error(upload(s, other.owner.auth(), into), 404));
    into.project_id.clear();
    CHECK(is_error(upload(s, other.auth(), into), 404));
    CHECK(fs::exists(blob_path(s, id)));
    CHECK(stored_files(s).size() == 1);
  }
}

// ------------------------------------------------------------------ lifecycle

TEST_CASE("artifacts go with their run and with their project") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  auto in_run = upload_ok(s, w, "screenshot", "a.png", png_1x1());
  std::string test_id = make_test(s, w.auth(), w.run, w.ws.project_id);
  Upload with_test = file_upload(w, "trace", "t.zip", zip_empty());
  with_test.test_id = test_id;
  auto in_test = upload(s, w.auth(), with_test);
  REQUIRE(in_test.status == 201);
  std::string keep_run = make_run(s, w.auth(), w.ws.project_id);
  World w2 = w;
  w2.run = keep_run;
  auto kept = upload_ok(s, w2, "video", "v.mp4", mp4_min());

  auto del = s.del("/api/runs/" + w.run, w.owner.auth());
  REQUIRE(del.status == 200);
  for (const auto* r : {&in_run, &in_test}) {
    CHECK(is_error(s.get("/api/artifacts/" + r->str("id"), w.owner.auth()), 404));
    CHECK(!fs::exists(blob_path(s, r->str("id"))));
    CHECK(download(s, r->str("url")).status == 404);
  }
  CHECK(s.get("/api/artifacts/" + kept.str("id"), w.owner.auth()).status == 200);
  CHECK(stored_files(s).size() == 1);

  auto del_project = s.del("/api/projects/" + w.ws.project_id, w.owner.auth());
  REQUIRE(del_project.status == 200);
  CHECK(is_error(s.get("/api/artifacts/" + kept.str("id"), w.owner.auth()), 404));
  CHECK(!fs::exists(blob_path(s, kept.str("id"))));
  CHECK(stored_files(s).empty());
}

TEST_CASE("an orphan file and stale temp files are removed at the next start") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  auto real = upload_ok(s, w, "screenshot", "a.png", png_1x1());
  fs::create_directories(blobs_dir(s) / "zz");
  auto orphan = blobs_dir(s) / "zz" / "artifact_orphanXXXXXXXXXXXXXXXXX";
  std::ofstream(orphan) << png_1x1();
  auto stale = blobs_dir(s) / "tmp" / "leftover.part";
  std::ofstream(stale) << "half an upload";
  s.restart();
  CHECK(eventually([&] { return !fs::exists(orphan); }));
  CHECK(eventually([&] { return !fs::exists(stale); }));
  CHECK(fs::exists(blob_path(s, real.str("id"))));
  auto d = download(s, s.get("/api/artifacts/" + real.str("id"), w.auth()).str("url"));
  CHECK(d.status == 200);
  CHECK(d.body == png_1x1());
}

TEST_CASE("retention: runs older than dataRetentionDays go with their files at start") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  std::string old_run = w.run;
  auto old_art = upload_ok(s, w, "screenshot", "old.png", png_1x1());
  std::string old_test = make_test(s, w.auth(), old_run, w.ws.project_id);
  Upload with_test = file_upload(w, "video", "old.webm", webm_min());
  with_test.test_id = old_test;
  auto old_art2 = upload(s, w.auth(), with_test);
  REQUIRE(old_art2.status == 201);
  World recent = w;
  recent.run = make_run(s, w.auth(), w.ws.project_id);
  auto new_art = upload_ok(s, recent, "screenshot", "new.png", png_1x1());
  // 89 days old: within the default 90 days.
  World edge = w;
  edge.run = make_run(s, w.auth(), w.ws.project_id);
  auto edge_art = upload_ok(s, edge, "screenshot", "edge.png", png_1x1());

  s.stop();
  {
    SQLite::Database db(s.data_dir() + "/euriqa.db", SQLite::OPEN_READWRITE, 5000);
    SQLite::Statement q(db, "UPDATE runs SET created_at = created_at - ? WHERE id = ?");
    q.bind(1, static_cast<int64_t>(100) * 86400000);
    q.bind(2, old_run);
    CHECK(q.exec() == 1);
    SQLite::Statement q2(db, "UPDATE runs SET created_at = created_at - ? WHERE id = ?");
    q2.bind(1, static_cast<int64_t>(89) * 86400000);
    q2.bind(2, edge.run);
    CHECK(q2.exec() == 1);
  }
  s.start();
  CHECK(eventually([&] { return s.get("/api/runs/" + old_run, w.owner.auth()).status == 404; }));
  // Files go after the rows' deletion commits, one by one.
  CHECK(eventually([&] { return !fs::exists(blob_path(s, old_art.str("id"))); }));
  CHECK(eventually([&] { return !fs::exists(blob_path(s, old_art2.str("id"))); }));
  CHECK(is_error(s.get("/api/artifacts/" + old_art.str("id"), w.owner.auth()), 404));
  CHECK(is_error(s.get("/api/tests/" + old_test, w.owner.auth()), 404));
  CHECK(s.get("/api/runs/" + recent.run, w.owner.auth()).status == 200);
  CHECK(s.get("/api/runs/" + edge.run, w.owner.auth()).status == 200);
  CHECK(fs::exists(blob_path(s, new_art.str("id"))));
  CHECK(fs::exists(blob_path(s, edge_art.str("id"))));
  CHECK(download(s, s.get("/api/artifacts/" + new_art.str("id"), w.auth()).str("url")).body == png_1x1());

  // A shorter retention setting takes the 89-day-old run at the next sweep (next start).
  auto settings = s.patch("/api/projects/" + w.ws.project_id + "/settings", obj({{"dataRetentionDays", "30"}}),
                          w.owner.auth());
  CHECK(settings.status == 200);
  s.restart();
  CHECK(eventually([&] { return s.get("/api/runs/" + edge.run, w.owner.auth()).status == 404; }));
  CHECK(eventually([&] { return !fs::exists(blob_path(s, edge_art.str("id"))); }));
  CHECK(fs::exists(blob_path(s, new_art.str("id"))));
}

TEST_CASE("retention also runs periodically (maintenanceIntervalSeconds)") {
  std::string dir = make_temp_dir();
  std::string config = write_config(dir, "\"maintenanceIntervalSeconds\":1");
  {
    TestServer s({"--signup", "open", "--config", config});
    auto w = make_world(s);
    auto art = upload_ok(s, w, "screenshot", "old.png", png_1x1());
    // Backdate while the server runs; the next sweep (within ~1 s) takes it.
    {
      SQLite::Database db(s.data_dir() + "/euriqa.db", SQLite::OPEN_READWRITE, 5000);
      SQLite::Statement q(db, "UPDATE runs SET created_at = created_at - ? WHERE id = ?");
      q.bind(1, static_cast<int64_t>(100) * 86400000);
      q.bind(2, w.run);
      CHECK(q.exec() == 1);
    }
    CHECK(eventually([&] { return s.get("/api/runs/" + w.run, w.owner.auth()).status == 404; }, 10));
    CHECK(eventually([&] { return !fs::exists(blob_path(s, art.str("id"))); }, 10));
  }
  fs::remove_all(dir);
}

TEST_CASE("euriqa backup copies the database, the artifact files and the secret") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  auto art = upload_ok(s, w, "report", "report.zip", zip_stored("index.html", "<h1>hi</h1>"));
  std::string id = art.str("id");
  std::string out_dir = make_temp_dir();
  std::string out = out_dir + "/backup.db";
  auto r = run_euriqa({"backup", "--data", s.data_dir(), out});
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(out));
  auto copied = fs::path(out + ".blobs") / id.substr(id.size() - 2) / id;
  CHECK(fs::exists(copied));
  CHECK(read_file(copied) == zip_stored("index.html", "<h1>hi</h1>"));
  CHECK(!fs::exists(fs::path(out + ".blobs") / "tmp"));
  CHECK(fs::exists(out + ".secret"));
  CHECK(read_file(out + ".secret") == read_file(fs::path(s.data_dir()) / "secret"));
  struct stat st {};
  REQUIRE(::stat((out + ".secret").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  {
    SQLite::Database db(out, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT count(*) FROM artifacts WHERE id = ?");
    q.bind(1, id);
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt() == 1);
  }

  // Restored into a new data directory, the old signed URL still verifies and serves the file.
  std::string restored = make_temp_dir() + "/data";
  fs::create_directories(restored);
  fs::copy_file(out, restored + "/euriqa.db");
  fs::copy(out + ".blobs", restored + "/blobs", fs::copy_options::recursive);
  fs::copy_file(out + ".secret", restored + "/secret");
  fs::permissions(restored + "/secret", fs::perms::owner_read | fs::perms::owner_write);
  std::string url = art.str("url");
  s.stop();
  {
    TestServer r2({"--signup", "open"}, restored);
    auto d = r2.request("GET", url_path(url));
    CHECK(d.status == 200);
    CHECK(d.body == zip_stored("index.html", "<h1>hi</h1>"));
  }
  fs::remove_all(out_dir);
  fs::remove_all(fs::path(restored).parent_path());
}
