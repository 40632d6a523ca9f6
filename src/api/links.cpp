#include "api/links.h"

#include "domain/error.h"
#include "domain/signed_url.h"
#include "domain/time.h"
#include "domain/validation.h"

namespace euriqa::api {

std::string public_base_url(const App& app, const http::Request& req) {
  if (!app.config.base_url.empty()) return app.config.base_url;
  return std::string(app.config.tls() ? "https" : "http") + "://" + req.header("Host").value_or("127.0.0.1");
}

int64_t signed_link_expiry(const App& app) { return domain::now_ms() / 1000 + app.config.signed_url_seconds; }

std::string report_view_url(const std::string& base, const std::string& artifact_id, int64_t expires,
                            const std::string& token) {
  return base + "/reports/" + artifact_id + "/" + std::to_string(expires) + "/" + token + "/";
}

void check_signed_link(const App& app, const std::string& artifact_id, const std::string& expires,
                       const std::string& token) {
  auto at = domain::parse_non_negative(expires);
  if (at && !token.empty() && domain::verify_artifact_token(app.secret, artifact_id, *at, token, domain::now_ms() / 1000))
    return;
  domain::ApiError e = domain::forbidden("This download link is invalid or has expired");
  e.header("Access-Control-Allow-Origin", "*");
  throw e;
}

}  // namespace euriqa::api
