// Works the webhook delivery queue in the database from a background thread:
// sends due deliveries with the Standard Webhooks headers and signature, records
// each attempt, and reschedules failures on the configured backoff until they give
// up. Requests never wait for it; wake() makes it look at the queue now.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "config/config.h"
#include "store/db.h"

namespace euriqa::jobs {

class WebhookWorker {
 public:
  WebhookWorker(store::Db& db, const config::Config& config, std::string server_secret);
  ~WebhookWorker();  // stops after the delivery in progress
  void wake();

 private:
  void loop();
  void deliver_due();
  store::Db& db_;
  const config::Config& config_;
  std::string secret_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, woken_ = false;
  std::thread thread_;
};

}  // namespace euriqa::jobs
