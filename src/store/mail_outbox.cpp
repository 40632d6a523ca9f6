#include "store/mail_outbox.h"

#include "domain/ids.h"
#include "store/sql_util.h"

namespace euriqa::store {

std::string enqueue_mail(Conn& c, const std::string& to, const std::string& subject, const std::string& text,
                         const std::string& html, int64_t now) {
  std::string id = domain::new_id("mail_");
  auto s = c.prepare(
      "INSERT INTO mail_outbox (id, to_address, subject, text_body, html_body, status, attempts, next_attempt_at, "
      "created_at, updated_at) VALUES (?,?,?,?,?,'pending',0,?,?,?)");
  s->bind(1, id);
  s->bind(2, to);
  s->bind(3, subject);
  s->bind(4, text);
  s->bind(5, html);
  s->bind(6, now);
  s->bind(7, now);
  s->bind(8, now);
  s->exec();
  return id;
}

std::vector<OutgoingMail> due_mail(Conn& c, int64_t now, int limit) {
  auto s = c.prepare(
      "SELECT id, to_address, subject, text_body, html_body, status, attempts, next_attempt_at, last_error, created_at "
      "FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, id LIMIT ?");
  s->bind(1, now);
  s->bind(2, limit);
  std::vector<OutgoingMail> out;
  while (s->executeStep()) {
    OutgoingMail m;
    m.id = s->getColumn(0).getString();
    m.to = s->getColumn(1).getString();
    m.subject = s->getColumn(2).getString();
    m.text = s->getColumn(3).getString();
    m.html = s->getColumn(4).getString();
    m.status = s->getColumn(5).getString();
    m.attempts = s->getColumn(6).getInt64();
    m.next_attempt_at = opt_int(s->getColumn(7));
    m.last_error = opt_text(s->getColumn(8));
    m.created_at = s->getColumn(9).getInt64();
    out.push_back(std::move(m));
  }
  return out;
}

void record_mail_attempt(Conn& c, const std::string& id, const std::string& status, std::optional<int64_t> next,
                         const std::optional<std::string>& error, int64_t now) {
  auto s = c.prepare(
      "UPDATE mail_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ? "
      "WHERE id = ?");
  s->bind(1, status);
  bind_opt(*s, 2, next);
  bind_opt(*s, 3, error);
  s->bind(4, now);
  s->bind(5, id);
  s->exec();
}

std::optional<int64_t> next_mail_due_after(Conn& c, int64_t now) {
  auto s = c.prepare("SELECT MIN(next_attempt_at) FROM mail_outbox WHERE status = 'pending' AND next_attempt_at > ?");
  s->bind(1, now);
  s->executeStep();
  return opt_int(s->getColumn(0));
}

int64_t pending_mail(Conn& c) {
  auto s = c.prepare("SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'");
  s->executeStep();
  return s->getColumn(0).getInt64();
}

}  // namespace euriqa::store
