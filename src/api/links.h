// Absolute links the server hands out (signed downloads, invitations, email links):
// --base-url when configured, else the request's Host.
#pragma once
#include <string>

#include "api/app.h"
#include "http/request.h"

namespace euriqa::api {

std::string public_base_url(const App& app, const http::Request& req);

}  // namespace euriqa::api
