#include "api/query.h"

#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"

namespace euriqa::api {

namespace {
std::string quoted(const char* name) { return std::string("Query parameter '") + name + "'"; }
}  // namespace

std::optional<int64_t> time_query(const http::Request& req, const char* name) {
  auto text = req.query(name);
  if (!text) return std::nullopt;
  auto t = domain::parse_time(*text);
  if (!t) throw domain::validation(name, "invalid_value", quoted(name) + " must be an RFC 3339 time");
  return t;
}

std::optional<bool> bool_query(const http::Request& req, const char* name) {
  auto v = req.query(name);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  throw domain::validation(name, "invalid_type", quoted(name) + " must be true or false");
}

std::optional<std::string> enum_query(const http::Request& req, const char* name,
                                      const std::vector<std::string>& allowed) {
  auto v = req.query(name);
  if (!v) return std::nullopt;
  for (const auto& a : allowed)
    if (*v == a) return v;
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i) list += (i ? (i + 1 == allowed.size() ? " or " : ", ") : "") + allowed[i];
  throw domain::validation(name, "invalid_value", quoted(name) + " must be " + list);
}

std::optional<int64_t> int_query(const http::Request& req, const char* name, int64_t min, int64_t max) {
  auto v = req.query(name);
  if (!v) return std::nullopt;
  auto n = domain::parse_non_negative(*v);
  if (!n) throw domain::validation(name, "invalid_type", quoted(name) + " must be a whole number");
  if (*n < min || *n > max)
    throw domain::validation(name, "out_of_range",
                             quoted(name) + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

}  // namespace euriqa::api
