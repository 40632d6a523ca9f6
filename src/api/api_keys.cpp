// API keys of a project (admin+): list masked, create (the full key is in the
// creation response only), activate/deactivate, delete. A key's role can never be
// above its creator's.
#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/api_keys.h"

namespace euriqa::api {

using domain::Action;

namespace {

using domain::Role;

void write_key_fields(http::JsonWriter& w, const store::ApiKey& k) {
  w.field("id", k.id).field("name", k.name).field("projectId", k.project_id);
  w.field("maskedKey", domain::mask_api_key_tail(k.last4)).field("role", domain::role_name(k.role));
  w.field("isActive", k.is_active).time_field("expiresAt", k.expires_at).time_field("lastUsedAt", k.last_used_at);
  w.time_field("createdAt", k.created_at).time_field("updatedAt", k.updated_at);
}

void write_key(http::JsonWriter& w, const store::ApiKey& k) {
  w.begin_object();
  write_key_fields(w, k);
  w.end_object();
}

// The key when visible to the caller with the right to manage keys.
store::ApiKey authorized_key(store::Conn& c, const domain::Principal& p, const std::string& id) {
  auto key = store::find_api_key(c, id);
  if (!key) throw domain::not_found("API key");
  authorize_within(c, p, key->project_id, Action::ManageApiKeys, "API key");
  return *key;
}

http::Response list_keys(App& app, http::Request& req) {
  std::string project_id = resolve_project_id(req.caller(), req.query("projectId"));
  auto keys = app.db.read([&](store::Conn& c) {
    authorize_project(c, req.caller(), project_id, Action::ManageApiKeys);
    return store::api_keys_of_project(c, project_id);
  });
  return data_response(keys, write_key);
}

http::Response create_key(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  std::string name = domain::check_name("name", body.required_string("name", 1000));
  Role role = *domain::parse_role(body.optional_enum("role", {"admin", "member", "viewer"}).value_or("member"));
  std::optional<int64_t> expires_at;
  if (auto text = body.optional_string("expiresAt", 64)) {
    expires_at = domain::parse_time(*text);
    if (!expires_at) body.fail("expiresAt", "invalid_value", "Field 'expiresAt' must be an RFC 3339 time");
    if (*expires_at <= domain::now_ms()) body.fail("expiresAt", "out_of_range", "Field 'expiresAt' must be in the future");
  }
  std::string secret = domain::new_api_key();
  auto key = app.db.write([&](store::Conn& c) {
    auto proj = authorize_project(c, p, project_id, Action::ManageApiKeys);
    Role mine = team_role(c, p, proj.team_id);
    if (static_cast<int>(role) > static_cast<int>(mine))
      throw domain::forbidden(std::string("A key's role cannot be above your own (") + domain::role_name(mine) + ")");
    return store::insert_api_key(c, proj.id, p.user_id, name, role, domain::sha256_hex(secret),
                                 secret.substr(secret.size() - 4), expires_at);
  });
  auto r = object_response(201, [&](http::JsonWriter& w) {
    w.begin_object();
    write_key_fields(w, key);
    w.field("key", secret);
    w.end_object();
  });
  r.header("Cache-Control", "no-store");
  return r;
}

http::Response update_key(App& app, http::Request& req) {
  bool active = req.json().required_bool("isActive");
  auto key = app.db.write([&](store::Conn& c) {
    auto k = authorized_key(c, req.caller(), req.param("id"));
    return store::set_api_key_active(c, k.id, active);
  });
  app.key_cache.invalidate_all();
  return object_response(200, [&](http::JsonWriter& w) { write_key(w, key); });
}

http::Response delete_key(App& app, http::Request& req) {
  app.db.write([&](store::Conn& c) {
    auto k = authorized_key(c, req.caller(), req.param("id"));
    store::delete_api_key(c, k.id);
  });
  app.key_cache.invalidate_all();
  return success("API key deleted successfully");
}

}  // namespace

void register_api_keys(http::Router& router, App& app) {
  router.get("/api/api-keys", Policy::role(Action::ManageApiKeys).limit("apiKeysWebhooks"), handle(app, list_keys));
  router.post("/api/api-keys", Policy::role(Action::ManageApiKeys).limit("apiKeysWebhooks").no_keys(), handle(app, create_key));
  router.patch("/api/api-keys/:id", Policy::role(Action::ManageApiKeys).limit("apiKeysWebhooks").no_keys(), handle(app, update_key));
  router.del("/api/api-keys/:id", Policy::role(Action::ManageApiKeys).limit("apiKeysWebhooks").no_keys(), handle(app, delete_key));
}

}  // namespace euriqa::api
