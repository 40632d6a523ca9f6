#include "http/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "domain/error.h"
#include "http/body_budget.h"
#include "http/body_reader.h"
#include "http/client_address.h"
#include "http/compression.h"
#include "http/errors.h"
#include "http/front.h"
#include "http/log.h"
#include "http/metrics.h"
#include "http/response_writer.h"
#include "http/tls.h"
#include "http/worker_pool.h"

namespace euriqa::http {

namespace {

constexpr int kBodyWaitMs = 10000;    // longest wait for the next body bytes
constexpr int kWriteWaitMs = 10000;   // longest wait for the client to take response bytes
constexpr int kListenBacklog = 1024;

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Many idle connections are normal (contract §12): allow as many descriptors as the
// system lets this process have.
void raise_descriptor_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

int open_listener(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &res) != 0) return -1;
  int fd = -1;
  for (auto* a = res; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, kListenBacklog) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) return -1;
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in&>(a).sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6&>(a).sin6_port);
}

std::vector<domain::Cidr> trusted_proxies(const config::Config& config) {
  std::vector<domain::Cidr> out;
  for (const auto& text : config.trusted_proxies) {
    auto cidr = domain::parse_cidr(text);
    if (!cidr) throw std::runtime_error("trustedProxies: '" + text + "' is not an address or CIDR range");
    out.push_back(*cidr);
  }
  return out;
}

}  // namespace

struct HttpServer::Engine {
  HttpServer& server;
  int listen_fd = -1;
  TlsContext tls;
  std::vector<domain::Cidr> trusted;
  std::unique_ptr<ConnectionFront> front;
  // Two lanes: requests that may write wait on the database's single writer and must
  // not hold every worker while reads (the dashboard, health checks) wait.
  std::unique_ptr<WorkerPool> reads, writes;

  explicit Engine(HttpServer& s) : server(s) {}
  ~Engine() {
    reads.reset();  // joins the workers before the front they report to goes away
    writes.reset();
    front.reset();
    if (listen_fd >= 0) ::close(listen_fd);
  }

  // Handles the ready request on c; says what the connection does next.
  After serve(ClientConnection& c);
  void finish(const std::string& method, const std::string& path, const std::string& route, int status,
              std::chrono::steady_clock::time_point start);
};

void HttpServer::Engine::finish(const std::string& method, const std::string& path, const std::string& route,
                                int status, std::chrono::steady_clock::time_point start) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics().observe_request(method, route.empty() ? "(unmatched)" : route, status, seconds);
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1fms", seconds * 1000);
  // Path only: query strings can carry signed-URL tokens.
  log_line("INFO", method + " " + path + " " + std::to_string(status) + " " + ms);
}

After HttpServer::Engine::serve(ClientConnection& c) {
  auto start = std::chrono::steady_clock::now();
  Connection& io = *c.io;
  if (!c.head) {  // malformed or oversized head: answer and close
    Response res = error_response(c.error.status, code_for_status(c.error.status), c.error.message);
    finish("-", "-", "", c.error.status, start);
    write_response(io, res, false, false, kWriteWaitMs);
    return After::Linger;
  }
  const RequestHead& head = *c.head;
  io.consume(c.head_bytes);
  BodyReader body(io, head, kBodyWaitMs);

  Request req;
  req.method = head.method;
  req.path = head.path;
  req.remote_addr = client_address(io.peer_address(), head.header_list("X-Forwarded-For"), trusted);
  req.max_json_body_bytes = server.config_.max_json_body_bytes;
  req.query_fn = [&head](const std::string& name) { return query_param(head.query, name); };
  req.header_fn = [&head](const std::string& name) { return head.header(name); };
  req.has_body = body.announced();
  req.content_length = head.content_length ? static_cast<int64_t>(*head.content_length) : -1;
  req.read_body_fn = [&body](const BodyChunk& chunk) { return body.read(chunk); };
  auto boundary = MultipartParser::boundary_of(head.header("Content-Type").value_or(""));
  req.is_multipart = boundary.has_value();
  req.read_multipart_fn = [&req, &body, boundary](const PartHeader& on_part, const BodyChunk& on_data) {
    if (!boundary) return false;
    MultipartParser parser(*boundary);
    bool ok = body.read([&](const char* data, size_t size) { return parser.feed(data, size, on_part, on_data); });
    if (!parser.error().empty()) {
      req.multipart_error = parser.error();
      return false;
    }
    if (ok && !parser.finished()) {
      req.multipart_error = "The multipart body ended before its closing boundary";
      return false;
    }
    return ok;
  };

  Response res = server.dispatch(req);
  if (!body.complete()) body.skip_if_buffered();
  // A body left unread is still on the connection: it cannot carry another request.
  bool keep = head.keep_alive && body.complete();
  // Counted before it is sent: a client that has its answer and then reads /metrics sees
  // its request there. (The duration is the time to produce the answer.)
  finish(req.method, req.path, req.route, res.status, start);
  bool written = write_response(io, res, head.method == "HEAD", keep, kWriteWaitMs);
  if (!written) return After::Close;
  if (!body.complete()) return After::Linger;
  return keep ? After::KeepAlive : After::Close;
}

HttpServer::HttpServer(const config::Config& config, const Router& router, ServerHooks hooks)
    : config_(config), router_(router), hooks_(std::move(hooks)), engine_(std::make_unique<Engine>(*this)) {
  engine_->trusted = trusted_proxies(config);
  if (config.tls()) engine_->tls = make_server_tls(config.tls_cert, config.tls_key);
  body_budget().set_limit(config.max_body_bytes_in_flight);
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  raise_descriptor_limit();
  int fd = open_listener(config_.listen_host, config_.listen_port);
  if (fd < 0)
    throw std::runtime_error("cannot listen on " + config_.listen_host + ":" + std::to_string(config_.listen_port));
  engine_->listen_fd = fd;
  FrontOptions options;
  options.max_connections_per_address = config_.max_connections_per_address;
  Engine* engine = engine_.get();
  auto work = [engine](void* item) {
    auto* c = static_cast<ClientConnection*>(item);
    After after = After::Close;
    try {
      after = engine->serve(*c);
    } catch (const std::exception& e) {
      log_line("ERROR", std::string("request handling failed: ") + e.what());
    }
    engine->front->release(c, after);
  };
  engine->reads = std::make_unique<WorkerPool>(static_cast<size_t>(config_.http_threads), work);
  engine->writes = std::make_unique<WorkerPool>(static_cast<size_t>(config_.http_threads), work);
  // Requests queue per client address (behind a trusted proxy, the forwarded one), so
  // that no client's backlog delays the others by more than a turn.
  engine->front = std::make_unique<ConnectionFront>(fd, engine->tls.get(), options, [engine](ClientConnection* c) {
    std::optional<std::string> forwarded;
    bool read = false;
    if (c->head) {
      forwarded = c->head->header_list("X-Forwarded-For");
      const auto& m = c->head->method;
      read = m == "GET" || m == "HEAD" || m == "OPTIONS";
    }
    (read ? engine->reads : engine->writes)->submit(c, client_address(c->io->peer_address(), forwarded, engine->trusted));
  });
  return bound_port(fd);
}

void HttpServer::run() { engine_->front->run(); }

void HttpServer::stop() {
  if (engine_->front) engine_->front->stop();
}

Response HttpServer::dispatch(Request& req) {
  Response res;
  std::vector<std::pair<std::string, std::string>> extra_headers;
  try {
    // Compressed request bodies would be inflated without bound: refuse them.
    auto encoding = req.header("Content-Encoding");
    if (encoding && !encoding->empty() && *encoding != "identity")
      throw domain::ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Compressed request bodies are not accepted");
    bool bodiless = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
    if (bodiless && req.has_body) throw domain::ApiError(400, "BAD_REQUEST", "This method takes no request body");

    auto m = router_.match(req);
    if (!m.route) {
      if (!m.allowed.empty()) {
        domain::ApiError e(405, "METHOD_NOT_ALLOWED", "Method " + req.method + " is not allowed on " + req.path);
        e.header("Allow", join(m.allowed));
        throw e;
      }
      std::optional<Response> fb;
      bool is_api = req.path == "/api" || req.path.rfind("/api/", 0) == 0;
      if (hooks_.fallback && !is_api && (req.method == "GET" || req.method == "HEAD")) fb = hooks_.fallback(req);
      if (!fb) throw domain::not_found("Route");
      res = std::move(*fb);
    } else {
      const Policy& policy = m.route->policy;
      if (policy.auth == Auth::Required) {
        hooks_.authenticate(req);
        if (hooks_.admit) hooks_.admit(req, policy);
        if (hooks_.limit) extra_headers = hooks_.limit(req, policy);
      }
      res = m.route->handler(req);
    }
  } catch (const domain::ApiError& e) {
    res = error_response(e);
  } catch (const std::exception& e) {
    log_line("ERROR", req.method + " " + req.path + ": " + e.what());
    res = error_response(500, "INTERNAL_ERROR", "Internal server error");
  }
  for (auto& h : extra_headers) res.headers.push_back(std::move(h));
  compress_response(req, res);
  return res;
}

}  // namespace euriqa::http
