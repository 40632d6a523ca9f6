// Reads one request's body from its connection, when and as far as a handler asks:
// Content-Length or chunked framing, each wait bounded by a timeout, "100 Continue"
// sent before the first read when the client asked for it. Whatever the handler did
// not read decides whether the connection can carry another request.
#pragma once
#include <cstdint>
#include <optional>

#include "http/chunked.h"
#include "http/connection.h"
#include "http/multipart.h"
#include "http/request_head.h"

namespace euriqa::http {

class BodyReader {
 public:
  BodyReader(Connection& io, const RequestHead& head, int timeout_ms);

  bool announced() const { return chunked_ || remaining_ > 0; }
  std::optional<uint64_t> length() const { return length_; }
  // Streams the rest of the body to sink. False when the client stopped, stalled past
  // the timeout or framed chunks wrongly, or when the sink returned false.
  bool read(const BodyChunk& sink);
  // The whole body has been read (or there was none): the connection can be reused.
  bool complete() const { return done_; }
  // Skips a body that the front already buffered whole (small bodies), so that a
  // request refused before reading still leaves the connection usable.
  void skip_if_buffered();

 private:
  Connection& io_;
  bool expect_continue_;
  int timeout_ms_;
  bool chunked_;
  std::optional<uint64_t> length_;
  uint64_t remaining_ = 0;
  ChunkedDecoder decoder_;
  bool done_ = false;
  bool started_ = false;
};

}  // namespace euriqa::http
