// jobs::send_mail against a real SMTP server (aiosmtpd): each TLS mode with a login,
// UTF-8 in the subject and both parts, header injection refused before connecting,
// and which failures are permanent (a refused recipient) or temporary (no server, a
// silent server, a wrong password, a certificate that does not verify, a 4xx).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "domain/crypto.h"
#include "jobs/curl_library.h"
#include "jobs/smtp_sender.h"
#include "support/smtp_server.h"

using namespace euriqa;
using namespace euriqa::test;
using jobs::MailMessage;
using jobs::SmtpSettings;
using Security = jobs::SmtpSettings::Security;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTimeoutSeconds = 10;

SmtpSettings settings_for(const SmtpServer& server, Security security) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = server.port();
  s.security = security;
  s.from = "Euriqa <euriqa@example.test>";
  s.ca_file = server.certificate();
  return s;
}

SmtpSettings with_login(SmtpSettings s) {
  s.username = "alice";
  s.password = "s3cret-pass";
  return s;
}

SmtpServerOptions tls_only(SmtpTls tls) {
  SmtpServerOptions o;
  o.tls = tls;
  return o;
}

SmtpServerOptions login_required(SmtpTls tls) {
  SmtpServerOptions o;
  o.tls = tls;
  o.username = "alice";
  o.password = "s3cret-pass";
  return o;
}

MailMessage invitation(const std::string& to = "bob@example.test") {
  return MailMessage{to, "You are invited to Team A",
                     "Hello Bob,\nJoin Team A: https://euriqa.example.test/invite/tok3n.\nThanks",
                     "<p>Hello Bob,</p><p><a href=\"https://euriqa.example.test/invite/tok3n\">Join Team A</a></p>"};
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A loopback port that accepts connections (the kernel completes them) and never
// says a word: the greeting never comes.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd_, 4) == 0);
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port_ = ntohs(a.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("plain SMTP with a login delivers the message with its text and HTML parts and headers") {
  SmtpServer server(login_required(SmtpTls::None));
  auto outcome = jobs::send_mail(with_login(settings_for(server, Security::None)), invitation(), kTimeoutSeconds);
  CHECK_MESSAGE(outcome.ok, outcome.error);
  auto mails = server.wait_for(1);
  REQUIRE(mails.size() == 1);
  const Mail& m = mails[0];
  CHECK(m.from == "euriqa@example.test");
  CHECK(m.to == "bob@example.test");
  CHECK(m.subject == "You are invited to Team A");
  CHECK(m.text == "Hello Bob,\nJoin Team A: https://euriqa.example.test/invite/tok3n.\nThanks");
  CHECK(m.html == invitation().html);
  CHECK(m.links() == std::vector<std::string>{"https://euriqa.example.test/invite/tok3n"});
  CHECK(m.header("From") == "Euriqa <euriqa@example.test>");
  CHECK(m.header("To") == "bob@example.test");
  CHECK(m.header("MIME-Version") == "1.0");
  CHECK(m.header("Content-Type").starts_with("multipart/alternative; boundary="));
  // "Thu, 19 Mar 2026 10:00:00 +0000"
  std::string date = m.header("Date");
  CHECK(date.size() == 31);
  CHECK(date.substr(3, 2) == ", ");
  CHECK(date.ends_with(" +0000"));
  std::string id = m.header("Message-ID");
  CHECK(id.starts_with("<"));
  CHECK(id.ends_with("@example.test>"));
  CHECK(id.size() == 1 + 32 + 14);  // 16 random bytes in hex
  CHECK(m.raw.find("s3cret-pass") == std::string::npos);
}

TEST_CASE("every message gets its own Message-ID") {
  SmtpServer server;
  auto settings = settings_for(server, Security::None);
  REQUIRE(jobs::send_mail(settings, invitation(), kTimeoutSeconds).ok);
  REQUIRE(jobs::send_mail(settings, invitation(), kTimeoutSeconds).ok);
  auto mails = server.wait_for(2);
  REQUIRE(mails.size() == 2);
  CHECK(mails[0].header("Message-ID") != mails[1].header("Message-ID"));
}

TEST_CASE("STARTTLS with the server's certificate as ca_file and a login delivers") {
  SmtpServer server(login_required(SmtpTls::StartTls));
  auto outcome = jobs::send_mail(with_login(settings_for(server, Security::StartTls)), invitation(), kTimeoutSeconds);
  CHECK_MESSAGE(outcome.ok, outcome.error);
  auto mails = server.wait_for(1);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].subject == "You are invited to Team A");
  CHECK(mails[0].text.find("https://euriqa.example.test/invite/tok3n") != std::string::npos);
}

TEST_CASE("implicit TLS (smtps) with a login delivers") {
  SmtpServer server(login_required(SmtpTls::Implicit));
  auto outcome = jobs::send_mail(with_login(settings_for(server, Security::Tls)), invitation(), kTimeoutSeconds);
  CHECK_MESSAGE(outcome.ok, outcome.error);
  auto mails = server.wait_for(1);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].to == "bob@example.test");
}

TEST_CASE("a UTF-8 subject, sender name and body arrive intact in both parts, the raw message staying ASCII") {
  SmtpServer server;
  auto settings = settings_for(server, Security::None);
  settings.from = "Euriqa Prüfstand <euriqa@example.test>";
  std::string subject = "Überprüfung ✓ — Läufe der Woche: 12 fehlgeschlagen, 3 unbeständig, 永続的な失敗";
  MailMessage message{"Jürgen <juergen@example.test>", subject, "Grüße, Jürgen ✓\nÜberprüfung: 3 Läufe\n",
                      "<p>Grüße ✓ — 永続</p>"};
  auto outcome = jobs::send_mail(settings, message, kTimeoutSeconds);
  CHECK_MESSAGE(outcome.ok, outcome.error);
  auto mails = server.wait_for(1);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].subject == subject);
  CHECK(mails[0].text == "Grüße, Jürgen ✓\nÜberprüfung: 3 Läufe\n");
  CHECK(mails[0].html == "<p>Grüße ✓ — 永続</p>");
  CHECK(mails[0].to == "juergen@example.test");
  CHECK(mails[0].header("From").starts_with("=?UTF-8?B?"));
  CHECK(mails[0].header("From").ends_with(" <euriqa@example.test>"));
  bool ascii = std::all_of(mails[0].raw.begin(), mails[0].raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  CHECK(ascii);
  // The encoded subject is folded into lines of at most 76 characters (RFC 2047).
  std::istringstream lines(mails[0].raw);
  bool in_subject = false;
  int subject_lines = 0;
  for (std::string line; std::getline(lines, line) && line != "\r";) {
    in_subject = line.starts_with("Subject:") || (in_subject && line.starts_with(" "));
    if (!in_subject) continue;
    ++subject_lines;
    CHECK(line.size() <= 76 + 1);  // and the CR
  }
  CHECK(subject_lines > 1);
}

TEST_CASE("lines that start with a dot, long lines and CRLF or LF line breaks arrive intact") {
  SmtpServer server;
  std::string long_line(300, 'x');
  MailMessage message{"bob@example.test", "Dots", ".\n..two dots\r\n.one dot\r" + long_line + "\nend", ""};
  auto outcome = jobs::send_mail(settings_for(server, Security::None), message, kTimeoutSeconds);
  CHECK_MESSAGE(outcome.ok, outcome.error);
  auto mails = server.wait_for(1);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].text == ".\n..two dots\n.one dot\n" + long_line + "\nend");
  CHECK(mails[0].html.empty());  // no HTML given: the text part alone
}

TEST_CASE("a line break in the subject or the recipient is refused without connecting") {
  SmtpServer server;
  auto settings = settings_for(server, Security::None);
  auto subject = invitation();
  subject.subject = "Hello\r\nBcc: victim@example.test";
  auto lf_subject = invitation();
  lf_subject.subject = "Hello\nBcc: victim@example.test";
  auto recipient = invitation("bob@example.test\r\nBcc: victim@example.test");
  for (const auto& message : {subject, lf_subject, recipient}) {
    auto outcome = jobs::send_mail(settings, message, kTimeoutSeconds);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.permanent);
    CHECK(outcome.error.find("line break") != std::string::npos);
  }
  auto sender = settings;
  sender.from = "euriqa@example.test\r\nBcc: victim@example.test";
  auto outcome = jobs::send_mail(sender, invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);  // the settings are wrong, not the message
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("an invalid recipient address is a permanent failure") {
  SmtpServer server;
  auto outcome = jobs::send_mail(settings_for(server, Security::None), invitation("not an address"), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.permanent);
}

TEST_CASE("a recipient the server refuses with 550 is a permanent failure") {
  SmtpServer server;
  auto outcome = jobs::send_mail(settings_for(server, Security::None), invitation("reject@example.test"), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.permanent);
  CHECK(outcome.error.find("550") != std::string::npos);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("a message the server refuses after DATA with 554 is a permanent failure") {
  SmtpServerOptions options;
  options.refuse_content = "FORBIDDEN-WORD";
  SmtpServer server(options);
  auto message = invitation();
  message.text += "\nFORBIDDEN-WORD";
  auto outcome = jobs::send_mail(settings_for(server, Security::None), message, kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.permanent);
  CHECK(outcome.error.find("554") != std::string::npos);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("a recipient the server defers with 451 is a temporary failure") {
  SmtpServer server;
  auto outcome = jobs::send_mail(settings_for(server, Security::None), invitation("defer@example.test"), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);
  CHECK(outcome.error.find("451") != std::string::npos);
}

TEST_CASE("a server that is down is a temporary failure within the timeout; once it is back, sending works") {
  SmtpServer server;
  auto settings = settings_for(server, Security::None);
  server.stop();
  auto start = Clock::now();
  auto outcome = jobs::send_mail(settings, invitation(), 3);
  CHECK(seconds_since(start) < 3.5);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);
  CHECK_FALSE(outcome.error.empty());
  server.start();
  REQUIRE(server.port() == settings.port);
  outcome = jobs::send_mail(settings, invitation(), kTimeoutSeconds);
  CHECK_MESSAGE(outcome.ok, outcome.error);
  CHECK(server.wait_for(1).size() == 1);
}

TEST_CASE("a server that never answers is a temporary failure when the timeout ends the attempt") {
  SilentListener silent;
  SmtpSettings settings;
  settings.host = "127.0.0.1";
  settings.port = silent.port();
  settings.security = Security::None;
  settings.from = "euriqa@example.test";
  auto start = Clock::now();
  auto outcome = jobs::send_mail(settings, invitation(), 2);
  double took = seconds_since(start);
  CHECK(took >= 1.9);
  CHECK(took < 3.0);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);
  CHECK(outcome.error.find("timed out") != std::string::npos);
}

TEST_CASE("a wrong password is refused and nothing is sent") {
  SmtpServer server(login_required(SmtpTls::StartTls));
  auto settings = with_login(settings_for(server, Security::StartTls));
  settings.password = "wrong-password";
  auto outcome = jobs::send_mail(settings, invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);  // fixing the settings makes a retry succeed
  CHECK(outcome.error.find("535") != std::string::npos);
  CHECK(outcome.error.find("wrong-password") == std::string::npos);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("no login against a server that requires one is refused") {
  SmtpServer server(login_required(SmtpTls::None));
  auto outcome = jobs::send_mail(settings_for(server, Security::None), invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);  // 530 to MAIL: the settings need a login
  CHECK(outcome.error.find("530") != std::string::npos);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("plain-text settings against a server that requires STARTTLS are a temporary failure") {
  SmtpServer server(tls_only(SmtpTls::StartTls));
  auto outcome = jobs::send_mail(settings_for(server, Security::None), invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("STARTTLS without ca_file does not trust a self-signed certificate") {
  SmtpServer server(login_required(SmtpTls::StartTls));
  auto settings = with_login(settings_for(server, Security::StartTls));
  settings.ca_file.clear();  // the system's CAs
  auto outcome = jobs::send_mail(settings, invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);
  CHECK(outcome.error.find("certificate") != std::string::npos);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("implicit TLS without ca_file does not trust a self-signed certificate") {
  SmtpServer server(tls_only(SmtpTls::Implicit));
  auto settings = settings_for(server, Security::Tls);
  settings.ca_file.clear();
  auto outcome = jobs::send_mail(settings, invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("the host name is verified even with ca_file: a certificate for 127.0.0.1 does not do for localhost") {
  SmtpServer server(tls_only(SmtpTls::StartTls));
  auto settings = settings_for(server, Security::StartTls);
  settings.host = "localhost";
  auto outcome = jobs::send_mail(settings, invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.error.find("'localhost'") != std::string::npos);  // "... matches target host name 'localhost'"
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("STARTTLS settings never fall back to plain text when the server offers no STARTTLS") {
  SmtpServer server;  // plain only
  auto outcome = jobs::send_mail(settings_for(server, Security::StartTls), invitation(), kTimeoutSeconds);
  CHECK_FALSE(outcome.ok);
  CHECK_FALSE(outcome.permanent);
  CHECK(server.wait_for(1, std::chrono::milliseconds(300)).empty());
}

TEST_CASE("describe shows the server, mode, user and sender with the password masked") {
  SmtpSettings s;
  s.host = "mail.example.test";
  s.port = 587;
  s.security = Security::StartTls;
  s.username = "alice";
  s.password = "s3cret-pass";
  s.from = "euriqa@example.test";
  std::string text = jobs::describe(s);
  CHECK(text.find("s3cret") == std::string::npos);
  CHECK(text.find("********") != std::string::npos);
  CHECK(text.find("smtp://mail.example.test:587") != std::string::npos);
  CHECK(text.find("starttls") != std::string::npos);
  CHECK(text.find("alice") != std::string::npos);
  CHECK(text.find("euriqa@example.test") != std::string::npos);
  s.security = Security::Tls;
  s.ca_file = "/etc/euriqa/lan-ca.pem";
  text = jobs::describe(s);
  CHECK(text.find("smtps://mail.example.test:587") != std::string::npos);
  CHECK(text.find("/etc/euriqa/lan-ca.pem") != std::string::npos);
}

int main(int argc, char** argv) {
  domain::crypto_init();
  jobs::CurlLibrary curl;
  doctest::Context context(argc, argv);
  return context.run();
}
