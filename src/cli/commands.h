// The subcommands of euriqa and their flags, in one table: the parsers take their
// flag names from it and `--help` prints it, so help cannot leave a flag out.
//   if (wants_help(argc, argv)) { std::fputs(command_help(kServe).c_str(), stdout); return 0; }
#pragma once
#include <set>
#include <string>
#include <vector>

namespace euriqa::cli {

struct FlagSpec {
  const char* name;   // without the dashes
  const char* value;  // placeholder of its value; nullptr: a switch that takes none
  const char* env;    // the environment variable that also sets it, or nullptr
  const char* help;   // one line; says the default
  bool required = false;
};

struct CommandSpec {
  const char* name;     // "serve", "user create"
  const char* summary;  // one line for `euriqa --help`
  const char* operands; // what follows the flags ("OUT.db", "FILE..."), or ""
  std::vector<FlagSpec> flags;
  const char* notes;    // printed after the flags, or ""
};

const CommandSpec& serve_command();
const CommandSpec& import_command();
const CommandSpec& backup_command();
const CommandSpec& user_create_command();
const CommandSpec& user_reset_password_command();
const CommandSpec& config_check_command();
const CommandSpec& version_command();

// Every command, in the order `euriqa --help` lists them.
std::vector<const CommandSpec*> all_commands();

// "euriqa serve [--listen HOST:PORT] ..." on one or more lines.
std::string command_synopsis(const CommandSpec& c);
// The synopsis, then one line per flag with its environment variable, then the notes.
std::string command_help(const CommandSpec& c);
// `euriqa --help`: every command with every flag.
std::string main_help();

// Names of the flags that take a value, and of the switches, for parse_flags.
std::set<std::string> value_flags(const CommandSpec& c);
std::set<std::string> switch_flags(const CommandSpec& c);

// True when the arguments ask for help (--help or -h anywhere).
bool wants_help(int argc, char** argv);

}  // namespace euriqa::cli
