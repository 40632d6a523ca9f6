// How file names travel in URLs and headers: percent-encoding of a path segment
// (RFC 3986 unreserved characters kept), and a Content-Disposition header whose
// plain filename is printable ASCII that cannot break out of its quotes, with the
// exact name in filename* (RFC 6266 / RFC 5987).
#pragma once
#include <string>
#include <string_view>

#include "domain/percent_encoding.h"

namespace euriqa::http {

using domain::percent_encode;  // one path segment
// disposition: "inline" or "attachment".
std::string content_disposition(std::string_view disposition, std::string_view file_name);

}  // namespace euriqa::http
