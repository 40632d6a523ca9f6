#include "store/quarantine.h"

#include "store/sql_util.h"

namespace euriqa::store {

const char* const kActiveQuarantine =
    "(is_quarantined = 1 AND (quarantine_expires_at IS NULL OR quarantine_expires_at > ?))";

namespace {

void add_event(Conn& c, const std::string& project_id, int64_t logical_test_id, const std::string& action,
               const std::optional<std::string>& user_id, const std::optional<std::string>& reason, int64_t at) {
  auto s = c.prepare(
      "INSERT INTO quarantine_events (project_id, logical_test_id, action, user_id, reason, at) VALUES (?,?,?,?,?,?)");
  s->bind(1, project_id);
  s->bind(2, logical_test_id);
  s->bind(3, action);
  bind_opt(*s, 4, user_id);
  bind_opt(*s, 5, reason);
  s->bind(6, at);
  s->exec();
}

}  // namespace

void change_quarantine(Conn& c, int64_t logical_test_id, const QuarantineChange& change) {
  expire_quarantines(c, change.at, logical_test_id);
  std::string project_id;
  bool was = false;
  {
    auto s = c.prepare("SELECT project_id, is_quarantined FROM logical_tests WHERE id = ?");
    s->bind(1, logical_test_id);
    if (!s->executeStep()) return;
    project_id = s->getColumn(0).getString();
    was = s->getColumn(1).getInt() != 0;
  }
  auto s = change.quarantined
               ? c.prepare("UPDATE logical_tests SET is_quarantined = 1, quarantined_at = coalesce(quarantined_at, ?1), "
                           "unquarantined_at = NULL, quarantined_by = ?2, quarantine_reason = ?3, "
                           "quarantine_issue_url = ?4, quarantine_expires_at = ?5 WHERE id = ?6")
               : c.prepare("UPDATE logical_tests SET is_quarantined = 0, quarantined_at = NULL, unquarantined_at = ?1, "
                           "quarantined_by = NULL, quarantine_reason = NULL, quarantine_issue_url = NULL, "
                           "quarantine_expires_at = NULL WHERE id = ?6");
  s->bind(1, change.at);
  if (change.quarantined) {
    bind_opt(*s, 2, change.user_id);
    bind_opt(*s, 3, change.reason);
    bind_opt(*s, 4, change.issue_url);
    bind_opt(*s, 5, change.expires_at);
  }
  s->bind(6, logical_test_id);
  s->exec();
  if (change.quarantined || was)
    add_event(c, project_id, logical_test_id, change.quarantined ? "quarantined" : "unquarantined", change.user_id,
              change.reason, change.at);
}

void record_auto_quarantine(Conn& c, const std::string& project_id, int64_t logical_test_id, int64_t at,
                            const std::string& reason) {
  add_event(c, project_id, logical_test_id, "auto", std::nullopt, reason, at);
}

int64_t expire_quarantines(Conn& c, int64_t now, std::optional<int64_t> logical_test_id) {
  struct Due {
    int64_t id, expires_at;
    std::string project_id;
  };
  std::vector<Due> due;
  {
    auto s = c.prepare(std::string("SELECT id, quarantine_expires_at, project_id FROM logical_tests "
                                   "WHERE is_quarantined = 1 AND quarantine_expires_at IS NOT NULL "
                                   "AND quarantine_expires_at <= ?") +
                       (logical_test_id ? " AND id = ?" : ""));
    s->bind(1, now);
    if (logical_test_id) s->bind(2, *logical_test_id);
    while (s->executeStep())
      due.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64(), s->getColumn(2).getString()});
  }
  for (const auto& d : due) {
    add_event(c, d.project_id, d.id, "expired", std::nullopt, std::nullopt, d.expires_at);
    auto s = c.prepare(
        "UPDATE logical_tests SET is_quarantined = 0, quarantined_at = NULL, unquarantined_at = quarantine_expires_at, "
        "quarantined_by = NULL, quarantine_reason = NULL, quarantine_issue_url = NULL, quarantine_expires_at = NULL "
        "WHERE id = ?");
    s->bind(1, d.id);
    s->exec();
  }
  return static_cast<int64_t>(due.size());
}

std::pair<std::vector<QuarantineEvent>, int64_t> quarantine_events(Conn& c, const std::string& project_id,
                                                                   std::optional<int64_t> logical_test_id,
                                                                   int64_t now, int limit, int64_t offset) {
  // Stored events, and the expiries still to be recorded (ordered before stored events
  // of the same millisecond: they come last in time).
  std::string test = logical_test_id ? " AND logical_test_id = ?" : "";
  std::string events =
      "SELECT logical_test_id, action, user_id, reason, at, id FROM quarantine_events WHERE project_id = ?" + test +
      " UNION ALL SELECT id, 'expired', NULL, NULL, quarantine_expires_at, 9223372036854775807 FROM logical_tests "
      "WHERE project_id = ?" + (logical_test_id ? std::string(" AND id = ?") : "") +
      " AND is_quarantined = 1 AND quarantine_expires_at <= ?";
  auto bind = [&](SQLite::Statement& s) {
    int i = 1;
    for (int part = 0; part < 2; ++part) {
      s.bind(i++, project_id);
      if (logical_test_id) s.bind(i++, *logical_test_id);
    }
    s.bind(i++, now);
    return i;
  };
  auto count = c.prepare("SELECT count(*) FROM (" + events + ")");
  bind(*count);
  count->executeStep();
  int64_t total = count->getColumn(0).getInt64();
  auto s = c.prepare(
      "SELECT t.last_result_id, t.full_title, e.action, e.user_id, u.name, e.reason, e.at FROM (" + events +
      ") e JOIN logical_tests t ON t.id = e.logical_test_id LEFT JOIN users u ON u.id = e.user_id "
      "ORDER BY e.at DESC, e.id DESC LIMIT ? OFFSET ?");
  int i = bind(*s);
  s->bind(i++, limit);
  s->bind(i++, offset);
  std::vector<QuarantineEvent> out;
  while (s->executeStep()) {
    QuarantineEvent e;
    e.test_id = s->getColumn(0).isNull() ? "" : s->getColumn(0).getString();
    e.full_title = s->getColumn(1).getString();
    e.action = s->getColumn(2).getString();
    e.by_id = opt_text(s->getColumn(3));
    e.by_name = opt_text(s->getColumn(4));
    e.reason = opt_text(s->getColumn(5));
    e.at = s->getColumn(6).getInt64();
    out.push_back(std::move(e));
  }
  return {std::move(out), total};
}

}  // namespace euriqa::store
