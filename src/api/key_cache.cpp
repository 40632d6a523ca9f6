#include "api/key_cache.h"

namespace euriqa::api {

std::optional<KeyCache::Entry> KeyCache::find(const std::string& key_hash, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key_hash);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (e.generation != generation_.load() || now_ms - e.cached_at > kTtlMs ||
      (e.expires_at && *e.expires_at <= now_ms)) {
    entries_.erase(it);
    return std::nullopt;
  }
  return e;
}

void KeyCache::put(const std::string& key_hash, Entry entry) {
  std::lock_guard lock(mu_);
  if (entry.generation != generation_.load()) return;  // something changed meanwhile
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[key_hash] = std::move(entry);
}

void KeyCache::set_last_used(const std::string& key_hash, int64_t at) {
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key_hash); it != entries_.end()) it->second.last_used_at = at;
}

void KeyCache::invalidate_all() {
  std::lock_guard lock(mu_);
  generation_.fetch_add(1);
  entries_.clear();
}

}  // namespace euriqa::api
