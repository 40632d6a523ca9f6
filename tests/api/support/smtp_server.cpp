#include "support/smtp_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/server.h"

extern char** environ;

namespace euriqa::test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Debian's python3-aiosmtpd is installed for the system Python only.
constexpr const char* kPython = "/usr/bin/python3";

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const char* tls_argument(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::StartTls: return "starttls";
    case SmtpTls::Implicit: return "implicit";
    case SmtpTls::None: break;
  }
  return "none";
}

// "MAIL FROM:<a>" and "RCPT TO:<b>" lines into the envelope fields of mail.
void read_envelope(const fs::path& path, Mail& mail) {
  std::istringstream lines(read_whole(path));
  auto inside_brackets = [](const std::string& line) {
    auto open = line.find('<'), close = line.rfind('>');
    return open == std::string::npos || close < open ? std::string() : line.substr(open + 1, close - open - 1);
  };
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("MAIL FROM:")) mail.from = inside_brackets(line);
    if (line.starts_with("RCPT TO:")) mail.to += (mail.to.empty() ? "" : ", ") + inside_brackets(line);
  }
}

// Reads the child's stdout until "listening on PORT\n"; 0 when it never comes.
int read_listening_port(int fd, std::chrono::seconds patience) {
  std::string out;
  const std::string marker = "listening on ";
  auto deadline = Clock::now() + patience;
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return 0;
    out.append(buf, static_cast<size_t>(n));
    auto at = out.find(marker);
    if (at != std::string::npos && out.find('\n', at) != std::string::npos) return std::stoi(out.substr(at + marker.size()));
  }
  return 0;
}

}  // namespace

SelfSignedCertificate write_self_signed_certificate(const std::string& dir) {
  SelfSignedCertificate c{dir + "/smtp-cert.pem", dir + "/smtp-key.pem"};
  std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" + c.key +
                        "' -out '" + c.cert + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate in " + dir);
  return c;
}

SmtpServer::SmtpServer(SmtpServerOptions options) : options_(std::move(options)) {
  dir_ = make_temp_dir();
  mail_dir_ = dir_ + "/mail";
  log_path_ = dir_ + "/smtp-server.log";
  fs::create_directories(mail_dir_);
  if (options_.tls != SmtpTls::None) {
    auto c = write_self_signed_certificate(dir_);
    certificate_ = c.cert;
    key_ = c.key;
  }
  start();
}

SmtpServer::~SmtpServer() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void SmtpServer::start() {
  if (running()) return;
  std::vector<std::string> args = {kPython,  EURIQA_SMTP_SERVER_SCRIPT, "--port", std::to_string(port_),
                                   "--dir",  mail_dir_,                 "--tls",  tls_argument(options_.tls),
                                   "--reject-prefix", options_.reject_prefix, "--defer-prefix", options_.defer_prefix};
  if (options_.tls != SmtpTls::None) args.insert(args.end(), {"--cert", certificate_, "--key", key_});
  if (!options_.refuse_content.empty()) args.insert(args.end(), {"--refuse-content", options_.refuse_content});
  if (!options_.username.empty()) args.insert(args.end(), {"--user", options_.username, "--password", options_.password});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int rc = posix_spawn(&pid_, kPython, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    pid_ = -1;
    throw std::runtime_error(std::string("cannot start ") + kPython);
  }
  int port = read_listening_port(out_pipe[0], std::chrono::seconds(20));
  close(out_pipe[0]);
  if (port == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    throw std::runtime_error("the SMTP test server did not start:\n" + read_whole(log_path_));
  }
  port_ = port;
}

void SmtpServer::stop() {
  if (!running()) return;
  kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

std::vector<Mail> SmtpServer::received() const {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(mail_dir_))
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // zero-padded numbers: arrival order
  std::vector<Mail> mails;
  for (const auto& file : files) {
    Mail mail = parse_mail(read_whole(file));
    read_envelope(fs::path(file).replace_extension(".envelope"), mail);
    mails.push_back(std::move(mail));
  }
  return mails;
}

std::vector<Mail> SmtpServer::wait_for(size_t count, std::chrono::milliseconds timeout) const {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    auto mails = received();
    if (mails.size() >= count || Clock::now() >= deadline) return mails;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace euriqa::test
