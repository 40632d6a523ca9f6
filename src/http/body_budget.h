// Bounds the bytes of request bodies held in memory at once, across all requests
// (contract §12: default 256 MiB). A request that would pass the bound is answered
// 503 with Retry-After instead of growing the process. Process-wide.
#pragma once
#include <atomic>
#include <cstdint>

namespace euriqa::http {

class BodyBudget {
 public:
  void set_limit(int64_t bytes) { limit_ = bytes; }
  bool try_acquire(int64_t bytes);
  void release(int64_t bytes) { held_ -= bytes; }
  int64_t held() const { return held_; }

 private:
  std::atomic<int64_t> limit_{256ll * 1024 * 1024};
  std::atomic<int64_t> held_{0};
};

BodyBudget& body_budget();

}  // namespace euriqa::http
