#include "cli/commands.h"

#include <cstring>

namespace euriqa::cli {

namespace {

// The value flags of serve are also the ones config::resolve_config reads.
const CommandSpec kServe{
    "serve",
    "run the server: the API, the dashboard and the background jobs",
    "",
    {{"listen", "HOST:PORT", "EURIQA_LISTEN", "address to listen on (default 127.0.0.1:8080; port 0 picks a free one)"},
     {"data", "DIR", "EURIQA_DATA", "data directory: database, artifact files, secret (default ./euriqa-data)"},
     {"base-url", "URL", "EURIQA_BASE_URL", "public address, for links and the Secure cookie (default: each request's Host)"},
     {"signup", "MODE", "EURIQA_SIGNUP", "open, invite-only or closed (default invite-only)"},
     {"config", "FILE", "EURIQA_CONFIG", "JSON config file; check it with `euriqa config check FILE`"},
     {"tls-cert", "FILE", "EURIQA_TLS_CERT", "PEM certificate chain: serve HTTPS (with --tls-key)"},
     {"tls-key", "FILE", "EURIQA_TLS_KEY", "PEM private key of --tls-cert"}},
    "Precedence: flag > environment > config file > default. Every other setting is a\n"
    "config file key (README, Configuration). SIGINT or SIGTERM stops the server cleanly.\n"};

const CommandSpec kImport{
    "import",
    "send Playwright JSON reports or JUnit XML files to a server as runs",
    "FILE...",
    {{"url", "URL", "EURIQA_URL", "the server's address (required)", true},
     {"key", "KEY", "EURIQA_API_KEY", "a project API key, eur_live_... (required)", true},
     {"project", "ID", nullptr, "project id (default: the key's project)"},
     {"title", "T", "EURIQA_RUN_TITLE", "run title"},
     {"tag", "T", "EURIQA_RUN_TAGS", "run tag; repeat for more (the variable: comma-separated)"},
     {"html-report", "DIR|ZIP", nullptr, "a Playwright HTML report to upload with the run (zipped if a directory)"}},
    "Each FILE (Playwright JSON or JUnit XML) becomes one run. Prints\n"
    "`<runId> <N> tests <M> artifacts <file>` per file; exits 1 if any file failed.\n"};

const CommandSpec kBackup{
    "backup",
    "copy the database (safe while serving), the artifact files and the secret",
    "OUT.db",
    {{"data", "DIR", nullptr, "data directory to back up (default ./euriqa-data)"}},
    "Writes OUT.db, OUT.db.blobs/ (artifact files) and OUT.db.secret.\n"};

const CommandSpec kUserCreate{
    "user create",
    "add an account (the password is read from standard input)",
    "",
    {{"data", "DIR", nullptr, "data directory (default ./euriqa-data)"},
     {"email", "E", nullptr, "the account's email (required)", true},
     {"name", "N", nullptr, "display name (default: the email's local part)"},
     {"password-stdin", nullptr, nullptr, "read the password from standard input (required)", true}},
    "The address counts as confirmed: the operator vouches for it.\n"};

const CommandSpec kUserResetPassword{
    "user reset-password",
    "set an account's password (from standard input) and sign out its sessions",
    "",
    {{"data", "DIR", nullptr, "data directory (default ./euriqa-data)"},
     {"email", "E", nullptr, "the account's email (required)", true},
     {"password-stdin", nullptr, nullptr, "read the password from standard input (required)", true}},
    ""};

const CommandSpec kConfigCheck{
    "config check",
    "validate a config file and print the configuration it gives, secrets hidden",
    "FILE",
    {},
    "Reads FILE alone (no environment variables, no flags) with the rules of `serve`.\n"
    "Exits 0 and prints the effective configuration, or exits 1 with the error.\n"};

const CommandSpec kVersion{"version", "print the version", "", {}, ""};

}  // namespace

const CommandSpec& serve_command() { return kServe; }
const CommandSpec& import_command() { return kImport; }
const CommandSpec& backup_command() { return kBackup; }
const CommandSpec& user_create_command() { return kUserCreate; }
const CommandSpec& user_reset_password_command() { return kUserResetPassword; }
const CommandSpec& config_check_command() { return kConfigCheck; }
const CommandSpec& version_command() { return kVersion; }

std::vector<const CommandSpec*> all_commands() {
  return {&kServe, &kImport, &kBackup, &kUserCreate, &kUserResetPassword, &kConfigCheck, &kVersion};
}

std::string command_synopsis(const CommandSpec& c) {
  std::string prefix = std::string("euriqa ") + c.name;
  std::string out = prefix, line_indent(prefix.size(), ' ');
  size_t line_start = 0;
  auto add = [&](const std::string& word) {
    // Wrap at 88 columns, continuing under the first flag.
    if (out.size() - line_start + 1 + word.size() > 88) {
      out += "\n" + line_indent;
      line_start = out.size() - line_indent.size();
    }
    out += " " + word;
  };
  for (const auto& f : c.flags) {
    std::string word = std::string("--") + f.name + (f.value ? std::string(" ") + f.value : "");
    if (!f.required) word = "[" + word + "]";
    if (!std::strcmp(f.name, "tag")) word += "...";
    add(word);
  }
  if (*c.operands) add(c.operands);
  return out + "\n";
}

std::string command_help(const CommandSpec& c) {
  std::string out = std::string("usage: ") + command_synopsis(c) + "\n" + c.summary + ".\n";
  if (!c.flags.empty()) out += "\nflags:\n";
  for (const auto& f : c.flags) {
    std::string left = std::string("  --") + f.name + (f.value ? std::string(" ") + f.value : "");
    if (left.size() < 26) left.resize(26, ' ');
    else left += "\n" + std::string(26, ' ');
    out += left + f.help;
    if (f.env) out += std::string(" [env ") + f.env + "]";
    out += "\n";
  }
  if (*c.notes) out += std::string("\n") + c.notes;
  return out;
}

std::string main_help() {
  std::string out = "usage: euriqa <command> [flags]   (euriqa <command> --help says more)\n\n";
  for (const auto* c : all_commands()) {
    std::string synopsis = command_synopsis(*c);
    for (size_t at = synopsis.find('\n'); at + 1 < synopsis.size(); at = synopsis.find('\n', at + 3))
      synopsis.insert(at + 1, "  ");
    out += "  " + synopsis + "      " + c->summary + "\n";
  }
  out += "\n  help, --help, -h   this list; --version   the same as `euriqa version`\n";
  return out;
}

std::set<std::string> value_flags(const CommandSpec& c) {
  std::set<std::string> out;
  for (const auto& f : c.flags)
    if (f.value) out.insert(f.name);
  return out;
}

std::set<std::string> switch_flags(const CommandSpec& c) {
  std::set<std::string> out;
  for (const auto& f : c.flags)
    if (!f.value) out.insert(f.name);
  return out;
}

bool wants_help(int argc, char** argv) {
  for (int i = 0; i < argc; ++i)
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) return true;
  return false;
}

}  // namespace euriqa::cli
