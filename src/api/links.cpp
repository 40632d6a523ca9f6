#include "api/links.h"

namespace euriqa::api {

std::string public_base_url(const App& app, const http::Request& req) {
  if (!app.config.base_url.empty()) return app.config.base_url;
  return std::string(app.config.tls() ? "https" : "http") + "://" + req.header("Host").value_or("127.0.0.1");
}

}  // namespace euriqa::api
