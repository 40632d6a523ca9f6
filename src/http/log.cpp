#include "http/log.h"

#include <cstdio>
#include <mutex>

#include "domain/time.h"

namespace euriqa::http {

void log_line(const std::string& level, const std::string& message) {
  static std::mutex mu;
  std::string line = domain::format_time(domain::now_ms()) + " " + level + " " + message + "\n";
  std::lock_guard lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace euriqa::http
