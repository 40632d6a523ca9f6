// Remembers recently authenticated API keys so that the ingest hot path does not
// read the database for every request. Any change that can affect a key (a key
// deactivated or deleted, a member's role changed or removed, a project or team
// deleted) calls invalidate_all(), which bumps a generation: entries made before it
// are never used again. Entries also expire after a minute, and a key's own expiry
// is checked on every hit. Memory is bounded.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/principal.h"

namespace euriqa::api {

class KeyCache {
 public:
  struct Entry {
    domain::Principal principal;
    std::optional<int64_t> expires_at;  // the key's own expiry
    int64_t last_used_at = 0;           // as last written to the database
    int64_t cached_at = 0;
    uint64_t generation = 0;
  };

  uint64_t generation() const { return generation_.load(); }
  std::optional<Entry> find(const std::string& key_hash, int64_t now_ms);
  // `generation` must be read before the database lookup that produced the entry.
  void put(const std::string& key_hash, Entry entry);
  void set_last_used(const std::string& key_hash, int64_t at);
  void invalidate_all();

 private:
  static constexpr size_t kMaxEntries = 10000;
  static constexpr int64_t kTtlMs = 60 * 1000;
  std::atomic<uint64_t> generation_{1};
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace euriqa::api
