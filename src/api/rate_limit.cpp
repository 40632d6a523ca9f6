#include "api/rate_limit.h"

#include <optional>

namespace euriqa::api {

const std::map<std::string, int>& default_rate_limits() {
  static const std::map<std::string, int> limits = {
      {"runsRead", 100},     {"runsWrite", 30},      {"testsRead", 200},     {"testsWrite", 60},
      {"uploads", 30},       {"projectsTeams", 60},  {"apiKeysWebhooks", 30}, {"flakiness", 60},
  };
  return limits;
}

std::string rate_group(const std::string& method, const std::string& route) {
  auto starts = [&](const char* prefix) { return route.rfind(prefix, 0) == 0; };
  bool read = method == "GET" || method == "HEAD";
  if (starts("/api/runs")) return read ? "runsRead" : "runsWrite";
  if (starts("/api/tests") || starts("/api/test-suites") || starts("/api/artifacts"))
    return read ? "testsRead" : "testsWrite";
  if (starts("/api/upload")) return "uploads";
  if (starts("/api/projects") || starts("/api/teams") || starts("/api/team-members") || starts("/api/invitations"))
    return "projectsTeams";
  if (starts("/api/api-keys") || starts("/api/webhooks")) return "apiKeysWebhooks";
  if (starts("/api/flakiness") || starts("/api/quarantine")) return "flakiness";
  return "";
}

std::optional<RateLimiter::Decision> RateLimiter::check(const std::string& who, const std::string& group,
                                                        int64_t now_ms) {
  auto it = limits_.find(group);
  if (it == limits_.end() || it->second <= 0) return std::nullopt;
  int limit = it->second;
  std::lock_guard lock(mu_);
  if (log_.size() >= kMaxKeys) evict(now_ms);
  auto& times = log_[who + "|" + group];
  while (!times.empty() && times.front() <= now_ms - kWindowMs) times.pop_front();
  Decision d;
  d.limit = limit;
  if (static_cast<int>(times.size()) >= limit) {
    d.allowed = false;
    d.remaining = 0;
    d.reset_seconds = (times.front() + kWindowMs - now_ms + 999) / 1000;
    return d;
  }
  times.push_back(now_ms);
  d.remaining = limit - static_cast<int>(times.size());
  d.reset_seconds = (times.front() + kWindowMs - now_ms + 999) / 1000;
  return d;
}

void RateLimiter::evict(int64_t now_ms) {
  for (auto it = log_.begin(); it != log_.end();) {
    if (it->second.empty() || it->second.back() <= now_ms - kWindowMs) it = log_.erase(it);
    else ++it;
  }
  // Still full of active callers: forget half rather than grow without bound.
  if (log_.size() >= kMaxKeys) {
    size_t drop = log_.size() / 2;
    for (auto it = log_.begin(); it != log_.end() && drop > 0; --drop) it = log_.erase(it);
  }
}

}  // namespace euriqa::api
