#include "http/errors.h"

#include "http/json_writer.h"

namespace euriqa::http {

Response error_response(const domain::ApiError& e) {
  JsonWriter w;
  w.begin_object().key("error").begin_object();
  w.field("code", e.code()).field("message", std::string(e.what()));
  w.key("details").begin_object();
  for (const auto& [k, v] : e.details()) w.field(k, v);
  for (const auto& [k, v] : e.numeric_details()) w.field(k, static_cast<int64_t>(v));
  w.end_object().end_object().end_object();
  Response r = Response::json(e.status(), w.take());
  for (const auto& [k, v] : e.headers()) r.header(k, v);
  return r;
}

Response error_response(int status, const std::string& code, const std::string& message) {
  return error_response(domain::ApiError(status, code, message));
}

const char* code_for_status(int status) {
  switch (status) {
    case 400: return "BAD_REQUEST";
    case 401: return "UNAUTHORIZED";
    case 403: return "FORBIDDEN";
    case 404: return "NOT_FOUND";
    case 405: return "METHOD_NOT_ALLOWED";
    case 408: return "REQUEST_TIMEOUT";
    case 409: return "CONFLICT";
    case 410: return "GONE";
    case 413: return "PAYLOAD_TOO_LARGE";
    case 414: return "URI_TOO_LONG";
    case 415: return "UNSUPPORTED_MEDIA_TYPE";
    case 416: return "RANGE_NOT_SATISFIABLE";
    case 429: return "RATE_LIMITED";
    case 431: return "HEADERS_TOO_LARGE";
    case 503: return "UNAVAILABLE";
    default: return status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
  }
}

}  // namespace euriqa::http
