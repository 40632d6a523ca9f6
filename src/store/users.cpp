#include "store/users.h"

#include "domain/error.h"
#include "domain/ids.h"
#include "domain/time.h"

namespace euriqa::store {

namespace {
User read_user(SQLite::Statement& s) {
  return User{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
              s.getColumn(3).getString(), s.getColumn(4).getInt64()};
}
const char* kUserColumns = "id, email, name, password_hash, created_at";
}  // namespace

std::optional<User> find_user_by_email(Conn& c, const std::string& email) {
  auto s = c.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?");
  s->bind(1, email);
  if (!s->executeStep()) return std::nullopt;
  return read_user(*s);
}

std::optional<User> find_user(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_user(*s);
}

bool any_user_exists(Conn& c) {
  auto s = c.prepare("SELECT EXISTS(SELECT 1 FROM users)");
  s->executeStep();
  return s->getColumn(0).getInt() != 0;
}

User insert_user(Conn& c, const std::string& email, const std::string& name,
                 const std::string& password_hash) {
  if (find_user_by_email(c, email)) throw domain::conflict("A user with this email already exists");
  User u{domain::new_id("user_"), email, name, password_hash, domain::now_ms()};
  auto s = c.prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?,?,?,?,?)");
  s->bind(1, u.id);
  s->bind(2, u.email);
  s->bind(3, u.name);
  s->bind(4, u.password_hash);
  s->bind(5, u.created_at);
  s->exec();
  return u;
}

void insert_session(Conn& c, const std::string& token_hash, const std::string& user_id,
                    int64_t expires_at) {
  auto s = c.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)");
  s->bind(1, token_hash);
  s->bind(2, user_id);
  s->bind(3, domain::now_ms());
  s->bind(4, expires_at);
  s->exec();
}

std::optional<User> find_session_user(Conn& c, const std::string& token_hash, int64_t now) {
  auto s = c.prepare(
      "SELECT u.id, u.email, u.name, u.password_hash, u.created_at FROM sessions s "
      "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?");
  s->bind(1, token_hash);
  s->bind(2, now);
  if (!s->executeStep()) return std::nullopt;
  return read_user(*s);
}

void delete_session(Conn& c, const std::string& token_hash) {
  auto s = c.prepare("DELETE FROM sessions WHERE token_hash = ?");
  s->bind(1, token_hash);
  s->exec();
}

void delete_expired_sessions(Conn& c, int64_t now) {
  auto s = c.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  s->bind(1, now);
  s->exec();
}

}  // namespace euriqa::store
