// libcurl's process-wide set-up, done once at the start of `euriqa serve` before any
// thread starts, undone at the end: hold one CurlLibrary for as long as webhooks are
// delivered.
#pragma once

namespace euriqa::jobs {

class CurlLibrary {
 public:
  CurlLibrary();  // throws when libcurl cannot start
  ~CurlLibrary();
  CurlLibrary(const CurlLibrary&) = delete;
  CurlLibrary& operator=(const CurlLibrary&) = delete;
};

}  // namespace euriqa::jobs
