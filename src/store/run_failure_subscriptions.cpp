#include "store/run_failure_subscriptions.h"

#include "domain/ids.h"

namespace euriqa::store {

namespace {
const char* kColumns = "id, user_id, project_id, branch, created_at";
RunFailureSubscription read(SQLite::Statement& s) {
  return {s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
          s.getColumn(3).getString(), s.getColumn(4).getInt64()};
}
}  // namespace

std::vector<RunFailureSubscription> subscriptions_of(Conn& c, const std::string& user_id,
                                                     const std::string& project_id) {
  auto s = c.prepare(std::string("SELECT ") + kColumns +
                     " FROM run_failure_subscriptions WHERE user_id = ? AND project_id = ? ORDER BY branch, id");
  s->bind(1, user_id);
  s->bind(2, project_id);
  std::vector<RunFailureSubscription> out;
  while (s->executeStep()) out.push_back(read(*s));
  return out;
}

RunFailureSubscription subscribe(Conn& c, const std::string& user_id, const std::string& project_id,
                                 const std::string& branch, int64_t now) {
  {
    auto s = c.prepare(
        "INSERT INTO run_failure_subscriptions (id, user_id, project_id, branch, created_at) VALUES (?,?,?,?,?) "
        "ON CONFLICT (user_id, project_id, branch) DO NOTHING");
    s->bind(1, domain::new_id("sub_"));
    s->bind(2, user_id);
    s->bind(3, project_id);
    s->bind(4, branch);
    s->bind(5, now);
    s->exec();
  }
  auto s = c.prepare(std::string("SELECT ") + kColumns +
                     " FROM run_failure_subscriptions WHERE user_id = ? AND project_id = ? AND branch = ?");
  s->bind(1, user_id);
  s->bind(2, project_id);
  s->bind(3, branch);
  s->executeStep();
  return read(*s);
}

bool unsubscribe(Conn& c, const std::string& user_id, const std::string& subscription_id) {
  auto s = c.prepare("DELETE FROM run_failure_subscriptions WHERE id = ? AND user_id = ?");
  s->bind(1, subscription_id);
  s->bind(2, user_id);
  return s->exec() > 0;
}

std::vector<MailRecipient> run_failure_recipients(Conn& c, const std::string& project_id,
                                                  const std::optional<std::string>& branch) {
  auto s = c.prepare(
      "SELECT DISTINCT u.email, u.name FROM run_failure_subscriptions r "
      "JOIN users u ON u.id = r.user_id "
      "JOIN projects p ON p.id = r.project_id "
      "JOIN team_members m ON m.team_id = p.team_id AND m.user_id = u.id "
      "WHERE r.project_id = ? AND (r.branch = '' OR r.branch = ?) AND u.email_verified = 1 ORDER BY u.email");
  s->bind(1, project_id);
  s->bind(2, branch.value_or(""));
  std::vector<MailRecipient> out;
  while (s->executeStep()) out.push_back({s->getColumn(0).getString(), s->getColumn(1).getString()});
  return out;
}

}  // namespace euriqa::store
