// The command line explains itself (issue 16): `euriqa --help` and each command's
// --help list every flag the command takes, each listed flag is one the command
// accepts, and `euriqa config check FILE` validates a config file with the rules of
// `serve`, printing the effective configuration with its secrets hidden.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "support/server.h"

using namespace euriqa::test;

namespace {

// The flags each command takes, as the README's "Command line" documents them.
const std::vector<std::pair<std::string, std::vector<std::string>>> kDocumented = {
    {"serve", {"listen", "data", "base-url", "signup", "config", "tls-cert", "tls-key"}},
    {"import", {"url", "key", "project", "title", "tag", "html-report"}},
    {"backup", {"data"}},
    {"user create", {"data", "email", "password-stdin", "name"}},
    {"user reset-password", {"data", "email", "password-stdin"}},
    {"config check", {}},
    {"version", {}},
};

// Runs euriqa with a shell command line after the binary; returns the exit status
// and stdout and stderr together.
std::pair<int, std::string> run_cli(const std::string& args, const std::string& env = "") {
  std::string command = env + " '" + EURIQA_BINARY + "' " + args + " 2>&1 </dev/null";
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = make_temp_dir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// The --flags a help text names.
std::set<std::string> flags_in(const std::string& help) {
  std::set<std::string> out;
  std::regex flag("--([a-z][a-z-]+)");
  for (std::sregex_iterator it(help.begin(), help.end(), flag), end; it != end; ++it) out.insert((*it)[1]);
  out.erase("help");
  out.erase("version");
  return out;
}

}  // namespace

TEST_CASE("euriqa --help lists every command with every flag and exits 0") {
  for (const char* spelling : {"--help", "-h", "help"}) {
    auto [status, out] = run_cli(spelling);
    CHECK(status == 0);
    for (const auto& [command, flags] : kDocumented) {
      CHECK_MESSAGE(out.find("euriqa " + command) != std::string::npos, command);
      for (const auto& f : flags) CHECK_MESSAGE(out.find("--" + f) != std::string::npos, command << " --" << f);
    }
  }
}

TEST_CASE("each command's --help lists its flags, and serve's their environment variables") {
  for (const auto& [command, flags] : kDocumented) {
    auto [status, out] = run_cli(command + " --help");
    CHECK_MESSAGE(status == 0, command);
    CHECK_MESSAGE(out.rfind("usage: euriqa " + command, 0) == 0, out);
    for (const auto& f : flags) CHECK_MESSAGE(out.find("--" + f) != std::string::npos, command << " --" << f);
  }
  auto [status, serve] = run_cli("serve --help");
  for (const char* env : {"EURIQA_LISTEN", "EURIQA_DATA", "EURIQA_BASE_URL", "EURIQA_SIGNUP", "EURIQA_CONFIG",
                          "EURIQA_TLS_CERT", "EURIQA_TLS_KEY"})
    CHECK_MESSAGE(serve.find(env) != std::string::npos, env);
}

TEST_CASE("every flag a command's help lists is one the command accepts") {
  // Each command is given the flag with a value and something that stops it early
  // (a missing config file, a missing operand), so it parses but never runs.
  for (const auto& [command, documented] : kDocumented) {
    auto [status, help] = run_cli(command + " --help");
    for (const auto& f : flags_in(help)) {
      std::string value = f == "password-stdin" ? "" : " /nonexistent/value";
      std::string args = command + " --" + f + value;
      if (command == "serve" && f != "config") args += " --config /nonexistent/euriqa.json";
      auto [code, out] = run_cli(args);
      CHECK_MESSAGE(code != 0, args);
      CHECK_MESSAGE(out.find("unknown flag") == std::string::npos, args << ": " << out);
    }
  }
}

TEST_CASE("an unknown flag is still refused by name") {
  auto [status, out] = run_cli("serve --no-such-flag 1");
  CHECK(status == 2);
  CHECK(out.find("unknown flag --no-such-flag") != std::string::npos);
}

TEST_CASE("config check accepts a valid file and prints the effective configuration") {
  auto file = write_temp("euriqa.json", R"({"listen": "0.0.0.0:9090", "data": "/srv/euriqa", "signup": "closed",
                                            "rateLimits": {"runsRead": 0}, "webhookRetrySeconds": [1, 2]})");
  auto [status, out] = run_cli("config check " + file);
  CHECK(status == 0);
  CHECK(out.find("listen = 0.0.0.0:9090") != std::string::npos);
  CHECK(out.find("data = /srv/euriqa") != std::string::npos);
  CHECK(out.find("signup = closed") != std::string::npos);
  CHECK(out.find("runsRead 0") != std::string::npos);
  CHECK(out.find("webhookRetrySeconds = 1, 2") != std::string::npos);
  CHECK_MESSAGE(out.find("sessionDays = 30") != std::string::npos, out);  // defaults too
}

TEST_CASE("config check hides the metrics token and the SMTP password") {
  auto password = write_temp("smtp-password", "smtp-secret-value\n");
  auto file = write_temp("euriqa.json", R"({"metricsToken": "metrics-secret-value", "smtp": {"host": "mail.lan",
      "username": "euriqa", "passwordFile": ")" + password + R"(", "from": "Euriqa <e@lan>"}})");
  auto [status, out] = run_cli("config check " + file);
  CHECK(status == 0);
  CHECK(out.find("metrics-secret-value") == std::string::npos);
  CHECK(out.find("smtp-secret-value") == std::string::npos);
  CHECK_MESSAGE(out.find("metricsToken = ****") != std::string::npos, out);
}

TEST_CASE("config check refuses a bad file with the error and a non-zero exit") {
  auto unknown = write_temp("typo.json", R"({"listne": "0.0.0.0:8080"})");
  auto [s1, o1] = run_cli("config check " + unknown);
  CHECK(s1 == 1);
  CHECK(o1.find("unknown setting 'listne'") != std::string::npos);

  auto broken = write_temp("broken.json", R"({"listen": )");
  auto [s2, o2] = run_cli("config check " + broken);
  CHECK(s2 == 1);
  CHECK(o2.find("not valid JSON") != std::string::npos);

  auto bad_value = write_temp("bad.json", R"({"signup": "sometimes"})");
  auto [s3, o3] = run_cli("config check " + bad_value);
  CHECK(s3 == 1);
  CHECK(o3.find("signup mode must be") != std::string::npos);

  auto [s4, o4] = run_cli("config check /nonexistent/euriqa.json");
  CHECK(s4 == 1);
  CHECK(o4.find("cannot read config file") != std::string::npos);

  auto [s5, o5] = run_cli("config check");
  CHECK(s5 == 2);
  CHECK(o5.find("usage: euriqa config check") != std::string::npos);
}

TEST_CASE("config check judges the file alone, not this shell's environment") {
  auto file = write_temp("euriqa.json", R"({"listen": "127.0.0.1:7000"})");
  auto [status, out] = run_cli("config check " + file, "EURIQA_LISTEN=bogus EURIQA_SIGNUP=bogus");
  CHECK(status == 0);
  CHECK(out.find("listen = 127.0.0.1:7000") != std::string::npos);
}

TEST_CASE("the Debian package's default config passes config check") {
  auto [status, out] = run_cli(std::string("config check ") + EURIQA_SOURCE_DIR + "/packaging/debian/euriqa.json");
  CHECK_MESSAGE(status == 0, out);
  CHECK(out.find("data = /var/lib/euriqa") != std::string::npos);
}
