// Links that prove an address (issue 12): confirming an email address (a new
// account's, or a changed one), and resetting a forgotten password by email.
#include "api/account_links.h"
#include "api/authenticate.h"
#include "api/render.h"
#include "api/routes.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/time.h"
#include "domain/validation.h"
#include "store/account_tokens.h"
#include "store/users.h"

namespace euriqa::api {

namespace {

// A password-reset request per email and per address in the login window.
constexpr int kResetsPerEmail = 3;
constexpr int kResetsPerAddress = 20;

// The token when it is unused and unexpired; 404 unknown, 410 used or expired.
store::AccountToken usable_token(store::Conn& c, const std::string& token, store::TokenPurpose purpose, int64_t now) {
  std::optional<store::AccountToken> t;
  if (!token.empty() && token.size() <= 200) t = store::find_account_token(c, domain::sha256_hex(token));
  if (!t || t->purpose != purpose) throw domain::not_found("Link");
  if (t->used_at) throw domain::ApiError(410, "GONE", "This link has already been used");
  if (t->expires_at <= now) throw domain::ApiError(410, "GONE", "This link has expired");
  if (!store::use_account_token(c, t->token_hash, now)) throw domain::ApiError(410, "GONE", "This link has already been used");
  return *t;
}

http::Response verify_email(App& app, http::Request& req) {
  std::string token = req.json().required_string("token", 200);
  int64_t now = domain::now_ms();
  auto user = app.db.write([&](store::Conn& c) {
    auto t = usable_token(c, token, store::TokenPurpose::VerifyEmail, now);
    auto u = store::find_user(c, t.user_id);
    if (!u) throw domain::not_found("Link");
    // The link of a change of address carries the new address: confirming it makes
    // the change (409 when someone took the address meanwhile).
    store::set_user_email(c, u->id, t.email, true);
    return *store::find_user(c, u->id);
  });
  return object_response(200, [&](http::JsonWriter& w) { write_user(w, user); });
}

http::Response resend_verification(App& app, http::Request& req) {
  const auto& p = req.caller();
  if (!app.mail_enabled())
    throw domain::ApiError(409, "CONFLICT", "Email is not set up on this server; ask an administrator");
  bool queued = app.db.write([&](store::Conn& c) {
    auto u = store::find_user(c, p.user_id);
    if (!u || u->email_verified) return false;
    std::string token = issue_account_token(c, u->id, store::TokenPurpose::VerifyEmail, u->email, kVerifyLinkLifetimeMs);
    return queue_mail(app, c, u->email, domain::verification_mail(u->name, verify_link(app, req, token), false));
  });
  if (!queued) throw domain::conflict("Your email address is confirmed already");
  app.wake_mail();
  http::Response r = success("A new link is on its way");
  r.status = 202;
  return r;
}

// POST /api/auth/password-reset {email}: 202 whether or not the address has an account,
// so that nobody learns which addresses do.
http::Response request_reset(App& app, http::Request& req) {
  check_origin(app, req);
  std::string email = domain::normalize_email(req.json().required_string("email", domain::kMaxEmailLength));
  int64_t now = domain::now_ms();
  const std::pair<std::string, int> keys[] = {{"reset-email:" + email, kResetsPerEmail},
                                              {"reset-addr:" + req.remote_addr, kResetsPerAddress}};
  for (const auto& [key, max] : keys) {
    if (auto wait = app.login_throttle.blocked_for(key, max, now)) {
      domain::ApiError e(429, "RATE_LIMITED", "Too many password reset requests; try again later");
      e.header("Retry-After", std::to_string(*wait));
      throw e;
    }
  }
  for (const auto& [key, max] : keys) app.login_throttle.record_failure(key, now);
  bool queued = app.db.write([&](store::Conn& c) {
    auto u = store::find_user_by_email(c, email);
    if (!u || !app.mail_enabled()) return false;
    std::string token = issue_account_token(c, u->id, store::TokenPurpose::ResetPassword, u->email, kResetLinkLifetimeMs);
    return queue_mail(app, c, u->email, domain::password_reset_mail(u->name, reset_link(app, req, token)));
  });
  if (queued) app.wake_mail();
  http::Response r = success("If this address has an account, a link to reset its password is on its way");
  r.status = 202;
  return r;
}

// POST /api/auth/password-reset/confirm {token, password}: sets the password and ends
// every session of the account.
http::Response confirm_reset(App& app, http::Request& req) {
  check_origin(app, req);
  const auto& body = req.json();
  std::string token = body.required_string("token", 200);
  std::string password = body.required_string("password", domain::kMaxPasswordLength);
  domain::check_password("password", password);
  std::string hash = domain::hash_password(password);
  int64_t now = domain::now_ms();
  app.db.write([&](store::Conn& c) {
    auto t = usable_token(c, token, store::TokenPurpose::ResetPassword, now);
    auto u = store::find_user(c, t.user_id);
    if (!u) throw domain::not_found("Link");
    store::set_password_hash(c, u->id, hash);
    store::delete_sessions_of_user(c, u->id);
    if (t.email == u->email) store::set_email_verified(c, u->id, true);  // the emailed link proved it
  });
  return success("Your password is set; sign in with it");
}

}  // namespace

void register_account_recovery(http::Router& router, App& app) {
  router.post("/api/auth/verify-email", Policy::open(), handle(app, verify_email));
  router.post("/api/auth/verify-email/resend", Policy::caller().no_keys(), handle(app, resend_verification));
  router.post("/api/auth/password-reset", Policy::open(), handle(app, request_reset));
  router.post("/api/auth/password-reset/confirm", Policy::open(), handle(app, confirm_reset));
}

}  // namespace euriqa::api
