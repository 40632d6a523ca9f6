// Sign-up, sign-in, sign-out and "who am I" (contract §2).
#include "api/account_links.h"
#include "api/authenticate.h"
#include "api/invitation_tokens.h"
#include "api/sessions.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/teams.h"
#include "store/users.h"

namespace euriqa::api {

namespace {

using config::SignupMode;

// A fixed Argon2id hash verified for unknown emails, so timing does not reveal them.
const std::string& dummy_hash() {
  static const std::string h = domain::hash_password(domain::random_bytes(16));
  return h;
}

http::Response user_response(int status, const store::User& u, const std::string& cookie) {
  auto r = object_response(status, [&](http::JsonWriter& w) { write_user(w, u); });
  r.header("Set-Cookie", cookie);
  r.header("Cache-Control", "no-store");
  return r;
}

http::Response signup_disabled(const std::string& why) {
  throw domain::ApiError(403, "SIGNUP_DISABLED", why);
}

// Registration (contract §2, §11). With an invitation's token for the same email the
// account starts verified and joins the team in the same step; in invite-only mode
// that token is the only way in after the first user.
http::Response register_user(App& app, http::Request& req) {
  check_origin(app, req);
  const auto& body = req.json();
  std::string email = domain::normalize_email(body.required_string("email", domain::kMaxEmailLength));
  if (!domain::is_valid_email(email)) body.fail("email", "invalid_value", "Field 'email' must be an email address");
  std::string password = body.required_string("password", domain::kMaxPasswordLength);
  domain::check_password("password", password);
  std::string name = body.has("name") ? domain::check_name("name", body.required_string("name", 1000))
                                      : email.substr(0, email.find('@'));
  auto invite_token = body.optional_string("inviteToken", 200);
  if (app.config.signup == SignupMode::Closed)
    return signup_disabled("Sign-up is closed on this server; ask an administrator for an account");

  std::string hash = domain::hash_password(password);
  int64_t now = domain::now_ms();
  bool verification_queued = false;
  auto user = app.db.write([&](store::Conn& c) {
    bool first = !store::any_user_exists(c);
    if (invite_token) {
      std::optional<store::Invitation> inv;
      try {
        inv = invitation_for_token(c, *invite_token, now);
      } catch (const domain::ApiError& e) {
        if (e.status() == 404 && app.config.signup == SignupMode::InviteOnly && !first)
          signup_disabled("This invitation link is not valid; ask for a new one");
        throw;
      }
      if (inv->email != email) throw domain::forbidden("This invitation was sent to another email address");
      // An account that never proved this address (someone registered it first in
      // open mode) is taken over by the holder of the link, who does prove it: its
      // password is replaced and its sessions end.
      auto existing = store::find_user_by_email(c, email);
      if (existing && existing->email_verified) throw domain::conflict("A user with this email already exists; sign in to accept");
      store::User u;
      if (existing) {
        store::set_password_hash(c, existing->id, hash);
        store::set_user_name(c, existing->id, name);
        store::delete_sessions_of_user(c, existing->id);
        u = *existing;
        u.name = name;
      } else {
        u = store::insert_user(c, email, name, hash, true);
      }
      accept_invitation(c, *inv, u.id);
      u.email_verified = true;
      return u;
    }
    if (app.config.signup == SignupMode::InviteOnly && !first)
      signup_disabled("Sign-up needs an invitation link on this server");
    // The first user starts the server and proves nothing to anyone; later open
    // sign-ups must confirm their address before invitations can be accepted by id.
    auto u = store::insert_user(c, email, name, hash, first);
    if (!first) {
      std::string token = issue_account_token(c, u.id, store::TokenPurpose::VerifyEmail, email, kVerifyLinkLifetimeMs);
      verification_queued = queue_mail(app, c, email, domain::verification_mail(name, verify_link(app, req, token), false));
    }
    return u;
  });
  if (verification_queued) app.wake_mail();
  return user_response(201, user, start_session(app, req, user.id));
}

http::Response login(App& app, http::Request& req) {
  check_origin(app, req);
  const auto& body = req.json();
  std::string email = domain::normalize_email(body.required_string("email", domain::kMaxEmailLength));
  std::string password = body.required_string("password", domain::kMaxPasswordLength);
  int64_t now = domain::now_ms();
  // Contract §12: failures count per (address, email), per email and per address, so
  // that guessing one account from an address does not lock other accounts out of it
  // (behind a reverse proxy, every user shares one address unless trustedProxies is set).
  const auto& cfg = app.config;
  const std::pair<std::string, int> keys[] = {
      {"pair:" + req.remote_addr + "|" + email, cfg.login_max_failures},
      {"email:" + email, cfg.login_max_failures_per_email},
      {"addr:" + req.remote_addr, cfg.login_max_failures_per_address},
  };
  for (const auto& [key, max] : keys) {
    if (auto wait = app.login_throttle.blocked_for(key, max, now)) {
      domain::ApiError e(429, "RATE_LIMITED", "Too many failed sign-in attempts; try again later");
      e.header("Retry-After", std::to_string(*wait));
      throw e;
    }
  }
  auto user = app.db.read([&](store::Conn& c) { return store::find_user_by_email(c, email); });
  bool ok = domain::verify_password(user ? user->password_hash : dummy_hash(), password) && user;
  if (!ok) {
    for (const auto& [key, max] : keys) app.login_throttle.record_failure(key, now);
    throw domain::ApiError(401, "INVALID_CREDENTIALS", "Email or password is incorrect");
  }
  app.login_throttle.reset(keys[0].first);  // the address-wide and email-wide counts stand
  return user_response(200, *user, start_session(app, req, user->id));
}

http::Response logout(App& app, http::Request& req) {
  const auto& p = req.caller();
  if (!p.via_session) throw domain::ApiError(400, "VALIDATION_ERROR", "Only a browser session can sign out");
  app.db.write([&](store::Conn& c) { store::delete_session(c, p.session_token_hash); });
  auto r = success("Signed out");
  r.body = R"({"success":true})";
  r.header("Set-Cookie", session_cookie(app, "", 0));
  return r;
}

http::Response me(App& app, http::Request& req) {
  const auto& p = req.caller();
  auto [user, teams] = app.db.read([&](store::Conn& c) {
    return std::make_pair(store::find_user(c, p.user_id), store::teams_of_user(c, p.user_id));
  });
  if (!user) throw domain::unauthorized();
  return object_response(200, [&](http::JsonWriter& w) {
    w.begin_object().field("id", user->id).field("email", user->email).field("name", user->name);
    w.field("emailVerified", user->email_verified).time_field("createdAt", user->created_at);
    w.key("teams").begin_array();
    for (const auto& [team, role] : teams) {
      if (p.is_api_key() && team.id != p.key_team_id) continue;
      w.begin_object().field("id", team.id).field("name", team.name);
      w.field("role", domain::role_name(p.is_api_key() ? p.key_role : role)).end_object();
    }
    w.end_array().end_object();
  });
}

}  // namespace

void register_auth(http::Router& router, App& app) {
  router.post("/api/auth/register", Policy::open(), handle(app, register_user));
  router.post("/api/auth/login", Policy::open(), handle(app, login));
  router.post("/api/auth/logout", Policy::caller(), handle(app, logout));
  router.get("/api/auth/me", Policy::caller(), handle(app, me));
}

}  // namespace euriqa::api
