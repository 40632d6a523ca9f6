// Log lines on stderr with a UTC timestamp. Never pass a secret, token, password or
// query string here: request lines carry the path only.
#pragma once
#include <string>

namespace euriqa::http {

void log_line(const std::string& level, const std::string& message);

}  // namespace euriqa::http
