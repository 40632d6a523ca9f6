// gzip for responses: a JSON or text body held in memory is compressed when the client
// accepts gzip and the body is big enough for it to pay (a 200-row test list shrinks
// about tenfold). Files and the embedded dashboard (stored compressed already) are left
// as they are; so are bodies already encoded.
#pragma once
#include <string>
#include <string_view>

#include "http/request.h"

namespace euriqa::http {

// Smaller bodies go as they are: the gzip header and a round trip through zlib cost more
// than the bytes saved.
constexpr size_t kGzipMinBytes = 1024;

// Accept-Encoding names gzip (or *) with a non-zero q.
bool accepts_gzip(const Request& req);

// The gzip form of `data` (RFC 1952), at a fast level.
std::string gzip(std::string_view data);

// Compresses res.body in place when the rules above allow, adding Content-Encoding and
// Vary. Idempotent.
void compress_response(const Request& req, Response& res);

}  // namespace euriqa::http
