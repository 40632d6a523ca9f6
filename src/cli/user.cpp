// euriqa user create --data DIR --email E --password-stdin [--name N]: creates a
// user directly in the database (the way in when sign-up is closed).
// euriqa user reset-password --data DIR --email E --password-stdin: the operator's
// way back into an account when no email can be sent.
#include <cstdio>
#include <iostream>
#include <set>

#include "cli/args.h"
#include "cli/commands.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/validation.h"
#include "store/data_dir.h"
#include "store/db.h"
#include "store/users.h"

namespace euriqa::cli {

namespace {

struct UserCommand {
  std::string data, email, name, password;
};

// Parses the flags shared by `user create` and `user reset-password` and reads the
// password from standard input; throws with a message for the usage line.
UserCommand parse_user_command(int argc, char** argv, const CommandSpec& spec) {
  auto flags = parse_flags(argc, argv, value_flags(spec), switch_flags(spec));
  if (!flags.count("email")) throw std::runtime_error("--email is required");
  if (!flags.count("password-stdin")) throw std::runtime_error("--password-stdin is required");
  UserCommand cmd;
  cmd.email = domain::normalize_email(flags["email"]);
  cmd.data = flags.count("data") ? flags["data"] : "./euriqa-data";
  if (flags.count("name")) cmd.name = flags["name"];
  return cmd;
}

std::string read_password() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  domain::check_password("password", password);
  return password;
}

int create_user(UserCommand cmd) {
  if (!domain::is_valid_email(cmd.email)) throw domain::validation("email", "invalid_value", "not an email address");
  cmd.password = read_password();
  std::string name = cmd.name.empty() ? cmd.email.substr(0, cmd.email.find('@')) : domain::check_name("name", cmd.name);
  store::ensure_data_dir(cmd.data);
  store::Db db(store::database_path(cmd.data));
  std::string hash = domain::hash_password(cmd.password);
  // The operator vouches for the address (contract §11: verified).
  auto user = db.write([&](store::Conn& c) { return store::insert_user(c, cmd.email, name, hash, true); });
  std::printf("created user %s <%s>\n", user.id.c_str(), user.email.c_str());
  return 0;
}

// The operator's way back into an account without email: sets the password and ends
// every session of the account.
int reset_password(UserCommand cmd) {
  cmd.password = read_password();
  store::Db db(store::database_path(cmd.data));
  std::string hash = domain::hash_password(cmd.password);
  auto user = db.write([&](store::Conn& c) {
    auto u = store::find_user_by_email(c, cmd.email);
    if (!u) throw std::runtime_error("no user with the email " + cmd.email);
    store::set_password_hash(c, u->id, hash);
    store::delete_sessions_of_user(c, u->id);
    return *u;
  });
  std::printf("password set for %s <%s>; every session of the account is signed out\n", user.id.c_str(),
              user.email.c_str());
  return 0;
}

}  // namespace

int run_user(int argc, char** argv) {
  std::string usage = "usage: " + command_synopsis(user_create_command()) +
                      "       " + command_synopsis(user_reset_password_command());
  std::string sub = argc >= 1 ? argv[0] : "";
  if (sub != "create" && sub != "reset-password") {
    bool help = wants_help(argc, argv);
    std::fputs(usage.c_str(), help ? stdout : stderr);
    return help ? 0 : 2;
  }
  const auto& spec = sub == "create" ? user_create_command() : user_reset_password_command();
  if (wants_help(argc - 1, argv + 1)) {
    std::fputs(command_help(spec).c_str(), stdout);
    return 0;
  }
  UserCommand cmd;
  try {
    cmd = parse_user_command(argc - 1, argv + 1, spec);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa user %s: %s\n%s", sub.c_str(), e.what(), usage.c_str());
    return 2;
  }
  try {
    domain::crypto_init();
    return sub == "create" ? create_user(cmd) : reset_password(cmd);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa user %s: %s\n", sub.c_str(), e.what());
    return 1;
  }
}

int run_version() {
  std::printf("euriqa %s\n", EURIQA_VERSION);
  return 0;
}

}  // namespace euriqa::cli
