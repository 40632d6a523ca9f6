#include "api/login_throttle.h"

namespace euriqa::api {

std::optional<int64_t> LoginThrottle::blocked_for(const std::string& key, int max, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  int64_t until = it->second.first_ms + window_ms_;
  if (now_ms >= until) {
    entries_.erase(it);
    return std::nullopt;
  }
  if (it->second.count < max) return std::nullopt;
  return (until - now_ms + 999) / 1000;
}

void LoginThrottle::record_failure(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) sweep(now_ms);
  auto& e = entries_[key];
  if (e.count == 0 || now_ms - e.first_ms >= window_ms_) {
    e.count = 0;
    e.first_ms = now_ms;
  }
  ++e.count;
}

void LoginThrottle::reset(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

void LoginThrottle::sweep(int64_t now_ms) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now_ms - it->second.first_ms >= window_ms_) it = entries_.erase(it);
    else ++it;
  }
  // Still full (a flood of distinct keys): forget the oldest half rather than grow.
  if (entries_.size() >= kMaxEntries) {
    size_t drop = entries_.size() / 2;
    for (auto it = entries_.begin(); it != entries_.end() && drop > 0; --drop) it = entries_.erase(it);
  }
}

}  // namespace euriqa::api
