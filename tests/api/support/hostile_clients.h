// Hostile clients for the connection tests and the load benchmark (contract §12):
// a Pool of idle keep-alive connections and slow-loris clients (a request header sent
// one byte a second), spread over loopback source addresses 127.0.0.N with a cap per
// address, re-opened whenever the server closes one so the pressure never lets up.
// One background thread polls them all. Plus a bounded /healthz probe on a fresh
// connection from any loopback address. Header-only; POSIX sockets, no httplib.
#pragma once
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace euriqa::test::hostile {

using Clock = std::chrono::steady_clock;

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
inline rlim_t raise_fd_limit() {
  rlimit r{};
  getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = r.rlim_max;
  setrlimit(RLIMIT_NOFILE, &r);
  getrlimit(RLIMIT_NOFILE, &r);
  return r.rlim_cur;
}

inline std::string loopback(int n) { return "127.0.0." + std::to_string(n); }

// A TCP socket bound to source address `from`, connecting to 127.0.0.1:port. Non-blocking:
// the connect may still be in progress (poll for POLLOUT). -1 on failure.
inline int connect_from(const std::string& from, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  ::inet_pton(AF_INET, from.c_str(), &src.sin_addr);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(static_cast<uint16_t>(port));
  dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
      (::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0 && errno != EINPROGRESS)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether the server has closed fd (EOF or reset), waiting at most wait_ms.
inline bool closed_by_peer(int fd, int wait_ms) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, wait_ms) <= 0) return false;
  char buf[4096];
  ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// Milliseconds for GET /healthz on a fresh connection from `from` until a whole 200
// response arrived; -1 when it failed or took longer than timeout_ms.
inline double healthz_ms(int port, const std::string& from = "127.0.0.1", int timeout_ms = 2000) {
  auto start = Clock::now();
  auto deadline = start + std::chrono::milliseconds(timeout_ms);
  auto left_ms = [&] {
    return static_cast<int>(std::max<int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count()));
  };
  int fd = connect_from(from, port);
  if (fd < 0) return -1;
  const std::string req = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  size_t sent = 0;
  std::string in;
  bool ok = false;
  while (left_ms() > 0) {
    pollfd p{fd, static_cast<short>(sent < req.size() ? POLLOUT : POLLIN), 0};
    if (::poll(&p, 1, std::min(left_ms(), 50)) <= 0) continue;
    if (sent < req.size()) {
      ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN) break;
      if (n > 0) sent += static_cast<size_t>(n);
      continue;
    }
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EAGAIN) continue;
    if (n > 0) in.append(buf, static_cast<size_t>(n));
    auto end = in.find("\r\n\r\n");
    if (end != std::string::npos) {
      auto cl = in.find("Content-Length: ");
      size_t len = cl != std::string::npos && cl < end ? std::stoul(in.substr(cl + 16)) : 0;
      if (in.size() >= end + 4 + len) {
        ok = in.rfind("HTTP/1.1 200", 0) == 0;
        break;
      }
    }
    if (n <= 0) break;
  }
  ::close(fd);
  if (!ok) return -1;
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The q-quantile (0..1) of samples, nearest rank; failures (-1) count as +infinity,
// reported as -1. 0 samples: 0.
inline double quantile(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  for (double& s : samples)
    if (s < 0) s = 1e300;
  std::sort(samples.begin(), samples.end());
  size_t rank = static_cast<size_t>(q * static_cast<double>(samples.size()) + 0.999999);
  double v = samples[std::min(samples.size(), std::max<size_t>(rank, 1)) - 1];
  return v >= 1e300 ? -1 : v;
}

struct PoolOptions {
  int port = 0;
  int idle = 2000;         // half send one request first (keep-alive), half send nothing
  int slow = 100;          // one header byte a second
  int first_address = 2;   // 127.0.0.2, 127.0.0.3, ...
  int per_address = 200;   // connections per source address
};

struct PoolStats {
  int idle_open = 0, slow_open = 0, connecting = 0;
  long reopened = 0;          // connections the server closed (and we opened again)
  long connect_failures = 0;  // connects that failed or were refused
  int addresses = 0;
};

class Pool {
 public:
  explicit Pool(PoolOptions o) : o_(o) {
    int total = o_.idle + o_.slow;
    conns_.resize(static_cast<size_t>(total));
    for (int i = 0; i < total; ++i) {
      auto& c = conns_[static_cast<size_t>(i)];
      c.slow = i >= o_.idle;
      c.request_first = !c.slow && i % 2 == 0;
      c.from = loopback(o_.first_address + i / o_.per_address);
    }
    addresses_ = total == 0 ? 0 : (total - 1) / o_.per_address + 1;
    thread_ = std::thread([this] { loop(); });
  }
  ~Pool() {
    stop_ = true;
    thread_.join();
    for (auto& c : conns_)
      if (c.fd >= 0) ::close(c.fd);
  }
  Pool(const Pool&) = delete;

  PoolStats stats() const {
    PoolStats s;
    s.idle_open = idle_open_;
    s.slow_open = slow_open_;
    s.connecting = connecting_;
    s.reopened = reopened_;
    s.connect_failures = connect_failures_;
    s.addresses = addresses_;
    return s;
  }
  // Waits until every connection is established (at most `seconds`); true when they are.
  bool wait_established(double seconds) const {
    auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < deadline) {
      if (idle_open_ == o_.idle && slow_open_ == o_.slow) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

 private:
  struct Conn {
    int fd = -1;
    bool slow = false, request_first = false, connected = false;
    std::string from;
    size_t sent = 0;                    // bytes of the request sent
    Clock::time_point opened, next_at;  // next_at: next slow byte, or when to reconnect
  };

  static const std::string& request() {
    static const std::string r =
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: euriqa-hostile-client\r\n"
        "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    return r;
  }

  void open(Conn& c, Clock::time_point now) {
    c.fd = connect_from(c.from, o_.port);
    c.connected = false;
    c.sent = 0;
    c.opened = now;
    if (c.fd < 0) {
      ++connect_failures_;
      c.next_at = now + std::chrono::milliseconds(200);
    } else {
      ++connecting_;
    }
  }

  void lost(Conn& c, Clock::time_point now, bool was_open) {
    ::close(c.fd);
    c.fd = -1;
    if (c.connected) (c.slow ? slow_open_ : idle_open_)--;
    else --connecting_;
    (was_open ? reopened_ : connect_failures_)++;
    // Closed at once (a refusal): wait a little before trying again, else at once.
    c.next_at = now + (now - c.opened < std::chrono::milliseconds(200) ? std::chrono::milliseconds(200)
                                                                         : std::chrono::milliseconds(0));
    c.connected = false;
  }

  void on_connected(Conn& c, Clock::time_point now) {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return lost(c, now, false);
    c.connected = true;
    --connecting_;
    (c.slow ? slow_open_ : idle_open_)++;
    if (c.request_first) {
      ::send(c.fd, request().data(), request().size(), MSG_NOSIGNAL);
      c.sent = request().size();
    }
    c.next_at = now + std::chrono::seconds(1);
  }

  void loop() {
    std::vector<pollfd> fds;
    std::vector<size_t> which;
    while (!stop_) {
      auto now = Clock::now();
      fds.clear();
      which.clear();
      for (size_t i = 0; i < conns_.size(); ++i) {
        auto& c = conns_[i];
        if (c.fd < 0 && now >= c.next_at) open(c, now);
        if (c.fd < 0) continue;
        if (c.connected && c.slow && now >= c.next_at && c.sent < request().size()) {
          ssize_t n = ::send(c.fd, request().data() + c.sent, 1, MSG_NOSIGNAL);
          if (n == 1) ++c.sent;
          c.next_at = now + std::chrono::seconds(1);
        }
        fds.push_back({c.fd, static_cast<short>(c.connected ? POLLIN : POLLOUT), 0});
        which.push_back(i);
      }
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      now = Clock::now();
      for (size_t k = 0; k < fds.size(); ++k) {
        if (fds[k].revents == 0) continue;
        auto& c = conns_[which[k]];
        if (!c.connected) {
          on_connected(c, now);
          continue;
        }
        char buf[4096];
        ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) lost(c, now, true);
        // else: the answer to a keep-alive request; read and forgotten, the connection stays
      }
    }
  }

  PoolOptions o_;
  std::vector<Conn> conns_;
  int addresses_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> idle_open_{0}, slow_open_{0}, connecting_{0};
  std::atomic<long> reopened_{0}, connect_failures_{0};
  std::thread thread_;
};

}  // namespace euriqa::test::hostile
