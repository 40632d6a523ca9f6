#include "api/sessions.h"

#include "api/authenticate.h"
#include "domain/crypto.h"
#include "domain/time.h"
#include "store/users.h"

namespace euriqa::api {

std::string session_cookie(const App& app, const std::string& token, int64_t max_age_s) {
  std::string c = std::string(kSessionCookie) + "=" + token + "; HttpOnly; SameSite=Lax; Path=/; Max-Age=" +
                  std::to_string(max_age_s);
  if (app.config.base_url_is_https() || app.config.tls()) c += "; Secure";
  return c;
}

std::string start_session(App& app, const http::Request& req, const std::string& user_id) {
  std::string token = domain::new_session_token();
  int64_t lifetime_ms = static_cast<int64_t>(app.config.session_days) * 24 * 3600 * 1000;
  auto agent = req.header("User-Agent");
  if (agent && agent->size() > 300) agent->resize(300);
  app.db.write([&](store::Conn& c) {
    store::insert_session(c, domain::sha256_hex(token), user_id, domain::now_ms() + lifetime_ms, agent);
  });
  return session_cookie(app, token, lifetime_ms / 1000);
}

}  // namespace euriqa::api
