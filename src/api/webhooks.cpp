// Webhooks (docs/openapi.yaml "Webhooks", contract §8): create, list, update, delete (admin+),
// the secret write-only and sealed at rest, recent deliveries, and a test ping.
// Run events are queued by runs.cpp in the transaction that finishes the run.
#include <rapidjson/document.h>

#include "api/access.h"
#include "api/render.h"
#include "api/routes.h"
#include "api/webhook_events.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/ids.h"
#include "domain/time.h"
#include "domain/http_url.h"
#include "store/webhooks.h"

namespace euriqa::api {

using domain::Action;

namespace {


constexpr size_t kMaxHeaders = 20;

void write_webhook(http::JsonWriter& w, const store::Webhook& h) {
  w.begin_object().field("id", h.id).field("projectId", h.project_id).field("url", h.url);
  w.key("events").raw(h.events_json).key("headers").raw(h.headers_json);
  w.field("hasSecret", h.secret_box.has_value()).field("isActive", h.is_active);
  w.time_field("createdAt", h.created_at).time_field("updatedAt", h.updated_at).end_object();
}

std::string check_url(const http::JsonObject& body, const std::string& url) {
  if (!domain::is_http_url(url)) body.fail("url", "invalid_value", "Field 'url' must be an http:// or https:// URL");
  return url;
}

std::string events_json(const http::JsonObject& body) {
  auto events = body.optional_string_array("events", 10, 50);
  if (!events) body.fail("events", "required", "Field 'events' is required");
  if (events->empty()) body.fail("events", "invalid_value", "Field 'events' must name at least one event");
  std::vector<std::string> unique;
  for (const auto& e : *events) {
    if (e != kRunCompleted && e != kRunFailed)
      body.fail("events", "invalid_value", "Events must be run.completed or run.failed");
    if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(e);
  }
  http::JsonWriter w;
  w.begin_array();
  for (const auto& e : unique) w.str(e);
  w.end_array();
  return w.take();
}

bool valid_header_name(const std::string& name) {
  if (name.empty() || name.size() > 100) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

std::string headers_json(const http::JsonObject& body) {
  const auto* h = body.get("headers");
  if (!h) return "{}";
  if (!h->IsObject()) body.fail("headers", "invalid_type", "Field 'headers' must be an object of strings");
  if (h->MemberCount() > kMaxHeaders) body.fail("headers", "too_long", "At most 20 custom headers");
  http::JsonWriter w;
  w.begin_object();
  for (const auto& m : h->GetObject()) {
    std::string name(m.name.GetString(), m.name.GetStringLength());
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!valid_header_name(name)) body.fail("headers", "invalid_value", "Header name '" + name + "' is not valid");
    if (lower == "host" || lower == "content-length" || lower == "transfer-encoding" || lower == "connection" ||
        lower.rfind("webhook-", 0) == 0)
      body.fail("headers", "invalid_value", "Header '" + name + "' cannot be set on a webhook");
    if (!m.value.IsString()) body.fail("headers", "invalid_type", "Header values must be strings");
    std::string value(m.value.GetString(), m.value.GetStringLength());
    if (value.size() > 2000 || value.find_first_of("\r\n") != std::string::npos || value.find('\0') != std::string::npos)
      body.fail("headers", "invalid_value", "Header '" + name + "' has an invalid value");
    w.field(name, value);
  }
  w.end_object();
  return w.take();
}

std::optional<std::string> sealed_secret(const App& app, const http::JsonObject& body) {
  auto secret = body.optional_string("secret", 500);
  if (!secret) return std::nullopt;
  if (secret->empty()) return std::nullopt;
  return domain::seal(app.secret, *secret);
}

store::Webhook authorized_webhook(store::Conn& c, const domain::Principal& p, const std::string& id) {
  auto h = store::find_webhook(c, id);
  if (!h) throw domain::not_found("Webhook");
  authorize_within(c, p, h->project_id, Action::ManageWebhooks, "Webhook");
  return *h;
}

http::Response list(App& app, http::Request& req) {
  const auto& p = req.caller();
  std::string project_id = resolve_project_id(p, req.query("projectId"));
  auto hooks = app.db.read([&](store::Conn& c) {
    authorize_project(c, p, project_id, Action::ManageWebhooks);
    return store::webhooks_of_project(c, project_id);
  });
  return data_response(hooks, write_webhook);
}

http::Response create(App& app, http::Request& req) {
  const auto& p = req.caller();
  const auto& body = req.json();
  store::Webhook h;
  h.project_id = resolve_project_id(p, body.optional_string("projectId", 100));
  h.url = check_url(body, body.required_string("url", 2000));
  h.events_json = events_json(body);
  h.headers_json = headers_json(body);
  h.secret_box = sealed_secret(app, body);
  h.is_active = body.optional_bool("isActive").value_or(true);
  h.created_at = h.updated_at = domain::now_ms();
  auto created = app.db.write([&](store::Conn& c) {
    authorize_project(c, p, h.project_id, Action::ManageWebhooks);
    return store::insert_webhook(c, h);
  });
  return object_response(201, [&](http::JsonWriter& w) { write_webhook(w, created); });
}

http::Response update(App& app, http::Request& req) {
  const auto& body = req.json();
  auto url = body.optional_string("url", 2000);
  if (url) check_url(body, *url);
  std::optional<std::string> events = body.has("events") ? std::optional(events_json(body)) : std::nullopt;
  std::optional<std::string> headers = body.has("headers") ? std::optional(headers_json(body)) : std::nullopt;
  auto secret = sealed_secret(app, body);
  auto active = body.optional_bool("isActive");
  auto hook = app.db.write([&](store::Conn& c) {
    auto h = authorized_webhook(c, req.caller(), req.param("id"));
    if (url) h.url = *url;
    if (events) h.events_json = *events;
    if (headers) h.headers_json = *headers;
    if (secret) h.secret_box = secret;
    if (active) h.is_active = *active;
    h.updated_at = domain::now_ms();
    store::update_webhook(c, h);
    return h;
  });
  return object_response(200, [&](http::JsonWriter& w) { write_webhook(w, hook); });
}

http::Response remove(App& app, http::Request& req) {
  app.db.write([&](store::Conn& c) {
    auto h = authorized_webhook(c, req.caller(), req.param("id"));
    store::delete_webhook(c, h.id);
  });
  return success("Webhook deleted successfully");
}

void write_delivery(http::JsonWriter& w, const store::Delivery& d) {
  w.begin_object().field("id", d.id).field("eventId", d.event_id).field("eventType", d.event_type);
  w.field("status", d.status).field("attempts", d.attempts).field("lastStatusCode", d.last_status_code);
  w.field("lastError", d.last_error).field("durationMs", d.last_duration_ms);
  w.time_field("nextAttemptAt", d.status == "pending" ? d.next_attempt_at : std::nullopt);
  w.time_field("createdAt", d.created_at).time_field("updatedAt", d.updated_at).end_object();
}

http::Response deliveries(App& app, http::Request& req) {
  auto list = app.db.read([&](store::Conn& c) {
    auto h = authorized_webhook(c, req.caller(), req.param("id"));
    return store::deliveries_of(c, h.id, 50);
  });
  return data_response(list, write_delivery);
}

http::Response ping(App& app, http::Request& req) {
  int64_t now = domain::now_ms();
  auto delivery = app.db.write([&](store::Conn& c) {
    auto h = authorized_webhook(c, req.caller(), req.param("id"));
    std::string event_id = domain::new_id("evt_");
    http::JsonWriter w;
    w.begin_object().field("id", event_id).field("type", "ping").time_field("createdAt", now);
    w.key("data").begin_object().field("webhookId", h.id).field("projectId", h.project_id).end_object().end_object();
    return store::enqueue_ping(c, h.id, event_id, w.take(), now);
  });
  app.wake_webhooks();
  return object_response(202, [&](http::JsonWriter& w) { write_delivery(w, delivery); });
}

}  // namespace

void register_webhooks(http::Router& router, App& app) {
  router.get("/api/webhooks", Policy::role(Action::ManageWebhooks).limit("apiKeysWebhooks"), handle(app, list));
  router.post("/api/webhooks", Policy::role(Action::ManageWebhooks).limit("apiKeysWebhooks").no_keys(), handle(app, create));
  router.patch("/api/webhooks/:id", Policy::role(Action::ManageWebhooks).limit("apiKeysWebhooks").no_keys(), handle(app, update));
  router.del("/api/webhooks/:id", Policy::role(Action::ManageWebhooks).limit("apiKeysWebhooks"), handle(app, remove));
  router.get("/api/webhooks/:id/deliveries", Policy::role(Action::ManageWebhooks).limit("apiKeysWebhooks"), handle(app, deliveries));
  router.post("/api/webhooks/:id/test", Policy::role(Action::ManageWebhooks).limit("apiKeysWebhooks"), handle(app, ping));
}

}  // namespace euriqa::api
