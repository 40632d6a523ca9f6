// One client connection: a non-blocking socket (TLS through OpenSSL when the server
// has a certificate) and the bytes read ahead of the request being handled. The
// connection front uses the non-blocking calls (handshake, fill); a worker handling
// a request uses the calls that wait, each bounded by a timeout.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

typedef struct ssl_st SSL;

namespace euriqa::http {

class Connection {
 public:
  Connection(int fd, std::string peer_address, SSL* ssl);
  ~Connection();  // closes the socket (after a TLS close_notify, best effort)
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int fd() const { return fd_; }
  const std::string& peer_address() const { return peer_; }
  bool is_tls() const { return ssl_ != nullptr; }

  enum class Io { Done, WouldBlock, Closed };
  // TLS handshake step (Done at once for plain sockets).
  Io handshake();
  // Reads what is available now into the buffer, until it holds `up_to` unread bytes.
  Io fill(size_t up_to);
  // The last non-blocking TLS call needs the socket writable rather than readable.
  bool wants_write() const { return wants_write_; }

  // Bytes read but not yet consumed.
  std::string_view buffered() const { return std::string_view(in_).substr(in_pos_); }
  void consume(size_t n);

  // Ends our side (TLS close_notify, then a TCP FIN) but keeps reading possible, so
  // that a client still sending a body we refused receives our answer rather than a
  // reset (a "lingering close").
  void shutdown_write();
  // Reads and drops what has arrived: Closed once the peer is done.
  Io discard();

  // Makes sure some unread bytes are buffered, waiting at most timeout_ms for the
  // socket; false when the peer closed, on timeout or on error.
  bool await_data(int timeout_ms);
  // Writes everything, waiting at most timeout_ms each time the socket is full.
  bool write_all(std::string_view data, int timeout_ms);

 private:
  ssize_t raw_read(char* out, size_t size);  // -1 would block, -2 error, 0 closed
  ssize_t raw_write(const char* data, size_t size);  // -1 would block, -2 error
  bool wait(short events, int timeout_ms);

  int fd_;
  std::string peer_;
  SSL* ssl_;
  bool wants_write_ = false;
  std::string in_;
  size_t in_pos_ = 0;
};

}  // namespace euriqa::http
