#include "http/front.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>

#include "http/log.h"

namespace euriqa::http {

namespace {

constexpr int kSweepIntervalMs = 100;
constexpr int kAcceptPauseMs = 100;  // after running out of file descriptors

int64_t monotonic_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string address_text(const sockaddr_storage& a) {
  char text[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(a).sin_addr, text, sizeof text);
  } else if (a.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(a).sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&in6)) {  // a dual-stack socket's IPv4 client: count it as IPv4
      inet_ntop(AF_INET, &in6.s6_addr[12], text, sizeof text);
    } else {
      inet_ntop(AF_INET6, &in6, text, sizeof text);
    }
  }
  return text;
}

// A 408 for a client whose head did not arrive in time: one non-blocking attempt.
void send_timeout_notice(Connection& io) {
  static const std::string body = R"({"error":{"code":"REQUEST_TIMEOUT","message":"The request did not arrive in time","details":{}}})";
  static const std::string response = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
                                      "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  if (!io.is_tls()) (void)::send(io.fd(), response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

}  // namespace

ConnectionFront::ConnectionFront(int listen_fd, SSL_CTX* tls, FrontOptions options, Handoff handoff)
    : listen_fd_(listen_fd), tls_(tls), options_(options), handoff_(std::move(handoff)) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("cannot create the connection front's event loop");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &listen_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.ptr = &wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

ConnectionFront::~ConnectionFront() {
  connections_.clear();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void ConnectionFront::stop() {
  stopping_ = true;
  uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void ConnectionFront::release(ClientConnection* c, After after) {
  {
    std::lock_guard lock(returned_mu_);
    returned_.emplace_back(c, after);
  }
  uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void ConnectionFront::run() {
  int64_t last_sweep = 0, drain_deadline = 0;
  epoll_event events[256];
  for (;;) {
    int n = epoll_wait(epoll_fd_, events, 256, kSweepIntervalMs);
    int64_t now = monotonic_ms();
    for (int i = 0; i < n; ++i) {
      void* tag = events[i].data.ptr;
      if (tag == &listen_fd_) {
        accept_all(now);
      } else if (tag == &wake_fd_) {
        uint64_t count;
        (void)!::read(wake_fd_, &count, sizeof count);
      } else {
        on_event(static_cast<ClientConnection*>(tag), events[i].events, now);
      }
    }
    take_back(now);
    if (stopping_ && !stopped_accepting_) {
      begin_stop();
      drain_deadline = now + options_.drain_timeout_ms;
    }
    if (stopped_accepting_ && (busy_ == 0 || now >= drain_deadline)) return;
    if (now - last_sweep >= kSweepIntervalMs) {
      sweep(now);
      last_sweep = now;
    }
  }
}

void ConnectionFront::begin_stop() {
  stopped_accepting_ = true;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
  std::vector<ClientConnection*> idle;
  for (auto& [ptr, c] : connections_)
    if (c->phase != ClientConnection::Phase::Busy) idle.push_back(ptr);
  for (auto* c : idle) close(c);
}

void ConnectionFront::accept_all(int64_t now) {
  if (now < accept_paused_until_ || stopped_accepting_) return;
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: stop accepting for a moment instead of spinning on the
        // listening socket; the sweep closes expired connections meanwhile.
        accept_paused_until_ = now + kAcceptPauseMs;
        epoll_event ev{};
        ev.data.ptr = &listen_fd_;
        epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
        log_line("WARN", "out of file descriptors: accepting paused for 100 ms");
      }
      return;
    }
    std::string peer = address_text(addr);
    int& count = per_address_[peer];
    if (count >= options_.max_connections_per_address) {
      ::close(fd);  // past the per-address cap: closed at once
      continue;
    }
    ++count;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    SSL* ssl = nullptr;
    if (tls_) {
      ssl = SSL_new(tls_);
      if (ssl) {
        SSL_set_fd(ssl, fd);
        SSL_set_accept_state(ssl);
      }
    }
    auto c = std::make_unique<ClientConnection>();
    c->io = std::make_unique<Connection>(fd, std::move(peer), ssl);
    c->phase = tls_ ? ClientConnection::Phase::Handshake : ClientConnection::Phase::AwaitHead;
    c->deadline_ms = now + options_.header_timeout_ms;
    c->head_started = true;  // a new connection's first request is due within the header timeout
    auto* raw = c.get();
    connections_.emplace(raw, std::move(c));
    if (tls_ && !ssl) {
      close(raw);
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLONESHOT | EPOLLRDHUP;
    ev.data.ptr = raw;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
}

void ConnectionFront::arm(ClientConnection* c) {
  epoll_event ev{};
  ev.events = (c->io->wants_write() ? EPOLLOUT : EPOLLIN) | EPOLLONESHOT | EPOLLRDHUP;
  ev.data.ptr = c;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->io->fd(), &ev);
}

void ConnectionFront::close(ClientConnection* c) {
  if (c->phase == ClientConnection::Phase::Busy) --busy_;
  auto it = per_address_.find(c->io->peer_address());
  if (it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
  connections_.erase(c);  // closes the socket, which also leaves the epoll set
}

void ConnectionFront::on_event(ClientConnection* c, uint32_t, int64_t now) {
  if (c->phase == ClientConnection::Phase::Lingering) {
    if (c->io->discard() == Connection::Io::Closed) close(c);
    else arm(c);
    return;
  }
  if (c->phase == ClientConnection::Phase::Handshake) {
    switch (c->io->handshake()) {
      case Connection::Io::Done:
        c->phase = ClientConnection::Phase::AwaitHead;
        break;
      case Connection::Io::WouldBlock:
        arm(c);
        return;
      case Connection::Io::Closed:
        close(c);
        return;
    }
  }
  read_head(c, now);
}

// Reads at most a head, and once the head is in, at most prebuffer_body_bytes of body
// (contract §12: a refused request has had at most 64 KiB of its body read).
size_t ConnectionFront::read_allowance(const ClientConnection* c) const {
  auto end = find_head_end(c->io->buffered());
  return end ? *end + options_.prebuffer_body_bytes : kMaxHeadBytes + 1;
}

void ConnectionFront::read_head(ClientConnection* c, int64_t now) {
  auto io = c->io->fill(read_allowance(c));
  if (io == Connection::Io::Closed) {
    close(c);
    return;
  }
  if (!c->head_started && !c->io->buffered().empty()) {
    c->head_started = true;  // the idle wait is over: the head must now come in time
    c->deadline_ms = now + options_.header_timeout_ms;
  }
  check_ready(c, now);
}

void ConnectionFront::check_ready(ClientConnection* c, int64_t now) {
  (void)now;
  auto buffered = c->io->buffered();
  auto end = find_head_end(buffered);
  if (!end) {
    if (buffered.size() > kMaxHeadBytes) {
      c->error = HeadError{431, "The request head is larger than 16 KiB"};
    } else {
      arm(c);
      return;
    }
  } else {
    auto [head, error] = parse_request_head(buffered.substr(0, *end));
    c->head = std::move(head);
    c->error = std::move(error);
    c->head_bytes = *end;
    // Small bodies are read here too, so that a client trickling one never holds a worker.
    if (c->head && c->head->content_length && *c->head->content_length <= options_.prebuffer_body_bytes &&
        buffered.size() < *end + *c->head->content_length) {
      c->head.reset();
      arm(c);
      return;
    }
  }
  c->phase = ClientConnection::Phase::Busy;
  ++busy_;
  handoff_(c);
}

void ConnectionFront::take_back(int64_t now) {
  std::vector<std::pair<ClientConnection*, After>> returned;
  {
    std::lock_guard lock(returned_mu_);
    returned.swap(returned_);
  }
  for (auto [c, after] : returned) {
    --busy_;
    c->phase = ClientConnection::Phase::AwaitHead;
    c->head.reset();
    c->error = HeadError{0, ""};
    c->head_bytes = 0;
    if (after == After::Linger && !stopped_accepting_) {
      c->io->shutdown_write();
      c->phase = ClientConnection::Phase::Lingering;
      c->deadline_ms = now + options_.linger_ms;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLONESHOT | EPOLLRDHUP;
      ev.data.ptr = c;
      epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->io->fd(), &ev);
      continue;
    }
    if (after != After::KeepAlive || stopped_accepting_) {
      close(c);
      continue;
    }
    // A pipelined request may already be buffered (or held decrypted inside TLS).
    if (c->io->fill(read_allowance(c)) == Connection::Io::Closed &&
        c->io->buffered().empty()) {
      close(c);
      continue;
    }
    c->head_started = !c->io->buffered().empty();
    c->deadline_ms = now + (c->head_started ? options_.header_timeout_ms : options_.idle_timeout_ms);
    check_ready(c, now);
  }
}

void ConnectionFront::sweep(int64_t now) {
  if (accept_paused_until_ && now >= accept_paused_until_ && !stopped_accepting_) {
    accept_paused_until_ = 0;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &listen_fd_;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
  }
  std::vector<ClientConnection*> expired;
  for (auto& [ptr, c] : connections_)
    if (c->phase != ClientConnection::Phase::Busy && c->deadline_ms <= now) expired.push_back(ptr);
  for (auto* c : expired) {
    if (c->phase == ClientConnection::Phase::AwaitHead && !c->io->buffered().empty()) send_timeout_notice(*c->io);
    close(c);
  }
}

}  // namespace euriqa::http
