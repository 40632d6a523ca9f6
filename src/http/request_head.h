// Parses an HTTP/1.x request head (request line and header fields, up to the empty
// line) that the connection front has already buffered whole. Strict where lenience
// enables request smuggling or stalls (RFC 9112): no obs-fold, no bare CR, one
// Content-Length made of digits, never both Content-Length and Transfer-Encoding,
// and only "chunked" as a transfer coding. Pure: no I/O, fuzzed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace euriqa::http {

constexpr size_t kMaxHeadBytes = 16 * 1024;    // the whole head: request line and headers
constexpr size_t kMaxTargetBytes = 8 * 1024;   // the request target (path and query)
constexpr size_t kMaxHeaderFields = 100;

struct RequestHead {
  std::string method;
  std::string target;  // as sent
  std::string path;    // percent-decoded, without the query
  std::string query;   // raw, after '?'
  int minor_version = 1;  // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent, values trimmed

  // The first value of a header (names compare case-insensitively).
  std::optional<std::string> header(std::string_view name) const;
  // Every value of a repeatable header joined with ", " (nullopt when absent).
  std::optional<std::string> header_list(std::string_view name) const;
  bool chunked = false;                 // Transfer-Encoding: chunked
  std::optional<uint64_t> content_length;
  bool keep_alive = true;               // after this request, per version and Connection
  bool expect_continue = false;         // Expect: 100-continue
};

struct HeadError {
  int status;            // 400, 414, 431, 501 or 505
  std::string message;
};

// Where the head ends in `buffer` (the index just past the empty line), or nullopt
// when more bytes are needed. Leading empty lines before a request are skipped by
// parse_request_head.
std::optional<size_t> find_head_end(std::string_view buffer);

// `head` is exactly the bytes up to and including the empty line.
std::pair<std::optional<RequestHead>, HeadError> parse_request_head(std::string_view head);

// Query parameters: the first value of `name` in an application/x-www-form-urlencoded
// query ('+' is a space, %XX decoded); nullopt when absent.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// %XX decoding; '+' becomes a space only when plus_is_space. Invalid escapes stay as
// they are.
std::string percent_decode(std::string_view text, bool plus_is_space);

bool iequals(std::string_view a, std::string_view b);

}  // namespace euriqa::http
