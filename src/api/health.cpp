// GET /healthz: 200 when the database answers (no auth).
#include "api/routes.h"
#include "http/errors.h"
#include "http/json_writer.h"

namespace euriqa::api {

void register_health(http::Router& router, App& app) {
  router.get("/healthz", Policy::open(), [&app](http::Request&) {
    if (!app.db.ping()) return http::error_response(503, "UNAVAILABLE", "The database does not answer");
    http::JsonWriter w;
    w.begin_object().field("status", "ok").field("version", EURIQA_VERSION).end_object();
    return http::Response::json(200, w.take());
  });
}

}  // namespace euriqa::api
