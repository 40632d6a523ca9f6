// The HTTP server: cpp-httplib underneath (the only file that knows its types),
// our Router on top. Every request goes through one dispatch that authenticates
// routes that need it, runs the handler, renders any error in the contract's shape
// and writes one log line.
#pragma once
#include <functional>
#include <memory>
#include <optional>

#include "config/config.h"
#include "http/router.h"

namespace httplib { class Server; }

namespace euriqa::http {

struct ServerHooks {
  // Sets req.principal or throws ApiError (401, 403).
  std::function<void(Request&)> authenticate;
  // After authentication: response headers to add (rate limits), or throws ApiError 429.
  std::function<std::vector<std::pair<std::string, std::string>>(Request&)> limit;
  // Answers GET/HEAD requests no route matched outside /api/ (the dashboard); nullopt = 404.
  std::function<std::optional<Response>(Request&)> fallback;
};

class HttpServer {
 public:
  HttpServer(const config::Config& config, const Router& router, ServerHooks hooks);
  ~HttpServer();

  // Binds the configured address; returns the port (useful with port 0). Throws on failure.
  int bind();
  // Serves until stop(); in-flight requests finish before it returns.
  void run();
  void stop();

 private:
  void dispatch(const void* raw_request, void* raw_response, const void* content_reader);

  const config::Config& config_;
  const Router& router_;
  ServerHooks hooks_;
  std::unique_ptr<httplib::Server> svr_;
};

}  // namespace euriqa::http
