// docs/openapi.yaml (embedded as api/openapi.json) and the router agree (contract §16):
// every route the server registers is an operation of the document under the same
// method, with ":name" written "{name}", and the document has no operation the server
// lacks. The real answers of each operation are checked by tests/openapi.
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>

#include "api/app.h"
#include "api/routes.h"
#include "http/assets.h"
#include "store/data_dir.h"

namespace fs = std::filesystem;
using namespace euriqa;

namespace {

// "/api/runs/:id" -> "/api/runs/{id}"; a rest-of-path "*name" is "{name}" too.
std::string openapi_path(const std::string& pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if ((pattern[i] == ':' || pattern[i] == '*') && (i == 0 || pattern[i - 1] == '/')) {
      size_t end = pattern.find('/', i);
      if (end == std::string::npos) end = pattern.size();
      out += "{" + pattern.substr(i + 1, end - i - 1) + "}";
      i = end;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "get /api/runs/{id}" for every route the server registers.
std::set<std::string> router_operations() {
  fs::path dir = fs::temp_directory_path() / ("euriqa-openapi-routes-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  config::Config cfg;
  cfg.data_dir = dir.string();
  store::ensure_data_dir(cfg.data_dir);
  std::set<std::string> ops;
  {
    store::Db db(store::database_path(cfg.data_dir));
    api::App app(cfg, db, std::string(32, 'k'));
    http::Router router;
    api::register_routes(router, app);
    for (const auto& r : router.routes()) ops.insert(lower(r.method) + " " + openapi_path(r.pattern));
  }
  fs::remove_all(dir);
  return ops;
}

// Every operation of the embedded document, and the paths it documents besides the
// router's (served from embedded files, not routes).
std::set<std::string> document_operations() {
  const auto* asset = http::find_asset("api/openapi.json");
  REQUIRE_MESSAGE(asset != nullptr, "the build embeds docs/openapi.yaml as api/openapi.json");
  rapidjson::Document doc;
  doc.Parse(asset->body.data(), asset->body.size());
  REQUIRE_FALSE(doc.HasParseError());
  std::set<std::string> ops;
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& item : path.value.GetObject()) {
      std::string method = item.name.GetString();
      if (method == "parameters" || method == "summary" || method == "description" || method.starts_with("x-")) continue;
      ops.insert(method + " " + path.name.GetString());
    }
  }
  return ops;
}

}  // namespace

TEST_CASE("openapi: the document has every route of the server, and only those") {
  auto routes = router_operations();
  auto documented = document_operations();
  // Served from the embedded files rather than a route, yet part of the API.
  documented.erase("get /downloads/playwright-reporter.tgz");
  REQUIRE(routes.size() > 50);
  for (const auto& op : routes) CHECK_MESSAGE(documented.count(op), "missing from docs/openapi.yaml: " << op);
  for (const auto& op : documented) CHECK_MESSAGE(routes.count(op), "documented but not served: " << op);
}

TEST_CASE("openapi: path parameters are written {name} in the document") {
  for (const auto& op : document_operations()) CHECK_MESSAGE(op.find(':') == std::string::npos, op);
}
