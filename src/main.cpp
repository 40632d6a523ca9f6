// euriqa: the self-hosted test-results server. This file only dispatches; the
// commands and their flags are listed in cli/commands.cpp.
#include <cstdio>
#include <cstring>

#include "cli/args.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace euriqa::cli;
  if (argc < 2) {
    std::fputs(main_help().c_str(), stderr);
    return 2;
  }
  const char* cmd = argv[1];
  if (!std::strcmp(cmd, "serve")) return run_serve(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "backup")) return run_backup(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "import")) return run_import(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "user")) return run_user(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "config")) return run_config(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "version") || !std::strcmp(cmd, "--version")) {
    if (wants_help(argc - 2, argv + 2)) {
      std::fputs(command_help(version_command()).c_str(), stdout);
      return 0;
    }
    return run_version();
  }
  if (!std::strcmp(cmd, "help") || !std::strcmp(cmd, "--help") || !std::strcmp(cmd, "-h")) {
    std::fputs(main_help().c_str(), stdout);
    return 0;
  }
  std::fprintf(stderr, "euriqa: unknown command '%s'\n%s", cmd, main_help().c_str());
  return 2;
}
