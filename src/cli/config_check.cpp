// euriqa config check FILE: reads a config file with the same code as `serve`
// (config::resolve_config), so an operator learns about a typo before a restart
// does. Only the file counts: the environment and flags of this shell are not the
// service's.
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "cli/args.h"
#include "cli/commands.h"
#include "config/config.h"

namespace euriqa::cli {

int run_config(int argc, char** argv) {
  const auto& spec = config_check_command();
  if (argc < 1 || std::strcmp(argv[0], "check") != 0) {
    if (wants_help(argc, argv)) {
      std::fputs(command_help(spec).c_str(), stdout);
      return 0;
    }
    std::fprintf(stderr, "euriqa config: unknown subcommand\nusage: %s", command_synopsis(spec).c_str());
    return 2;
  }
  if (wants_help(argc - 1, argv + 1)) {
    std::fputs(command_help(spec).c_str(), stdout);
    return 0;
  }
  std::string file;
  try {
    parse_flags(argc - 1, argv + 1, {}, {}, &file);
    if (file.empty()) throw std::runtime_error("name the config file");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa config check: %s\nusage: %s", e.what(), command_synopsis(spec).c_str());
    return 2;
  }
  try {
    auto cfg = config::resolve_config({{"config", file}}, [](const char*) -> const char* { return nullptr; });
    std::printf("%s is valid; the configuration it gives:\n%s", file.c_str(), config::describe(cfg).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa config check: %s\n", e.what());
    return 1;
  }
}

}  // namespace euriqa::cli
