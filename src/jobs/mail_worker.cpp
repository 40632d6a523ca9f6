#include "jobs/mail_worker.h"

#include <algorithm>

#include "domain/time.h"
#include "http/log.h"
#include "http/metrics.h"
#include "jobs/smtp_sender.h"
#include "store/mail_outbox.h"

namespace euriqa::jobs {

namespace {

constexpr int kBatch = 10;
constexpr int kSendTimeoutSeconds = 30;

SmtpSettings settings_of(const config::SmtpConfig& c) {
  SmtpSettings s;
  s.host = c.host;
  s.port = c.port;
  s.security = c.security == "tls" ? SmtpSettings::Security::Tls
               : c.security == "none" ? SmtpSettings::Security::None
                                      : SmtpSettings::Security::StartTls;
  s.username = c.username;
  s.password = c.password;
  s.from = c.from;
  s.ca_file = c.ca_file;
  return s;
}

}  // namespace

MailWorker::MailWorker(store::Db& db, const config::Config& config)
    : db_(db), config_(config), thread_([this] { loop(); }) {}

MailWorker::~MailWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void MailWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void MailWorker::loop() {
  for (;;) {
    try {
      send_due();
    } catch (const std::exception& e) {
      http::log_line("ERROR", std::string("mail delivery: ") + e.what());
    }
    int64_t wait_ms = 1000;
    try {
      int64_t now = domain::now_ms();
      auto next = db_.read([&](store::Conn& c) { return store::next_mail_due_after(c, now); });
      if (next) wait_ms = std::clamp<int64_t>(*next - now, 0, 1000);
    } catch (...) {
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_ || woken_; });
    if (stop_) return;
    woken_ = false;
  }
}

void MailWorker::send_due() {
  SmtpSettings smtp = settings_of(*config_.smtp);
  for (;;) {
    auto due = db_.read([](store::Conn& c) { return store::due_mail(c, domain::now_ms(), kBatch); });
    if (due.empty()) return;
    for (const auto& m : due) {
      {
        std::lock_guard lock(mu_);
        if (stop_) return;
      }
      auto outcome = send_mail(smtp, MailMessage{m.to, m.subject, m.text, m.html}, kSendTimeoutSeconds);
      http::metrics().add(outcome.ok ? "euriqa_mail_sent_total" : "euriqa_mail_failures_total");
      auto attempt = static_cast<size_t>(m.attempts);  // attempts before this one
      bool retry = !outcome.ok && !outcome.permanent && attempt < config_.mail_retry_seconds.size();
      std::string status = outcome.ok ? "sent" : retry ? "pending" : "failed";
      std::optional<int64_t> next;
      if (retry) next = domain::now_ms() + int64_t{config_.mail_retry_seconds[attempt]} * 1000;
      std::optional<std::string> error;
      if (!outcome.ok) {
        error = outcome.error;
        // The address only, never the content (it carries links with tokens).
        http::log_line("WARN", "mail to " + m.to + " " + (retry ? "will be retried" : "failed") + ": " + outcome.error);
      }
      db_.write([&](store::Conn& c) { store::record_mail_attempt(c, m.id, status, next, error, domain::now_ms()); });
    }
  }
}

}  // namespace euriqa::jobs
