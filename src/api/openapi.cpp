// GET /api/openapi.json (contract §16): the API's OpenAPI 3.1 document, written as
// docs/openapi.yaml, converted to JSON and embedded at build time. No caller needed:
// it describes the API, it holds no data.
#include "api/routes.h"
#include "domain/error.h"
#include "http/assets.h"
#include "http/static_files.h"

namespace euriqa::api {

void register_openapi(http::Router& router, App&) {
  router.get("/api/openapi.json", Policy::open(), [](http::Request& req) {
    const auto* doc = http::find_asset("api/openapi.json");
    if (!doc) throw domain::not_found("OpenAPI document");  // a build without docs/
    auto res = http::embedded_file(req, *doc);
    // Every JSON answer of the API names its charset (contract §4).
    res.content_type = "application/json; charset=utf-8";
    return res;
  });
}

}  // namespace euriqa::api
