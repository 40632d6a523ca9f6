// GET /metrics (Prometheus text), and the per-request rate-limit hook.
#include "api/routes.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/time.h"
#include "http/metrics.h"
#include "store/webhooks.h"

namespace euriqa::api {

std::vector<std::pair<std::string, std::string>> apply_rate_limit(App& app, http::Request& req) {
  std::string group = rate_group(req.method, req.route);
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

void register_metrics(http::Router& router, App& app) {
  http::metrics().set_gauge("euriqa_webhook_queue_depth", "Webhook deliveries waiting to be sent", [&app] {
    return app.db.read([](store::Conn& c) { return store::pending_deliveries(c); });
  });
  router.get("/metrics", [&app](http::Request& req) {
    if (!app.config.metrics_token.empty() &&
        !domain::constant_time_equals(req.header("Authorization").value_or(""), "Bearer " + app.config.metrics_token))
      throw domain::unauthorized("Metrics need the configured bearer token");
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = http::metrics().render();
    return r;
  }, http::Auth::Public);
}

}  // namespace euriqa::api
