// GET /healthz: 200 when the database answers (no auth). GET /api/server-info (no
// auth): what the dashboard adapts to before anyone signs in, including whether the
// request carries a valid session (so that a signed-out first load asks for nothing that
// answers 401) and whether the server has no account yet (its first visitor creates it).
#include "api/authenticate.h"
#include "api/routes.h"
#include "domain/error.h"
#include "http/errors.h"
#include "http/json_writer.h"
#include "store/users.h"

namespace euriqa::api {

void register_health(http::Router& router, App& app) {
  router.get("/healthz", Policy::open(), [&app](http::Request&) {
    if (!app.db.ping()) return http::error_response(503, "UNAVAILABLE", "The database does not answer");
    http::JsonWriter w;
    w.begin_object().field("status", "ok").field("version", EURIQA_VERSION).end_object();
    return http::Response::json(200, w.take());
  });
  router.get("/api/server-info", Policy::open(), [&app](http::Request& req) {
    bool signed_in = false;
    if (req.cookie(kSessionCookie)) {
      try {
        authenticate(app, req);
        signed_in = req.principal.has_value() && req.principal->via_session;
      } catch (const domain::ApiError&) {
        // An expired or unknown session is simply not signed in here.
      }
    }
    bool first_account = app.db.read([](store::Conn& c) { return !store::any_user_exists(c); });
    http::JsonWriter w;
    w.begin_object().field("version", EURIQA_VERSION).field("signup", config::signup_mode_name(app.config.signup));
    w.field("emailEnabled", app.mail_enabled()).field("signedIn", signed_in).field("firstAccount", first_account);
    w.end_object();
    return http::Response::json(200, w.take());
  });
}

}  // namespace euriqa::api
