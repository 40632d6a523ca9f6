// Numbered schema migrations, embedded in the binary. Append only: never edit a
// migration that has shipped; add the next number instead. Times are Unix ms.
#include <stdexcept>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

namespace {

const std::vector<std::string> kMigrations = {
    // 1: identity and tenancy.
    R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,           -- normalised to lower case
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,          -- Argon2id (crypto_pwhash_str)
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,          -- SHA-256 of the cookie token; the token itself is never stored
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE team_members (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner','admin','member','viewer')),
  joined_at INTEGER NOT NULL,
  UNIQUE (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members(user_id);
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','member','viewer')),
  invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','revoked')),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX invitations_email ON invitations(email, status);
CREATE INDEX invitations_team ON invitations(team_id, status);
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX projects_team ON projects(team_id, created_at);
CREATE TABLE project_settings (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  data_retention_days INTEGER NOT NULL DEFAULT 90,
  flakiness_threshold REAL NOT NULL DEFAULT 0.3,
  auto_quarantine_enabled INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','member','viewer')),
  key_hash TEXT NOT NULL UNIQUE,        -- SHA-256 of the full key
  last4 TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  expires_at INTEGER,
  last_used_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX api_keys_project ON api_keys(project_id, created_at);
)sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(Conn& conn) {
  int current = conn.raw().execAndGet("PRAGMA user_version").getInt();
  if (current > latest_schema_version())
    throw std::runtime_error("the database schema (version " + std::to_string(current) +
                             ") is newer than this euriqa binary (" +
                             std::to_string(latest_schema_version()) + "); upgrade euriqa");
  for (int v = current + 1; v <= latest_schema_version(); ++v) {
    conn.exec("BEGIN IMMEDIATE");
    try {
      conn.exec(kMigrations[v - 1]);
      conn.exec("PRAGMA user_version=" + std::to_string(v));
      conn.exec("COMMIT");
    } catch (...) {
      conn.exec("ROLLBACK");
      throw;
    }
  }
}

}  // namespace euriqa::store
