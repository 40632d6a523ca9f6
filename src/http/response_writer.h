// Writes a Response on a connection as HTTP/1.1: status line, the server's default
// security headers unless the response sets its own, framing, and the body from a
// string, embedded bytes or a file range (streamed in 64 KiB reads, so memory does
// not grow with the file). HEAD gets the headers only; 1xx/204/304 have no body.
#pragma once
#include <string>

#include "http/connection.h"
#include "http/request.h"

namespace euriqa::http {

// False when the client went away or stalled past timeout_ms.
bool write_response(Connection& io, const Response& res, bool head_only, bool keep_alive, int timeout_ms);

const char* reason_phrase(int status);

}  // namespace euriqa::http
