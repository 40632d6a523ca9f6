#include "http/connection.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

namespace euriqa::http {

Connection::Connection(int fd, std::string peer_address, SSL* ssl)
    : fd_(fd), peer_(std::move(peer_address)), ssl_(ssl) {}

Connection::~Connection() {
  if (ssl_) {
    ERR_clear_error();
    SSL_shutdown(ssl_);  // one non-blocking attempt at close_notify
    SSL_free(ssl_);
  }
  ::close(fd_);
}

void Connection::consume(size_t n) {
  in_pos_ += std::min(n, in_.size() - in_pos_);
  if (in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
}

ssize_t Connection::raw_read(char* out, size_t size) {
  if (ssl_) {
    ERR_clear_error();
    int n = SSL_read(ssl_, out, static_cast<int>(std::min<size_t>(size, 1 << 30)));
    if (n > 0) return n;
    int err = SSL_get_error(ssl_, n);
    wants_write_ = err == SSL_ERROR_WANT_WRITE;
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return -1;
    return err == SSL_ERROR_ZERO_RETURN ? 0 : -2;
  }
  for (;;) {
    ssize_t n = ::recv(fd_, out, size, 0);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? -1 : -2;
  }
}

ssize_t Connection::raw_write(const char* data, size_t size) {
  if (ssl_) {
    ERR_clear_error();
    int n = SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, 1 << 30)));
    if (n > 0) return n;
    int err = SSL_get_error(ssl_, n);
    wants_write_ = err != SSL_ERROR_WANT_READ;
    return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE ? -1 : -2;
  }
  for (;;) {
    ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    wants_write_ = true;
    return errno == EAGAIN || errno == EWOULDBLOCK ? -1 : -2;
  }
}

bool Connection::wait(short events, int timeout_ms) {
  pollfd p{fd_, events, 0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (left <= 0) return false;
    int r = ::poll(&p, 1, left);
    if (r > 0) return true;  // readable, writable, or an error the next call reports
    if (r == 0) return false;
    if (errno != EINTR) return false;
  }
}

void Connection::shutdown_write() {
  if (ssl_) {
    ERR_clear_error();
    SSL_shutdown(ssl_);
  }
  ::shutdown(fd_, SHUT_WR);
}

Connection::Io Connection::discard() {
  char sink[64 * 1024];
  for (int i = 0; i < 16; ++i) {  // at most 1 MiB per readiness event
    ssize_t n = ::recv(fd_, sink, sizeof sink, 0);
    if (n > 0) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return Io::WouldBlock;
    return Io::Closed;
  }
  return Io::Done;
}

Connection::Io Connection::handshake() {
  if (!ssl_) return Io::Done;
  ERR_clear_error();
  int r = SSL_do_handshake(ssl_);
  if (r == 1) return Io::Done;
  int err = SSL_get_error(ssl_, r);
  wants_write_ = err == SSL_ERROR_WANT_WRITE;
  return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE ? Io::WouldBlock : Io::Closed;
}

Connection::Io Connection::fill(size_t up_to) {
  bool got = false;
  if (in_pos_ > 0 && in_pos_ * 2 >= in_.size()) {  // keep the buffer from creeping
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  while (buffered().size() < up_to) {
    char chunk[16 * 1024];
    ssize_t n = raw_read(chunk, std::min(sizeof chunk, up_to - buffered().size()));
    if (n > 0) {
      in_.append(chunk, static_cast<size_t>(n));
      got = true;
      continue;
    }
    if (n == -1) return got ? Io::Done : Io::WouldBlock;
    return got ? Io::Done : Io::Closed;  // a half-closed peer still gets its answer
  }
  return Io::Done;
}

bool Connection::await_data(int timeout_ms) {
  if (!buffered().empty()) return true;
  in_.clear();
  in_pos_ = 0;
  constexpr size_t kChunk = 64 * 1024;
  in_.resize(kChunk);
  for (;;) {
    ssize_t n = raw_read(in_.data(), kChunk);
    if (n > 0) {
      in_.resize(static_cast<size_t>(n));
      return true;
    }
    if (n == -1 && wait(wants_write_ ? POLLOUT : POLLIN, timeout_ms)) continue;
    in_.clear();
    return false;
  }
}

bool Connection::write_all(std::string_view data, int timeout_ms) {
  while (!data.empty()) {
    ssize_t n = raw_write(data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n == -2) return false;
    if (!wait(wants_write_ ? POLLOUT : POLLIN, timeout_ms)) return false;
  }
  return true;
}

}  // namespace euriqa::http
