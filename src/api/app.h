// What every handler may use: the configuration, the database and the server
// secret. One App lives for the lifetime of `euriqa serve`.
#pragma once
#include <functional>
#include <string>

#include "api/key_cache.h"
#include "api/login_throttle.h"
#include "api/rate_limit.h"
#include "blob/blob_store.h"
#include "config/config.h"
#include "store/db.h"

namespace euriqa::api {

struct App {
  const config::Config& config;
  store::Db& db;
  std::string secret;  // 32 random bytes from the data directory
  blob::BlobStore blobs;
  LoginThrottle login_throttle;
  KeyCache key_cache;
  RateLimiter rate_limiter;
  // Tell the webhook and mail workers that work was queued (set by `serve`).
  std::function<void()> wake_webhooks = [] {};
  std::function<void()> wake_mail = [] {};
  // Email is sent only when SMTP is configured; without it links are shown instead.
  bool mail_enabled() const { return config.smtp.has_value(); }

  App(const config::Config& c, store::Db& d, std::string s)
      : config(c), db(d), secret(std::move(s)), blobs(c.data_dir),
        login_throttle(static_cast<int64_t>(c.login_window_seconds) * 1000),
        rate_limiter(effective_limits(c)) {}

  static std::map<std::string, int> effective_limits(const config::Config& c) {
    auto limits = default_rate_limits();
    for (const auto& [group, n] : c.rate_limits) {
      if (!limits.count(group)) throw std::runtime_error("config file: unknown rate limit group '" + group + "'");
      limits[group] = n;
    }
    return limits;
  }
};

}  // namespace euriqa::api
