// Test support for hostile webhook receivers (contract §12), on plain loopback
// sockets: a Tarpit that accepts connections and never answers, and an EndlessBody
// receiver that answers 200 and then streams up to 1 GiB. Header-only.
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace euriqa::test::hooks {

// A listening socket on 127.0.0.1:0 whose accepted connections go to on_accept, one
// thread per connection; stops (and closes every connection) when destroyed.
class RawReceiver {
 public:
  RawReceiver(const RawReceiver&) = delete;
  virtual ~RawReceiver() { shut(); }

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int accepted() const { return accepted_; }
  // Waits until at least n connections were accepted (true) or the timeout passed.
  bool wait_accepted(int n, std::chrono::milliseconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (accepted_ < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return accepted_ >= n;
  }

 protected:
  RawReceiver() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("bind/listen failed");
    port_ = ntohs(a.sin_port);
  }
  // Derived constructors call this last, once on_accept can run.
  void start() {
    acceptor_ = std::thread([this] {
      for (;;) {
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;  // the listening socket was shut down
        std::lock_guard lock(mu_);
        if (stopping_) {
          ::close(fd);
          return;
        }
        fds_.push_back(fd);
        ++accepted_;
        workers_.emplace_back([this, fd] { on_accept(fd); });
      }
    });
  }
  // Derived destructors call this first, while on_accept still exists.
  void shut() {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      stopping_ = true;
      ::shutdown(listen_fd_, SHUT_RDWR);
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : workers_) t.join();
    for (int fd : fds_) ::close(fd);
    ::close(listen_fd_);
  }
  bool stopping() {
    std::lock_guard lock(mu_);
    return stopping_;
  }
  virtual void on_accept(int fd) = 0;

  // Reads one request (headers and a Content-Length body); false when the peer went away.
  static bool read_request(int fd) {
    std::string got;
    char buf[4096];
    size_t body_needed = std::string::npos;
    for (;;) {
      auto end = got.find("\r\n\r\n");
      if (end != std::string::npos && body_needed == std::string::npos) {
        body_needed = 0;
        auto cl = got.find("Content-Length:");
        if (cl == std::string::npos) cl = got.find("content-length:");
        if (cl != std::string::npos && cl < end) body_needed = std::stoul(got.substr(cl + 15));
        body_needed += end + 4;
      }
      if (body_needed != std::string::npos && got.size() >= body_needed) return true;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return false;
      got.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::mutex mu_;
  bool stopping_ = false;
  std::vector<int> fds_;
  std::thread acceptor_;
  std::vector<std::thread> workers_;
};

// Accepts, reads the request, and never answers (until the test ends).
class Tarpit : public RawReceiver {
 public:
  Tarpit() { start(); }
  ~Tarpit() override { shut(); }

 private:
  void on_accept(int fd) override {
    char buf[4096];
    while (::recv(fd, buf, sizeof buf, 0) > 0) {
    }
  }
};

// Answers every request 200 with "Content-Length: 1 GiB" and streams zeros until the
// client stops reading or the whole GiB is sent. requests() counts the answered ones.
class EndlessBody : public RawReceiver {
 public:
  static constexpr size_t kBodyBytes = size_t{1} << 30;
  EndlessBody() { start(); }
  ~EndlessBody() override { shut(); }
  int requests() const { return requests_; }
  size_t most_bytes_sent() const { return most_sent_; }

 private:
  void on_accept(int fd) override {
    while (read_request(fd)) {
      ++requests_;
      std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                         std::to_string(kBodyBytes) + "\r\n\r\n";
      if (::send(fd, head.data(), head.size(), MSG_NOSIGNAL) < 0) return;
      std::vector<char> chunk(64 * 1024, '0');
      size_t sent = 0;
      while (sent < kBodyBytes && !stopping()) {
        ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      if (sent > most_sent_) most_sent_ = sent;
      if (sent < kBodyBytes) return;
    }
  }
  std::atomic<int> requests_{0};
  std::atomic<size_t> most_sent_{0};
};

}  // namespace euriqa::test::hooks
