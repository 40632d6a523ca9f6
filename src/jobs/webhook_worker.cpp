#include "jobs/webhook_worker.h"

#include <rapidjson/document.h>
#include <strings.h>

#include <algorithm>

#include "domain/crypto.h"
#include "domain/time.h"
#include "http/client.h"
#include "http/log.h"
#include "http/metrics.h"
#include "store/webhooks.h"

namespace euriqa::jobs {

namespace {
constexpr int kBatch = 20;

std::vector<std::pair<std::string, std::string>> custom_headers(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> out;
  rapidjson::Document d;
  d.Parse(json.c_str());
  if (d.IsObject())
    for (const auto& m : d.GetObject())
      if (m.value.IsString()) out.emplace_back(m.name.GetString(), m.value.GetString());
  return out;
}
}  // namespace

WebhookWorker::WebhookWorker(store::Db& db, const config::Config& config, std::string server_secret)
    : db_(db), config_(config), secret_(std::move(server_secret)), thread_([this] { loop(); }) {}

WebhookWorker::~WebhookWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void WebhookWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void WebhookWorker::loop() {
  for (;;) {
    try {
      deliver_due();
    } catch (const std::exception& e) {
      http::log_line("ERROR", std::string("webhook delivery: ") + e.what());
    }
    int64_t wait_ms = 1000;
    try {
      auto next = db_.read([](store::Conn& c) { return store::next_due_at(c); });
      if (next) wait_ms = std::clamp<int64_t>(*next - domain::now_ms(), 0, 1000);
    } catch (...) {
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_ || woken_; });
    if (stop_) return;
    woken_ = false;
  }
}

void WebhookWorker::deliver_due() {
  for (;;) {
    auto due = db_.read([](store::Conn& c) { return store::due_deliveries(c, domain::now_ms(), kBatch); });
    if (due.empty()) return;
    for (const auto& d : due) {
      {
        std::lock_guard lock(mu_);
        if (stop_) return;
      }
      auto hook = db_.read([&](store::Conn& c) { return store::find_webhook(c, d.webhook_id); });
      if (!hook) {  // deleted meanwhile (its deliveries go with it)
        db_.write([&](store::Conn& c) {
          store::record_attempt(c, d.id, "failed", std::nullopt, std::nullopt, "webhook deleted", 0, domain::now_ms());
        });
        continue;
      }
      int64_t now = domain::now_ms();
      if (!hook->is_active) {
        db_.write([&](store::Conn& c) {
          store::record_attempt(c, d.id, "failed", std::nullopt, std::nullopt, "webhook is inactive", 0, now);
        });
        continue;
      }
      auto headers = custom_headers(hook->headers_json);
      // The body is JSON: a custom Content-Type would be sent beside ours as a second
      // one, so ours wins; a custom User-Agent replaces ours instead of doubling it.
      auto named = [](const std::string& a, const char* b) { return strcasecmp(a.c_str(), b) == 0; };
      std::erase_if(headers, [&](const auto& h) { return named(h.first, "Content-Type"); });
      bool own_agent = std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return named(h.first, "User-Agent"); });
      std::string timestamp = std::to_string(now / 1000);
      headers.emplace_back("webhook-id", d.id);
      headers.emplace_back("webhook-timestamp", timestamp);
      if (!own_agent) headers.emplace_back("User-Agent", "Euriqa-Webhooks/" EURIQA_VERSION);
      std::string secret;
      if (hook->secret_box && domain::unseal(secret_, *hook->secret_box, secret))
        headers.emplace_back("webhook-signature", domain::standard_webhook_signature(secret, d.id, timestamp, d.payload));
      auto result = http::post_json(hook->url, headers, d.payload, config_.webhook_timeout_seconds,
                                    config_.webhook_allow_private_targets);
      bool ok = result.status && *result.status >= 200 && *result.status < 300;
      http::metrics().add("euriqa_webhook_deliveries_total");
      if (!ok) http::metrics().add("euriqa_webhook_failures_total");
      size_t attempt = static_cast<size_t>(d.attempts);  // attempts before this one
      std::string status = ok ? "succeeded" : attempt < config_.webhook_retry_seconds.size() ? "pending" : "failed";
      std::optional<int64_t> next;
      if (status == "pending") next = domain::now_ms() + int64_t{config_.webhook_retry_seconds[attempt]} * 1000;
      std::optional<std::string> error;
      if (!ok) error = result.status ? "HTTP " + std::to_string(*result.status) : result.error;
      std::optional<int64_t> code;
      if (result.status) code = *result.status;
      db_.write([&](store::Conn& c) {
        store::record_attempt(c, d.id, status, next, code, error, result.duration_ms, domain::now_ms());
      });
    }
  }
}

}  // namespace euriqa::jobs
