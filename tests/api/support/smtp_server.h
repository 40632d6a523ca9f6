// Test support for email: a real SMTP server (tests/support/smtp_server.py on Debian's
// aiosmtpd, run by /usr/bin/python3) on 127.0.0.1 in a temp dir, which can be stopped
// and started again on the same port, and the messages it received, parsed.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/received_mail.h"

namespace euriqa::test {

enum class SmtpTls { None, StartTls, Implicit };

struct SmtpServerOptions {
  SmtpTls tls = SmtpTls::None;  // StartTls and Implicit use a self-signed certificate for 127.0.0.1
  std::string username, password;          // when username is set, AUTH (LOGIN or PLAIN) is required
  std::string reject_prefix = "reject@";  // RCPT TO an address starting so is answered 550
  std::string defer_prefix = "defer@";    // ... and 451
  std::string refuse_content;             // a message holding these bytes is answered 554 after DATA
};

class SmtpServer {
 public:
  explicit SmtpServer(SmtpServerOptions options = {});  // started
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // stop() ends the server (connections are refused); start() brings it back on the
  // same port, keeping the messages received so far.
  void stop();
  void start();
  bool running() const { return pid_ > 0; }

  int port() const { return port_; }
  // The self-signed certificate's PEM file in the TLS modes (a CA file that verifies
  // the server), else "".
  const std::string& certificate() const { return certificate_; }
  const std::string& log_path() const { return log_path_; }

  // Waits until at least count messages arrived or the timeout passed, then returns
  // every message received so far, in arrival order.
  std::vector<Mail> wait_for(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  std::vector<Mail> received() const;

 private:
  SmtpServerOptions options_;
  std::string dir_, mail_dir_, log_path_, certificate_, key_;
  pid_t pid_ = -1;
  int port_ = 0;
};

struct SelfSignedCertificate {
  std::string cert, key;  // PEM files
};
// Writes a self-signed certificate for the IP address 127.0.0.1 (and no host name)
// and its key into dir, with the openssl command line tool.
SelfSignedCertificate write_self_signed_certificate(const std::string& dir);

}  // namespace euriqa::test
