// The durable queue of outgoing email. A message is queued in the transaction of the
// change it reports, then sent by the mail thread (jobs/mail_worker) with retries; a
// message pending at shutdown is sent after the next start.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct OutgoingMail {
  std::string id, to, subject, text, html, status;
  int64_t attempts = 0;
  std::optional<int64_t> next_attempt_at;
  std::optional<std::string> last_error;
  int64_t created_at = 0;
};

std::string enqueue_mail(Conn& c, const std::string& to, const std::string& subject, const std::string& text,
                         const std::string& html, int64_t now);
std::vector<OutgoingMail> due_mail(Conn& c, int64_t now, int limit);
// next set: retry then; otherwise final with `status` (sent or failed).
void record_mail_attempt(Conn& c, const std::string& id, const std::string& status, std::optional<int64_t> next,
                         const std::optional<std::string>& error, int64_t now);
std::optional<int64_t> next_mail_due_after(Conn& c, int64_t now);
int64_t pending_mail(Conn& c);

}  // namespace euriqa::store
