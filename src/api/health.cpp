// GET /healthz: 200 when the database answers (no auth). GET /api/server-info (no
// auth): what the dashboard adapts to before anyone signs in.
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
  router.get("/api/server-info", Policy::open(), [&app](http::Request&) {
    http::JsonWriter w;
    w.begin_object().field("version", EURIQA_VERSION).field("signup", config::signup_mode_name(app.config.signup));
    w.field("emailEnabled", app.mail_enabled()).end_object();
    return http::Response::json(200, w.take());
  });
}

}  // namespace euriqa::api
