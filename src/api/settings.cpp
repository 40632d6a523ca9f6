// Project settings (contract §9): dataRetentionDays 1-3650 (90), flakinessThreshold
// 0-1 (0.3), autoQuarantineEnabled (false). PATCH changes only the fields given.
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/time.h"
#include "store/projects.h"

namespace euriqa::api {

using domain::Action;

namespace {


void write_settings(http::JsonWriter& w, const store::ProjectSettings& s) {
  w.begin_object().field("projectId", s.project_id).field("dataRetentionDays", s.data_retention_days);
  w.key("flakinessThreshold").real(s.flakiness_threshold);
  w.field("autoQuarantineEnabled", s.auto_quarantine_enabled).time_field("updatedAt", s.updated_at).end_object();
}

http::Response get_settings(App& app, http::Request& req) {
  auto settings = app.db.read([&](store::Conn& c) {
    auto proj = authorize_project(c, req.caller(), req.param("id"), Action::Read);
    return store::get_settings(c, proj.id);
  });
  return object_response(200, [&](http::JsonWriter& w) { write_settings(w, settings); });
}

http::Response patch_settings(App& app, http::Request& req) {
  const auto& body = req.json();
  auto days = body.optional_int("dataRetentionDays", 1, 3650);
  auto threshold = body.optional_number("flakinessThreshold", 0.0, 1.0);
  auto auto_quarantine = body.optional_bool("autoQuarantineEnabled");
  auto settings = app.db.write([&](store::Conn& c) {
    auto proj = authorize_project(c, req.caller(), req.param("id"), Action::ManageProjects);
    auto s = store::get_settings(c, proj.id);
    if (days) s.data_retention_days = static_cast<int>(*days);
    if (threshold) s.flakiness_threshold = *threshold;
    if (auto_quarantine) s.auto_quarantine_enabled = *auto_quarantine;
    s.updated_at = domain::now_ms();
    store::save_settings(c, s);
    return s;
  });
  return object_response(200, [&](http::JsonWriter& w) { write_settings(w, settings); });
}

}  // namespace

void register_settings(http::Router& router, App& app) {
  router.get("/api/projects/:id/settings", Policy::role(Action::Read).limit("projectsTeams"), handle(app, get_settings));
  router.patch("/api/projects/:id/settings", Policy::role(Action::ManageProjects).limit("projectsTeams"), handle(app, patch_settings));
}

}  // namespace euriqa::api
