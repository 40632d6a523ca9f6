// Teams: list the caller's teams, create one (the creator becomes owner), rename
// and delete (owner).
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "domain/validation.h"
#include "store/artifacts.h"
#include "store/teams.h"

namespace euriqa::api {

using domain::Action;

namespace {


http::Response list_teams(App& app, http::Request& req) {
  const auto& p = req.caller();
  auto teams = app.db.read([&](store::Conn& c) {
    std::vector<store::Team> out;
    if (p.is_api_key()) {
      if (auto t = store::find_team(c, p.key_team_id)) out.push_back(*t);
    } else {
      for (auto& [team, role] : store::teams_of_user(c, p.user_id)) out.push_back(team);
    }
    return out;
  });
  return data_response(teams, write_team);
}

http::Response create_team(App& app, http::Request& req) {
  const auto& p = req.caller();
  require_session(p, "create teams");
  std::string name = domain::check_name("name", req.json().required_string("name", 1000));
  auto team = app.db.write([&](store::Conn& c) { return store::insert_team(c, name, p.user_id); });
  return object_response(201, [&](http::JsonWriter& w) { write_team(w, team); });
}

http::Response rename_team(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string name = domain::check_name("name", req.json().required_string("name", 1000));
  auto team = app.db.write([&](store::Conn& c) {
    authorize_team(c, p, req.param("id"), Action::ManageProjects);
    require_session(p, "rename teams");  // a key may only read its team (contract §3)
    return store::rename_team(c, req.param("id"), name);
  });
  return object_response(200, [&](http::JsonWriter& w) { write_team(w, team); });
}

http::Response delete_team(App& app, http::Request& req) {
  const auto& p = req.caller();
  auto files = app.db.write([&](store::Conn& c) {
    authorize_team(c, p, req.param("id"), Action::DeleteTeam);
    auto ids = store::artifact_ids_of_team(c, req.param("id"));
    store::delete_team(c, req.param("id"));
    return ids;
  });
  app.blobs.remove_all(files);  // after the commit
  app.key_cache.invalidate_all();
  return success("Team deleted successfully");
}

}  // namespace

void register_teams(http::Router& router, App& app) {
  router.get("/api/teams", Policy::caller().limit("projectsTeams"), handle(app, list_teams));
  router.post("/api/teams", Policy::caller().limit("projectsTeams").no_keys(), handle(app, create_team));
  router.patch("/api/teams/:id", Policy::role(Action::ManageProjects).limit("projectsTeams").no_keys(), handle(app, rename_team));
  router.del("/api/teams/:id", Policy::role(Action::DeleteTeam).limit("projectsTeams").no_keys(), handle(app, delete_team));
}

}  // namespace euriqa::api
