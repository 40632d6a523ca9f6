// The HTTP server: a connection front (one epoll thread that accepts, enforces
// per-address caps and buffers request heads under deadlines) and a pool of worker
// threads that handle one ready request at a time, through our Router. Every request
// goes through one dispatch that authenticates, applies the route's policy and rate
// limit before any body is read, runs the handler, renders any error in the
// contract's shape, and writes one log line. See src/http/README.md.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "http/router.h"

namespace euriqa::http {

struct ServerHooks {
  // Sets req.principal or throws ApiError (401, 403).
  std::function<void(Request&)> authenticate;
  // After authentication, before the body is read: throws ApiError 403/415 when the
  // route's policy refuses the caller.
  std::function<void(Request&, const Policy&)> admit;
  // Then: response headers to add (rate limits), or throws ApiError 429.
  std::function<std::vector<std::pair<std::string, std::string>>(Request&, const Policy&)> limit;
  // Answers GET/HEAD requests no route matched outside /api/ (the dashboard); nullopt = 404.
  std::function<std::optional<Response>(Request&)> fallback;
};

class HttpServer {
 public:
  HttpServer(const config::Config& config, const Router& router, ServerHooks hooks);
  ~HttpServer();

  // Binds the configured address and starts the workers; returns the port (useful
  // with port 0). Throws on failure.
  int bind();
  // Serves until stop(); requests in progress finish (bounded) before it returns.
  void run();
  // Any thread, any time after bind().
  void stop();

  // Routes and handles one parsed request (used by the workers; public for tests).
  Response dispatch(Request& req);

 private:
  struct Engine;
  const config::Config& config_;
  const Router& router_;
  ServerHooks hooks_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace euriqa::http
