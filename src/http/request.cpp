#include "http/request.h"

#include "domain/error.h"

namespace euriqa::http {

std::optional<std::string> Request::cookie(const std::string& name) const {
  auto all = header("Cookie");
  if (!all) return std::nullopt;
  std::string_view s = *all;
  while (!s.empty()) {
    auto semi = s.find(';');
    std::string_view part = s.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

const JsonBody& Request::json() {
  if (json_) return *json_;
  std::string text;
  bool too_large = false;
  auto too_large_error = [this] {
    domain::ApiError e(413, "PAYLOAD_TOO_LARGE", "Request body is larger than " +
                                                     std::to_string(max_json_body_bytes) + " bytes");
    e.detail("limit", static_cast<long long>(max_json_body_bytes));
    return e;
  };
  if (content_length > max_json_body_bytes) throw too_large_error();
  if (has_body && !body_consumed) {
    body_consumed = true;
    bool ok = read_body_fn([&](const char* data, size_t size) {
      if (static_cast<int64_t>(text.size() + size) > max_json_body_bytes) {
        too_large = true;
        return false;
      }
      text.append(data, size);
      return true;
    });
    if (too_large) throw too_large_error();
    if (!ok) throw domain::ApiError(400, "INVALID_JSON", "Request body could not be read");
    body_complete = true;
  }
  if (text.empty()) throw domain::ApiError(400, "INVALID_JSON", "Request body must be a JSON object");
  json_ = JsonBody::parse(text);
  return *json_;
}

}  // namespace euriqa::http
