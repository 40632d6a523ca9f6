// Contract §3 over real HTTP, as a table (PocketBase's ApiScenario): for each action,
// the expected status for every caller — viewer, member, admin and owner sessions of
// one team, and API keys of role viewer, member and admin created by the owner.
// Keys cannot create teams or projects, invite members or manage the team; a key
// reaches its own project only. A resource of a team the caller is not in answers
// 404 exactly like a missing one.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "support/server.h"

using namespace euriqa::test;

namespace {

enum Caller { kViewer, kMember, kAdmin, kOwner, kViewerKey, kMemberKey, kAdminKey, kCallerCount };

const char* caller_name(int c) {
  static const char* names[] = {"viewer session", "member session", "admin session", "owner session",
                                "viewer API key", "member API key", "admin API key"};
  return names[c];
}
bool is_key(int c) { return c >= kViewerKey; }
std::string role_of(int c) {
  static const char* roles[] = {"viewer", "member", "admin", "owner", "viewer", "member", "admin"};
  return roles[c];
}

// Ids a scenario acts on. Most rows use the shared team and project; destructive rows
// make throwaway ones so that one row cannot disturb the next.
struct Target {
  Auth auth;  // the caller (a throwaway key when the row needs one)
  std::string team_id, project_id, key_id, member_id, invitation_id;
};

// One shared server and team for the whole table (registrations hash passwords with
// Argon2id, so a server per row would be slow for no gain).
class World {
 public:
  World() : server({"--signup", "open"}) {
    owner = register_user(server, "owner@roles.test", "correct-horse-9", "Owner");
    main = create_workspace(server, owner, "Roles Team", "Roles Project");
    viewer = add_member(server, owner, main.team_id, "viewer@roles.test", "viewer");
    member = add_member(server, owner, main.team_id, "member@roles.test", "member");
    admin = add_member(server, owner, main.team_id, "admin@roles.test", "admin");
    keys[0] = create_key(server, owner, main.project_id, "viewer");
    keys[1] = create_key(server, owner, main.project_id, "member");
    keys[2] = create_key(server, owner, main.project_id, "admin");
  }

  TestServer server;
  Session owner, viewer, member, admin;
  Workspace main;
  std::array<std::string, 3> keys;  // viewer, member, admin
  int counter = 0;

  const Session& session(int c) const {
    switch (c) {
      case kViewer: return viewer;
      case kMember: return member;
      case kAdmin: return admin;
      default: return owner;
    }
  }
  Auth auth(int c) const { return is_key(c) ? Auth::key(keys[c - kViewerKey]) : session(c).auth(); }

  std::string unique(const std::string& stem) { return stem + "-" + std::to_string(++counter); }

  Target shared(int c) const {
    Target t;
    t.auth = auth(c);
    t.team_id = main.team_id;
    t.project_id = main.project_id;
    return t;
  }

  // A new project in the shared team; for a key caller, the key becomes one of that
  // role on the new project (a key reaches its own project only).
  Target fresh_project(int c) {
    Target t = shared(c);
    auto p = server.post("/api/projects", obj({{"name", quote(unique("Throwaway"))}, {"teamId", quote(main.team_id)}}),
                         owner.auth());
    REQUIRE_MESSAGE(p.status == 201, p.body);
    t.project_id = p.str("id");
    if (is_key(c)) t.auth = Auth::key(create_key(server, owner, t.project_id, role_of(c)));
    return t;
  }

  // A new team owned by the owner in which the caller has its role.
  Target fresh_team(int c) {
    Target t;
    Workspace ws = create_workspace(server, owner, unique("Throwaway Team"), "Throwaway Project");
    t.team_id = ws.team_id;
    t.project_id = ws.project_id;
    if (is_key(c)) {
      t.auth = Auth::key(create_key(server, owner, ws.project_id, role_of(c)));
    } else if (c == kOwner) {
      t.auth = owner.auth();
    } else {
      const Session& s = session(c);
      auto inv = server.post("/api/team-members",
                             obj({{"teamId", quote(ws.team_id)}, {"email", quote(s.email)}, {"role", quote(role_of(c))}}),
                             owner.auth());
      REQUIRE_MESSAGE(inv.status == 201, inv.body);
      auto acc = server.post("/api/invitations/" + inv.str("id") + "/accept", "", s.auth());
      REQUIRE_MESSAGE(acc.status == 200, acc.body);
      t.auth = s.auth();
    }
    return t;
  }

  // A new key on the shared project, made by the owner (never the caller's own key).
  Target fresh_key(int c) {
    Target t = shared(c);
    auto r = server.post("/api/api-keys", obj({{"projectId", quote(main.project_id)}, {"name", quote(unique("Victim"))}}),
                         owner.auth());
    REQUIRE_MESSAGE(r.status == 201, r.body);
    t.key_id = r.str("id");
    return t;
  }

  // A new user who joined the shared team with `role`; returns its membership id.
  Target fresh_member(int c, const std::string& role) {
    Target t = shared(c);
    std::string email = unique("target") + "@roles.test";
    Session s = add_member(server, owner, main.team_id, email, role);
    auto list = server.get("/api/team-members?teamId=" + main.team_id, owner.auth());
    REQUIRE(list.status == 200);
    for (const auto& m : list.at("data")->GetArray())
      if (std::string(m["userId"].GetString()) == s.user_id) t.member_id = m["id"].GetString();
    REQUIRE_FALSE(t.member_id.empty());
    return t;
  }
};

World& world() {
  static std::unique_ptr<World> w;
  if (!w) w = std::make_unique<World>();
  return *w;
}

// One action of the matrix: how to call it, and what each caller must get.
struct Scenario {
  std::string method;
  std::function<std::string(World&, const Target&)> path;
  std::function<std::string(World&, const Target&)> body;  // empty function = no body
  std::array<int, kCallerCount> expected;  // viewer, member, admin, owner sessions; viewer, member, admin keys
  std::function<Target(World&, int)> prepare{};                             // default: World::shared
  std::function<void(World&, const Target&, const Result&)> after_success{};  // extra checks on 2xx
  std::function<void(World&, const Target&)> after_refusal{};               // extra checks on 403
};

void run(const Scenario& s) {
  World& w = world();
  for (int c = 0; c < kCallerCount; ++c) {
    Target t = s.prepare ? s.prepare(w, c) : w.shared(c);
    std::string path = s.path(w, t);
    std::string body = s.body ? s.body(w, t) : "";
    auto r = w.server.request(s.method, path, body, t.auth);
    INFO(caller_name(c), ": ", s.method, " ", path, " ", body, " -> ", r.status, " ", r.body);
    CHECK(r.status == s.expected[c]);
    if (r.status != s.expected[c]) continue;
    if (r.status == 403) {
      CHECK(r.error_code() == "FORBIDDEN");
      CHECK_FALSE(r.str("error.message").empty());
      REQUIRE(r.at("error.details") != nullptr);
      CHECK(r.at("error.details")->IsObject());
      if (s.after_refusal) s.after_refusal(w, t);
    } else if (s.after_success) {
      s.after_success(w, t, r);
    }
  }
}

constexpr int k200 = 200, k201 = 201, k403 = 403;

std::string project_path(World&, const Target& t) { return "/api/projects/" + t.project_id; }
std::string settings_path(World&, const Target& t) { return "/api/projects/" + t.project_id + "/settings"; }
std::string team_path(World&, const Target& t) { return "/api/teams/" + t.team_id; }

void project_exists(World& w, const Target& t) {
  CHECK(w.server.get("/api/projects/" + t.project_id, w.owner.auth()).status == 200);
}

}  // namespace

// ---------------------------------------------------------------- projects

TEST_CASE("every role and every key may read a project of its team") {
  run({"GET", project_path, {}, {k200, k200, k200, k200, k200, k200, k200}, {},
       [](World&, const Target& t, const Result& r) {
         CHECK(r.str("id") == t.project_id);
         CHECK(r.str("teamId") == t.team_id);
       }});
}

TEST_CASE("every role and every key may list its team's projects") {
  run({"GET", [](World&, const Target& t) { return "/api/projects?teamId=" + t.team_id; }, {},
       {k200, k200, k200, k200, k200, k200, k200}, {},
       [](World&, const Target& t, const Result& r) {
         REQUIRE(r.at("data") != nullptr);
         bool found = false;
         for (const auto& p : r.at("data")->GetArray()) found |= std::string(p["id"].GetString()) == t.project_id;
         CHECK(found);
       }});
}

TEST_CASE("only admins and owners rename a project; an admin key may rename its own") {
  run({"PATCH", project_path, [](World& w, const Target&) { return obj({{"name", quote(w.unique("Renamed"))}}); },
       {k403, k403, k200, k200, k403, k403, k200}, {},
       [](World& w, const Target& t, const Result& r) {
         CHECK(r.str("id") == t.project_id);
         CHECK(r.str("name") == "Renamed-" + std::to_string(w.counter));
       },
       project_exists});
}

TEST_CASE("only owners delete a project; no key may") {
  run({"DELETE", project_path, {}, {k403, k403, k403, k200, k403, k403, k403},
       [](World& w, int c) { return w.fresh_project(c); },
       [](World& w, const Target& t, const Result& r) {
         CHECK(r.at("success") != nullptr);
         CHECK(r.at("success")->IsTrue());
         CHECK(w.server.get("/api/projects/" + t.project_id, w.owner.auth()).status == 404);
       },
       project_exists});
}

TEST_CASE("only admin and owner sessions create projects; keys never do") {
  run({"POST", [](World&, const Target&) { return std::string("/api/projects"); },
       [](World& w, const Target& t) { return obj({{"name", quote(w.unique("Created"))}, {"teamId", quote(t.team_id)}}); },
       {k403, k403, k201, k201, k403, k403, k403}, {},
       [](World&, const Target& t, const Result& r) {
         CHECK(r.str("id").rfind("proj_", 0) == 0);
         CHECK(r.str("teamId") == t.team_id);
       }});
}

// ---------------------------------------------------------------- settings

TEST_CASE("every role and every key may read project settings") {
  run({"GET", settings_path, {}, {k200, k200, k200, k200, k200, k200, k200}, {},
       [](World&, const Target& t, const Result& r) {
         CHECK(r.str("projectId") == t.project_id);
         REQUIRE(r.at("dataRetentionDays") != nullptr);
         CHECK(r.at("dataRetentionDays")->IsInt());
       }});
}

TEST_CASE("only admins and owners (and admin keys) change project settings") {
  run({"PATCH", settings_path, [](World&, const Target&) { return obj({{"dataRetentionDays", "120"}}); },
       {k403, k403, k200, k200, k403, k403, k200}, {},
       [](World&, const Target&, const Result& r) {
         REQUIRE(r.at("dataRetentionDays") != nullptr);
         CHECK(r.at("dataRetentionDays")->GetInt() == 120);
       }});
}

// ---------------------------------------------------------------- API keys

TEST_CASE("only admins and owners (and admin keys) list API keys") {
  run({"GET", [](World&, const Target& t) { return "/api/api-keys?projectId=" + t.project_id; }, {},
       {k403, k403, k200, k200, k403, k403, k200}, {},
       [](World&, const Target&, const Result& r) {
         REQUIRE(r.at("data") != nullptr);
         REQUIRE(r.at("data")->Size() >= 3);
         for (const auto& k : r.at("data")->GetArray()) {
           CHECK(k.FindMember("key") == k.MemberEnd());  // never the full key again
           CHECK(std::string(k["maskedKey"].GetString()).rfind("eur_****", 0) == 0);
         }
       }});
}

// Contract §12: API keys cannot create, change or delete API keys (a leaked admin
// key cannot mint a backdoor that survives its own deactivation).
TEST_CASE("only admins and owners create API keys; no key does") {
  run({"POST", [](World&, const Target&) { return std::string("/api/api-keys"); },
       [](World& w, const Target& t) { return obj({{"projectId", quote(t.project_id)}, {"name", quote(w.unique("New"))}}); },
       {k403, k403, k201, k201, k403, k403, k403}, {},
       [](World&, const Target& t, const Result& r) {
         CHECK(r.str("key").rfind("eur_live_", 0) == 0);
         CHECK(r.str("projectId") == t.project_id);
       }});
}

TEST_CASE("only admins and owners deactivate an API key; no key does") {
  run({"PATCH", [](World&, const Target& t) { return "/api/api-keys/" + t.key_id; },
       [](World&, const Target&) { return obj({{"isActive", "false"}}); }, {k403, k403, k200, k200, k403, k403, k403},
       [](World& w, int c) { return w.fresh_key(c); },
       [](World&, const Target& t, const Result& r) {
         CHECK(r.str("id") == t.key_id);
         REQUIRE(r.at("isActive") != nullptr);
         CHECK(r.at("isActive")->IsFalse());
       }});
}

TEST_CASE("only admins and owners delete an API key; no key does") {
  run({"DELETE", [](World&, const Target& t) { return "/api/api-keys/" + t.key_id; }, {},
       {k403, k403, k200, k200, k403, k403, k403}, [](World& w, int c) { return w.fresh_key(c); },
       [](World& w, const Target& t, const Result&) {
         CHECK(w.server.patch("/api/api-keys/" + t.key_id, obj({{"isActive", "true"}}), w.owner.auth()).status == 404);
       },
       [](World& w, const Target& t) {
         CHECK(w.server.patch("/api/api-keys/" + t.key_id, obj({{"isActive", "true"}}), w.owner.auth()).status == 200);
       }});
}

// ---------------------------------------------------------------- teams and members

TEST_CASE("every session and every key may list its team's members") {
  run({"GET", [](World&, const Target& t) { return "/api/team-members?teamId=" + t.team_id; }, {},
       {k200, k200, k200, k200, k200, k200, k200}, {},
       [](World&, const Target&, const Result& r) {
         REQUIRE(r.at("data") != nullptr);
         CHECK(r.at("data")->Size() >= 4);
       }});
}

TEST_CASE("only admin and owner sessions invite members; keys never do") {
  run({"POST", [](World&, const Target&) { return std::string("/api/team-members"); },
       [](World& w, const Target& t) {
         return obj({{"teamId", quote(t.team_id)}, {"email", quote(w.unique("invitee") + "@roles.test")},
                     {"role", quote("viewer")}});
       },
       {k403, k403, k201, k201, k403, k403, k403}, {},
       [](World&, const Target& t, const Result& r) {
         CHECK(r.str("id").rfind("invite_", 0) == 0);
         CHECK(r.str("teamId") == t.team_id);
         CHECK(r.str("status") == "pending");
       }});
}

TEST_CASE("only admin and owner sessions list a team's invitations; keys never do") {
  run({"GET", [](World&, const Target& t) { return "/api/invitations?teamId=" + t.team_id; }, {},
       {k403, k403, k200, k200, k403, k403, k403}, {},
       [](World&, const Target&, const Result& r) {
         REQUIRE(r.at("data") != nullptr);
         CHECK(r.at("data")->IsArray());
       }});
}

TEST_CASE("only admin and owner sessions rename the team; keys never do") {
  run({"PATCH", team_path, [](World& w, const Target&) { return obj({{"name", quote(w.unique("Team Renamed"))}}); },
       {k403, k403, k200, k200, k403, k403, k403}, {},
       [](World& w, const Target& t, const Result& r) {
         CHECK(r.str("id") == t.team_id);
         CHECK(r.str("name") == "Team Renamed-" + std::to_string(w.counter));
       }});
}

TEST_CASE("only the owner deletes the team; no key may") {
  run({"DELETE", team_path, {}, {k403, k403, k403, k200, k403, k403, k403},
       [](World& w, int c) { return w.fresh_team(c); },
       [](World& w, const Target& t, const Result&) {
         CHECK(w.server.get("/api/projects?teamId=" + t.team_id, w.owner.auth()).status == 404);
       },
       [](World& w, const Target& t) {
         CHECK(w.server.get("/api/projects?teamId=" + t.team_id, w.owner.auth()).status == 200);
       }});
}

TEST_CASE("every session may create a team; no key may") {
  run({"POST", [](World&, const Target&) { return std::string("/api/teams"); },
       [](World& w, const Target&) { return obj({{"name", quote(w.unique("Own Team"))}}); },
       {k201, k201, k201, k201, k403, k403, k403}, {},
       [](World&, const Target&, const Result& r) { CHECK(r.str("id").rfind("team_", 0) == 0); }});
}

TEST_CASE("only admin and owner sessions change a member's role below owner") {
  run({"PATCH", [](World&, const Target& t) { return "/api/team-members/" + t.member_id; },
       [](World&, const Target&) { return obj({{"role", quote("member")}}); }, {k403, k403, k200, k200, k403, k403, k403},
       [](World& w, int c) { return w.fresh_member(c, "viewer"); },
       [](World&, const Target& t, const Result& r) {
         CHECK(r.str("id") == t.member_id);
         CHECK(r.str("role") == "member");
       }});
}

TEST_CASE("only the owner grants the owner role") {
  run({"PATCH", [](World&, const Target& t) { return "/api/team-members/" + t.member_id; },
       [](World&, const Target&) { return obj({{"role", quote("owner")}}); }, {k403, k403, k403, k200, k403, k403, k403},
       [](World& w, int c) { return w.fresh_member(c, "member"); },
       [](World&, const Target&, const Result& r) { CHECK(r.str("role") == "owner"); }});
}

TEST_CASE("only admin and owner sessions remove a non-owner member") {
  run({"DELETE", [](World&, const Target& t) { return "/api/team-members/" + t.member_id; }, {},
       {k403, k403, k200, k200, k403, k403, k403}, [](World& w, int c) { return w.fresh_member(c, "viewer"); },
       [](World& w, const Target& t, const Result&) {
         auto list = w.server.get("/api/team-members?teamId=" + t.team_id, w.owner.auth());
         CHECK(list.body.find(t.member_id) == std::string::npos);
       }});
}

TEST_CASE("a key sees its own team only in GET /api/teams") {
  World& w = world();
  create_workspace(w.server, w.owner, "Second Team Of Owner", "P");
  for (int c = kViewerKey; c <= kAdminKey; ++c) {
    auto r = w.server.get("/api/teams", w.auth(c));
    INFO(caller_name(c), ": ", r.body);
    REQUIRE(r.status == 200);
    REQUIRE(r.at("data")->Size() == 1);
    CHECK(r.str("data.0.id") == w.main.team_id);
  }
  auto mine = w.server.get("/api/teams", w.owner.auth());
  CHECK(mine.at("data")->Size() >= 2);
}

TEST_CASE("a key's role is capped by its creator's current role") {
  World& w = world();
  // An admin makes an admin key, then is demoted to viewer: the key acts as a viewer.
  Session a = add_member(w.server, w.owner, w.main.team_id, "demoted@roles.test", "admin");
  std::string key = create_key(w.server, a, w.main.project_id, "admin");
  auto settings = [&] { return w.server.patch("/api/projects/" + w.main.project_id + "/settings",
                                              obj({{"dataRetentionDays", "91"}}), Auth::key(key)); };
  CHECK(settings().status == 200);
  auto members = w.server.get("/api/team-members?teamId=" + w.main.team_id, w.owner.auth());
  std::string member_id;
  for (const auto& m : members.at("data")->GetArray())
    if (std::string(m["userId"].GetString()) == a.user_id) member_id = m["id"].GetString();
  REQUIRE_FALSE(member_id.empty());
  REQUIRE(w.server.patch("/api/team-members/" + member_id, obj({{"role", quote("viewer")}}), w.owner.auth()).status == 200);
  auto r = settings();
  CHECK(r.status == 403);
  CHECK(r.error_code() == "FORBIDDEN");
  CHECK(w.server.get("/api/projects/" + w.main.project_id, Auth::key(key)).status == 200);
}

TEST_CASE("a key's role is admin, member or viewer: owner is refused") {
  World& w = world();
  auto r = w.server.post(
      "/api/api-keys", obj({{"projectId", quote(w.main.project_id)}, {"name", quote("x")}, {"role", quote("owner")}}),
      w.owner.auth());
  CHECK(r.status == 400);
  CHECK(r.error_code() == "VALIDATION_ERROR");
  CHECK(r.str("error.details.field") == "role");
  CHECK(r.str("error.details.reason") == "invalid_value");
}

// ---------------------------------------------------------------- other teams: 404, never 403

namespace {

// A caller outside the shared team (the owner of another team, with its admin key).
struct Outsider {
  Session session;
  std::string key;
};
Outsider& outsider() {
  static std::unique_ptr<Outsider> o;
  if (!o) {
    World& w = world();
    o = std::make_unique<Outsider>();
    o->session = register_user(w.server, "outsider@roles.test", "correct-horse-9", "Outsider");
    Workspace own = create_workspace(w.server, o->session, "Outsider Team", "Outsider Project");
    o->key = create_key(w.server, o->session, own.project_id, "admin");
  }
  return *o;
}

struct CrossRow {
  std::string method;
  std::function<std::string(const Target&)> path;
  std::function<std::string(const Target&)> body;
  bool keys_too = true;  // false: the endpoint refuses every key (403) before looking at the id
};

std::vector<CrossRow> cross_rows() {
  auto none = std::function<std::string(const Target&)>{};
  return {
      {"GET", [](const Target& t) { return "/api/projects/" + t.project_id; }, none},
      {"PATCH", [](const Target& t) { return "/api/projects/" + t.project_id; },
       [](const Target&) { return obj({{"name", quote("Stolen")}}); }},
      {"DELETE", [](const Target& t) { return "/api/projects/" + t.project_id; }, none},
      {"GET", [](const Target& t) { return "/api/projects/" + t.project_id + "/settings"; }, none},
      {"PATCH", [](const Target& t) { return "/api/projects/" + t.project_id + "/settings"; },
       [](const Target&) { return obj({{"dataRetentionDays", "1"}}); }},
      {"GET", [](const Target& t) { return "/api/projects?teamId=" + t.team_id; }, none},
      {"POST", [](const Target&) { return std::string("/api/projects"); },
       [](const Target& t) { return obj({{"name", quote("Intruder")}, {"teamId", quote(t.team_id)}}); }, false},
      {"GET", [](const Target& t) { return "/api/api-keys?projectId=" + t.project_id; }, none},
      {"POST", [](const Target&) { return std::string("/api/api-keys"); },
       [](const Target& t) { return obj({{"projectId", quote(t.project_id)}, {"name", quote("Intruder")}}); }, false},
      {"PATCH", [](const Target& t) { return "/api/api-keys/" + t.key_id; },
       [](const Target&) { return obj({{"isActive", "false"}}); }, false},
      {"DELETE", [](const Target& t) { return "/api/api-keys/" + t.key_id; }, none, false},
      {"GET", [](const Target& t) { return "/api/team-members?teamId=" + t.team_id; }, none},
      {"POST", [](const Target&) { return std::string("/api/team-members"); },
       [](const Target& t) {
         return obj({{"teamId", quote(t.team_id)}, {"email", quote("spy@roles.test")}, {"role", quote("admin")}});
       }, false},
      {"PATCH", [](const Target& t) { return "/api/team-members/" + t.member_id; },
       [](const Target&) { return obj({{"role", quote("owner")}}); }, false},
      {"DELETE", [](const Target& t) { return "/api/team-members/" + t.member_id; }, none, false},
      {"GET", [](const Target& t) { return "/api/invitations?teamId=" + t.team_id; }, none, false},
      {"DELETE", [](const Target& t) { return "/api/invitations/" + t.invitation_id; }, none, false},
      {"PATCH", [](const Target& t) { return "/api/teams/" + t.team_id; },
       [](const Target&) { return obj({{"name", quote("Pwned")}}); }, false},
      {"DELETE", [](const Target& t) { return "/api/teams/" + t.team_id; }, none, false},
  };
}

// Real ids of the shared team, and well-formed ids that exist nowhere.
std::pair<Target, Target> real_and_missing_targets() {
  World& w = world();
  Target real = w.fresh_key(kOwner);
  real.member_id = w.fresh_member(kOwner, "viewer").member_id;
  auto inv = w.server.post("/api/team-members",
                           obj({{"teamId", quote(w.main.team_id)}, {"email", quote(w.unique("pending") + "@roles.test")},
                                {"role", quote("viewer")}}),
                           w.owner.auth());
  REQUIRE(inv.status == 201);
  real.invitation_id = inv.str("id");
  Target missing;
  missing.team_id = "team_00000000000000000000";
  missing.project_id = "proj_00000000000000000000";
  missing.key_id = "key_00000000000000000000";
  missing.member_id = "member_00000000000000000000";
  missing.invitation_id = "invite_00000000000000000000";
  return {real, missing};
}

void check_cross_team(const Auth& auth, bool is_key_caller) {
  World& w = world();
  auto [real, missing] = real_and_missing_targets();
  for (const auto& row : cross_rows()) {
    std::string path = row.path(real);
    auto r = w.server.request(row.method, path, row.body ? row.body(real) : "", auth);
    auto m = w.server.request(row.method, row.path(missing), row.body ? row.body(missing) : "", auth);
    INFO(row.method, " ", path, " -> ", r.status, " ", r.body, " | missing id -> ", m.status, " ", m.body);
    bool refused_to_keys = is_key_caller && !row.keys_too;  // contract §12: sessions only
    CHECK(r.status == (refused_to_keys ? 403 : 404));
    CHECK(r.error_code() == (refused_to_keys ? "FORBIDDEN" : "NOT_FOUND"));
    CHECK(m.status == r.status);
    CHECK(r.body == m.body);  // no existence leak: same answer as a missing resource
  }
  // And nothing was changed by the attempts.
  CHECK(w.server.get("/api/projects/" + real.project_id, w.owner.auth()).status == 200);
  CHECK(w.server.get("/api/projects/" + real.project_id + "/settings", w.owner.auth()).str("projectId") ==
        real.project_id);
  auto keys = w.server.get("/api/api-keys?projectId=" + real.project_id, w.owner.auth());
  CHECK(keys.body.find(real.key_id) != std::string::npos);
  auto members = w.server.get("/api/team-members?teamId=" + real.team_id, w.owner.auth());
  CHECK(members.body.find(real.member_id) != std::string::npos);
  CHECK(members.body.find("spy@roles.test") == std::string::npos);
}

}  // namespace

TEST_CASE("a signed-in user of another team gets 404 NOT_FOUND on every id of this team") {
  check_cross_team(outsider().session.auth(), false);
}

TEST_CASE("an API key of another team gets 404 NOT_FOUND on every id of this team") {
  check_cross_team(Auth::key(outsider().key), true);
}

TEST_CASE("a key of one project gets 404 NOT_FOUND on another project of its own team") {
  World& w = world();
  Target sibling = w.fresh_project(kOwner);
  auto key = w.server.post("/api/api-keys", obj({{"projectId", quote(sibling.project_id)}, {"name", quote("sib")}}),
                           w.owner.auth());
  REQUIRE(key.status == 201);
  sibling.key_id = key.str("id");
  Auth admin_key = Auth::key(w.keys[2]);
  struct Row {
    std::string method, path, body;
    int status = 404;  // 403: refused to every key whatever the id (contract §12)
  };
  std::vector<Row> rows = {
      {"GET", "/api/projects/" + sibling.project_id, ""},
      {"PATCH", "/api/projects/" + sibling.project_id, obj({{"name", quote("x")}})},
      {"DELETE", "/api/projects/" + sibling.project_id, ""},
      {"GET", "/api/projects/" + sibling.project_id + "/settings", ""},
      {"PATCH", "/api/projects/" + sibling.project_id + "/settings", obj({{"dataRetentionDays", "2"}})},
      {"GET", "/api/api-keys?projectId=" + sibling.project_id, ""},
      {"POST", "/api/api-keys", obj({{"projectId", quote(sibling.project_id)}, {"name", quote("x")}}), 403},
      {"PATCH", "/api/api-keys/" + sibling.key_id, obj({{"isActive", "false"}}), 403},
      {"DELETE", "/api/api-keys/" + sibling.key_id, "", 403},
  };
  for (const auto& row : rows) {
    auto r = w.server.request(row.method, row.path, row.body, admin_key);
    INFO(row.method, " ", row.path, " -> ", r.status, " ", r.body);
    CHECK(r.status == row.status);
    CHECK(r.error_code() == (row.status == 404 ? "NOT_FOUND" : "FORBIDDEN"));
  }
  CHECK(w.server.get("/api/projects/" + sibling.project_id, w.owner.auth()).str("name").rfind("Throwaway", 0) == 0);
}

TEST_CASE("a key may omit projectId: it then means the key's own project") {
  World& w = world();
  auto r = w.server.get("/api/api-keys", Auth::key(w.keys[2]));
  REQUIRE(r.status == 200);
  REQUIRE(r.at("data")->Size() >= 1);
  for (const auto& k : r.at("data")->GetArray()) CHECK(std::string(k["projectId"].GetString()) == w.main.project_id);
  auto p = w.server.get("/api/projects", Auth::key(w.keys[0]));
  REQUIRE(p.status == 200);
  CHECK(p.body.find(w.main.project_id) != std::string::npos);
}
