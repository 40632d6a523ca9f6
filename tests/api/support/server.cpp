#include "support/server.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace euriqa::test {

namespace fs = std::filesystem;

std::string make_temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "euriqa-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

namespace {

std::vector<char*> c_args(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> environment_with(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    // The tests decide the server's configuration; ignore the caller's EURIQA_*.
    if (kv.rfind("EURIQA_", 0) == 0) continue;
    env.push_back(kv);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

}  // namespace

TestServer::TestServer(std::vector<std::string> extra, std::string data_dir, std::map<std::string, std::string> env)
    : extra_(std::move(extra)), env_(std::move(env)), data_dir_(std::move(data_dir)) {
  if (data_dir_.empty()) {
    data_dir_ = make_temp_dir() + "/data";
    own_dir_ = true;
  }
  log_path_ = data_dir_ + ".log";
  start();
}

TestServer::~TestServer() {
  stop();
  if (own_dir_) {
    std::error_code ec;
    fs::remove_all(fs::path(data_dir_).parent_path(), ec);
  }
}

namespace {
// The binary under test: this build's, or EURIQA_TEST_BINARY (a benchmark can run on a
// copy while the build changes).
const char* euriqa_binary() {
  const char* v = std::getenv("EURIQA_TEST_BINARY");
  return v && *v ? v : EURIQA_BINARY;
}
}  // namespace

void TestServer::start() {
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {euriqa_binary(), "serve", "--listen", "127.0.0.1:0", "--data", data_dir_};
  args.insert(args.end(), extra_.begin(), extra_.end());
  // Rate limits are tested on their own (rate_limit_test); elsewhere a test's burst
  // of requests must not be refused, so unless the test brings its own config the
  // server gets one with every limit off.
  bool own_config = std::find(extra_.begin(), extra_.end(), "--config") != extra_.end() || env_.count("EURIQA_CONFIG");
  if (!own_config) {
    std::string path = data_dir_ + ".test-config.json";
    std::ofstream(path) << R"({"rateLimits":{"runsRead":0,"runsWrite":0,"testsRead":0,"testsWrite":0,)"
                        << R"("uploads":0,"projectsTeams":0,"apiKeysWebhooks":0,"flakiness":0}})";
    args.insert(args.end(), {"--config", path});
  }
  auto argv = c_args(args);
  auto env = environment_with(env_);
  auto envp = c_args(env);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int rc = posix_spawn(&pid_, euriqa_binary(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  if (rc != 0) throw std::runtime_error(std::string("cannot start ") + euriqa_binary());

  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  // "listening on http://127.0.0.1:PORT" (or https:// when the test passes TLS flags)
  const std::string marker = "://127.0.0.1:";
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_pipe[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[512];
    ssize_t n = read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    auto at = out.find(marker);
    if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
      port_ = std::stoi(out.substr(at + marker.size()));
      tls_ = out.find("listening on https://") != std::string::npos;
      break;
    }
  }
  close(out_pipe[0]);
  if (port_ == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    throw std::runtime_error("euriqa serve did not start; see " + log_path_);
  }
}

int TestServer::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  // A server that ignores SIGTERM fails the test (exit 137) instead of hanging it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  port_ = 0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Result::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

const rapidjson::Value* Result::at(const std::string& path) const {
  const rapidjson::Value* v = &json;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('.', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    if (v->IsArray() && !part.empty() && std::isdigit(static_cast<unsigned char>(part[0]))) {
      size_t idx = std::stoul(part);
      if (idx >= v->Size()) return nullptr;
      v = &(*v)[static_cast<rapidjson::SizeType>(idx)];
    } else {
      if (!v->IsObject()) return nullptr;
      auto it = v->FindMember(part.c_str());
      if (it == v->MemberEnd()) return nullptr;
      v = &it->value;
    }
    i = j + 1;
  }
  return v;
}

std::string Result::str(const std::string& path) const {
  const auto* v = at(path);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : "";
}

bool Result::is_null(const std::string& path) const {
  const auto* v = at(path);
  return v && v->IsNull();
}

Result TestServer::request(const std::string& method, const std::string& path, const std::string& body,
                           const Auth& auth, const httplib::Headers& extra) {
  httplib::Client cli(base_url());
  cli.enable_server_certificate_verification(false);  // TLS tests use a self-signed certificate
  cli.set_read_timeout(60, 0);
  cli.set_write_timeout(60, 0);
  httplib::Headers h = extra;
  if (!auth.cookie.empty()) h.emplace("Cookie", "sb-access-token=" + auth.cookie);
  if (!auth.api_key.empty()) h.emplace("X-API-Key", auth.api_key);
  const char* ct = "application/json";
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return cli.Get(path, h);
    if (method == "POST") return cli.Post(path, h, body, ct);
    if (method == "PATCH") return cli.Patch(path, h, body, ct);
    if (method == "PUT") return cli.Put(path, h, body, ct);
    if (method == "DELETE") return body.empty() ? cli.Delete(path, h) : cli.Delete(path, h, body, ct);
    if (method == "OPTIONS") return cli.Options(path, h);
    throw std::runtime_error("unsupported method " + method);
  };
  auto r = send();
  Result out;
  if (!r) return out;
  out.status = r->status;
  out.body = r->body;
  out.headers = r->headers;
  out.json.Parse(out.body.c_str());
  if (out.json.HasParseError()) out.json.SetNull();
  return out;
}

CommandResult run_euriqa(const std::vector<std::string>& args, const std::string& stdin_text) {
  // A command that exits before reading its stdin must not kill the test with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> all = {euriqa_binary()};
  all.insert(all.end(), args.begin(), args.end());
  auto argv = c_args(all);
  auto env = environment_with({});
  auto envp = c_args(env);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  pid_t pid;
  int rc = posix_spawn(&pid, euriqa_binary(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (rc != 0) throw std::runtime_error(std::string("cannot run ") + euriqa_binary());
  if (!stdin_text.empty()) {
    ssize_t ignored = write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)ignored;
  }
  close(in_pipe[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(out_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string obj(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out = "{";
  for (const auto& [k, v] : fields) {
    if (out.size() > 1) out += ",";
    out += quote(k) + ":" + v;
  }
  return out + "}";
}

std::string cookie_token(const Result& r) {
  std::string c = r.header("Set-Cookie");
  const std::string prefix = "sb-access-token=";
  if (c.rfind(prefix, 0) != 0) return "";
  auto end = c.find(';');
  return c.substr(prefix.size(), end - prefix.size());
}

Session register_user(TestServer& s, const std::string& email, const std::string& password, const std::string& name) {
  auto r = s.post("/api/auth/register",
                  obj({{"email", quote(email)}, {"password", quote(password)}, {"name", quote(name)}}));
  REQUIRE_MESSAGE(r.status == 201, "register " << email << ": " << r.status << " " << r.body);
  return Session{r.str("id"), r.str("email"), cookie_token(r)};
}

Session login(TestServer& s, const std::string& email, const std::string& password) {
  auto r = s.post("/api/auth/login", obj({{"email", quote(email)}, {"password", quote(password)}}));
  REQUIRE_MESSAGE(r.status == 200, "login " << email << ": " << r.status << " " << r.body);
  return Session{r.str("id"), r.str("email"), cookie_token(r)};
}

Workspace create_workspace(TestServer& s, const Session& owner, const std::string& team, const std::string& project) {
  auto t = s.post("/api/teams", obj({{"name", quote(team)}}), owner.auth());
  REQUIRE_MESSAGE(t.status == 201, t.body);
  auto p = s.post("/api/projects", obj({{"name", quote(project)}, {"teamId", quote(t.str("id"))}}), owner.auth());
  REQUIRE_MESSAGE(p.status == 201, p.body);
  return Workspace{t.str("id"), p.str("id")};
}

Session add_member(TestServer& s, const Session& owner, const std::string& team_id, const std::string& email,
                   const std::string& role) {
  auto inv = s.post("/api/team-members",
                    obj({{"teamId", quote(team_id)}, {"email", quote(email)}, {"role", quote(role)}}), owner.auth());
  REQUIRE_MESSAGE(inv.status == 201, inv.body);
  std::string token = invite_token(inv);
  // A new account registers with the link's token and joins in the same step; an
  // existing one signs in and accepts with it (contract §11).
  auto reg = s.post("/api/auth/register", obj({{"email", quote(email)}, {"password", quote("correct-horse-9")},
                                               {"name", quote(email)}, {"inviteToken", quote(token)}}));
  if (reg.status == 201) return Session{reg.str("id"), reg.str("email"), cookie_token(reg)};
  REQUIRE_MESSAGE(reg.status == 409, reg.body);
  Session member = login(s, email);
  auto acc = s.post("/api/invitations/accept", obj({{"token", quote(token)}}), member.auth());
  REQUIRE_MESSAGE(acc.status == 200, acc.body);
  return member;
}

std::string invite_token(const Result& invitation) {
  std::string url = invitation.str("inviteUrl");
  auto slash = url.rfind('/');
  REQUIRE_MESSAGE(slash != std::string::npos, invitation.body);
  return url.substr(slash + 1);
}

std::string create_key(TestServer& s, const Session& by, const std::string& project_id, const std::string& role) {
  auto r = s.post("/api/api-keys",
                  obj({{"projectId", quote(project_id)}, {"name", quote("CI")}, {"role", quote(role)}}), by.auth());
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.str("key");
}

}  // namespace euriqa::test
