// Works the outgoing-mail queue in the database from a background thread: sends due
// messages through SMTP (jobs/smtp_sender), records each attempt, and retries
// temporary failures on the configured backoff (mailRetrySeconds) before giving up.
// Requests never wait for it; wake() makes it look at the queue now.
#pragma once
#include <condition_variable>
#include <mutex>
#include <thread>

#include "config/config.h"
#include "store/db.h"

namespace euriqa::jobs {

class MailWorker {
 public:
  MailWorker(store::Db& db, const config::Config& config);  // config.smtp must be set
  ~MailWorker();  // stops after the message in progress
  void wake();

 private:
  void loop();
  void send_due();
  store::Db& db_;
  const config::Config& config_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, woken_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace euriqa::jobs
