#include "http/static_files.h"

#include "http/assets.h"
#include "http/compression.h"

namespace euriqa::http {
namespace {

// The dashboard talks only to its own origin; media and images come from signed
// artifact URLs on the same origin (or blob:/data: URLs it builds itself).
constexpr const char* kDashboardPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

// Files whose names carry a content hash never change under the same path.
bool is_immutable(std::string_view path) { return path.find("assets/") != std::string_view::npos; }

bool etag_matches(const Request& req, std::string_view etag) {
  auto inm = req.header("If-None-Match");
  if (!inm) return false;
  if (*inm == "*") return true;
  // A list of tags, possibly weak ("W/\"...\""): match any of them.
  return inm->find(etag) != std::string::npos;
}

}  // namespace

Response embedded_file(const Request& req, const EmbeddedAsset& a) {
  Response res;
  res.content_type = std::string(a.content_type);
  res.header("ETag", std::string(a.etag));
  res.header("Vary", "Accept-Encoding");
  res.header("Cache-Control", is_immutable(a.path) ? "public, max-age=31536000, immutable" : "no-cache");
  if (a.path.starts_with("trace/")) {
    // The trace viewer renders snapshots in same-origin frames and runs a service worker.
    res.header("X-Frame-Options", "SAMEORIGIN");
  } else if (a.content_type.starts_with("text/html")) {
    res.header("Content-Security-Policy", kDashboardPolicy);
  }
  if (etag_matches(req, a.etag)) {
    res.status = 304;
    return res;
  }
  if (!a.gzip.empty() && accepts_gzip(req)) {
    res.header("Content-Encoding", "gzip");
    res.static_body = a.gzip;
  } else {
    res.static_body = a.body;
  }
  return res;
}

namespace {

Response redirect(std::string location) {
  Response res;
  res.status = 301;
  res.content_type = "text/plain; charset=utf-8";
  res.body = "Moved to " + location + "\n";
  res.header("Location", std::move(location));
  return res;
}

}  // namespace

std::optional<Response> serve_static(const Request& req) {
  std::string_view path = req.path;
  if (path.size() > 2048 || !path.starts_with("/")) return std::nullopt;
  if (path == "/trace") return redirect("/trace/");
  std::string rel(path.substr(1));
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  if (const auto* a = find_asset(rel)) return embedded_file(req, *a);
  // A missing file under the asset folders, or with an extension, is a real 404; any
  // other path is a dashboard route rendered by index.html.
  auto last = path.substr(path.rfind('/') + 1);
  bool looks_like_file = last.find('.') != std::string_view::npos;
  if (path.starts_with("/trace/") || path.starts_with("/assets/") || path.starts_with("/artifacts/") ||
      path.starts_with("/downloads/") || looks_like_file)
    return std::nullopt;
  if (const auto* index = find_asset("index.html")) return embedded_file(req, *index);
  return std::nullopt;
}

}  // namespace euriqa::http
