// Test support: a raw HTTP/1.1 client over a plain socket, for requests no library
// client would send (bodies that never end, lying framing, a refusal before the body
// is read). Reports what the server answered, whether it closed the connection, and
// how much of the body was sent before the answer.
#pragma once
#include <string>

#include "support/server.h"

namespace euriqa::test {

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  bool server_closed = false;  // the server closed the connection after answering
  std::string after;           // anything the server sent after the response
  size_t body_bytes_sent = 0;
};

std::string lower(std::string s);

// Sends `head`, then `body_prefix`, then up to `body_bytes` of filler (optionally
// chunked), stopping as soon as the server answers; then reads the whole response and
// whether the server closes the connection afterwards. source_ip: bind the client
// socket to this loopback address first (empty: any).
RawResponse raw_exchange(int port, const std::string& head, size_t body_bytes, bool chunked,
                         const std::string& body_prefix = "", const std::string& source_ip = "");

// The raw response as a Result (status, headers, parsed JSON body).
Result as_result(const RawResponse& raw);

}  // namespace euriqa::test
