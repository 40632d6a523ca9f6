// The data directory: created on first start (mode 0700) and holding the SQLite
// database, the blob store and the server secret (32 random bytes, mode 0600,
// generated once).
#pragma once
#include <string>

namespace euriqa::store {

void ensure_data_dir(const std::string& dir);
std::string database_path(const std::string& dir);
// Reads DIR/secret, creating it on first use.
std::string load_or_create_secret(const std::string& dir);

}  // namespace euriqa::store
