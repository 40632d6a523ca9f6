// Counts failed sign-ins per key within a window (since the key's first failure);
// a key with `max` failures is blocked (429) until its window has passed. Callers
// choose the keys and limits: contract §12 keys on (address, email), on email and on
// address, so one email's failures do not lock other emails out. Memory is bounded.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace euriqa::api {

class LoginThrottle {
 public:
  explicit LoginThrottle(int64_t window_ms) : window_ms_(window_ms) {}

  // Seconds to wait when the key has `max` failures in its window now.
  std::optional<int64_t> blocked_for(const std::string& key, int max, int64_t now_ms);
  void record_failure(const std::string& key, int64_t now_ms);
  void reset(const std::string& key);

 private:
  struct Entry {
    int count = 0;
    int64_t first_ms = 0;
  };
  static constexpr size_t kMaxEntries = 100000;
  void sweep(int64_t now_ms);

  int64_t window_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace euriqa::api
