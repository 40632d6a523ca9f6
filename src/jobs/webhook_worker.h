// Works the webhook delivery queue in the database from one background thread that
// keeps many deliveries in flight at once (up to webhookConcurrency, through curl's
// multi interface) but at most one per webhook, oldest first, so a slow receiver holds
// up only its own webhook. Each attempt is recorded and failures are rescheduled on
// the configured backoff until they give up. wake() makes it look at the queue now.
#pragma once
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "config/config.h"
#include "jobs/post_multi.h"
#include "store/db.h"
#include "store/webhooks.h"

namespace euriqa::jobs {

class WebhookWorker {
 public:
  WebhookWorker(store::Db& db, const config::Config& config, std::string server_secret);
  // Stops at once: attempts in flight are not recorded, so they stay queued and are
  // sent again after the next start (receivers deduplicate by webhook-id).
  ~WebhookWorker();
  void wake();

 private:
  struct InFlight {
    std::string webhook_id, project_id;
    int64_t earlier_attempts = 0;
  };

  void loop();
  // Starts the oldest due delivery of each idle webhook while there is room; true
  // when the queue should be looked at again at once.
  bool start_due();
  void record(const std::string& delivery_id, const PostOutcome& outcome);
  void give_up(const store::Delivery& delivery, const std::string& reason);
  std::chrono::milliseconds until_next_due();

  store::Db& db_;
  const config::Config& config_;
  std::string secret_;
  PostMulti transfers_;
  std::map<std::string, InFlight> in_flight_;  // by delivery id
  std::set<std::string> busy_webhooks_;        // webhooks with a delivery in flight
  std::map<std::string, int> per_project_;     // deliveries in flight by project
  std::atomic<bool> stop_{false}, woken_{false};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace euriqa::jobs
