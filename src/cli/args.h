// Command-line flags of the subcommands: "--name value" or "--name=value";
// boolean flags listed in `switches` take no value.
#pragma once
#include <map>
#include <set>
#include <string>

namespace euriqa::cli {

// Throws std::runtime_error on an unknown flag or a missing value.
std::map<std::string, std::string> parse_flags(int argc, char** argv, const std::set<std::string>& known,
                                               const std::set<std::string>& switches = {},
                                               std::string* positional = nullptr);

int run_serve(int argc, char** argv);
int run_backup(int argc, char** argv);
int run_user(int argc, char** argv);
int run_version();
int run_import(int argc, char** argv);
int run_config(int argc, char** argv);  // `config check FILE`

}  // namespace euriqa::cli
