#include "http/request.h"

#include "domain/error.h"
#include "http/body_budget.h"

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

Request::~Request() {
  if (budget_held_) body_budget().release(budget_held_);
}

void Request::hold_budget(int64_t bytes) {
  if (!body_budget().try_acquire(bytes)) {
    domain::ApiError e(503, "UNAVAILABLE", "The server is busy reading other requests; retry shortly");
    e.header("Retry-After", "1");
    throw e;
  }
  budget_held_ += bytes;
}

const JsonBody& Request::json() {
  if (json_) return *json_;
  auto too_large_error = [this] {
    domain::ApiError e(413, "PAYLOAD_TOO_LARGE", "Request body is larger than " +
                                                     std::to_string(max_json_body_bytes) + " bytes");
    e.detail("limit", static_cast<long long>(max_json_body_bytes));
    return e;
  };
  if (content_length > max_json_body_bytes) throw too_large_error();
  std::string text;
  if (has_body && !body_consumed) {
    body_consumed = true;
    // Bytes are held against the budget as they arrive (a client announcing much and
    // sending little holds little); an announced body is read into a buffer of exactly
    // its size, so it is never copied while growing.
    if (content_length > 0) text.reserve(static_cast<size_t>(content_length));
    bool too_large = false;
    std::optional<domain::ApiError> refused;
    bool ok = read_body_fn([&](const char* data, size_t size) {
      if (static_cast<int64_t>(text.size() + size) > max_json_body_bytes) {
        too_large = true;
        return false;
      }
      try {
        hold_budget(static_cast<int64_t>(size));
      } catch (const domain::ApiError& e) {
        refused = e;
        return false;
      }
      text.append(data, size);
      return true;
    });
    if (too_large) throw too_large_error();
    if (refused) throw *refused;
    if (!ok) throw domain::ApiError(400, "INVALID_JSON", "Request body could not be read");
  }
  if (text.empty()) throw domain::ApiError(400, "INVALID_JSON", "Request body must be a JSON object");
  json_ = JsonBody::parse(std::move(text));
  return *json_;
}

}  // namespace euriqa::http
