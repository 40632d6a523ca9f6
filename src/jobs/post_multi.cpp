#include "jobs/post_multi.h"

#include <stdexcept>

namespace euriqa::jobs {

PostMulti::PostMulti() : multi_(curl_multi_init()) {
  if (!multi_) throw std::runtime_error("curl_multi_init failed");
}

PostMulti::~PostMulti() {
  for (auto& [easy, entry] : transfers_) curl_multi_remove_handle(multi_, easy);
  transfers_.clear();
  curl_multi_cleanup(multi_);
}

void PostMulti::start(const std::string& key, PostRequest request) {
  auto transfer = std::make_unique<PostTransfer>(std::move(request));
  CURL* easy = transfer->handle();
  if (CURLMcode rc = curl_multi_add_handle(multi_, easy); rc != CURLM_OK) {
    PostOutcome failed;
    failed.error = std::string("cannot start the request: ") + curl_multi_strerror(rc);
    finished_.emplace_back(key, std::move(failed));
    return;
  }
  transfers_.emplace(easy, std::make_pair(key, std::move(transfer)));
}

std::vector<std::pair<std::string, PostOutcome>> PostMulti::run(std::chrono::milliseconds max_wait) {
  int running = 0;
  curl_multi_perform(multi_, &running);
  collect_finished();
  if (finished_.empty()) {
    curl_multi_poll(multi_, nullptr, 0, static_cast<int>(max_wait.count()), nullptr);
    curl_multi_perform(multi_, &running);
    collect_finished();
  }
  return std::exchange(finished_, {});
}

void PostMulti::wake() { curl_multi_wakeup(multi_); }

void PostMulti::collect_finished() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    // msg is only valid until the handle is removed: copy what is needed first.
    CURL* easy = msg->easy_handle;
    CURLcode result = msg->data.result;
    curl_multi_remove_handle(multi_, easy);
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    finished_.emplace_back(it->second.first, it->second.second->outcome(result));
    transfers_.erase(it);
  }
}

}  // namespace euriqa::jobs
