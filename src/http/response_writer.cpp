#include "http/response_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "http/request_head.h"

namespace euriqa::http {

namespace {

const std::pair<const char*, const char*> kDefaultHeaders[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
};

bool has_header(const Response& res, std::string_view name) {
  return std::any_of(res.headers.begin(), res.headers.end(), [&](const auto& h) { return iequals(h.first, name); });
}

// Header values are ours, but a value built from request data must never split the
// response: drop CR and LF.
void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ");
  for (char c : value)
    if (c != '\r' && c != '\n') out.push_back(c);
  out.append("\r\n");
}

bool write_file(Connection& io, const FileBody& file, int timeout_ms) {
  int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[64 * 1024];
  int64_t offset = file.offset, left = file.length;
  bool ok = true;
  while (ok && left > 0) {
    ssize_t n = ::pread(fd, buf, static_cast<size_t>(std::min<int64_t>(left, sizeof buf)), offset);
    if (n <= 0) {
      ok = false;  // the file shrank under us: the client sees a short body and a closed connection
      break;
    }
    ok = io.write_all(std::string_view(buf, static_cast<size_t>(n)), timeout_ms);
    offset += n;
    left -= n;
  }
  ::close(fd);
  return ok;
}

}  // namespace

const char* reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

bool write_response(Connection& io, const Response& res, bool head_only, bool keep_alive, int timeout_ms) {
  bool bodiless = res.status == 204 || res.status == 304 || res.status < 200;
  int64_t length = res.file ? res.file->total() : res.static_body ? static_cast<int64_t>(res.static_body->size())
                                                                 : static_cast<int64_t>(res.body.size());
  std::string out;
  out.reserve(256 + (head_only || bodiless || res.file || res.static_body ? 0 : res.body.size()));
  out.append("HTTP/1.1 ").append(std::to_string(res.status)).append(" ").append(reason_phrase(res.status)).append("\r\n");
  for (const auto& [name, value] : kDefaultHeaders)
    if (!has_header(res, name)) append_header(out, name, value);
  for (const auto& [name, value] : res.headers) append_header(out, name, value);
  if (!bodiless) {
    if (!res.content_type.empty() && !has_header(res, "Content-Type")) append_header(out, "Content-Type", res.content_type);
    append_header(out, "Content-Length", std::to_string(length));
  }
  append_header(out, "Connection", keep_alive ? "keep-alive" : "close");
  out.append("\r\n");
  if (head_only || bodiless) return io.write_all(out, timeout_ms);
  if (res.file)
    return io.write_all(out.append(res.file->prefix), timeout_ms) && write_file(io, *res.file, timeout_ms) &&
           io.write_all(res.file->suffix, timeout_ms);
  if (res.static_body) return io.write_all(out, timeout_ms) && io.write_all(*res.static_body, timeout_ms);
  out.append(res.body);  // one write for head and body
  return io.write_all(out, timeout_ms);
}

}  // namespace euriqa::http
