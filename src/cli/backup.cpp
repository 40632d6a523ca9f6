// euriqa backup --data DIR OUT.db: a consistent copy of the database
// (store::backup_database), safe while the server is running; then the artifact
// files as OUT.db.blobs/ (hard links where possible: blobs never change once
// written) and the server secret as OUT.db.secret. The database is copied first, so
// a file added meanwhile is at worst an extra the orphan sweep removes after restore.
#include <cstdio>
#include <filesystem>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/backup.h"
#include "store/data_dir.h"

namespace euriqa::cli {

namespace {

void copy_files(const std::string& data, const std::string& out) {
  namespace fs = std::filesystem;
  fs::path blobs = fs::path(data) / "blobs", dest = out + ".blobs";
  fs::remove_all(dest);
  fs::create_directories(dest);
  std::error_code ec;
  if (fs::exists(blobs)) {
    for (const auto& dir : fs::directory_iterator(blobs)) {
      if (!dir.is_directory() || dir.path().filename() == "tmp") continue;
      fs::create_directories(dest / dir.path().filename());
      for (const auto& f : fs::directory_iterator(dir.path())) {
        auto target = dest / dir.path().filename() / f.path().filename();
        fs::create_hard_link(f.path(), target, ec);
        if (ec) fs::copy_file(f.path(), target, fs::copy_options::overwrite_existing);
      }
    }
  }
  fs::copy_file(fs::path(data) / "secret", out + ".secret", fs::copy_options::overwrite_existing);
  fs::permissions(out + ".secret", fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace

int run_backup(int argc, char** argv) {
  const auto& spec = backup_command();
  if (wants_help(argc, argv)) {
    std::fputs(command_help(spec).c_str(), stdout);
    return 0;
  }
  std::string out;
  std::map<std::string, std::string> flags;
  try {
    flags = parse_flags(argc, argv, value_flags(spec), switch_flags(spec), &out);
    if (out.empty()) throw std::runtime_error("missing OUT.db");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa backup: %s\nusage: %s", e.what(), command_synopsis(spec).c_str());
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
    store::backup_database(src_path, tmp);
    fs::rename(tmp, out);
    copy_files(data, out);
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    std::fprintf(stderr, "euriqa backup: %s\n", e.what());
    return 1;
  }
  std::printf("backup written to %s (files in %s.blobs/, secret in %s.secret)\n", out.c_str(), out.c_str(),
              out.c_str());
  return 0;
}

}  // namespace euriqa::cli
