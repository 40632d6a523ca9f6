// Outgoing HTTP for webhook delivery: one POST with a timeout, reporting status,
// error and duration. Optionally refuses hosts that resolve to private, loopback or
// link-local addresses (an operator switch; allowed by default for air-gapped use).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace euriqa::http {

struct PostResult {
  std::optional<int> status;  // nullopt when no HTTP response arrived
  std::string error;          // why, when status is nullopt
  int64_t duration_ms = 0;
};

// url: http(s)://host[:port][/path]
PostResult post_json(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, int timeout_seconds, bool allow_private_targets);
bool is_http_url(const std::string& url);

}  // namespace euriqa::http
