// Projects: list a team's, create (admin+, sessions only), get, rename (admin+),
// delete with everything in it (owner).
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/validation.h"
#include "store/artifacts.h"
#include "store/projects.h"

namespace euriqa::api {

using domain::Action;

namespace {


http::Response list_projects(App& app, http::Request& req) {
  const auto& p = req.caller();
  auto team_id = req.query("teamId");
  if (!team_id && p.is_api_key()) team_id = p.key_team_id;
  if (!team_id || team_id->empty())
    throw domain::validation("teamId", "required", "Query parameter 'teamId' is required");
  auto projects = app.db.read([&](store::Conn& c) {
    authorize_team(c, p, *team_id, Action::Read);
    return store::projects_of_team(c, *team_id);
  });
  return data_response(projects, write_project);
}

http::Response create_project(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string name = domain::check_name("name", body.required_string("name", 1000));
  std::string team_id = body.required_string("teamId", 100);
  auto project = app.db.write([&](store::Conn& c) {
    authorize_team(c, p, team_id, Action::ManageProjects);
    require_session(p, "create projects");
    return store::insert_project(c, team_id, name);
  });
  return object_response(201, [&](http::JsonWriter& w) { write_project(w, project); });
}

http::Response get_project(App& app, http::Request& req) {
  auto project = app.db.read(
      [&](store::Conn& c) { return authorize_project(c, req.caller(), req.param("id"), Action::Read); });
  return object_response(200, [&](http::JsonWriter& w) { write_project(w, project); });
}

http::Response update_project(App& app, http::Request& req) {
  const auto& body = req.json();
  auto name = body.optional_string("name", 1000);
  if (name) name = domain::check_name("name", *name);
  auto project = app.db.write([&](store::Conn& c) {
    auto proj = authorize_project(c, req.caller(), req.param("id"), Action::ManageProjects);
    return name ? store::rename_project(c, proj.id, *name) : proj;
  });
  return object_response(200, [&](http::JsonWriter& w) { write_project(w, project); });
}

http::Response delete_project(App& app, http::Request& req) {
  auto files = app.db.write([&](store::Conn& c) {
    auto proj = authorize_project(c, req.caller(), req.param("id"), Action::DeleteProject);
    auto ids = store::artifact_ids_of_project(c, proj.id);
    store::delete_project(c, proj.id);
    return ids;
  });
  app.blobs.remove_all(files);  // after the commit
  app.key_cache.invalidate_all();
  return success("Project deleted successfully");
}

}  // namespace

void register_projects(http::Router& router, App& app) {
  router.get("/api/projects", Policy::role(Action::Read).limit("projectsTeams"), handle(app, list_projects));
  router.post("/api/projects", Policy::role(Action::ManageProjects).limit("projectsTeams").no_keys(), handle(app, create_project));
  router.get("/api/projects/:id", Policy::role(Action::Read).limit("projectsTeams"), handle(app, get_project));
  router.patch("/api/projects/:id", Policy::role(Action::ManageProjects).limit("projectsTeams"), handle(app, update_project));
  router.del("/api/projects/:id", Policy::role(Action::DeleteProject).limit("projectsTeams"), handle(app, delete_project));
}

}  // namespace euriqa::api
