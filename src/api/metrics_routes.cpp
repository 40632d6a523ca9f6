// GET /metrics (Prometheus text).
#include "api/routes.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/time.h"
#include "http/metrics.h"
#include "store/webhooks.h"

namespace euriqa::api {

void register_metrics(http::Router& router, App& app) {
  http::metrics().set_gauge("euriqa_webhook_queue_depth", "Webhook deliveries waiting to be sent", [&app] {
    return app.db.read([](store::Conn& c) { return store::pending_deliveries(c); });
  });
  router.get("/metrics", Policy::open(), [&app](http::Request& req) {
    if (!app.config.metrics_token.empty() &&
        !domain::constant_time_equals(req.header("Authorization").value_or(""), "Bearer " + app.config.metrics_token))
      throw domain::unauthorized("Metrics need the configured bearer token");
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = http::metrics().render();
    return r;
  });
}

}  // namespace euriqa::api
