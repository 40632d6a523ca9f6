// euriqa user create --data DIR --email E --password-stdin [--name N]: creates a
// user directly in the database (the way in when sign-up is closed).
#include <cstdio>
#include <iostream>

#include "cli/args.h"
#include "domain/crypto.h"
#include "domain/error.h"
#include "domain/validation.h"
#include "store/data_dir.h"
#include "store/db.h"
#include "store/users.h"

namespace euriqa::cli {

int run_user(int argc, char** argv) {
  const char* usage = "usage: euriqa user create --data DIR --email E --password-stdin [--name N]\n";
  if (argc < 1 || std::string(argv[0]) != "create") {
    std::fputs(usage, stderr);
    return 2;
  }
  std::map<std::string, std::string> flags;
  try {
    flags = parse_flags(argc - 1, argv + 1, {"data", "email", "name"}, {"password-stdin"});
    if (!flags.count("email")) throw std::runtime_error("--email is required");
    if (!flags.count("password-stdin")) throw std::runtime_error("--password-stdin is required");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa user create: %s\n%s", e.what(), usage);
    return 2;
  }
  try {
    domain::crypto_init();
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    std::string email = domain::normalize_email(flags["email"]);
    if (!domain::is_valid_email(email)) throw domain::validation("email", "invalid_value", "not an email address");
    domain::check_password("password", password);
    std::string name = flags.count("name") ? domain::check_name("name", flags["name"]) : email.substr(0, email.find('@'));
    std::string data = flags.count("data") ? flags["data"] : "./euriqa-data";
    store::ensure_data_dir(data);
    store::Db db(store::database_path(data));
    std::string hash = domain::hash_password(password);
    auto user = db.write([&](store::Conn& c) { return store::insert_user(c, email, name, hash); });
    std::printf("created user %s <%s>\n", user.id.c_str(), user.email.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa user create: %s\n", e.what());
    return 1;
  }
  return 0;
}

int run_version() {
  std::printf("euriqa %s\n", EURIQA_VERSION);
  return 0;
}

}  // namespace euriqa::cli
