// The euriqa binary as an operator uses it (contract §1): version, serve's
// "listening on" line, configuration precedence (flag > environment > file >
// default), refusal of bad configuration, clean shutdown, the data directory,
// `user create` and `backup`.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "support/server.h"

extern char** environ;

using namespace euriqa::test;
namespace fs = std::filesystem;

namespace {

const std::string kPassword = "correct-horse-9";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

unsigned file_mode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

Result register_with(TestServer& s, const std::string& email, const std::string& password = kPassword) {
  return s.post("/api/auth/register",
                obj({{"email", quote(email)}, {"password", quote(password)}, {"name", quote("Someone")}}));
}

Result login_raw(TestServer& s, const std::string& email, const std::string& password) {
  return s.post("/api/auth/login", obj({{"email", quote(email)}, {"password", quote(password)}}));
}

// A temp directory removed at the end of the test.
struct TempDir {
  std::string path = make_temp_dir();
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A child euriqa process we control directly (signals, working directory, output).
// Its stdout is read until "listening on" or exit; stderr goes to a file.
class Child {
 public:
  Child(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}, const std::string& cwd = "",
        const std::string& stderr_path = "/dev/null") {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    args.insert(args.begin(), EURIQA_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e)
      if (std::string(*e).rfind("EURIQA_", 0) != 0) envs.emplace_back(*e);
    for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    int rc = posix_spawn(&pid_, EURIQA_BINARY, &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    if (rc != 0) {
      close(out[0]);
      throw std::runtime_error("cannot start " EURIQA_BINARY);
    }
    out_fd_ = out[0];
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) close(out_fd_);
  }

  // Reads stdout until a complete "listening on" line or EOF/timeout; returns the port (0 if none).
  int wait_listening(std::chrono::seconds timeout = std::chrono::seconds(30)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string marker = "listening on http://127.0.0.1:";
    while (std::chrono::steady_clock::now() < deadline) {
      auto at = stdout_.find(marker);
      if (at != std::string::npos && stdout_.find('\n', at) != std::string::npos)
        return std::stoi(stdout_.substr(at + marker.size()));
      pollfd p{out_fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[512];
      ssize_t n = read(out_fd_, buf, sizeof buf);
      if (n <= 0) break;
      stdout_.append(buf, static_cast<size_t>(n));
    }
    return 0;
  }

  // Waits for exit; SIGKILLs and returns -1 when it does not exit in time.
  int wait_exit(std::chrono::seconds timeout = std::chrono::seconds(15)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    return -1;
  }

  void signal(int sig) { kill(pid_, sig); }
  const std::string& out() const { return stdout_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string stdout_;
};

// Runs `euriqa serve args...` expecting it to refuse to start; returns its exit code
// (-1 if it kept running) and fills `err` with its stderr.
int serve_exit_code(const std::vector<std::string>& args, std::string& err,
                    const std::map<std::string, std::string>& env = {}) {
  TempDir tmp;
  std::vector<std::string> all = {"serve"};
  all.insert(all.end(), args.begin(), args.end());
  std::string err_path = tmp.path + "/stderr";
  int code;
  {
    Child c(all, env, "", err_path);
    code = c.wait_exit();
  }
  err = read_file(err_path);
  return code;
}

std::string count_query(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY, 5000);
  return db.execAndGet(sql).getString();
}

}  // namespace

// ---------------------------------------------------------------- version and startup

TEST_CASE("euriqa version prints the version and exits 0") {
  auto r = run_euriqa({"version"});
  CHECK(r.exit_code == 0);
  CHECK(std::regex_match(r.out, std::regex(R"(euriqa \d+\.\d+\.\d+\S*\n)")));
}

TEST_CASE("euriqa version matches the version served by /healthz") {
  auto r = run_euriqa({"version"});
  REQUIRE(r.exit_code == 0);
  TestServer s;
  auto h = s.get("/healthz");
  REQUIRE(h.status == 200);
  CHECK(r.out == "euriqa " + h.str("version") + "\n");
}

TEST_CASE("serve on port 0 prints 'listening on http://127.0.0.1:PORT' with the real port, which answers") {
  TempDir tmp;
  Child c({"serve", "--listen", "127.0.0.1:0", "--data", tmp.path + "/data"});
  int port = c.wait_listening();
  REQUIRE(port > 0);
  CHECK(std::regex_search(c.out(), std::regex(R"((^|\n)listening on http://127\.0\.0\.1:\d+\n)")));
  httplib::Client cli("127.0.0.1", port);
  auto h = cli.Get("/healthz");
  REQUIRE(h);
  CHECK(h->status == 200);
  c.signal(SIGTERM);
  CHECK(c.wait_exit() == 0);
}

TEST_CASE("two servers on port 0 get different free ports") {
  TestServer a, b;
  CHECK(a.port() > 0);
  CHECK(b.port() > 0);
  CHECK(a.port() != b.port());
}

// ---------------------------------------------------------------- configuration precedence

TEST_CASE("with no sign-up setting the default is invite-only") {
  TestServer s;
  CHECK(register_with(s, "first@example.com").status == 201);
  auto second = register_with(s, "second@example.com");
  CHECK(second.status == 403);
  CHECK(second.error_code() == "SIGNUP_DISABLED");
}

TEST_CASE("a config file setting overrides the default") {
  TempDir tmp;
  write_file(tmp.path + "/euriqa.json", R"({"signup":"closed"})");
  TestServer s({"--config", tmp.path + "/euriqa.json"});
  auto r = register_with(s, "first@example.com");
  CHECK(r.status == 403);
  CHECK(r.error_code() == "SIGNUP_DISABLED");
}

TEST_CASE("the config file can be named by EURIQA_CONFIG") {
  TempDir tmp;
  write_file(tmp.path + "/euriqa.json", R"({"signup":"closed"})");
  TestServer s({}, "", {{"EURIQA_CONFIG", tmp.path + "/euriqa.json"}});
  CHECK(register_with(s, "first@example.com").status == 403);
}

TEST_CASE("an environment variable overrides the config file") {
  TempDir tmp;
  write_file(tmp.path + "/euriqa.json", R"({"signup":"closed"})");
  TestServer s({"--config", tmp.path + "/euriqa.json"}, "", {{"EURIQA_SIGNUP", "open"}});
  // open, not closed (file) nor invite-only (default): a second user may register.
  CHECK(register_with(s, "first@example.com").status == 201);
  CHECK(register_with(s, "second@example.com").status == 201);
}

TEST_CASE("an environment variable overrides the default") {
  TestServer s({}, "", {{"EURIQA_SIGNUP", "closed"}});
  CHECK(register_with(s, "first@example.com").status == 403);
}

TEST_CASE("a flag overrides the environment and the config file") {
  TempDir tmp;
  write_file(tmp.path + "/euriqa.json", R"({"signup":"closed"})");
  TestServer s({"--config", tmp.path + "/euriqa.json", "--signup", "invite-only"}, "", {{"EURIQA_SIGNUP", "open"}});
  // invite-only: the first user gets in (not closed), the second does not (not open).
  CHECK(register_with(s, "first@example.com").status == 201);
  auto second = register_with(s, "second@example.com");
  CHECK(second.status == 403);
  CHECK(second.error_code() == "SIGNUP_DISABLED");
}

TEST_CASE("the --listen flag overrides EURIQA_LISTEN and the config file's listen") {
  TempDir tmp;
  // Another server holds this port: the server could not start if either of these won.
  TestServer holder;
  std::string taken = "127.0.0.1:" + std::to_string(holder.port());
  write_file(tmp.path + "/euriqa.json", "{\"listen\":\"" + taken + "\"}");
  TestServer s({"--config", tmp.path + "/euriqa.json"}, "", {{"EURIQA_LISTEN", taken}});
  CHECK(s.port() > 0);
  CHECK(s.port() != holder.port());
  CHECK(s.get("/healthz").status == 200);
}

TEST_CASE("EURIQA_BASE_URL sets the base URL when no flag is given") {
  TestServer s({}, "", {{"EURIQA_BASE_URL", "https://euriqa.example.com"}});
  auto r = register_with(s, "first@example.com");
  REQUIRE_MESSAGE(r.status == 201, r.body);
  std::string cookie = r.header("Set-Cookie");
  CAPTURE(cookie);
  CHECK(cookie.find("; Secure") != std::string::npos);
}

TEST_CASE("the data directory defaults to ./euriqa-data in the working directory") {
  TempDir cwd;
  Child c({"serve", "--listen", "127.0.0.1:0"}, {}, cwd.path);
  REQUIRE(c.wait_listening() > 0);
  CHECK(fs::exists(cwd.path + "/euriqa-data/euriqa.db"));
  CHECK(fs::exists(cwd.path + "/euriqa-data/secret"));
  c.signal(SIGTERM);
  CHECK(c.wait_exit() == 0);
}

TEST_CASE("EURIQA_DATA sets the data directory when no flag is given") {
  TempDir cwd, data;
  Child c({"serve", "--listen", "127.0.0.1:0"}, {{"EURIQA_DATA", data.path + "/from-env"}}, cwd.path);
  REQUIRE(c.wait_listening() > 0);
  CHECK(fs::exists(data.path + "/from-env/euriqa.db"));
  CHECK_FALSE(fs::exists(cwd.path + "/euriqa-data"));
  c.signal(SIGTERM);
  CHECK(c.wait_exit() == 0);
}

// ---------------------------------------------------------------- bad configuration

TEST_CASE("an unknown config file key makes serve exit non-zero and name the key") {
  TempDir tmp;
  write_file(tmp.path + "/euriqa.json", R"({"signup":"open","colour":"blue"})");
  std::string err;
  int code = serve_exit_code({"--listen", "127.0.0.1:0", "--data", tmp.path + "/data", "--config", tmp.path + "/euriqa.json"}, err);
  CHECK(code > 0);
  CHECK(err.find("colour") != std::string::npos);
}

TEST_CASE("a config file that is not valid JSON makes serve exit non-zero") {
  TempDir tmp;
  write_file(tmp.path + "/euriqa.json", R"({"signup": )");
  std::string err;
  CHECK(serve_exit_code({"--listen", "127.0.0.1:0", "--data", tmp.path + "/data", "--config", tmp.path + "/euriqa.json"},
                        err) > 0);
  CHECK_FALSE(err.empty());
}

TEST_CASE("a missing config file makes serve exit non-zero") {
  TempDir tmp;
  std::string err;
  CHECK(serve_exit_code({"--listen", "127.0.0.1:0", "--data", tmp.path + "/data", "--config", tmp.path + "/nope.json"},
                        err) > 0);
}

TEST_CASE("an unknown flag makes serve exit non-zero and name the flag") {
  TempDir tmp;
  std::string err;
  CHECK(serve_exit_code({"--listen", "127.0.0.1:0", "--data", tmp.path + "/data", "--bogus", "1"}, err) > 0);
  CHECK(err.find("bogus") != std::string::npos);
}

TEST_CASE("an invalid sign-up mode makes serve exit non-zero, from a flag or the environment") {
  TempDir tmp;
  std::string err;
  CHECK(serve_exit_code({"--listen", "127.0.0.1:0", "--data", tmp.path + "/data", "--signup", "sometimes"}, err) > 0);
  CHECK(err.find("sometimes") != std::string::npos);
  CHECK(serve_exit_code({"--listen", "127.0.0.1:0", "--data", tmp.path + "/data"}, err, {{"EURIQA_SIGNUP", "maybe"}}) >
        0);
}

TEST_CASE("an invalid listen address or base URL makes serve exit non-zero") {
  TempDir tmp;
  std::string err;
  CHECK(serve_exit_code({"--listen", "127.0.0.1", "--data", tmp.path + "/data"}, err) > 0);
  CHECK(serve_exit_code({"--listen", "127.0.0.1:70000", "--data", tmp.path + "/data"}, err) > 0);
  CHECK(serve_exit_code({"--listen", "127.0.0.1:0", "--data", tmp.path + "/data", "--base-url", "ftp://x"}, err) > 0);
}

TEST_CASE("a flag without its value makes serve exit non-zero") {
  TempDir tmp;
  std::string err;
  CHECK(serve_exit_code({"--data", tmp.path + "/data", "--listen"}, err) > 0);
}

// ---------------------------------------------------------------- shutdown and restart

TEST_CASE("SIGTERM stops the server with exit code 0") {
  TestServer s;
  REQUIRE(s.get("/healthz").status == 200);
  int port = s.port();
  CHECK(s.stop() == 0);
  httplib::Client cli("127.0.0.1", port);
  cli.set_connection_timeout(1, 0);
  CHECK_FALSE(cli.Get("/healthz"));  // nothing listens any more
}

TEST_CASE("SIGTERM right after the listening line still stops the server with exit code 0") {
  // The signal can arrive before the accept loop runs; it must not be lost.
  for (int i = 0; i < 10; ++i) {
    CAPTURE(i);
    TempDir tmp;
    Child c({"serve", "--listen", "127.0.0.1:0", "--data", tmp.path + "/data"});
    REQUIRE(c.wait_listening() > 0);
    c.signal(SIGTERM);
    REQUIRE(c.wait_exit() == 0);
  }
}

TEST_CASE("SIGINT stops the server with exit code 0") {
  TempDir tmp;
  Child c({"serve", "--listen", "127.0.0.1:0", "--data", tmp.path + "/data"});
  REQUIRE(c.wait_listening() > 0);
  c.signal(SIGINT);
  CHECK(c.wait_exit() == 0);
}

TEST_CASE("users, sessions, teams and API keys survive a restart on the same data directory") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Persistent Team", "Persistent Project");
  auto key = create_key(s, owner, ws.project_id);
  s.restart();
  REQUIRE(s.port() > 0);
  // The old session still works ...
  auto me = s.get("/api/auth/me", owner.auth());
  REQUIRE_MESSAGE(me.status == 200, me.body);
  CHECK(me.str("id") == owner.user_id);
  REQUIRE(me.at("teams")->Size() == 1);
  CHECK(me.str("teams.0.id") == ws.team_id);
  CHECK(me.str("teams.0.name") == "Persistent Team");
  // ... the password still signs in, and the key still authenticates.
  auto l = login_raw(s, "owner@example.com", kPassword);
  CHECK(l.status == 200);
  CHECK(l.str("id") == owner.user_id);
  auto by_key = s.get("/api/teams", Auth::key(key));
  CHECK(by_key.status == 200);
  CHECK(by_key.str("data.0.id") == ws.team_id);
}

TEST_CASE("the first-user rule of invite-only still holds after a restart") {
  TestServer s;
  register_user(s, "owner@example.com");
  s.restart();
  auto r = register_with(s, "second@example.com");
  CHECK(r.status == 403);
  CHECK(r.error_code() == "SIGNUP_DISABLED");
}

// ---------------------------------------------------------------- data directory

TEST_CASE("the data directory is created and holds euriqa.db and secret with mode 0600") {
  TestServer s;
  CHECK(fs::is_directory(s.data_dir()));
  std::string db = s.data_dir() + "/euriqa.db", secret = s.data_dir() + "/secret";
  REQUIRE(fs::exists(db));
  REQUIRE(fs::exists(secret));
  CHECK(file_mode(secret) == 0600);
  CHECK(file_mode(db) == 0600);
  CHECK(fs::file_size(secret) >= 32);
  // It is a real SQLite database with the schema applied.
  CHECK(count_query(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='users'") == "1");
}

TEST_CASE("the database's companion files are not readable by others") {
  TestServer s;
  register_user(s, "owner@example.com");  // makes the WAL hold something
  for (const auto& entry : fs::directory_iterator(s.data_dir())) {
    if (!entry.is_regular_file()) continue;
    CAPTURE(entry.path().string());
    CHECK((file_mode(entry.path().string()) & 0077) == 0);
  }
}

TEST_CASE("the server secret is unchanged after a restart") {
  TestServer s;
  std::string before = read_file(s.data_dir() + "/secret");
  REQUIRE(before.size() >= 32);
  s.restart();
  CHECK(read_file(s.data_dir() + "/secret") == before);
  CHECK(file_mode(s.data_dir() + "/secret") == 0600);
}

TEST_CASE("each new data directory gets its own random secret") {
  TestServer a, b;
  std::string sa = read_file(a.data_dir() + "/secret"), sb = read_file(b.data_dir() + "/secret");
  REQUIRE(sa.size() >= 32);
  CHECK(sa != sb);
}

TEST_CASE("serve writes nothing outside its data directory") {
  TempDir cwd, data;
  {
    Child c({"serve", "--listen", "127.0.0.1:0", "--data", data.path + "/d"}, {}, cwd.path);
    int port = c.wait_listening();
    REQUIRE(port > 0);
    httplib::Client cli("127.0.0.1", port);
    auto r = cli.Post("/api/auth/register",
                      obj({{"email", quote("a@example.com")}, {"password", quote(kPassword)}, {"name", quote("A")}}),
                      "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);
    c.signal(SIGTERM);
    REQUIRE(c.wait_exit() == 0);
  }
  CHECK(fs::is_empty(cwd.path));
  std::set<std::string> top;
  for (const auto& e : fs::directory_iterator(data.path)) top.insert(e.path().filename().string());
  CHECK(top == std::set<std::string>{"d"});
}

// ---------------------------------------------------------------- user create

TEST_CASE("user create adds a user who can log in even when sign-up is closed") {
  TestServer s({"--signup", "closed"});
  auto r = run_euriqa({"user", "create", "--data", s.data_dir(), "--email", "Carol@Example.com", "--password-stdin",
                       "--name", "Carol Admin"},
                      "carol-password-1\n");
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  CHECK(std::regex_search(r.out, std::regex("user_[A-Za-z0-9]{16,}")));
  auto l = login_raw(s, "carol@example.com", "carol-password-1");
  REQUIRE_MESSAGE(l.status == 200, l.body);
  CHECK(l.str("email") == "carol@example.com");
  CHECK(l.str("name") == "Carol Admin");
  CHECK(std::regex_match(l.str("id"), std::regex("user_[A-Za-z0-9]{16,}")));
  CHECK(r.out.find(l.str("id")) != std::string::npos);
  // The registration endpoint stays closed.
  CHECK(register_with(s, "dave@example.com").status == 403);
}

TEST_CASE("user create works on a fresh data directory before the first start") {
  TempDir tmp;
  std::string data = tmp.path + "/data";
  auto r = run_euriqa({"user", "create", "--data", data, "--email", "root@example.com", "--password-stdin"},
                      "root-password-1\n");
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  TestServer s({"--signup", "closed"}, data);
  auto l = login_raw(s, "root@example.com", "root-password-1");
  CHECK_MESSAGE(l.status == 200, l.body);
  CHECK_FALSE(l.str("name").empty());
}

TEST_CASE("user create refuses a password shorter than 8 characters") {
  TestServer s({"--signup", "closed"});
  auto r = run_euriqa({"user", "create", "--data", s.data_dir(), "--email", "carol@example.com", "--password-stdin"},
                      "short7!\n");
  CHECK(r.exit_code != 0);
  CHECK(login_raw(s, "carol@example.com", "short7!").status == 401);
}

TEST_CASE("user create refuses an email already used, in any case") {
  TestServer s({"--signup", "closed"});
  auto first = run_euriqa({"user", "create", "--data", s.data_dir(), "--email", "carol@example.com", "--password-stdin"},
                          "first-password-1\n");
  REQUIRE(first.exit_code == 0);
  auto dup = run_euriqa({"user", "create", "--data", s.data_dir(), "--email", "CAROL@example.com", "--password-stdin"},
                        "second-password-2\n");
  CHECK(dup.exit_code != 0);
  CHECK(login_raw(s, "carol@example.com", "first-password-1").status == 200);
  CHECK(login_raw(s, "carol@example.com", "second-password-2").status == 401);
}

TEST_CASE("user create refuses a malformed email") {
  TempDir tmp;
  auto r = run_euriqa({"user", "create", "--data", tmp.path + "/data", "--email", "not-an-email", "--password-stdin"},
                      "good-password-1\n");
  CHECK(r.exit_code != 0);
}

TEST_CASE("user create without --password-stdin or --email exits non-zero") {
  // No stdin text: the command exits before reading it, and run_euriqa would take SIGPIPE.
  TempDir tmp;
  CHECK(run_euriqa({"user", "create", "--data", tmp.path + "/data", "--email", "a@example.com"}).exit_code != 0);
  CHECK(run_euriqa({"user", "create", "--data", tmp.path + "/data", "--password-stdin"}).exit_code != 0);
  CHECK_FALSE(fs::exists(tmp.path + "/data/euriqa.db"));  // refused before touching the data directory
}

// ---------------------------------------------------------------- backup

TEST_CASE("backup while serving produces a consistent SQLite copy with the data created before") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Backup Team", "Backup Project");
  TempDir out;
  std::string file = out.path + "/copy.db";
  auto r = run_euriqa({"backup", "--data", s.data_dir(), file});
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  REQUIRE(fs::exists(file));
  CHECK_FALSE(fs::exists(file + ".partial"));

  SQLite::Database db(file, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  SQLite::Statement users(db, "SELECT id, email FROM users");
  REQUIRE(users.executeStep());
  CHECK(users.getColumn(0).getString() == owner.user_id);
  CHECK(users.getColumn(1).getString() == "owner@example.com");
  CHECK_FALSE(users.executeStep());
  SQLite::Statement teams(db, "SELECT id, name FROM teams");
  REQUIRE(teams.executeStep());
  CHECK(teams.getColumn(0).getString() == ws.team_id);
  CHECK(teams.getColumn(1).getString() == "Backup Team");
  CHECK(db.execAndGet("SELECT name FROM projects WHERE id = '" + ws.project_id + "'").getString() == "Backup Project");
  // Same schema version as the live database.
  CHECK(db.execAndGet("PRAGMA user_version").getInt() ==
        std::stoi(count_query(s.data_dir() + "/euriqa.db", "PRAGMA user_version")));
  // The server kept serving throughout.
  CHECK(s.get("/api/auth/me", owner.auth()).status == 200);
}

TEST_CASE("the backup file is private and comes with a copy of the server secret") {
  TestServer s;
  register_user(s, "owner@example.com");
  TempDir out;
  std::string file = out.path + "/copy.db";
  REQUIRE(run_euriqa({"backup", "--data", s.data_dir(), file}).exit_code == 0);
  CHECK(file_mode(file) == 0600);
  REQUIRE(fs::exists(file + ".secret"));
  CHECK(read_file(file + ".secret") == read_file(s.data_dir() + "/secret"));
  CHECK(file_mode(file + ".secret") == 0600);
}

TEST_CASE("a backup can serve as the data directory of a new server") {
  TestServer s;
  auto owner = register_user(s, "owner@example.com");
  auto ws = create_workspace(s, owner, "Restored Team");
  TempDir restored;
  fs::create_directories(restored.path + "/data");
  REQUIRE(run_euriqa({"backup", "--data", s.data_dir(), restored.path + "/data/euriqa.db"}).exit_code == 0);
  TestServer r({}, restored.path + "/data");
  auto l = login(r, "owner@example.com");
  auto me = r.get("/api/auth/me", l.auth());
  REQUIRE(me.status == 200);
  CHECK(me.str("teams.0.id") == ws.team_id);
}

TEST_CASE("backup of a data directory without a database exits non-zero and writes nothing") {
  TempDir tmp;
  std::string out = tmp.path + "/copy.db";
  auto r = run_euriqa({"backup", "--data", tmp.path + "/missing", out});
  CHECK(r.exit_code != 0);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("backup without an output path exits non-zero") {
  TestServer s;
  CHECK(run_euriqa({"backup", "--data", s.data_dir()}).exit_code != 0);
}
