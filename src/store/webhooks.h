// Webhooks of a project and their durable delivery queue. The queue rows are the
// source of truth: a delivery pending at shutdown is sent after the next start.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct Webhook {
  std::string id, project_id, url;
  std::string events_json, headers_json;
  std::optional<std::string> secret_box;  // sealed with the server secret
  bool is_active = true;
  int64_t created_at = 0, updated_at = 0;
};

struct Delivery {
  std::string id, webhook_id, event_id, event_type, payload, status;
  int64_t attempts = 0;
  std::optional<int64_t> next_attempt_at, last_status_code, last_duration_ms;
  std::optional<std::string> last_error;
  int64_t created_at = 0, updated_at = 0;
};

Webhook insert_webhook(Conn& c, Webhook w);
std::optional<Webhook> find_webhook(Conn& c, const std::string& id);
std::vector<Webhook> webhooks_of_project(Conn& c, const std::string& project_id);
void update_webhook(Conn& c, const Webhook& w);
void delete_webhook(Conn& c, const std::string& id);

// Queues one delivery per active webhook of the project subscribed to event_type
// (or to the one webhook given, for a ping). Returns how many were queued.
int enqueue_event(Conn& c, const std::string& project_id, const std::string& event_type,
                  const std::string& event_id, const std::string& payload, int64_t now_ms);
Delivery enqueue_ping(Conn& c, const std::string& webhook_id, const std::string& event_id,
                      const std::string& payload, int64_t now_ms);
// The oldest due delivery of each webhook with any due (so that a webhook's deliveries
// go out in the order they were queued), those due longest first; at most limit.
std::vector<Delivery> due_deliveries(Conn& c, int64_t now_ms, int limit);
// Records an attempt: next_attempt_at set = retry later; nullopt = final (status given).
void record_attempt(Conn& c, const std::string& delivery_id, const std::string& status,
                    std::optional<int64_t> next_attempt_at, std::optional<int64_t> status_code,
                    const std::optional<std::string>& error, int64_t duration_ms, int64_t now_ms);
std::vector<Delivery> deliveries_of(Conn& c, const std::string& webhook_id, int limit);
int64_t pending_deliveries(Conn& c);
// When the next delivery not yet due becomes due (nullopt: none is waiting).
std::optional<int64_t> next_due_after(Conn& c, int64_t now_ms);

}  // namespace euriqa::store
