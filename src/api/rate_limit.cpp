#include "api/rate_limit.h"

#include <optional>

#include "api/app.h"
#include "domain/error.h"
#include "domain/time.h"
#include "http/metrics.h"

namespace euriqa::api {

const std::map<std::string, int>& default_rate_limits() {
  static const std::map<std::string, int> limits = {
      {"runsRead", 100},     {"runsWrite", 30},      {"testsRead", 200},     {"testsWrite", 60},
      {"uploads", 30},       {"projectsTeams", 60},  {"apiKeysWebhooks", 30}, {"flakiness", 60},
  };
  return limits;
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

std::vector<std::pair<std::string, std::string>> apply_rate_limit(App& app, const http::Request& req,
                                                                  const http::Policy& policy) {
  const std::string& group = policy.rate_group;
  if (group.empty() || !req.principal) return {};
  const auto& p = *req.principal;
  std::string who = p.is_api_key() ? "key:" + *p.key_id : "user:" + p.user_id;
  auto d = app.rate_limiter.check(who, group, domain::now_ms());
  if (!d) return {};
  std::vector<std::pair<std::string, std::string>> headers = {
      {"RateLimit-Limit", std::to_string(d->limit)},
      {"RateLimit-Remaining", std::to_string(d->remaining)},
      {"RateLimit-Reset", std::to_string(d->reset_seconds)}};
  if (!d->allowed) {
    http::metrics().add("euriqa_rate_limited_total");
    domain::ApiError e(429, "RATE_LIMITED", "Rate limit of " + std::to_string(d->limit) + " requests per minute for " +
                                                group + " exceeded");
    e.detail("group", group);
    e.header("Retry-After", std::to_string(std::max<int64_t>(1, d->reset_seconds)));
    for (const auto& [k, v] : headers) e.header(k, v);
    throw e;
  }
  return headers;
}

}  // namespace euriqa::api
