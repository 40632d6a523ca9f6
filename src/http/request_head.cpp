#include "http/request_head.h"

#include <algorithm>
#include <cctype>

namespace euriqa::http {

namespace {

bool is_tchar(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

size_t skip_leading_empty_lines(std::string_view s) {
  size_t i = 0;
  while (i + 1 < s.size() && s[i] == '\r' && s[i + 1] == '\n') i += 2;
  return i;
}

// Comma-separated list members of a header value, trimmed, empty ones dropped.
std::vector<std::string_view> list_members(std::string_view v) {
  std::vector<std::string_view> out;
  while (!v.empty()) {
    auto comma = v.find(',');
    auto item = trim(v.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return out;
}

using Parsed = std::pair<std::optional<RequestHead>, HeadError>;

Parsed fail(int status, std::string message) { return {std::nullopt, HeadError{status, std::move(message)}}; }

// "/path?query", "http://host/path?query" (absolute form) or "*" (OPTIONS only).
bool split_target(RequestHead& h) {
  std::string_view t = h.target;
  if (t == "*") {
    if (h.method != "OPTIONS") return false;
    h.path.assign(1, '*');
    return true;
  }
  if (t.front() != '/') {
    auto scheme_end = t.find("://");
    if (scheme_end == std::string_view::npos) return false;
    auto scheme = t.substr(0, scheme_end);
    if (!iequals(scheme, "http") && !iequals(scheme, "https")) return false;
    auto path_start = t.find_first_of("/?", scheme_end + 3);
    t = path_start == std::string_view::npos ? std::string_view("/") : t.substr(path_start);
    if (t.front() == '?') return false;
  }
  auto q = t.find('?');
  h.path = percent_decode(t.substr(0, q), false);
  if (q != std::string_view::npos) h.query = std::string(t.substr(q + 1));
  return h.path.find('\0') == std::string::npos;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> RequestHead::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

std::optional<std::string> RequestHead::header_list(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [k, v] : headers) {
    if (!iequals(k, name)) continue;
    out = out ? *out + ", " + v : v;
  }
  return out;
}

std::optional<size_t> find_head_end(std::string_view buffer) {
  size_t start = skip_leading_empty_lines(buffer);
  auto end = buffer.find("\r\n\r\n", start);
  if (end == std::string_view::npos) return std::nullopt;
  return end + 4;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq), true) == name)
      return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::pair<std::optional<RequestHead>, HeadError> parse_request_head(std::string_view head) {
  if (head.size() > kMaxHeadBytes) return fail(431, "The request head is larger than 16 KiB");
  head.remove_prefix(skip_leading_empty_lines(head));
  if (head.size() < 4 || head.substr(head.size() - 4) != "\r\n\r\n") return fail(400, "The request head is incomplete");
  head.remove_suffix(2);  // every line now ends with CRLF

  RequestHead h;
  auto line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  head.remove_prefix(line_end + 2);

  // Request line: method SP target SP HTTP-version, nothing else.
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return fail(400, "Malformed request line");
  auto method = line.substr(0, sp1);
  auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  auto version = line.substr(sp2 + 1);
  if (!is_token(method) || method.size() > 32) return fail(400, "Malformed request method");
  if (target.size() > kMaxTargetBytes) return fail(414, "The request target is longer than 8 KiB");
  if (target.empty() ||
      std::any_of(target.begin(), target.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
    return fail(400, "Malformed request target");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !std::isdigit(static_cast<unsigned char>(version[5])) ||
      version[6] != '.' || !std::isdigit(static_cast<unsigned char>(version[7])))
    return fail(400, "Malformed HTTP version");
  if (version[5] != '1') return fail(505, "Only HTTP/1.0 and HTTP/1.1 are supported");
  h.method = std::string(method);
  h.target = std::string(target);
  h.minor_version = version[7] - '0';
  if (!split_target(h)) return fail(400, "Malformed request target");

  // Header fields.
  int te_count = 0, cl_count = 0;
  while (!head.empty()) {
    line_end = head.find("\r\n");
    line = head.substr(0, line_end);
    head.remove_prefix(line_end + 2);
    if (line.empty()) return fail(400, "Malformed header section");
    if (line.front() == ' ' || line.front() == '\t') return fail(400, "Folded header lines are not accepted");
    auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return fail(400, "Malformed header field");
    auto value = trim(line.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) {
          auto u = static_cast<unsigned char>(c);
          return (u < 0x20 && c != '\t') || u == 0x7f;
        }))
      return fail(400, "Control characters in a header value");
    if (h.headers.size() >= kMaxHeaderFields) return fail(431, "Too many header fields");
    auto name = line.substr(0, colon);
    h.headers.emplace_back(std::string(name), std::string(value));
    if (iequals(name, "Content-Length")) {
      if (++cl_count > 1 && std::to_string(h.content_length.value_or(0)) != value)
        return fail(400, "Conflicting Content-Length headers");
      if (value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return fail(400, "Content-Length must be a number of bytes");
      h.content_length = std::stoull(std::string(value));
    } else if (iequals(name, "Transfer-Encoding")) {
      if (++te_count > 1) return fail(400, "Repeated Transfer-Encoding header");
      if (!iequals(value, "chunked")) return fail(501, "Only the chunked transfer coding is supported");
      h.chunked = true;
    }
  }
  if (h.chunked && (h.content_length || h.minor_version == 0))
    return fail(400, "Transfer-Encoding cannot be combined with Content-Length or HTTP/1.0");

  bool close = false, keep = false;
  for (const auto& [k, v] : h.headers) {
    if (iequals(k, "Connection")) {
      for (auto token : list_members(v)) {
        close = close || iequals(token, "close");
        keep = keep || iequals(token, "keep-alive");
      }
    } else if (iequals(k, "Expect") && iequals(v, "100-continue")) {
      h.expect_continue = true;
    }
  }
  h.keep_alive = !close && (h.minor_version >= 1 || keep);
  return {std::move(h), HeadError{0, ""}};
}

}  // namespace euriqa::http
