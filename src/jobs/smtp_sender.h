// Sends one email through an SMTP server with libcurl: STARTTLS, implicit TLS or
// plain, optional login, a multipart/alternative text + HTML body in UTF-8. Blocks
// for at most the timeout; hold a CurlLibrary (jobs/curl_library.h) while calling.
#pragma once
#include <string>

namespace euriqa::jobs {

struct SmtpSettings {
  std::string host;
  int port = 587;
  // StartTls: smtp:// and STARTTLS is required; Tls: smtps:// (TLS from the first
  // byte); None: plain text, for a relay on the same host or a trusted LAN.
  enum class Security { StartTls, Tls, None } security = Security::StartTls;
  std::string username, password;  // login only when username is set
  std::string from;                // "Euriqa <euriqa@example.com>" or "euriqa@example.com"
  // A PEM bundle of CAs to verify the server with (a LAN server with a private CA);
  // empty = the system's CAs. The certificate and the host name are always verified.
  std::string ca_file;
};

struct MailMessage {
  std::string to;  // "someone@example.com" or "Someone <someone@example.com>"
  std::string subject;
  std::string text;  // the text/plain part
  std::string html;  // the text/html part; empty = the text part alone
};

struct SendOutcome {
  bool ok = false;
  std::string error;  // why not, when !ok (never holds the password)
  // Retrying this message cannot help: the server refused its recipient, content or
  // size with a 5xx, or the message itself is malformed (a line break in the
  // recipient or subject, an invalid recipient). Anything else is temporary: no
  // connection, a timeout, a 4xx, and what the settings get wrong (TLS, login, a
  // sender the server refuses), which an operator can fix, after which a retry succeeds.
  bool permanent = false;
};

// One attempt, bounded as a whole (connecting, TLS, login, sending) by
// timeout_seconds. Never uses a proxy from the environment.
SendOutcome send_mail(const SmtpSettings& settings, const MailMessage& message, int timeout_seconds);

// One line for the configuration dump, the password masked:
// "smtp://mail.example.com:587 (starttls), user alice, password ********, from ..., system CAs"
// ("no login" without a user name, "CAs from PATH" with a ca_file, "off (no host)").
std::string describe(const SmtpSettings& settings);

}  // namespace euriqa::jobs
