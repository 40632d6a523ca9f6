#include "http/server.h"

#include <httplib.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <memory>
#include <thread>

#include "domain/error.h"
#include "http/errors.h"
#include "http/log.h"
#include "http/metrics.h"

namespace euriqa::http {

namespace {

thread_local std::chrono::steady_clock::time_point t_request_start;

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool unsafe_body_encoding(const httplib::Request& r) {
  auto enc = r.get_header_value("Content-Encoding");
  return !enc.empty() && enc != "identity";
}

void write_error(httplib::Response& res, const Response& r) {
  res.status = r.status;
  for (const auto& [k, v] : r.headers) res.set_header(k, v);
  res.set_content(r.body, r.content_type);
}

// cpp-httplib 0.11 ignores a "Connection: close" set by a handler: it keeps the
// connection and reads a request body we left unread as the next request. Serving
// the (non-empty) body from a provider that then reports failure makes it close the
// connection once the whole response is out.
void close_after_response(httplib::Response& res) {
  res.set_header("Connection", "close");
  if (res.body.empty()) return;
  auto body = std::make_shared<std::string>(std::move(res.body));
  auto type = res.get_header_value("Content-Type");
  res.body.clear();
  res.headers.erase("Content-Type");
  res.set_content_provider(body->size(), type, [body](size_t offset, size_t length, httplib::DataSink& sink) {
    sink.write(body->data() + offset, length);
    return false;
  });
}

// Streams `file` in 64 KiB reads: memory does not grow with the file's size.
void stream_file(httplib::Response& res, const FileBody& file, const std::string& content_type) {
  int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    write_error(res, error_response(404, "NOT_FOUND", "File not found"));
    return;
  }
  int64_t start = file.offset;
  res.set_content_provider(
      static_cast<size_t>(file.length), content_type,
      [fd, start](size_t offset, size_t length, httplib::DataSink& sink) {
        char buf[64 * 1024];
        size_t want = std::min(length, sizeof buf);
        ssize_t n = ::pread(fd, buf, want, static_cast<off_t>(start + static_cast<int64_t>(offset)));
        if (n <= 0) return false;
        return sink.write(buf, static_cast<size_t>(n));
      },
      [fd](bool) { ::close(fd); });
}

// HTTPS when the configuration names a certificate and key (OpenSSL, through the
// library's SSLServer), plain HTTP otherwise.
std::unique_ptr<httplib::Server> make_server(const config::Config& config) {
  if (!config.tls()) return std::make_unique<httplib::Server>();
  auto tls = std::make_unique<httplib::SSLServer>(config.tls_cert.c_str(), config.tls_key.c_str());
  if (!tls->is_valid())
    throw std::runtime_error("cannot load the TLS certificate " + config.tls_cert + " and key " + config.tls_key);
  return tls;
}

}  // namespace

HttpServer::HttpServer(const config::Config& config, const Router& router, ServerHooks hooks)
    : config_(config), router_(router), hooks_(std::move(hooks)), svr_(make_server(config)) {
  auto& s = *svr_;
  // Measured: without TCP_NODELAY keep-alive requests stall on delayed ACKs (~290 req/s).
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(10000);
  s.set_keep_alive_timeout(5);
  s.set_read_timeout(30);
  s.set_write_timeout(30);
  // Bodies are read by our handlers with their own limits; this bounds what the
  // library buffers for routes that do not stream.
  // Request bodies are read by our handlers, which count bytes against their own
  // limits (JSON, each upload type); the library's check only sees Content-Length.
  s.set_payload_max_length(std::numeric_limits<size_t>::max());
  int threads = config_.http_threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                         {"X-Frame-Options", "DENY"},
                         {"Referrer-Policy", "no-referrer"}});

  s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    // Compressed request bodies are decompressed by the library without bound: refuse them.
    if (unsafe_body_encoding(req)) {
      write_error(res, error_response(415, "UNSUPPORTED_MEDIA_TYPE", "Compressed request bodies are not accepted"));
      close_after_response(res);
      return httplib::Server::HandlerResponse::Handled;
    }
    bool bodiless = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
    auto length = req.get_header_value("Content-Length");
    if (bodiless && (req.has_header("Transfer-Encoding") || (!length.empty() && length != "0"))) {
      write_error(res, error_response(400, "BAD_REQUEST", "This method takes no request body"));
      close_after_response(res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto plain = [this](const httplib::Request& req, httplib::Response& res) { dispatch(&req, &res, nullptr); };
  auto streamed = [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    dispatch(&req, &res, &reader);
  };
  const std::string any = ".*";
  s.Get(any, plain);
  s.Options(any, plain);
  s.Post(any, plain);
  s.Post(any, streamed);
  s.Put(any, plain);
  s.Put(any, streamed);
  s.Patch(any, plain);
  s.Patch(any, streamed);
  s.Delete(any, plain);
  s.Delete(any, streamed);

  // Errors produced by the library itself (bad request line, URI too long, ...):
  // give them our JSON shape unless a handler already wrote a body.
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
        write_error(res, error_response(res.status, code_for_status(res.status), "The request was refused"));
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    log_line("ERROR", "unhandled exception outside a handler");
    write_error(res, error_response(500, "INTERNAL_ERROR", "Internal server error"));
  });
  s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_request_start).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1fms", ms);
    // Path only: query strings can carry signed-URL tokens.
    log_line("INFO", req.method + " " + req.path + " " + std::to_string(res.status) + " " + buf);
  });
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  int port;
  if (config_.listen_port == 0) {
    port = svr_->bind_to_any_port(config_.listen_host);
  } else {
    port = svr_->bind_to_port(config_.listen_host, config_.listen_port) ? config_.listen_port : -1;
  }
  if (port <= 0)
    throw std::runtime_error("cannot listen on " + config_.listen_host + ":" + std::to_string(config_.listen_port));
  return port;
}

void HttpServer::run() { svr_->listen_after_bind(); }

void HttpServer::stop() {
  // httplib's stop() does nothing until listen_after_bind() has marked the server as
  // running, so a signal that arrives right after bind() would be lost and the
  // process would serve forever. Wait (bounded) for run() to get going first.
  for (int i = 0; i < 5000 && !svr_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  svr_->stop();
}

void HttpServer::dispatch(const void* raw_request, void* raw_response, const void* content_reader) {
  const auto& hreq = *static_cast<const httplib::Request*>(raw_request);
  auto& hres = *static_cast<httplib::Response*>(raw_response);
  const auto* reader = static_cast<const httplib::ContentReader*>(content_reader);

  Request req;
  req.method = hreq.method;
  req.path = hreq.path;
  req.remote_addr = hreq.remote_addr;
  req.max_json_body_bytes = config_.max_json_body_bytes;
  req.query_fn = [&hreq](const std::string& name) -> std::optional<std::string> {
    if (!hreq.has_param(name)) return std::nullopt;
    return hreq.get_param_value(name);
  };
  req.header_fn = [&hreq](const std::string& name) -> std::optional<std::string> {
    if (!hreq.has_header(name)) return std::nullopt;
    return hreq.get_header_value(name);
  };
  auto content_length = hreq.get_header_value("Content-Length");
  bool announced_body = hreq.has_header("Transfer-Encoding") || (!content_length.empty() && content_length != "0");
  // We parse and clamp Range ourselves; the library's own range handling of streamed
  // bodies is wrong for some inputs, so keep it from touching our responses.
  const_cast<httplib::Request&>(hreq).ranges.clear();
  req.is_multipart = hreq.is_multipart_form_data();
  if (reader) {
    req.read_multipart_fn = [reader](const PartHeader& header, const BodyChunk& chunk) {
      return (*reader)(
          [&header](const httplib::MultipartFormData& part) {
            return header(MultipartPart{part.name, part.filename, part.content_type});
          },
          [&chunk](const char* data, size_t size) { return chunk(data, size); });
    };
    req.has_body = announced_body;
    if (!content_length.empty()) req.content_length = std::strtoll(content_length.c_str(), nullptr, 10);
    req.read_body_fn = [reader](const BodyChunk& chunk) {
      return (*reader)([&chunk](const char* data, size_t size) { return chunk(data, size); });
    };
  } else {
    req.has_body = !hreq.body.empty();
    req.read_body_fn = [&hreq](const BodyChunk& chunk) { return chunk(hreq.body.data(), hreq.body.size()); };
  }

  Response res;
  std::vector<std::pair<std::string, std::string>> extra_headers;
  try {
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
      if (m.route->auth == Auth::Required) {
        hooks_.authenticate(req);
        if (hooks_.limit) extra_headers = hooks_.limit(req);
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
  metrics().observe_request(req.method, req.route.empty() ? "(unmatched)" : req.route, res.status,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start).count());
  hres.status = res.status;
  // A response's own header replaces a default one (e.g. X-Frame-Options for the trace viewer).
  for (const auto& [k, v] : res.headers) hres.headers.erase(k);
  for (const auto& [k, v] : res.headers) hres.set_header(k, v);
  if (res.file) {
    stream_file(hres, *res.file, res.content_type);
  } else if (res.static_body) {
    std::string_view bytes = *res.static_body;
    hres.set_content_provider(bytes.size(), res.content_type,
                              [bytes](size_t offset, size_t length, httplib::DataSink& sink) {
                                return sink.write(bytes.data() + offset, std::min(length, bytes.size() - offset));
                              });
  } else if (!res.body.empty() || res.status != 204) {
    hres.set_content(res.body, res.content_type);
  }
  // A body we did not read to the end is still on the connection: do not reuse it.
  if (req.has_body && !req.body_complete) close_after_response(hres);
}

}  // namespace euriqa::http
