// A consistent copy of the database while the server may be running (SQLite's online
// backup API, in one step inside one read transaction), for `euriqa backup`: the CLI
// reaches the database only through the store.
#pragma once
#include <string>

namespace euriqa::store {

// Copies the database at `database_path` to `dest_path` (created or replaced), readable
// by the owner only (it holds password hashes). Throws on failure.
void backup_database(const std::string& database_path, const std::string& dest_path);

}  // namespace euriqa::store
