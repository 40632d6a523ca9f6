// A user's own account (issue 12): name, email (confirmed by a link to the new address
// when email is set up), password (the current one required; other sessions end), and
// the list of their sessions with revocation.
#include "api/account_links.h"
#include "api/authenticate.h"
#include "api/render.h"
#include "api/routes.h"
#include "api/sessions.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/users.h"

namespace euriqa::api {

namespace {

// The caller's account, with the current password checked: a wrong one is a
// validation error of the field (the session itself is fine, so not a 401).
store::User with_password(App& app, const domain::Principal& p, const std::string& password) {
  auto u = app.db.read([&](store::Conn& c) { return store::find_user(c, p.user_id); });
  if (!u) throw domain::unauthorized();
  int64_t now = domain::now_ms();
  std::string key = "current-password:" + p.user_id;
  if (auto wait = app.login_throttle.blocked_for(key, app.config.login_max_failures, now)) {
    domain::ApiError e(429, "RATE_LIMITED", "Too many wrong passwords; try again later");
    e.header("Retry-After", std::to_string(*wait));
    throw e;
  }
  if (!domain::verify_password(u->password_hash, password)) {
    app.login_throttle.record_failure(key, now);
    throw domain::validation("currentPassword", "invalid_value", "The current password is incorrect");
  }
  return *u;
}

http::Response rename(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string name = domain::check_name("name", req.json().required_string("name", 1000));
  auto user = app.db.write([&](store::Conn& c) {
    store::set_user_name(c, p.user_id, name);
    return *store::find_user(c, p.user_id);
  });
  return object_response(200, [&](http::JsonWriter& w) { write_user(w, user); });
}

http::Response change_password(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string current = body.required_string("currentPassword", domain::kMaxPasswordLength);
  std::string next = body.required_string("newPassword", domain::kMaxPasswordLength);
  domain::check_password("newPassword", next);
  with_password(app, p, current);
  std::string hash = domain::hash_password(next);
  app.db.write([&](store::Conn& c) {
    store::set_password_hash(c, p.user_id, hash);
    store::delete_sessions_of_user(c, p.user_id, p.session_token_hash);  // this one stays signed in
  });
  return success("Password changed; your other sessions are signed out");
}

// With email set up, the address changes once the link sent to it is opened (202);
// without, it changes at once and is unconfirmed until a link can prove it (200).
http::Response change_email(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  std::string email = domain::normalize_email(body.required_string("email", domain::kMaxEmailLength));
  if (!domain::is_valid_email(email)) body.fail("email", "invalid_value", "Field 'email' must be an email address");
  auto user = with_password(app, p, body.required_string("currentPassword", domain::kMaxPasswordLength));
  if (email == user.email) body.fail("email", "invalid_value", "This is your address already");
  bool pending = app.db.write([&](store::Conn& c) {
    if (auto other = store::find_user_by_email(c, email); other) throw domain::conflict("A user with this email already exists");
    if (!app.mail_enabled()) {
      store::set_user_email(c, user.id, email, false);
      return false;
    }
    std::string token = issue_account_token(c, user.id, store::TokenPurpose::VerifyEmail, email, kVerifyLinkLifetimeMs);
    return queue_mail(app, c, email, domain::verification_mail(user.name, verify_link(app, req, token), true));
  });
  if (pending) {
    app.wake_mail();
    http::JsonWriter w;
    w.begin_object().field("success", true).field("pendingEmail", email);
    w.field("message", "Open the link sent to " + email + " to finish the change").end_object();
    return http::Response::json(202, w.take());
  }
  auto changed = app.db.read([&](store::Conn& c) { return *store::find_user(c, user.id); });
  return object_response(200, [&](http::JsonWriter& w) { write_user(w, changed); });
}

http::Response list_sessions(App& app, http::Request& req) {
  const auto& p = req.caller();
  auto sessions = app.db.read([&](store::Conn& c) { return store::sessions_of_user(c, p.user_id, domain::now_ms()); });
  return data_response(sessions, [&](http::JsonWriter& w, const store::Session& s) {
    w.begin_object().field("id", s.id).field("userAgent", s.user_agent).field("current", s.id == p.session_id);
    w.time_field("createdAt", s.created_at).time_field("lastSeenAt", s.last_seen_at);
    w.time_field("expiresAt", s.expires_at).end_object();
  });
}

// DELETE /api/auth/sessions: every other session; DELETE /api/auth/sessions/:id: one.
http::Response revoke_others(App& app, http::Request& req) {
  const auto& p = req.caller();
  app.db.write([&](store::Conn& c) { store::delete_sessions_of_user(c, p.user_id, p.session_token_hash); });
  return success("Your other sessions are signed out");
}

http::Response revoke_one(App& app, http::Request& req) {
  const auto& p = req.caller();
  bool found = app.db.write([&](store::Conn& c) { return store::delete_session_by_id(c, p.user_id, req.param("id")); });
  if (!found) throw domain::not_found("Session");
  auto r = success("Session signed out");
  if (req.param("id") == p.session_id) r.header("Set-Cookie", session_cookie(app, "", 0));
  return r;
}

}  // namespace

void register_profile(http::Router& router, App& app) {
  router.patch("/api/auth/me", Policy::caller().no_keys(), handle(app, rename));
  router.post("/api/auth/password", Policy::caller().no_keys(), handle(app, change_password));
  router.post("/api/auth/email", Policy::caller().no_keys(), handle(app, change_email));
  router.get("/api/auth/sessions", Policy::caller().no_keys(), handle(app, list_sessions));
  router.del("/api/auth/sessions", Policy::caller().no_keys(), handle(app, revoke_others));
  router.del("/api/auth/sessions/:id", Policy::caller().no_keys(), handle(app, revoke_one));
}

}  // namespace euriqa::api
