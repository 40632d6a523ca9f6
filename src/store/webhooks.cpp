#include "store/webhooks.h"

#include "domain/ids.h"
#include "store/sql_util.h"

namespace euriqa::store {

namespace {
const char* kWebhookColumns = "id, project_id, url, events, headers, secret_box, is_active, created_at, updated_at";
Webhook read_webhook(SQLite::Statement& s) {
  return Webhook{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                 s.getColumn(3).getString(), s.getColumn(4).getString(), opt_text(s.getColumn(5)),
                 s.getColumn(6).getInt() != 0, s.getColumn(7).getInt64(),  s.getColumn(8).getInt64()};
}
const char* kDeliveryColumns =
    "id, webhook_id, event_id, event_type, payload, status, attempts, next_attempt_at, last_status_code, "
    "last_duration_ms, last_error, created_at, updated_at";
Delivery read_delivery(SQLite::Statement& s) {
  Delivery d;
  d.id = s.getColumn(0).getString();
  d.webhook_id = s.getColumn(1).getString();
  d.event_id = s.getColumn(2).getString();
  d.event_type = s.getColumn(3).getString();
  d.payload = s.getColumn(4).getString();
  d.status = s.getColumn(5).getString();
  d.attempts = s.getColumn(6).getInt64();
  d.next_attempt_at = opt_int(s.getColumn(7));
  d.last_status_code = opt_int(s.getColumn(8));
  d.last_duration_ms = opt_int(s.getColumn(9));
  d.last_error = opt_text(s.getColumn(10));
  d.created_at = s.getColumn(11).getInt64();
  d.updated_at = s.getColumn(12).getInt64();
  return d;
}

void insert_delivery(Conn& c, const Delivery& d) {
  auto s = c.prepare(
      "INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, "
      "next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,?,'pending',0,?,?,?)");
  s->bind(1, d.id);
  s->bind(2, d.webhook_id);
  s->bind(3, d.event_id);
  s->bind(4, d.event_type);
  s->bind(5, d.payload);
  s->bind(6, d.created_at);
  s->bind(7, d.created_at);
  s->bind(8, d.created_at);
  s->exec();
}
}  // namespace

Webhook insert_webhook(Conn& c, Webhook w) {
  w.id = domain::new_id("wh_");
  auto s = c.prepare(std::string("INSERT INTO webhooks (") + kWebhookColumns + ") VALUES (?,?,?,?,?,?,?,?,?)");
  s->bind(1, w.id);
  s->bind(2, w.project_id);
  s->bind(3, w.url);
  s->bind(4, w.events_json);
  s->bind(5, w.headers_json);
  bind_opt(*s, 6, w.secret_box);
  s->bind(7, w.is_active ? 1 : 0);
  s->bind(8, w.created_at);
  s->bind(9, w.updated_at);
  s->exec();
  return w;
}

std::optional<Webhook> find_webhook(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kWebhookColumns + " FROM webhooks WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_webhook(*s);
}

std::vector<Webhook> webhooks_of_project(Conn& c, const std::string& project_id) {
  auto s = c.prepare(std::string("SELECT ") + kWebhookColumns +
                     " FROM webhooks WHERE project_id = ? ORDER BY created_at DESC, id");
  s->bind(1, project_id);
  std::vector<Webhook> out;
  while (s->executeStep()) out.push_back(read_webhook(*s));
  return out;
}

void update_webhook(Conn& c, const Webhook& w) {
  auto s = c.prepare(
      "UPDATE webhooks SET url = ?, events = ?, headers = ?, secret_box = ?, is_active = ?, updated_at = ? WHERE id = ?");
  s->bind(1, w.url);
  s->bind(2, w.events_json);
  s->bind(3, w.headers_json);
  bind_opt(*s, 4, w.secret_box);
  s->bind(5, w.is_active ? 1 : 0);
  s->bind(6, w.updated_at);
  s->bind(7, w.id);
  s->exec();
}

void delete_webhook(Conn& c, const std::string& id) {
  auto s = c.prepare("DELETE FROM webhooks WHERE id = ?");
  s->bind(1, id);
  s->exec();
}

int enqueue_event(Conn& c, const std::string& project_id, const std::string& event_type,
                  const std::string& event_id, const std::string& payload, int64_t now_ms) {
  // events is a JSON array of strings; match the quoted name.
  auto s = c.prepare(
      "SELECT id FROM webhooks WHERE project_id = ? AND is_active = 1 AND instr(events, ?) > 0");
  s->bind(1, project_id);
  s->bind(2, "\"" + event_type + "\"");
  std::vector<std::string> hooks;
  while (s->executeStep()) hooks.push_back(s->getColumn(0).getString());
  for (const auto& hook : hooks) {
    Delivery d;
    d.id = domain::new_id("dlv_");
    d.webhook_id = hook;
    d.event_id = event_id;
    d.event_type = event_type;
    d.payload = payload;
    d.created_at = now_ms;
    insert_delivery(c, d);
  }
  return static_cast<int>(hooks.size());
}

Delivery enqueue_ping(Conn& c, const std::string& webhook_id, const std::string& event_id, const std::string& payload,
                      int64_t now_ms) {
  Delivery d;
  d.id = domain::new_id("dlv_");
  d.webhook_id = webhook_id;
  d.event_id = event_id;
  d.event_type = "ping";
  d.payload = payload;
  d.status = "pending";
  d.next_attempt_at = now_ms;
  d.created_at = d.updated_at = now_ms;
  insert_delivery(c, d);
  return d;
}

std::vector<Delivery> due_deliveries(Conn& c, int64_t now_ms, int limit) {
  // Each webhook's oldest due delivery (creation order; rowid breaks ties within a
  // millisecond, a serial column would on PostgreSQL), the longest-waiting first.
  auto s = c.prepare(std::string("SELECT ") + kDeliveryColumns + " FROM (SELECT " + kDeliveryColumns +
                     ", row_number() OVER (PARTITION BY webhook_id ORDER BY created_at, rowid) AS place"
                     " FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?)"
                     " WHERE place = 1 ORDER BY next_attempt_at, created_at LIMIT ?");
  s->bind(1, now_ms);
  s->bind(2, limit);
  std::vector<Delivery> out;
  while (s->executeStep()) out.push_back(read_delivery(*s));
  return out;
}

void record_attempt(Conn& c, const std::string& id, const std::string& status, std::optional<int64_t> next_attempt_at,
                    std::optional<int64_t> status_code, const std::optional<std::string>& error, int64_t duration_ms,
                    int64_t now_ms) {
  auto s = c.prepare(
      "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_status_code = ?, "
      "last_error = ?, last_duration_ms = ?, updated_at = ? WHERE id = ?");
  s->bind(1, status);
  bind_opt(*s, 2, next_attempt_at);
  bind_opt(*s, 3, status_code);
  bind_opt(*s, 4, error);
  s->bind(5, duration_ms);
  s->bind(6, now_ms);
  s->bind(7, id);
  s->exec();
}

std::vector<Delivery> deliveries_of(Conn& c, const std::string& webhook_id, int limit) {
  auto s = c.prepare(std::string("SELECT ") + kDeliveryColumns +
                     " FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?");
  s->bind(1, webhook_id);
  s->bind(2, limit);
  std::vector<Delivery> out;
  while (s->executeStep()) out.push_back(read_delivery(*s));
  return out;
}

int64_t pending_deliveries(Conn& c) {
  auto s = c.prepare("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'");
  s->executeStep();
  return s->getColumn(0).getInt64();
}

std::optional<int64_t> next_due_after(Conn& c, int64_t now_ms) {
  auto s = c.prepare(
      "SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at > ?");
  s->bind(1, now_ms);
  s->executeStep();
  return opt_int(s->getColumn(0));
}

}  // namespace euriqa::store
