// One outgoing HTTP POST as a libcurl easy handle, made to be run by PostMulti:
// the whole attempt bounded by a timeout, no redirects, http/https only, at most
// 64 KiB of response read, and (when asked) no connection to a special-purpose address.
#pragma once
#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace euriqa::jobs {

struct PostRequest {
  std::string url;  // http(s)://host[:port][/path]
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent as application/json
  int timeout_seconds = 10;  // the whole attempt: resolving, connecting, sending, answering
  bool allow_private_targets = true;
};

struct PostOutcome {
  std::optional<int> status;  // the receiver's final status code, when its headers arrived
  std::string error;          // why there is no status
  int64_t duration_ms = 0;
};

// The most of a response's body, and of its header block, that is read.
constexpr size_t kMaxResponseBytes = 64 * 1024;

class PostTransfer {
 public:
  explicit PostTransfer(PostRequest request);  // ready to add to a multi handle
  ~PostTransfer();
  PostTransfer(const PostTransfer&) = delete;
  PostTransfer& operator=(const PostTransfer&) = delete;

  CURL* handle() const { return easy_; }
  // The outcome once the multi handle reports the transfer done with `result`.
  PostOutcome outcome(CURLcode result) const;

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);

  PostRequest request_;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started_;
  size_t body_bytes_ = 0, header_bytes_ = 0;
  int last_status_ = 0;            // of the latest status line (1xx ones come first)
  bool headers_complete_ = false;  // the final (non-1xx) response's header block is in
  std::string refused_;            // why a connect address was refused
};

}  // namespace euriqa::jobs
