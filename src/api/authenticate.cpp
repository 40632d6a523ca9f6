#include "api/authenticate.h"

#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/time.h"
#include "store/api_keys.h"
#include "store/users.h"

namespace euriqa::api {

namespace {

// lastUsedAt is refreshed at most once a minute so that reads stay reads.
constexpr int64_t kTouchIntervalMs = 60 * 1000;

std::optional<std::string> presented_key(const http::Request& req) {
  if (auto k = req.header("X-API-Key")) return k;
  if (auto a = req.header("Authorization")) {
    const std::string bearer = "Bearer ";
    if (a->rfind(bearer, 0) == 0) return a->substr(bearer.size());
  }
  return std::nullopt;
}

domain::Principal key_principal(App& app, const std::string& key) {
  auto invalid = domain::unauthorized("Invalid or inactive API key");
  if (key.size() > 200) throw invalid;
  std::string hash = domain::sha256_hex(key);
  int64_t now = domain::now_ms();
  auto cached = app.key_cache.find(hash, now);
  if (!cached) {
    KeyCache::Entry entry;
    entry.generation = app.key_cache.generation();  // before the lookup
    auto found = app.db.read([&](store::Conn& c) { return store::find_key_for_auth(c, hash); });
    if (!found || !found->key.is_active || (found->key.expires_at && *found->key.expires_at <= now) ||
        !found->creator_role)
      throw invalid;
    auto& p = entry.principal;
    p.user_id = found->key.created_by;
    p.email = found->creator_email;
    p.name = found->creator_name;
    p.key_id = found->key.id;
    p.key_project_id = found->key.project_id;
    p.key_team_id = found->team_id;
    p.key_role = domain::effective_role(found->key.role, *found->creator_role);
    entry.expires_at = found->key.expires_at;
    entry.last_used_at = found->key.last_used_at.value_or(0);
    entry.cached_at = now;
    app.key_cache.put(hash, entry);
    cached = std::move(entry);
  }
  if (now - cached->last_used_at > kTouchIntervalMs) {
    app.db.write([&](store::Conn& c) { store::touch_api_key(c, *cached->principal.key_id, now); });
    app.key_cache.set_last_used(hash, now);
  }
  return cached->principal;
}

bool is_unsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

bool same_origin(const App& app, const http::Request& req, const std::string& origin) {
  if (!app.config.base_url.empty()) {
    // base_url may carry a path; its origin is scheme://host[:port].
    auto scheme_end = app.config.base_url.find("://");
    auto path_start = app.config.base_url.find('/', scheme_end + 3);
    return origin == app.config.base_url.substr(0, path_start);
  }
  auto host = req.header("Host");
  if (!host) return false;
  return origin == "http://" + *host || origin == "https://" + *host;
}

void check_origin(const App& app, const http::Request& req) {
  if (!is_unsafe(req.method)) return;
  auto origin = req.header("Origin");
  if (origin && !same_origin(app, req, *origin))
    throw domain::forbidden("Cross-site request refused: Origin does not match this server");
}

void authenticate(App& app, http::Request& req) {
  if (auto key = presented_key(req)) {
    req.principal = key_principal(app, *key);
    return;
  }
  auto token = req.cookie(kSessionCookie);
  if (!token || token->empty() || token->size() > 200) throw domain::unauthorized();
  std::string hash = domain::sha256_hex(*token);
  int64_t now = domain::now_ms();
  auto [user, session] = app.db.read([&](store::Conn& c) {
    return std::make_pair(store::find_session_user(c, hash, now), store::find_session(c, hash));
  });
  if (!user || !session) throw domain::unauthorized("Session expired or signed out");
  check_origin(app, req);
  // "Last seen" in the list of a user's sessions, refreshed at most once a minute.
  if (now - session->last_seen_at > kTouchIntervalMs)
    app.db.write([&](store::Conn& c) { store::touch_session(c, hash, now); });
  domain::Principal p;
  p.user_id = user->id;
  p.email = user->email;
  p.name = user->name;
  p.email_verified = user->email_verified;
  p.via_session = true;
  p.session_token_hash = hash;
  p.session_id = session->id;
  req.principal = std::move(p);
}

}  // namespace euriqa::api
