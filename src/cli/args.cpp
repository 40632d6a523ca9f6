#include "cli/args.h"

#include <stdexcept>

namespace euriqa::cli {

std::map<std::string, std::string> parse_flags(int argc, char** argv, const std::set<std::string>& known,
                                               const std::set<std::string>& switches, std::string* positional) {
  std::map<std::string, std::string> out;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      if (positional && positional->empty()) {
        *positional = arg;
        continue;
      }
      throw std::runtime_error("unexpected argument '" + arg + "'");
    }
    std::string name = arg.substr(2), value;
    auto eq = name.find('=');
    bool has_value = eq != std::string::npos;
    if (has_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (!known.count(name) && !switches.count(name)) throw std::runtime_error("unknown flag --" + name);
    if (switches.count(name)) {
      out[name] = "true";
      continue;
    }
    if (!has_value) {
      if (i + 1 >= argc) throw std::runtime_error("flag --" + name + " needs a value");
      value = argv[++i];
    }
    out[name] = value;
  }
  return out;
}

}  // namespace euriqa::cli
