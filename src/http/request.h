// Euriqa's view of an HTTP request and response, independent of cpp-httplib.
// A Request's body is read only when a handler asks for it, after routing and
// authentication, so a refused request is never read.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/principal.h"
#include "http/json_body.h"
#include "http/multipart.h"

namespace euriqa::http {

struct Request {
  Request() = default;
  ~Request();  // gives back the body budget this request held
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  std::string method;
  std::string path;
  std::string route;  // the matched route template, e.g. "/api/runs/:id"
  std::map<std::string, std::string> params;  // path parameters
  std::string remote_addr;

  std::function<std::optional<std::string>(const std::string&)> query_fn;
  std::function<std::optional<std::string>(const std::string&)> header_fn;
  // Streams the body to the callback; false when the client stopped or we did.
  std::function<bool(const BodyChunk&)> read_body_fn;
  // Streams a multipart/form-data body: each part's header, then its bytes. When it
  // returns false because the body broke a multipart rule, multipart_error says which.
  std::function<bool(const PartHeader&, const BodyChunk&)> read_multipart_fn;
  bool is_multipart = false;
  std::string multipart_error;
  bool has_body = false;
  int64_t content_length = -1;  // -1 when not announced (chunked)
  bool body_consumed = false;  // reading has started (a body is read at most once)
  int64_t max_json_body_bytes = 32ll * 1024 * 1024;

  std::optional<domain::Principal> principal;

  std::optional<std::string> query(const std::string& name) const { return query_fn(name); }
  std::optional<std::string> header(const std::string& name) const { return header_fn(name); }
  std::optional<std::string> cookie(const std::string& name) const;
  const std::string& param(const std::string& name) const { return params.at(name); }
  const domain::Principal& caller() const { return *principal; }

  // Reads the whole body as a JSON object: 413 PAYLOAD_TOO_LARGE past the limit,
  // 400 INVALID_JSON when it does not parse.
  const JsonBody& json();

 private:
  void hold_budget(int64_t bytes);  // 503 UNAVAILABLE with Retry-After past the budget
  std::unique_ptr<JsonBody> json_;
  int64_t budget_held_ = 0;
};

// A response body streamed from a file: `length` bytes from `offset`, between a prefix
// and a suffix sent as they are (a zip entry's deflate stream framed as gzip).
struct FileBody {
  std::string path;
  int64_t offset = 0, length = 0;
  std::string prefix, suffix;
  int64_t total() const { return static_cast<int64_t>(prefix.size() + suffix.size()) + length; }
};

struct Response {
  int status = 200;
  std::optional<FileBody> file;  // when set, replaces body
  // When set, replaces body without a copy: bytes that live as long as the process
  // (the embedded dashboard).
  std::optional<std::string_view> static_body;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace euriqa::http
