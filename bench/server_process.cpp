#include "bench/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace euriqa::bench {

namespace fs = std::filesystem;

namespace {

std::vector<char*> c_args(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

// Reads the child's stdout until "listening on http://127.0.0.1:PORT" (30 s at most).
int read_port(int fd) {
  const std::string marker = "://127.0.0.1:";
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[512];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    auto at = out.find(marker);
    if (at != std::string::npos && out.find('\n', at) != std::string::npos) return std::stoi(out.substr(at + marker.size()));
  }
  return 0;
}

}  // namespace

ServerProcess::ServerProcess(std::string binary, std::string data_dir) : binary_(std::move(binary)), data_dir_(std::move(data_dir)) {
  if (data_dir_.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "euriqa-bench-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    temp_root_ = tmpl;
    data_dir_ = tmpl + "/data";
  }
  std::string config = data_dir_ + ".bench-config.json", log = data_dir_ + ".log";
  std::ofstream(config) << R"({"rateLimits":{"runsRead":0,"runsWrite":0,"testsRead":0,"testsWrite":0,)"
                        << R"("uploads":0,"projectsTeams":0,"apiKeysWebhooks":0,"flakiness":0}})";
  std::vector<std::string> args = {binary_, "serve", "--listen", "127.0.0.1:0", "--data", data_dir_,
                                   "--signup", "open", "--config", config};
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("EURIQA_", 0) != 0) env.push_back(*e);  // the bench decides the configuration
  auto argv = c_args(args);
  auto envp = c_args(env);
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int rc = posix_spawn(&pid_, binary_.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  if (rc == 0) port_ = read_port(out_pipe[0]);
  close(out_pipe[0]);
  if (port_ == 0) {
    // The destructor does not run when the constructor throws: stop here, and keep the
    // temp dir only when it holds the log of a server that did not start.
    stop();
    std::error_code ec;
    if (rc != 0 && !temp_root_.empty()) fs::remove_all(temp_root_, ec);
    throw std::runtime_error(rc != 0 ? "cannot start " + binary_ : binary_ + " serve did not start; see " + log);
  }
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ec;
  if (!temp_root_.empty()) fs::remove_all(temp_root_, ec);
}

void ServerProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int status = 0;
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
}

}  // namespace euriqa::bench
