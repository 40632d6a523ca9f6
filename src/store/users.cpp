#include "store/users.h"

#include "domain/error.h"
#include "domain/ids.h"
#include "domain/time.h"
#include "store/sql_util.h"

namespace euriqa::store {

namespace {
const char* kUserColumns = "u.id, u.email, u.name, u.password_hash, u.created_at, u.email_verified";

User read_user(SQLite::Statement& s) {
  return User{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
              s.getColumn(3).getString(), s.getColumn(4).getInt64(),  s.getColumn(5).getInt() != 0};
}

const char* kSessionColumns = "id, token_hash, user_id, user_agent, created_at, last_seen_at, expires_at";

Session read_session(SQLite::Statement& s) {
  return Session{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                 opt_text(s.getColumn(3)),   s.getColumn(4).getInt64(),  s.getColumn(5).getInt64(),
                 s.getColumn(6).getInt64()};
}

std::optional<User> one_user(Stmt& s) {
  if (!s->executeStep()) return std::nullopt;
  return read_user(*s);
}
}  // namespace

std::optional<User> find_user_by_email(Conn& c, const std::string& email) {
  auto s = c.prepare(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.email = ?");
  s->bind(1, email);
  return one_user(s);
}

std::optional<User> find_user(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?");
  s->bind(1, id);
  return one_user(s);
}

bool any_user_exists(Conn& c) {
  auto s = c.prepare("SELECT EXISTS(SELECT 1 FROM users)");
  s->executeStep();
  return s->getColumn(0).getInt() != 0;
}

User insert_user(Conn& c, const std::string& email, const std::string& name, const std::string& password_hash,
                 bool email_verified) {
  if (find_user_by_email(c, email)) throw domain::conflict("A user with this email already exists");
  User u{domain::new_id("user_"), email, name, password_hash, domain::now_ms(), email_verified};
  auto s = c.prepare(
      "INSERT INTO users (id, email, name, password_hash, created_at, email_verified) VALUES (?,?,?,?,?,?)");
  s->bind(1, u.id);
  s->bind(2, u.email);
  s->bind(3, u.name);
  s->bind(4, u.password_hash);
  s->bind(5, u.created_at);
  s->bind(6, email_verified ? 1 : 0);
  s->exec();
  return u;
}

void set_email_verified(Conn& c, const std::string& user_id, bool verified) {
  auto s = c.prepare("UPDATE users SET email_verified = ? WHERE id = ?");
  s->bind(1, verified ? 1 : 0);
  s->bind(2, user_id);
  s->exec();
}

void set_user_name(Conn& c, const std::string& user_id, const std::string& name) {
  auto s = c.prepare("UPDATE users SET name = ? WHERE id = ?");
  s->bind(1, name);
  s->bind(2, user_id);
  s->exec();
}

void set_user_email(Conn& c, const std::string& user_id, const std::string& email, bool verified) {
  if (auto other = find_user_by_email(c, email); other && other->id != user_id)
    throw domain::conflict("A user with this email already exists");
  auto s = c.prepare("UPDATE users SET email = ?, email_verified = ? WHERE id = ?");
  s->bind(1, email);
  s->bind(2, verified ? 1 : 0);
  s->bind(3, user_id);
  s->exec();
}

void set_password_hash(Conn& c, const std::string& user_id, const std::string& password_hash) {
  auto s = c.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  s->bind(1, password_hash);
  s->bind(2, user_id);
  s->exec();
}

std::string insert_session(Conn& c, const std::string& token_hash, const std::string& user_id, int64_t expires_at,
                           const std::optional<std::string>& user_agent) {
  std::string id = domain::new_id("session_");
  int64_t now = domain::now_ms();
  auto s = c.prepare(
      "INSERT INTO sessions (id, token_hash, user_id, user_agent, created_at, last_seen_at, expires_at) "
      "VALUES (?,?,?,?,?,?,?)");
  s->bind(1, id);
  s->bind(2, token_hash);
  s->bind(3, user_id);
  bind_opt(*s, 4, user_agent);
  s->bind(5, now);
  s->bind(6, now);
  s->bind(7, expires_at);
  s->exec();
  return id;
}

std::optional<User> find_session_user(Conn& c, const std::string& token_hash, int64_t now) {
  auto s = c.prepare(std::string("SELECT ") + kUserColumns +
                     " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?");
  s->bind(1, token_hash);
  s->bind(2, now);
  return one_user(s);
}

std::optional<Session> find_session(Conn& c, const std::string& token_hash) {
  auto s = c.prepare(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?");
  s->bind(1, token_hash);
  if (!s->executeStep()) return std::nullopt;
  return read_session(*s);
}

void touch_session(Conn& c, const std::string& token_hash, int64_t now) {
  auto s = c.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
  s->bind(1, now);
  s->bind(2, token_hash);
  s->exec();
}

std::vector<Session> sessions_of_user(Conn& c, const std::string& user_id, int64_t now) {
  auto s = c.prepare(std::string("SELECT ") + kSessionColumns +
                     " FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, id");
  s->bind(1, user_id);
  s->bind(2, now);
  std::vector<Session> out;
  while (s->executeStep()) out.push_back(read_session(*s));
  return out;
}

void delete_session(Conn& c, const std::string& token_hash) {
  auto s = c.prepare("DELETE FROM sessions WHERE token_hash = ?");
  s->bind(1, token_hash);
  s->exec();
}

bool delete_session_by_id(Conn& c, const std::string& user_id, const std::string& session_id) {
  auto s = c.prepare("DELETE FROM sessions WHERE id = ? AND user_id = ?");
  s->bind(1, session_id);
  s->bind(2, user_id);
  return s->exec() > 0;
}

void delete_sessions_of_user(Conn& c, const std::string& user_id, const std::string& except_token_hash) {
  auto s = c.prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?");
  s->bind(1, user_id);
  s->bind(2, except_token_hash);
  s->exec();
}

void delete_expired_sessions(Conn& c, int64_t now) {
  auto s = c.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  s->bind(1, now);
  s->exec();
}

}  // namespace euriqa::store
