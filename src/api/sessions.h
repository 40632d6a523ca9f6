// Browser sessions: the cookie that carries one (contract §2) and starting one for a
// user who has just proved who they are.
#pragma once
#include <string>

#include "api/app.h"
#include "http/request.h"

namespace euriqa::api {

// The Set-Cookie value for a session token (empty token + 0 clears the cookie).
std::string session_cookie(const App& app, const std::string& token, int64_t max_age_s);
// Creates a session for the user (remembering the browser's User-Agent for the
// user's list of sessions) and returns the Set-Cookie value.
std::string start_session(App& app, const http::Request& req, const std::string& user_id);

}  // namespace euriqa::api
