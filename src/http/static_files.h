// Serves the embedded dashboard and trace viewer: exact files with ETags, gzip when
// the client accepts it, long caching for content-hashed assets, and the dashboard's
// index.html for every other path so deep links work.
#pragma once
#include <optional>

#include "http/request.h"

namespace euriqa::http {

// The response for a GET/HEAD that no API route matched, or nullopt (404).
std::optional<Response> serve_static(const Request& req);

}  // namespace euriqa::http
