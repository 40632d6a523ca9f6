// Rate limits of the table in docs/contract.md (§9 and its appendix): per API key,
// or per user for sessions, and per endpoint group, over a sliding one-minute window
// (an exact log of request times). Limited responses carry RateLimit-Limit, RateLimit-Remaining
// and RateLimit-Reset; a refused one is 429 RATE_LIMITED with Retry-After. A batch
// ingest is one request. Memory is bounded however many keys call.
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/router.h"

namespace euriqa::api {

// The group names used in the config file's "rateLimits" object, with their limits.
// Each route names its group in its policy where it is registered.
const std::map<std::string, int>& default_rate_limits();

class RateLimiter {
 public:
  explicit RateLimiter(std::map<std::string, int> limits) : limits_(std::move(limits)) {}

  struct Decision {
    bool allowed = true;
    int limit = 0, remaining = 0;
    int64_t reset_seconds = 0;  // until a slot frees (the whole window when none is used)
  };
  // Records the request when allowed. Groups with a limit of 0 are not limited.
  std::optional<Decision> check(const std::string& who, const std::string& group, int64_t now_ms);

 private:
  static constexpr size_t kMaxKeys = 20000;
  static constexpr int64_t kWindowMs = 60 * 1000;
  void evict(int64_t now_ms);
  std::map<std::string, int> limits_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> log_;
};

struct App;
// Counts the request against its caller's limit for the route's group: the
// RateLimit-* headers to send, or ApiError 429 RATE_LIMITED with Retry-After.
std::vector<std::pair<std::string, std::string>> apply_rate_limit(App& app, const http::Request& req,
                                                                  const http::Policy& policy);

}  // namespace euriqa::api
