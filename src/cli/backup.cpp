// euriqa backup --data DIR OUT.db: a consistent copy of the database taken with
// SQLite's online backup API, safe while the server is running.
#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>

#include <cstdio>
#include <filesystem>

#include "cli/args.h"
#include "store/data_dir.h"

namespace euriqa::cli {

int run_backup(int argc, char** argv) {
  std::string out;
  std::map<std::string, std::string> flags;
  try {
    flags = parse_flags(argc, argv, {"data"}, {}, &out);
    if (out.empty()) throw std::runtime_error("missing OUT.db");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa backup: %s\nusage: euriqa backup --data DIR OUT.db\n", e.what());
    return 2;
  }
  std::string data = flags.count("data") ? flags["data"] : "./euriqa-data";
  std::string src_path = store::database_path(data);
  namespace fs = std::filesystem;
  if (!fs::exists(src_path)) {
    std::fprintf(stderr, "euriqa backup: no database at %s\n", src_path.c_str());
    return 1;
  }
  std::string tmp = out + ".partial";
  try {
    fs::remove(tmp);
    SQLite::Database src(src_path, SQLite::OPEN_READONLY, 5000);
    {
      SQLite::Database dst(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup backup(dst, src);
      // One step copies the whole database inside one read transaction: a consistent snapshot.
      backup.executeStep(-1);
    }
    fs::rename(tmp, out);
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    std::fprintf(stderr, "euriqa backup: %s\n", e.what());
    return 1;
  }
  std::printf("backup written to %s\n", out.c_str());
  return 0;
}

}  // namespace euriqa::cli
