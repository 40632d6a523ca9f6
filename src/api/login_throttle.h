// Slows down password guessing: after N consecutive failed logins for one email or
// from one address within the window, further attempts are refused (429) until the
// window since the first failure has passed. Memory is bounded.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace euriqa::api {

class LoginThrottle {
 public:
  LoginThrottle(int max_failures, int64_t window_ms) : max_(max_failures), window_ms_(window_ms) {}

  // Seconds to wait when the key is blocked now.
  std::optional<int64_t> blocked_for(const std::string& key, int64_t now_ms);
  void record_failure(const std::string& key, int64_t now_ms);
  void reset(const std::string& key);

 private:
  struct Entry {
    int count = 0;
    int64_t first_ms = 0;
  };
  static constexpr size_t kMaxEntries = 100000;
  void sweep(int64_t now_ms);

  int max_;
  int64_t window_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace euriqa::api
