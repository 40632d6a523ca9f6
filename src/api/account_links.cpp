#include "api/account_links.h"

#include "api/links.h"
#include "domain/crypto.h"
#include "domain/time.h"
#include "store/mail_outbox.h"

namespace euriqa::api {

std::string issue_account_token(store::Conn& c, const std::string& user_id, store::TokenPurpose purpose,
                                const std::string& email, int64_t lifetime_ms) {
  std::string token = domain::new_link_token();
  int64_t now = domain::now_ms();
  store::AccountToken t;
  t.token_hash = domain::sha256_hex(token);
  t.user_id = user_id;
  t.purpose = purpose;
  t.email = email;
  t.expires_at = now + lifetime_ms;
  store::insert_account_token(c, t, now);
  return token;
}

bool queue_mail(const App& app, store::Conn& c, const std::string& to, const domain::MailContent& mail) {
  if (!app.mail_enabled()) return false;
  store::enqueue_mail(c, to, mail.subject, mail.text, mail.html, domain::now_ms());
  return true;
}

std::string verify_link(const App& app, const http::Request& req, const std::string& token) {
  return public_base_url(app, req) + "/verify-email/" + token;
}

std::string reset_link(const App& app, const http::Request& req, const std::string& token) {
  return public_base_url(app, req) + "/reset-password/" + token;
}

std::string invite_link(const App& app, const http::Request& req, const std::string& token) {
  return public_base_url(app, req) + "/invite/" + token;
}

}  // namespace euriqa::api
