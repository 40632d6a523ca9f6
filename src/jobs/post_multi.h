// Many PostTransfers in flight at once from one thread, through one curl multi
// handle: start() adds a transfer under a key, run() moves them all along and returns
// the ones that finished. wake() (from any thread) cuts a waiting run() short.
#pragma once
#include <curl/curl.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jobs/post_transfer.h"

namespace euriqa::jobs {

class PostMulti {
 public:
  PostMulti();
  ~PostMulti();  // abandons transfers still in flight
  PostMulti(const PostMulti&) = delete;
  PostMulti& operator=(const PostMulti&) = delete;

  void start(const std::string& key, PostRequest request);
  // Works the transfers for at most max_wait (less when one finishes or on wake())
  // and returns the finished ones as (key, outcome).
  std::vector<std::pair<std::string, PostOutcome>> run(std::chrono::milliseconds max_wait);
  void wake();
  size_t in_flight() const { return transfers_.size(); }

 private:
  void collect_finished();

  CURLM* multi_ = nullptr;
  std::map<CURL*, std::pair<std::string, std::unique_ptr<PostTransfer>>> transfers_;
  std::vector<std::pair<std::string, PostOutcome>> finished_;
};

}  // namespace euriqa::jobs
