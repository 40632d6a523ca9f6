// Test suites over real HTTP (docs/openapi.yaml "Test Suites"; contract §3, §5): the tree
// created automatically from results' filePath and fullTitle, POST /api/test-suites
// upsert within a run, validation, roles and tenancy.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>

#include "support/results.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::results;

namespace {

const std::string kFile = "tests/auth/login.spec.ts";

std::string tree_url(const std::string& run_id, const std::string& project_id) {
  return "/api/test-suites?runId=" + run_id + "&projectId=" + project_id;
}

Result upsert(TestServer& s, const Auth& a, const std::string& run_id, const std::string& project_id,
              const std::string& title, const std::optional<std::string>& file_path = std::nullopt,
              const std::optional<std::string>& parent = std::nullopt) {
  Fields f = {{"runId", quote(run_id)}, {"projectId", quote(project_id)}, {"title", quote(title)}};
  if (file_path) f.emplace_back("filePath", quote(*file_path));
  if (parent) f.emplace_back("parentSuiteId", quote(*parent));
  return s.post("/api/test-suites", obj(f), a);
}

// The keys of a tree node, sorted.
std::vector<std::string> keys_of(const Result& r, const std::string& path) {
  std::vector<std::string> out;
  const auto* v = r.at(path);
  if (!v || !v->IsObject()) return out;
  for (const auto& m : v->GetObject()) out.emplace_back(m.name.GetString());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// ---------------------------------------------------------------- automatic suites

TEST_CASE("suites are created from filePath and fullTitle parts and returned as the reference's tree") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  make_test(s, t.auth(), run, t.project(), test_item("Auth > Login Page > should display login form", "passed", kFile));
  auto r = s.get(tree_url(run, t.project()), t.auth());
  REQUIRE(r.status == 200);
  REQUIRE(size_of_array(r, "data") == 1);
  CHECK(is_id(r.str("data.0.id"), "suite_"));
  CHECK(r.str("data.0.title") == "Auth");
  CHECK(r.str("data.0.filePath") == kFile);
  CHECK(r.is_null("data.0.parentSuiteId"));
  REQUIRE(size_of_array(r, "data.0.children") == 1);
  CHECK(is_id(r.str("data.0.children.0.id"), "suite_"));
  CHECK(r.str("data.0.children.0.title") == "Login Page");
  CHECK(r.str("data.0.children.0.filePath") == kFile);
  CHECK(r.str("data.0.children.0.parentSuiteId") == r.str("data.0.id"));
  CHECK(size_of_array(r, "data.0.children.0.children") == 0);
  // Exactly the reference's node shape.
  CHECK(keys_of(r, "data.0") == std::vector<std::string>{"children", "filePath", "id", "parentSuiteId", "title"});
  CHECK(keys_of(r, "data.0.children.0") ==
        std::vector<std::string>{"children", "filePath", "id", "parentSuiteId", "title"});
}

TEST_CASE("results sharing describe blocks share suites; other files get their own roots") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  REQUIRE(post_batch(s, t.auth(), run, t.project(),
                     {test_item("Auth > Login Page > shows form", "passed", kFile),
                      test_item("Auth > Login Page > submits", "failed", kFile),
                      test_item("Auth > Logout > signs out", "passed", kFile),
                      test_item("Auth > Login Page > Errors > wrong password", "passed", kFile),
                      test_item("Auth > top-level test", "passed", kFile),
                      test_item("Auth > Login Page > x", "passed", "tests/other.spec.ts"),
                      test_item("no describe block", "passed", kFile)})
              .status == 201);
  auto r = s.get(tree_url(run, t.project()), t.auth());
  REQUIRE(r.status == 200);
  INFO(r.body);
  REQUIRE(size_of_array(r, "data") == 2);
  CHECK(column(r, "data", "filePath") == std::vector<std::string>{kFile, "tests/other.spec.ts"});
  CHECK(column(r, "data", "title") == std::vector<std::string>{"Auth", "Auth"});
  CHECK(r.str("data.0.id") != r.str("data.1.id"));
  CHECK(column(r, "data.0.children", "title") == std::vector<std::string>{"Login Page", "Logout"});
  CHECK(column(r, "data.0.children.0.children", "title") == std::vector<std::string>{"Errors"});
  CHECK(r.str("data.0.children.0.children.0.parentSuiteId") == r.str("data.0.children.0.id"));
  CHECK(size_of_array(r, "data.0.children.1.children") == 0);
  CHECK(column(r, "data.1.children", "title") == std::vector<std::string>{"Login Page"});
  CHECK(r.str("data.1.children.0.parentSuiteId") == r.str("data.1.id"));
}

TEST_CASE("each run has its own suite tree") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto r1 = make_run(s, t.auth(), t.project());
  auto r2 = make_run(s, t.auth(), t.project());
  auto empty = make_run(s, t.auth(), t.project());
  make_test(s, t.auth(), r1, t.project(), test_item("Auth > Login > a", "passed", kFile));
  make_test(s, t.auth(), r2, t.project(), test_item("Auth > Login > a", "passed", kFile));
  make_test(s, t.auth(), r2, t.project(), test_item("Cart > b", "passed", "tests/cart.spec.ts"));
  auto a = s.get(tree_url(r1, t.project()), t.auth());
  auto b = s.get(tree_url(r2, t.project()), t.auth());
  CHECK(column(a, "data", "title") == std::vector<std::string>{"Auth"});
  CHECK(column(b, "data", "title") == std::vector<std::string>{"Auth", "Cart"});
  CHECK(a.str("data.0.id") != b.str("data.0.id"));
  auto e = s.get(tree_url(empty, t.project()), t.auth());
  REQUIRE(e.status == 200);
  CHECK(size_of_array(e, "data") == 0);
}

// ---------------------------------------------------------------- upsert

TEST_CASE("POST /api/test-suites creates with 201, then answers 200 with the same id") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto first = upsert(s, t.auth(), run, t.project(), "Auth", kFile);
  REQUIRE(first.status == 201);
  CHECK(is_id(first.str("id"), "suite_"));
  CHECK(first.str("runId") == run);
  CHECK(first.str("projectId") == t.project());
  CHECK(first.str("title") == "Auth");
  CHECK(first.str("filePath") == kFile);
  CHECK(first.is_null("parentSuiteId"));
  CHECK(is_time(first.str("createdAt")));

  auto again = upsert(s, t.auth(), run, t.project(), "Auth", kFile);
  CHECK(again.status == 200);
  CHECK(again.str("id") == first.str("id"));
  CHECK(again.str("createdAt") == first.str("createdAt"));

  auto child = upsert(s, t.auth(), run, t.project(), "Login Page", kFile, first.str("id"));
  REQUIRE(child.status == 201);
  CHECK(child.str("parentSuiteId") == first.str("id"));
  auto child_again = upsert(s, t.auth(), run, t.project(), "Login Page", kFile, first.str("id"));
  CHECK(child_again.status == 200);
  CHECK(child_again.str("id") == child.str("id"));

  auto tree = s.get(tree_url(run, t.project()), t.auth());
  REQUIRE(size_of_array(tree, "data") == 1);
  CHECK(tree.str("data.0.id") == first.str("id"));
  CHECK(column(tree, "data.0.children") == std::vector<std::string>{child.str("id")});
}

TEST_CASE("POST /api/test-suites upserts on filePath, title and parent: each differing one is a new suite") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  auto base = upsert(s, t.auth(), run, t.project(), "Auth", kFile);
  REQUIRE(base.status == 201);
  auto other_file = upsert(s, t.auth(), run, t.project(), "Auth", "tests/other.spec.ts");
  auto no_file = upsert(s, t.auth(), run, t.project(), "Auth");
  auto other_title = upsert(s, t.auth(), run, t.project(), "Billing", kFile);
  auto nested = upsert(s, t.auth(), run, t.project(), "Auth", kFile, base.str("id"));
  std::vector<std::string> ids = {base.str("id")};
  for (const Result* r : {&other_file, &no_file, &other_title, &nested}) {
    CHECK_MESSAGE(r->status == 201, r->body);
    ids.push_back(r->str("id"));
  }
  std::sort(ids.begin(), ids.end());
  CHECK(std::unique(ids.begin(), ids.end()) == ids.end());
  auto no_file_again = upsert(s, t.auth(), run, t.project(), "Auth");
  CHECK(no_file_again.status == 200);
  CHECK(no_file_again.str("id") == no_file.str("id"));
  CHECK(no_file_again.is_null("filePath"));
  // The same suite in another run is another suite.
  auto run2 = make_run(s, t.auth(), t.project());
  auto elsewhere = upsert(s, t.auth(), run2, t.project(), "Auth", kFile);
  CHECK(elsewhere.status == 201);
  CHECK(elsewhere.str("id") != base.str("id"));
}

TEST_CASE("POST /api/test-suites finds the suites created automatically from results") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  make_test(s, t.auth(), run, t.project(), test_item("Auth > Login Page > works", "passed", kFile));
  auto tree = s.get(tree_url(run, t.project()), t.auth());
  auto root = upsert(s, t.auth(), run, t.project(), "Auth", kFile);
  CHECK(root.status == 200);
  CHECK(root.str("id") == tree.str("data.0.id"));
  auto child = upsert(s, t.auth(), run, t.project(), "Login Page", kFile, root.str("id"));
  CHECK(child.status == 200);
  CHECK(child.str("id") == tree.str("data.0.children.0.id"));
  // And results find the suites created with POST.
  auto mine = upsert(s, t.auth(), run, t.project(), "Manual", "tests/manual.spec.ts");
  REQUIRE(mine.status == 201);
  make_test(s, t.auth(), run, t.project(), test_item("Manual > works", "passed", "tests/manual.spec.ts"));
  auto after = s.get(tree_url(run, t.project()), t.auth());
  CHECK(column(after, "data") == std::vector<std::string>{tree.str("data.0.id"), mine.str("id")});
}

TEST_CASE("POST /api/test-suites rejects a parentSuiteId of another run with 400") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run1 = make_run(s, t.auth(), t.project());
  auto run2 = make_run(s, t.auth(), t.project());
  auto parent = upsert(s, t.auth(), run1, t.project(), "Auth", kFile);
  REQUIRE(parent.status == 201);
  auto r = upsert(s, t.auth(), run2, t.project(), "Login Page", kFile, parent.str("id"));
  CHECK(is_validation(r, "parentSuiteId"));
  auto unknown = upsert(s, t.auth(), run2, t.project(), "Login Page", kFile, "suite_doesnotexist00000000");
  CHECK(is_validation(unknown, "parentSuiteId"));
  auto tree = s.get(tree_url(run2, t.project()), t.auth());
  CHECK(size_of_array(tree, "data") == 0);
}

TEST_CASE("POST /api/test-suites validates its body") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto run = make_run(s, t.auth(), t.project());
  CHECK(is_validation(s.post("/api/test-suites", obj({{"runId", quote(run)}, {"projectId", quote(t.project())}}),
                             t.auth()),
                      "title"));
  CHECK(is_validation(
      s.post("/api/test-suites", obj({{"projectId", quote(t.project())}, {"title", quote("A")}}), t.auth()), "runId"));
  CHECK(is_validation(s.post("/api/test-suites", obj({{"runId", quote(run)}, {"title", quote("A")}}), t.auth()),
                      "projectId"));
  CHECK(is_validation(s.post("/api/test-suites",
                             obj({{"runId", quote(run)}, {"projectId", quote(t.project())}, {"title", "5"}}), t.auth()),
                      "title"));
  CHECK(is_validation(s.post("/api/test-suites",
                             obj({{"runId", quote(run)}, {"projectId", quote(t.project())}, {"title", quote("A")},
                                  {"filePath", "[]"}}),
                             t.auth()),
                      "filePath"));
  CHECK(is_not_found(upsert(s, t.auth(), "run_doesnotexist0000000000", t.project(), "A")));
  CHECK(size_of_array(s.get(tree_url(run, t.project()), t.auth()), "data") == 0);
}

TEST_CASE("GET /api/test-suites requires runId and a run of the project") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com");
  auto other = s.post("/api/projects", obj({{"name", quote("Other")}, {"teamId", quote(t.ws.team_id)}}), t.auth());
  REQUIRE(other.status == 201);
  auto run = make_run(s, t.auth(), t.project());
  CHECK(is_validation(s.get("/api/test-suites?projectId=" + t.project(), t.auth()), "runId"));
  CHECK(is_not_found(s.get(tree_url("run_doesnotexist0000000000", t.project()), t.auth())));
  CHECK(is_not_found(s.get(tree_url(run, other.str("id")), t.auth())));
}

// ---------------------------------------------------------------- roles and tenancy

TEST_CASE("a viewer reads the suite tree but gets 403 on POST /api/test-suites") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto viewer = add_member(s, t.owner, t.ws.team_id, "viewer@example.com", "viewer");
  auto run = make_run(s, t.auth(), t.project());
  make_test(s, t.auth(), run, t.project(), test_item("Auth > works", "passed", kFile));
  CHECK(is_forbidden(upsert(s, viewer.auth(), run, t.project(), "Viewer Suite", kFile)));
  auto tree = s.get(tree_url(run, t.project()), viewer.auth());
  CHECK(tree.status == 200);
  CHECK(column(tree, "data", "title") == std::vector<std::string>{"Auth"});
}

TEST_CASE("a member may upsert suites") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto member = add_member(s, t.owner, t.ws.team_id, "member@example.com", "member");
  auto run = make_run(s, t.auth(), t.project());
  auto r = upsert(s, member.auth(), run, t.project(), "Member Suite", kFile);
  CHECK(r.status == 201);
  CHECK(upsert(s, member.auth(), run, t.project(), "Member Suite", kFile).status == 200);
}

TEST_CASE("a user of another team gets 404 on a team's suites") {
  TestServer s(open_signup());
  auto t = make_tenant(s, "owner@example.com");
  auto stranger = make_tenant(s, "stranger@example.com", "Elsewhere", "Theirs");
  auto run = make_run(s, t.auth(), t.project());
  auto root = upsert(s, t.auth(), run, t.project(), "Auth", kFile);
  REQUIRE(root.status == 201);
  CHECK(is_not_found(s.get(tree_url(run, t.project()), stranger.auth())));
  CHECK(is_not_found(s.get(tree_url(run, stranger.project()), stranger.auth())));
  CHECK(is_not_found(upsert(s, stranger.auth(), run, t.project(), "Evil", kFile)));
  CHECK(is_not_found(upsert(s, stranger.auth(), run, stranger.project(), "Evil", kFile)));
  // A stranger's own run cannot hang suites under the team's suite.
  auto their_run = make_run(s, stranger.auth(), stranger.project());
  auto hang = upsert(s, stranger.auth(), their_run, stranger.project(), "Evil", kFile, root.str("id"));
  CHECK(hang.status == 400);
  CHECK(column(s.get(tree_url(run, t.project()), t.auth()), "data", "title") == std::vector<std::string>{"Auth"});
}

TEST_CASE("an API key of project A gets 404 on project B's suites") {
  TestServer s;
  auto t = make_tenant(s, "owner@example.com", "Team", "A");
  auto b = s.post("/api/projects", obj({{"name", quote("B")}, {"teamId", quote(t.ws.team_id)}}), t.auth());
  REQUIRE(b.status == 201);
  auto run_a = make_run(s, t.auth(), t.project());
  auto run_b = make_run(s, t.auth(), b.str("id"));
  auto key = Auth::key(create_key(s, t.owner, t.project(), "member"));
  CHECK(is_not_found(s.get(tree_url(run_b, b.str("id")), key)));
  CHECK(is_not_found(upsert(s, key, run_b, b.str("id"), "K")));
  // Without projectId the key means its own project.
  CHECK(s.get("/api/test-suites?runId=" + run_a, key).status == 200);
  CHECK(s.post("/api/test-suites", obj({{"runId", quote(run_a)}, {"title", quote("K")}}), key).status == 201);
  CHECK(is_not_found(s.get("/api/test-suites?runId=" + run_b, key)));
}
