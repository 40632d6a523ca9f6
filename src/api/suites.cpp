// Test suites (docs/openapi.yaml "Test Suites", contract §5): upsert within a run on
// (filePath, title, parentSuiteId) and the run's suite tree.
#include <map>

#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/error.h"
#include "store/suites.h"

namespace euriqa::api {

using domain::Action;

namespace {


void write_suite(http::JsonWriter& w, const store::Suite& s) {
  w.begin_object().field("id", s.id).field("runId", s.run_id).field("projectId", s.project_id);
  w.field("title", s.title).field("filePath", s.file_path).field("parentSuiteId", s.parent_suite_id);
  w.time_field("createdAt", s.created_at).end_object();
}

http::Response upsert(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string run_id = body.required_string("runId", 100);
  std::string project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  std::string title = body.required_string("title", 2000);
  auto file_path = body.optional_string("filePath", 2000);
  auto parent = body.optional_string("parentSuiteId", 100);
  auto [suite, created] = app.db.write([&](store::Conn& c) {
    auto run = authorize_run(c, p, run_id, Action::WriteResults);
    if (run.project_id != project_id)
      throw domain::validation("runId", "invalid_value", "The run does not belong to this project");
    if (parent) {
      auto ps = store::find_suite(c, *parent);
      if (!ps || ps->run_id != run.id)
        throw domain::validation("parentSuiteId", "invalid_value", "The parent suite is not a suite of this run");
    }
    return store::upsert_suite(c, run.id, run.project_id, title, file_path, parent);
  });
  return object_response(created ? 201 : 200, [&](http::JsonWriter& w) { write_suite(w, suite); });
}

void write_tree(http::JsonWriter& w, const store::Suite& s,
                const std::map<std::string, std::vector<const store::Suite*>>& children) {
  w.begin_object().field("id", s.id).field("title", s.title).field("filePath", s.file_path);
  w.field("parentSuiteId", s.parent_suite_id).key("children").begin_array();
  if (auto it = children.find(s.id); it != children.end())
    for (const auto* child : it->second) write_tree(w, *child, children);
  w.end_array().end_object();
}

http::Response tree(App& app, http::Request& req) {
  const auto& p = req.caller();
  auto run_id = req.query("runId");
  if (!run_id || run_id->empty()) throw domain::validation("runId", "required", "Query parameter 'runId' is required");
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  auto suites = app.db.read([&](store::Conn& c) {
    auto run = authorize_run(c, p, *run_id, Action::Read);
    if (run.project_id != project_id) throw domain::not_found("Run");
    return store::suites_of_run(c, run.id);
  });
  std::map<std::string, std::vector<const store::Suite*>> children;
  for (const auto& s : suites)
    children[s.parent_suite_id.value_or("")].push_back(&s);
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto* root : children[""]) write_tree(w, *root, children);
  w.end_array().end_object();
  return http::Response::json(200, w.take());
}

}  // namespace

void register_suites(http::Router& router, App& app) {
  router.post("/api/test-suites", Policy::role(Action::WriteResults).limit("testsWrite"), handle(app, upsert));
  router.get("/api/test-suites", Policy::role(Action::Read).limit("testsRead"), handle(app, tree));
}

}  // namespace euriqa::api
