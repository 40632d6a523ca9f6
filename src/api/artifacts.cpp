// Artifacts (docs/openapi.yaml "Artifacts", contract §7): streamed multipart upload with
// format checked by content, signed download URLs (Range, ETag, CORS), list, get,
// delete. Files are removed after the row's deletion commits.
#include <cstdio>
#include <map>

#include "api/access.h"
#include "api/links.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/file_format.h"
#include "domain/ids.h"
#include "domain/signed_url.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "http/file_names.h"
#include "http/metrics.h"
#include "http/range.h"
#include "store/artifacts.h"
#include "store/results.h"

namespace euriqa::api {

using domain::Action;

namespace {

using domain::ApiError;

constexpr size_t kMaxFieldBytes = 256;
constexpr int64_t kMultipartOverhead = 1024 * 1024;


void write_artifact(http::JsonWriter& w, const App& app, const http::Request& req, const store::Artifact& a) {
  int64_t expires = signed_link_expiry(app);
  std::string token = domain::sign_artifact(app.secret, a.id, expires);
  std::string base = public_base_url(app, req);
  std::string url = base + "/artifacts/" + a.id + "/" + http::percent_encode(a.file_name) +
                    "?expires=" + std::to_string(expires) + "&token=" + token;
  w.begin_object().field("id", a.id).field("type", a.type).field("fileName", a.file_name);
  w.field("fileSize", a.file_size).field("mimeType", a.mime_type).field("url", url);
  // An HTML report opens in the browser (api/reports.cpp), signed the same way.
  if (a.type == "report") w.field("viewUrl", report_view_url(base, a.id, expires, token));
  w.time_field("expiresAt", expires * 1000).time_field("createdAt", a.created_at);
  w.field("projectId", a.project_id).field("runId", a.run_id).field("testId", a.test_id).end_object();
}

ApiError too_large(int64_t limit, const std::string& what) {
  ApiError e(413, "PAYLOAD_TOO_LARGE", what + " is larger than its limit of " + std::to_string(limit) + " bytes");
  e.detail("limit", static_cast<long long>(limit));
  return e;
}

// Reads the multipart body: small fields into `fields`, the file part into the blob
// store's temp area, stopping as soon as the applicable size limit is passed.
struct Upload {
  std::map<std::string, std::string> fields;
  std::unique_ptr<blob::BlobStore::Incoming> file;
  std::string file_name;
  std::optional<domain::Format> format;
};

Upload receive(App& app, http::Request& req) {
  Upload up;
  std::optional<ApiError> failure;
  std::string current;  // name of the part being read
  auto limit_now = [&]() -> int64_t {
    auto t = up.fields.find("type");
    if (t != up.fields.end() && domain::is_artifact_type(t->second)) return domain::type_max_bytes(t->second);
    if (up.format) return domain::max_bytes_for_format(*up.format);
    return domain::kMaxArtifactBytes;
  };
  auto sniff = [&]() {
    up.format = domain::sniff_format(up.file->prefix());
    if (!up.format)
      failure = domain::validation("file", "invalid_value",
                                   "The file is not a PNG, JPEG, WebP, GIF, WebM, MP4, AVI, MOV or ZIP file");
  };
  bool ok = req.read_multipart_fn(
      [&](const http::MultipartPart& part) {
        current = part.name;
        if (part.name == "file") {
          if (up.file) {
            failure = domain::validation("file", "invalid_value", "Send one file per upload");
            return false;
          }
          up.file = app.blobs.receive();
          up.file_name = domain::sanitize_file_name(part.filename);
        } else {
          up.fields[part.name].clear();
        }
        return true;
      },
      [&](const char* data, size_t size) {
        if (current != "file") {
          auto& v = up.fields[current];
          if (v.size() + size > kMaxFieldBytes) {
            failure = domain::validation(current, "too_long", "Field '" + current + "' is too long");
            return false;
          }
          v.append(data, size);
          return true;
        }
        if (!up.file->append(data, size)) {
          failure = ApiError(507, "INSUFFICIENT_STORAGE", "The server could not store the file");
          return false;
        }
        if (!up.format && up.file->prefix().size() >= domain::kSniffBytes) sniff();
        if (failure) return false;
        if (up.file->size() > limit_now()) {
          failure = too_large(limit_now(), "The file");
          return false;
        }
        return true;
      });
  if (failure) throw *failure;
  if (!req.multipart_error.empty()) {
    ApiError e(400, "BAD_REQUEST", "The multipart body was refused: " + req.multipart_error);
    e.detail("reason", "invalid_multipart");
    throw e;
  }
  if (!ok) throw ApiError(400, "UPLOAD_INTERRUPTED", "The upload did not arrive complete");
  if (!up.file) throw domain::validation("file", "required", "Field 'file' is required");
  if (up.file->size() == 0) throw domain::validation("file", "invalid_value", "The file is empty");
  if (!up.format) sniff();
  if (failure) throw *failure;
  return up;
}

http::Response upload(App& app, http::Request& req) {
  const auto& p = req.caller();
  if (!req.is_multipart) throw domain::validation("file", "required", "Send the file as multipart/form-data");
  // What can be refused before reading (the route's policy already checked the
  // caller's role): a body too large for any type.
  if (req.content_length > domain::kMaxArtifactBytes + kMultipartOverhead) throw too_large(domain::kMaxArtifactBytes, "The upload");

  Upload up = receive(app, req);
  auto field = [&](const std::string& name) -> std::optional<std::string> {
    auto it = up.fields.find(name);
    if (it == up.fields.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  auto type = field("type");
  if (!type) throw domain::validation("type", "required", "Field 'type' is required");
  if (!domain::is_artifact_type(*type))
    throw domain::validation("type", "invalid_value", "Field 'type' must be screenshot, video, trace or report");
  if (!domain::type_accepts(*type, *up.format))
    throw domain::validation("file", "invalid_value", std::string("A ") + *type + " cannot be a " +
                                                          domain::format_name(*up.format) + " file");
  if (auto named = domain::format_from_name(up.file_name); named && !domain::same_family(*named, *up.format))
    throw domain::validation("file", "invalid_value", "The file's name says " + std::string(domain::format_name(*named)) +
                                                          " but its content is " + domain::format_name(*up.format));
  if (up.file->size() > domain::type_max_bytes(*type)) throw too_large(domain::type_max_bytes(*type), "The file");
  auto run_id = field("runId");
  if (!run_id) throw domain::validation("runId", "required", "Field 'runId' is required");
  std::string project_id = resolve_project_id(p, field("projectId"));
  auto test_id = field("testId");

  store::Artifact a;
  a.id = domain::new_id("artifact_");
  a.type = *type;
  a.file_name = up.file_name;
  a.mime_type = domain::mime_type(*up.format);
  a.file_size = up.file->size();
  a.created_at = domain::now_ms();
  app.db.write([&](store::Conn& c) {
    auto run = authorize_run(c, p, *run_id, Action::WriteResults);
    if (run.project_id != project_id)
      throw domain::validation("runId", "invalid_value", "The run does not belong to this project");
    if (test_id) {
      auto t = store::find_result(c, *test_id);
      if (!t || t->run_id != run.id)
        throw domain::validation("testId", "invalid_value", "The test does not belong to this run");
    }
    a.project_id = run.project_id;
    a.run_id = run.id;
    a.test_id = test_id;
    up.file->commit(a.id);  // renamed into place; a crash before COMMIT leaves an orphan the sweeper removes
    try {
      store::insert_artifact(c, a);
    } catch (...) {
      app.blobs.remove(a.id);
      throw;
    }
  });
  http::metrics().add("euriqa_uploads_total");
  http::metrics().add("euriqa_upload_bytes_total", a.file_size);
  return object_response(201, [&](http::JsonWriter& w) { write_artifact(w, app, req, a); });
}

store::Artifact authorized_artifact(store::Conn& c, const domain::Principal& p, const std::string& id, Action action) {
  auto a = store::find_artifact(c, id);
  if (!a) throw domain::not_found("Artifact");
  authorize_within(c, p, a->project_id, action, "Artifact");
  return *a;
}

http::Response list_artifacts(App& app, http::Request& req) {
  const auto& p = req.caller();
  auto run_id = req.query("runId");
  if (!run_id || run_id->empty()) throw domain::validation("runId", "required", "Query parameter 'runId' is required");
  auto test_id = req.query("testId");
  auto list = app.db.read([&](store::Conn& c) {
    authorize_run(c, p, *run_id, Action::Read);
    return store::artifacts_of(c, *run_id, test_id);
  });
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& a : list) write_artifact(w, app, req, a);
  w.end_array().end_object();
  return http::Response::json(200, w.take());
}

http::Response get_artifact(App& app, http::Request& req) {
  auto a = app.db.read([&](store::Conn& c) { return authorized_artifact(c, req.caller(), req.param("id"), Action::Read); });
  return object_response(200, [&](http::JsonWriter& w) { write_artifact(w, app, req, a); });
}

http::Response delete_artifact(App& app, http::Request& req) {
  app.db.write([&](store::Conn& c) {
    auto a = authorized_artifact(c, req.caller(), req.param("id"), Action::DeleteResults);
    store::delete_artifact(c, a.id);
  });
  app.blobs.remove(req.param("id"));  // after the commit
  return success("Artifact deleted successfully");
}

// ---- downloads (signed URL, no other auth) ----

void add_cors(http::Response& r) {
  r.header("Access-Control-Allow-Origin", "*");
  r.header("Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges, ETag, Content-Disposition");
}

std::string content_disposition(const store::Artifact& a) {
  bool is_inline = a.mime_type.rfind("image/", 0) == 0 || a.mime_type.rfind("video/", 0) == 0;
  return http::content_disposition(is_inline ? "inline" : "attachment", a.file_name);
}

http::Response download(App& app, http::Request& req) {
  const std::string& id = req.param("id");
  check_signed_link(app, id, req.query("expires").value_or(""), req.query("token").value_or(""));
  int64_t expires = *domain::parse_non_negative(req.query("expires").value_or(""));
  auto a = app.db.read([&](store::Conn& c) { return store::find_artifact(c, id); });
  if (!a || !app.blobs.exists(id)) throw domain::not_found("Artifact");

  http::Response r;
  add_cors(r);
  std::string etag = "\"" + a->id + "\"";  // an artifact's bytes never change after upload
  r.header("ETag", etag);
  r.header("Accept-Ranges", "bytes");
  r.header("Content-Security-Policy", "sandbox");
  r.header("Content-Disposition", content_disposition(*a));
  int64_t remaining = std::max<int64_t>(0, expires - domain::now_ms() / 1000);
  r.header("Cache-Control", "private, max-age=" + std::to_string(remaining));
  r.content_type = a->mime_type;
  if (req.header("If-None-Match").value_or("") == etag) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  http::FileBody body{app.blobs.path_of(id), 0, a->file_size, {}, {}};
  if (auto range_header = req.header("Range")) {
    auto range = http::parse_range(*range_header, a->file_size);
    if (range.kind == http::RangeRequest::Kind::Unsatisfiable) {
      ApiError e(416, "RANGE_NOT_SATISFIABLE", "The range is outside the file");
      e.header("Content-Range", "bytes */" + std::to_string(a->file_size));
      e.header("Access-Control-Allow-Origin", "*");
      throw e;
    }
    if (range.kind == http::RangeRequest::Kind::Partial) {
      r.status = 206;
      body.offset = range.range.start;
      body.length = range.range.end - range.range.start + 1;
      r.header("Content-Range", "bytes " + std::to_string(range.range.start) + "-" + std::to_string(range.range.end) +
                                    "/" + std::to_string(a->file_size));
    }
  }
  r.file = body;
  return r;
}

http::Response preflight(App&, http::Request& req) {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  r.header("Access-Control-Allow-Origin", "*");
  r.header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
  r.header("Access-Control-Allow-Headers", req.header("Access-Control-Request-Headers").value_or("Range"));
  r.header("Access-Control-Max-Age", "600");
  return r;
}

}  // namespace

void register_artifacts(http::Router& router, App& app) {
  router.post("/api/upload", Policy::role(Action::WriteResults).limit("uploads").multipart(), handle(app, upload));
  router.get("/api/artifacts", Policy::role(Action::Read).limit("testsRead"), handle(app, list_artifacts));
  router.get("/api/artifacts/:id", Policy::role(Action::Read).limit("testsRead"), handle(app, get_artifact));
  router.del("/api/artifacts/:id", Policy::role(Action::DeleteResults).limit("testsWrite"), handle(app, delete_artifact));
  router.get("/artifacts/:id/:name", Policy::open(), handle(app, download));
  router.add("OPTIONS", "/artifacts/:id/:name", Policy::open(), handle(app, preflight));
}

}  // namespace euriqa::api
