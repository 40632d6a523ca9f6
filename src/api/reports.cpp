// A run's Playwright HTML report, opened in the browser from its uploaded zip: each
// file is sent straight from the stored archive (deflated files framed as gzip, so
// nothing is unpacked and memory does not grow with the report).
//
// The report is a script-driven page uploaded by CI, so it is served as a sandboxed
// document (CSP sandbox without allow-same-origin): its scripts run in an opaque
// origin and can neither read the dashboard's cookies or storage nor call the API as
// the viewer. Its bundled trace viewer needs a service worker, which a sandboxed page
// cannot have, so its trace links are sent to the server's own viewer at /trace/.
// The report keeps its settings in localStorage, which throws in an opaque origin and
// would stop the app before it renders: HTML files are sent after a first script that
// puts an in-memory store in its place.
#include "api/links.h"
#include "api/routes.h"
#include "blob/zip_index.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "http/compression.h"
#include "http/content_types.h"
#include "http/file_names.h"
#include "store/artifacts.h"

#include <zlib.h>

namespace euriqa::api {
namespace {

constexpr const char* kReportPolicy =
    "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads "
    "allow-top-navigation-by-user-activation; frame-ancestors 'none'";
// A client that does not take gzip gets a deflated file unpacked in memory up to this.
constexpr uint64_t kMaxInflatedBytes = 16ull << 20;

// With a doctype of its own before the script, so the page stays in standards mode (the
// file's own doctype, after it, is ignored).
constexpr std::string_view kStorageShim =
    "<!DOCTYPE html><script>(function(){function mem(){var s={};Object.defineProperties(s,{"
    "getItem:{value:function(k){return Object.prototype.hasOwnProperty.call(s,k)?s[k]:null}},"
    "setItem:{value:function(k,v){s[k]=String(v)}},removeItem:{value:function(k){delete s[k]}},"
    "clear:{value:function(){Object.keys(s).forEach(function(k){delete s[k]})}},"
    "key:{value:function(i){return Object.keys(s)[i]||null}},"
    "length:{get:function(){return Object.keys(s).length}}});return s}"
    "['localStorage','sessionStorage'].forEach(function(n){try{window[n].length}catch(e){"
    "Object.defineProperty(window,n,{value:mem(),configurable:true})}})})();</script>\n";

// The shim as raw deflate blocks that do not end the stream, so that a file's own
// deflate stream can follow it inside one gzip body.
const std::string& deflated_shim() {
  static const std::string out = [] {
    z_stream z{};
    std::string buf(1024, '\0');
    deflateInit2(&z, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(kStorageShim.data()));
    z.avail_in = static_cast<uInt>(kStorageShim.size());
    z.next_out = reinterpret_cast<Bytef*>(buf.data());
    z.avail_out = static_cast<uInt>(buf.size());
    deflate(&z, Z_SYNC_FLUSH);  // byte-aligned, no final block
    buf.resize(z.total_out);
    deflateEnd(&z);
    return buf;
  }();
  return out;
}

domain::ApiError not_in_report() { return domain::not_found("Report file"); }

std::string le32(uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = static_cast<char>(v >> (8 * i) & 0xFF);
  return out;
}

// A deflated entry as a gzip stream (RFC 1952): header, the raw deflate bytes from the
// file, then the CRC-32 and size the zip's directory already holds. With the shim first
// the CRC is combined: no byte of the file is read to compute it.
void send_as_gzip(http::Response& r, const blob::ZipEntry& e, bool shim) {
  static const std::string kHeader("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  uint32_t crc = e.crc32, size = static_cast<uint32_t>(e.size);
  r.file->prefix = kHeader;
  if (shim) {
    r.file->prefix += deflated_shim();
    auto shim_crc = crc32(0, reinterpret_cast<const Bytef*>(kStorageShim.data()), static_cast<uInt>(kStorageShim.size()));
    crc = static_cast<uint32_t>(crc32_combine(shim_crc, crc, static_cast<z_off_t>(e.size)));
    size += static_cast<uint32_t>(kStorageShim.size());
  }
  r.file->suffix = le32(crc) + le32(size);
  r.header("Content-Encoding", "gzip");
}

std::string inflate_entry(const std::string& path, uint64_t offset, const blob::ZipEntry& e) {
  // Both sizes come from the zip: a small file that claims a huge compressed body must
  // not make us read that body into memory either.
  if (e.size > kMaxInflatedBytes || e.compressed_size > kMaxInflatedBytes)
    throw domain::ApiError(406, "NOT_ACCEPTABLE", "This file of the report is sent gzip-encoded only");
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f || std::fseek(f, static_cast<long>(offset), SEEK_SET) != 0) {
    if (f) std::fclose(f);
    throw not_in_report();
  }
  std::string in(e.compressed_size, '\0');
  size_t got = std::fread(in.data(), 1, in.size(), f);
  std::fclose(f);
  std::string out(e.size, '\0');
  z_stream z{};
  if (got != in.size() || inflateInit2(&z, -MAX_WBITS) != Z_OK) throw not_in_report();
  z.next_in = reinterpret_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  if (rc != Z_STREAM_END || z.total_out != e.size)
    throw domain::ApiError(422, "UNPROCESSABLE", "This file of the report is damaged");
  return out;
}

http::Response redirect(std::string location) {
  http::Response r;
  r.status = 302;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "Moved to " + location + "\n";
  r.header("Location", std::move(location));
  return r;
}

http::Response report_file(App& app, http::Request& req) {
  const std::string& id = req.param("id");
  check_signed_link(app, id, req.param("expires"), req.param("token"));
  std::string rel = req.param("path");
  if (rel.starts_with("trace/") && req.query("trace"))
    return redirect("/trace/index.html?trace=" + http::percent_encode(*req.query("trace")));
  if (rel.empty() || rel.back() == '/') rel += "index.html";

  auto a = app.db.read([&](store::Conn& c) { return store::find_artifact(c, id); });
  if (!a || a->type != "report" || !app.blobs.exists(id)) throw domain::not_found("Report");
  std::optional<blob::ZipIndex> zip;
  try {
    zip.emplace(app.blobs.path_of(id));
  } catch (const blob::ZipError& e) {
    throw domain::ApiError(422, "UNPROCESSABLE", std::string("The report cannot be opened: ") + e.what());
  }
  const blob::ZipEntry* entry = zip->find(zip->root() + rel);
  if (!entry) throw not_in_report();
  uint64_t offset = 0;
  try {
    offset = zip->data_offset(*entry);
  } catch (const blob::ZipError&) {
    throw not_in_report();
  }

  http::Response r;
  r.content_type = http::content_type_for(rel);
  r.header("Content-Security-Policy", kReportPolicy);
  r.header("X-Content-Type-Options", "nosniff");
  r.header("Referrer-Policy", "no-referrer");  // the signed path must not leak to links out
  r.header("Vary", "Accept-Encoding");
  int64_t expires = *domain::parse_non_negative(req.param("expires"));
  r.header("Cache-Control", "private, max-age=" + std::to_string(std::max<int64_t>(0, expires - domain::now_ms() / 1000)));
  bool shim = r.content_type.starts_with("text/html");
  if (entry->method == 0) {
    r.file = http::FileBody{zip->path(), static_cast<int64_t>(offset), static_cast<int64_t>(entry->size), {}, {}};
    if (shim) r.file->prefix = kStorageShim;
  } else if (http::accepts_gzip(req)) {
    r.file = http::FileBody{zip->path(), static_cast<int64_t>(offset), static_cast<int64_t>(entry->compressed_size), {}, {}};
    send_as_gzip(r, *entry, shim);
  } else {
    r.body = (shim ? std::string(kStorageShim) : std::string()) + inflate_entry(zip->path(), offset, *entry);
  }
  return r;
}

}  // namespace

void register_reports(http::Router& router, App& app) {
  router.get("/reports/:id/:expires/:token/*path", Policy::open(), handle(app, report_file));
}

}  // namespace euriqa::api
