// Percent-encoding (RFC 3986 §2.1): every byte but the unreserved characters
// (A-Z a-z 0-9 - _ . ~) as %XX with uppercase hex. Used for file names in URLs and
// for the canonical forms of AWS Signature Version 4 (blob/sigv4).
#pragma once
#include <string>
#include <string_view>

namespace euriqa::domain {

// keep_slash: '/' stays as it is (a path of several segments).
std::string percent_encode(std::string_view text, bool keep_slash = false);

}  // namespace euriqa::domain
