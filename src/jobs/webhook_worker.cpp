#include "jobs/webhook_worker.h"

#include <algorithm>

#include "domain/time.h"
#include "http/log.h"
#include "http/metrics.h"
#include "jobs/webhook_request.h"

namespace euriqa::jobs {

namespace {
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
constexpr milliseconds kLookAtLeastEvery{1000};
}  // namespace

WebhookWorker::WebhookWorker(store::Db& db, const config::Config& config, std::string server_secret)
    : db_(db), config_(config), secret_(std::move(server_secret)), thread_([this] { loop(); }) {}

WebhookWorker::~WebhookWorker() {
  stop_ = true;
  transfers_.wake();
  thread_.join();
}

void WebhookWorker::wake() {
  woken_ = true;
  transfers_.wake();
}

void WebhookWorker::loop() {
  bool look = true;
  auto next_look = Clock::now();
  while (!stop_) {
    if (woken_.exchange(false) || Clock::now() >= next_look) look = true;
    if (look) {
      look = false;
      try {
        look = start_due();
        next_look = Clock::now() + until_next_due();
      } catch (const std::exception& e) {
        http::log_line("ERROR", std::string("webhook delivery: ") + e.what());
        next_look = Clock::now() + kLookAtLeastEvery;
      }
    }
    auto wait = std::chrono::duration_cast<milliseconds>(next_look - Clock::now());
    wait = look ? milliseconds{0} : std::clamp(wait, milliseconds{0}, kLookAtLeastEvery);
    auto finished = transfers_.run(wait);
    bool recorded = true;
    for (const auto& [delivery_id, outcome] : finished) {
      try {
        record(delivery_id, outcome);
      } catch (const std::exception& e) {  // it stays due: pause rather than resend at once
        http::log_line("ERROR", std::string("webhook delivery: ") + e.what());
        recorded = false;
      }
    }
    if (!finished.empty()) {
      // Their webhooks are free for their next deliveries, and there is room.
      look = recorded;
      if (!recorded) next_look = Clock::now() + kLookAtLeastEvery;
    }
  }
}

bool WebhookWorker::start_due() {
  auto bound = static_cast<size_t>(config_.webhook_concurrency);
  if (in_flight_.size() >= bound) return false;
  size_t room = bound - in_flight_.size();
  // One project's receivers that never answer can take a quarter of the slots at
  // most: the other teams' deliveries keep theirs.
  int project_cap = std::max(1, config_.webhook_concurrency / 4);
  // One row per webhook: asking for the busy ones' rows too leaves `room` others. Rows
  // of projects at their cap are skipped, so ask again for more while that happens.
  size_t limit = busy_webhooks_.size() + room;
  bool again = false;
  for (;;) {
    auto due = db_.read([&](store::Conn& c) { return store::due_deliveries(c, domain::now_ms(), static_cast<int>(limit)); });
    size_t capped = 0;
    for (const auto& d : due) {
      if (room == 0 || stop_) break;
      if (busy_webhooks_.contains(d.webhook_id)) continue;
      auto hook = db_.read([&](store::Conn& c) { return store::find_webhook(c, d.webhook_id); });
      if (!hook || !hook->is_active) {  // deleted meanwhile (its deliveries go with it) or switched off
        give_up(d, hook ? "webhook is inactive" : "webhook deleted");
        again = true;  // its next delivery may be due too
        continue;
      }
      auto project = per_project_.find(hook->project_id);
      if (project != per_project_.end() && project->second >= project_cap) {
        ++capped;
        continue;
      }
      in_flight_[d.id] = InFlight{d.webhook_id, hook->project_id, d.attempts};
      busy_webhooks_.insert(d.webhook_id);
      ++per_project_[hook->project_id];
      --room;
      try {
        PostRequest request = webhook_request(*hook, d, secret_, domain::now_ms());
        request.timeout_seconds = config_.webhook_timeout_seconds;
        request.allow_private_targets = config_.webhook_allow_private_targets;
        transfers_.start(d.id, std::move(request));
      } catch (const std::exception& e) {  // counts as a failed attempt, retried as usual
        PostOutcome failed;
        failed.error = std::string("cannot start the request: ") + e.what();
        record(d.id, failed);
        again = true;
      }
    }
    constexpr size_t kMostRows = 8192;
    if (room == 0 || stop_ || capped == 0 || due.size() < limit || limit >= kMostRows) break;
    limit *= 2;
  }
  return again;
}

void WebhookWorker::record(const std::string& delivery_id, const PostOutcome& outcome) {
  auto node = in_flight_.extract(delivery_id);
  if (node.empty()) return;
  busy_webhooks_.erase(node.mapped().webhook_id);
  if (--per_project_[node.mapped().project_id] <= 0) per_project_.erase(node.mapped().project_id);
  bool ok = outcome.status && *outcome.status >= 200 && *outcome.status < 300;
  http::metrics().add("euriqa_webhook_deliveries_total");
  if (!ok) http::metrics().add("euriqa_webhook_failures_total");
  auto attempt = static_cast<size_t>(node.mapped().earlier_attempts);
  std::string status = ok ? "succeeded" : attempt < config_.webhook_retry_seconds.size() ? "pending" : "failed";
  std::optional<int64_t> next;
  if (status == "pending") next = domain::now_ms() + int64_t{config_.webhook_retry_seconds[attempt]} * 1000;
  std::optional<std::string> error;
  if (!ok) error = outcome.status ? "HTTP " + std::to_string(*outcome.status) : outcome.error;
  std::optional<int64_t> code;
  if (outcome.status) code = *outcome.status;
  db_.write([&](store::Conn& c) {
    store::record_attempt(c, delivery_id, status, next, code, error, outcome.duration_ms, domain::now_ms());
  });
}

void WebhookWorker::give_up(const store::Delivery& delivery, const std::string& reason) {
  db_.write([&](store::Conn& c) {
    store::record_attempt(c, delivery.id, "failed", std::nullopt, std::nullopt, reason, 0, domain::now_ms());
  });
}

milliseconds WebhookWorker::until_next_due() {
  int64_t now = domain::now_ms();
  auto next = db_.read([&](store::Conn& c) { return store::next_due_after(c, now); });
  if (!next) return kLookAtLeastEvery;
  return std::clamp(milliseconds{*next - now}, milliseconds{0}, kLookAtLeastEvery);
}

}  // namespace euriqa::jobs
