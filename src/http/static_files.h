// Serves the embedded dashboard and trace viewer: exact files with ETags, gzip when
// the client accepts it, long caching for content-hashed assets, and the dashboard's
// index.html for every other path so deep links work.
#pragma once
#include <optional>

#include "http/assets.h"
#include "http/request.h"

namespace euriqa::http {

// The response for a GET/HEAD that no API route matched, or nullopt (404).
std::optional<Response> serve_static(const Request& req);

// One embedded file as a response: its ETag (304 when it matches If-None-Match), the
// gzip copy when the client accepts it, `no-cache` unless the name is content-hashed.
// For routes that serve an embedded file under their own path (/api/openapi.json).
Response embedded_file(const Request& req, const EmbeddedAsset& asset);

}  // namespace euriqa::http
