#include "store/api_keys.h"

#include "domain/ids.h"
#include "domain/time.h"

namespace euriqa::store {

namespace {
const char* kKeyColumns =
    "k.id, k.project_id, k.created_by, k.name, k.role, k.last4, k.is_active, k.expires_at, "
    "k.last_used_at, k.created_at, k.updated_at";

std::optional<int64_t> opt_int(SQLite::Column col) {
  if (col.isNull()) return std::nullopt;
  return col.getInt64();
}

ApiKey read_key(SQLite::Statement& s) {
  ApiKey k;
  k.id = s.getColumn(0).getString();
  k.project_id = s.getColumn(1).getString();
  k.created_by = s.getColumn(2).getString();
  k.name = s.getColumn(3).getString();
  k.role = domain::parse_role(s.getColumn(4).getString()).value_or(domain::Role::Viewer);
  k.last4 = s.getColumn(5).getString();
  k.is_active = s.getColumn(6).getInt() != 0;
  k.expires_at = opt_int(s.getColumn(7));
  k.last_used_at = opt_int(s.getColumn(8));
  k.created_at = s.getColumn(9).getInt64();
  k.updated_at = s.getColumn(10).getInt64();
  return k;
}
}  // namespace

ApiKey insert_api_key(Conn& c, const std::string& project_id, const std::string& created_by,
                      const std::string& name, domain::Role role, const std::string& key_hash,
                      const std::string& last4, std::optional<int64_t> expires_at) {
  std::string id = domain::new_id("key_");
  int64_t now = domain::now_ms();
  auto s = c.prepare(
      "INSERT INTO api_keys (id, project_id, created_by, name, role, key_hash, last4, is_active, "
      "expires_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,1,?,?,?)");
  s->bind(1, id);
  s->bind(2, project_id);
  s->bind(3, created_by);
  s->bind(4, name);
  s->bind(5, domain::role_name(role));
  s->bind(6, key_hash);
  s->bind(7, last4);
  if (expires_at) s->bind(8, *expires_at); else s->bind(8);
  s->bind(9, now);
  s->bind(10, now);
  s->exec();
  return *find_api_key(c, id);
}

std::vector<ApiKey> api_keys_of_project(Conn& c, const std::string& project_id) {
  auto s = c.prepare(std::string("SELECT ") + kKeyColumns +
                     " FROM api_keys k WHERE k.project_id = ? ORDER BY k.created_at DESC, k.id");
  s->bind(1, project_id);
  std::vector<ApiKey> out;
  while (s->executeStep()) out.push_back(read_key(*s));
  return out;
}

std::optional<ApiKey> find_api_key(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kKeyColumns + " FROM api_keys k WHERE k.id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_key(*s);
}

std::optional<KeyAuth> find_key_for_auth(Conn& c, const std::string& key_hash) {
  auto s = c.prepare(std::string("SELECT ") + kKeyColumns +
                     ", p.team_id, m.role, u.email, u.name FROM api_keys k JOIN projects p ON p.id = k.project_id "
                     "JOIN users u ON u.id = k.created_by "
                     "LEFT JOIN team_members m ON m.team_id = p.team_id AND m.user_id = k.created_by "
                     "WHERE k.key_hash = ?");
  s->bind(1, key_hash);
  if (!s->executeStep()) return std::nullopt;
  KeyAuth a{read_key(*s), s->getColumn(11).getString(), std::nullopt, s->getColumn(13).getString(),
            s->getColumn(14).getString()};
  if (!s->getColumn(12).isNull()) a.creator_role = domain::parse_role(s->getColumn(12).getString());
  return a;
}

ApiKey set_api_key_active(Conn& c, const std::string& id, bool active) {
  auto s = c.prepare("UPDATE api_keys SET is_active = ?, updated_at = ? WHERE id = ?");
  s->bind(1, active ? 1 : 0);
  s->bind(2, domain::now_ms());
  s->bind(3, id);
  s->exec();
  return *find_api_key(c, id);
}

void touch_api_key(Conn& c, const std::string& id, int64_t now) {
  auto s = c.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?");
  s->bind(1, now);
  s->bind(2, id);
  s->exec();
}

void delete_api_key(Conn& c, const std::string& id) {
  auto s = c.prepare("DELETE FROM api_keys WHERE id = ?");
  s->bind(1, id);
  s->exec();
}

}  // namespace euriqa::store
