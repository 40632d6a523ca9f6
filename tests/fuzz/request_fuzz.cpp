// HTTP request framing: a request head as the connection front finds and parses it,
// then a chunked body when the head announces one. Must never crash, hang or read
// out of bounds; a parsed head must satisfy the invariants the server relies on.
#include <cstdint>
#include <string>

#include "http/chunked.h"
#include "http/request_head.h"

using namespace euriqa::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto end = find_head_end(input);
  if (!end) return 0;
  auto [head, error] = parse_request_head(input.substr(0, *end));
  if (!head) {
    if (!(error.status >= 400)) __builtin_trap();
    return 0;
  }
  if (!(!(head->chunked && head->content_length))) __builtin_trap();
  if (!(head->path.find('\0') == std::string::npos)) __builtin_trap();
  (void)query_param(head->query, "projectId");
  (void)head->header_list("X-Forwarded-For");
  if (head->chunked) {
    ChunkedDecoder decoder;
    std::string body;
    auto rest = input.substr(*end);
    size_t used = decoder.feed(rest.data(), rest.size(), [&](const char* p, size_t n) {
      body.append(p, n);
      return body.size() < (1u << 20);
    });
    if (!(used <= rest.size())) __builtin_trap();
  }
  return 0;
}
