// Absolute links the server hands out (signed downloads, invitations, email links):
// --base-url when configured, else the request's Host.
#pragma once
#include <cstdint>
#include <string>

#include "api/app.h"
#include "http/request.h"

namespace euriqa::api {

std::string public_base_url(const App& app, const http::Request& req);

// A signed artifact link's expiry (Unix seconds) for a link made now.
int64_t signed_link_expiry(const App& app);
// Where an HTML report artifact opens in the browser (api/reports.cpp): the signature
// is part of the path, so the report's relative links keep it.
std::string report_view_url(const std::string& base, const std::string& artifact_id, int64_t expires,
                            const std::string& token);
// Checks a signed artifact link (contract §7): 403 with the error shape, readable
// cross-origin, when the token is not the artifact's or has expired.
void check_signed_link(const App& app, const std::string& artifact_id, const std::string& expires,
                       const std::string& token);

}  // namespace euriqa::api
