// euriqa: the self-hosted test-results server. This file only dispatches.
#include <cstdio>
#include <cstring>

#include "cli/args.h"

int main(int argc, char** argv) {
  const char* usage =
      "usage: euriqa <command> [flags]\n"
      "  serve [--listen HOST:PORT] [--data DIR] [--base-url URL] [--signup MODE] [--config FILE]\n"
      "        [--tls-cert FILE --tls-key FILE]\n"
      "  backup --data DIR OUT.db\n"
      "  import --url URL --key KEY [--project ID] [--title T] [--tag T]... [--html-report DIR] FILE...\n"
      "  user create --data DIR --email E --password-stdin [--name N]\n"
      "  user reset-password --data DIR --email E --password-stdin\n"
      "  version\n";
  if (argc < 2) {
    std::fputs(usage, stderr);
    return 2;
  }
  const char* cmd = argv[1];
  if (!std::strcmp(cmd, "serve")) return euriqa::cli::run_serve(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "backup")) return euriqa::cli::run_backup(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "import")) return euriqa::cli::run_import(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "user")) return euriqa::cli::run_user(argc - 2, argv + 2);
  if (!std::strcmp(cmd, "version") || !std::strcmp(cmd, "--version")) return euriqa::cli::run_version();
  if (!std::strcmp(cmd, "help") || !std::strcmp(cmd, "--help") || !std::strcmp(cmd, "-h")) {
    std::fputs(usage, stdout);
    return 0;
  }
  std::fprintf(stderr, "euriqa: unknown command '%s'\n%s", cmd, usage);
  return 2;
}
