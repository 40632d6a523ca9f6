// The connection front: one thread with epoll that accepts connections, enforces the
// per-address connection cap, completes TLS handshakes, and buffers each request's
// head (and a small body) without blocking, under deadlines. Only a request that is
// ready to be handled is handed to a worker; after the answer the connection comes
// back here to wait, so idle and slow clients never hold a worker. See
// src/http/README.md for why this holds.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/connection.h"
#include "http/request_head.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace euriqa::http {

// What happens to a connection after its request was answered.
enum class After {
  KeepAlive,  // wait for the next request
  Close,
  Linger,     // the client may still be sending a body we did not read: drain briefly, then close
};

struct FrontOptions {
  int header_timeout_ms = 10000;      // a request's head must arrive within this
  int idle_timeout_ms = 5000;         // a kept-alive connection may wait this long for the next request
  int max_connections_per_address = 256;
  size_t prebuffer_body_bytes = 64 * 1024;  // bodies this small are read here before a worker sees them
  int drain_timeout_ms = 10000;       // at stop, how long requests in progress may take
  int linger_ms = 2000;               // how long an unread body is drained after the answer
};

// A connection between requests or in one, as the front and the workers see it.
struct ClientConnection {
  std::unique_ptr<Connection> io;
  std::optional<RequestHead> head;  // the request to handle, when parsed
  HeadError error{0, ""};           // or why it could not be parsed
  size_t head_bytes = 0;            // length of the head in io->buffered()

  enum class Phase { Handshake, AwaitHead, Busy, Lingering } phase = Phase::AwaitHead;
  int64_t deadline_ms = 0;
  bool head_started = false;
};

class ConnectionFront {
 public:
  // Called on the front thread with a connection whose request is ready; the callee
  // (a worker) must eventually call release().
  using Handoff = std::function<void(ClientConnection*)>;

  ConnectionFront(int listen_fd, SSL_CTX* tls, FrontOptions options, Handoff handoff);
  ~ConnectionFront();

  // Serves until stop(); then closes idle connections and waits (bounded) for the
  // requests in progress before returning.
  void run();
  void stop();  // any thread, signal-safe enough: an atomic and an eventfd write
  // From a worker, when the request on c is answered.
  void release(ClientConnection* c, After after);

 private:
  void accept_all(int64_t now);
  void on_event(ClientConnection* c, uint32_t events, int64_t now);
  size_t read_allowance(const ClientConnection* c) const;
  void read_head(ClientConnection* c, int64_t now);
  void check_ready(ClientConnection* c, int64_t now);
  void take_back(int64_t now);
  void sweep(int64_t now);
  void arm(ClientConnection* c);
  void close(ClientConnection* c);
  void begin_stop();

  int listen_fd_;
  SSL_CTX* tls_;
  FrontOptions options_;
  Handoff handoff_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  bool stopped_accepting_ = false;
  int64_t accept_paused_until_ = 0;

  std::unordered_map<ClientConnection*, std::unique_ptr<ClientConnection>> connections_;
  std::unordered_map<std::string, int> per_address_;
  size_t busy_ = 0;

  std::mutex returned_mu_;
  std::vector<std::pair<ClientConnection*, After>> returned_;
};

}  // namespace euriqa::http
