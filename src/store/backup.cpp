#include "store/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace euriqa::store {

void backup_database(const std::string& database_path, const std::string& dest_path) {
  namespace fs = std::filesystem;
  fs::remove(dest_path);
  SQLite::Database src(database_path, SQLite::OPEN_READONLY, 5000);
  {
    SQLite::Database dst(dest_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(dst, src);
    // One step copies the whole database inside one read transaction: a consistent snapshot.
    backup.executeStep(-1);
  }
  fs::permissions(dest_path, fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace euriqa::store
