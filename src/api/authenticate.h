// Authentication: an X-API-Key header (or "Authorization: Bearer eur_live_...")
// or the sb-access-token session cookie. Also enforces the cross-site Origin check
// for cookie-authenticated unsafe requests.
#pragma once
#include "api/app.h"
#include "http/request.h"

namespace euriqa::api {

constexpr const char* kSessionCookie = "sb-access-token";

void authenticate(App& app, http::Request& req);
// The server's own origin for this request ("https://host:port").
bool same_origin(const App& app, const http::Request& req, const std::string& origin);
// 403 when a browser request with an unsafe method names another origin.
void check_origin(const App& app, const http::Request& req);

}  // namespace euriqa::api
