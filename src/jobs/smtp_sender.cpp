#include "jobs/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "domain/crypto.h"
#include "domain/mail_header.h"
#include "domain/time.h"

namespace euriqa::jobs {

namespace {

struct EasyCleanup {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct ListCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct MimeCleanup {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
using StringList = std::unique_ptr<curl_slist, ListCleanup>;
using MimeBody = std::unique_ptr<curl_mime, MimeCleanup>;

// libcurl could not be set up for the attempt (out of memory, an option it lacks).
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <typename T>
void set(CURL* easy, CURLoption option, T value) {
  if (curl_easy_setopt(easy, option, value) != CURLE_OK)
    throw SetupError("curl_easy_setopt failed for option " + std::to_string(option));
}

void append(StringList& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) throw SetupError("curl_slist_append failed");
  static_cast<void>(list.release());  // grown is the same list, or its first node
  list.reset(grown);
}

// The SMTP conversation as libcurl's debug stream shows it, reduced to what decides
// an outcome: the first 4xx/5xx reply and the command it answered. Of each command
// only the verb is looked at (AUTH lines carry credentials); the replies that follow
// a refusal (to QUIT, say) are ignored.
class Transcript {
 public:
  enum class Step { Other, Mail, Rcpt, Data };

  static int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self) {
    auto* t = static_cast<Transcript*>(self);
    std::string_view text(data, size);
    if (type == CURLINFO_HEADER_OUT && t->refusal_.empty()) t->step_ = step_of(text);
    if (type == CURLINFO_HEADER_IN && t->refusal_.empty() && !text.empty() && (text[0] == '4' || text[0] == '5'))
      t->refusal_ = one_line(text);
    return 0;
  }

  bool refused() const { return !refusal_.empty(); }
  bool refused_permanently() const { return refusal_.starts_with('5'); }
  Step step() const { return step_; }        // the command the refusal answered
  const std::string& refusal() const { return refusal_; }

 private:
  static Step step_of(std::string_view command) {
    std::string verb(command.substr(0, std::min<size_t>(4, command.size())));
    for (char& c : verb)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (verb == "MAIL") return Step::Mail;
    if (verb == "RCPT") return Step::Rcpt;
    if (verb == "DATA") return Step::Data;  // its reply, and the one to the message's end
    return Step::Other;
  }
  static std::string one_line(std::string_view reply) {
    auto end = reply.find_first_of("\r\n");
    return std::string(reply.substr(0, std::min<size_t>(end, 300)));
  }

  Step step_ = Step::Other;
  std::string refusal_;
};

SendOutcome failure(std::string error, bool permanent) { return SendOutcome{false, std::move(error), permanent}; }

// Text in MIME's canonical form: every line break CRLF, whatever the caller used.
std::string with_crlf_line_breaks(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      out += "\r\n";
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string server_url(const SmtpSettings& s) {
  bool ipv6_literal = s.host.find(':') != std::string::npos && !s.host.starts_with('[');
  std::string host = ipv6_literal ? "[" + s.host + "]" : s.host;
  return (s.security == SmtpSettings::Security::Tls ? "smtps://" : "smtp://") + host + ":" + std::to_string(s.port);
}

StringList mail_headers(const domain::Mailbox& from, const domain::Mailbox& to, const std::string& subject) {
  StringList headers;
  append(headers, "From: " + domain::format_mailbox(from));
  append(headers, "To: " + domain::format_mailbox(to));
  append(headers, "Subject: " + domain::encode_header_text(subject));
  append(headers, "Date: " + domain::format_mail_date(domain::now_ms() / 1000));
  append(headers, "Message-ID: <" + domain::hex(domain::random_bytes(16)) + "@" +
                      std::string(domain::mail_domain(from.address)) + ">");
  append(headers, "MIME-Version: 1.0");
  // Names the type of the top-level part; libcurl adds its boundary.
  append(headers, "Content-Type: multipart/alternative");
  return headers;
}

void add_text_part(curl_mime* mime, std::string_view body, const char* type) {
  curl_mimepart* part = curl_mime_addpart(mime);
  if (!part) throw SetupError("curl_mime_addpart failed");
  std::string canonical = with_crlf_line_breaks(body);
  if (curl_mime_data(part, canonical.data(), canonical.size()) != CURLE_OK ||
      curl_mime_type(part, type) != CURLE_OK || curl_mime_encoder(part, "quoted-printable") != CURLE_OK)
    throw SetupError(std::string("cannot build the ") + type + " part");
}

// The plain text first: a multipart/alternative lists its parts from the least to the
// most preferred, and mail readers show the last one they can.
MimeBody mail_body(CURL* easy, const MailMessage& message) {
  MimeBody mime(curl_mime_init(easy));
  if (!mime) throw SetupError("curl_mime_init failed");
  if (!message.text.empty() || message.html.empty()) add_text_part(mime.get(), message.text, "text/plain; charset=UTF-8");
  if (!message.html.empty()) add_text_part(mime.get(), message.html, "text/html; charset=UTF-8");
  return mime;
}

SendOutcome outcome_of(CURLcode result, const char* error_buffer, const Transcript& transcript) {
  if (result == CURLE_OK) return SendOutcome{true, "", false};
  std::string error = error_buffer[0] ? error_buffer : curl_easy_strerror(result);
  if (!transcript.refused()) return failure(error, false);
  // Only a 5xx about this message is final: to RCPT (the recipient), to DATA or the
  // message's end (its content), or 552 to MAIL (its size). Other 5xx replies to MAIL
  // (530 login or STARTTLS required, 553 sender not allowed) and to AUTH (535 wrong
  // password) say that the settings need attention, after which a retry succeeds.
  using Step = Transcript::Step;
  Step step = transcript.step();
  bool about_message = step == Step::Rcpt || step == Step::Data ||
                       (step == Step::Mail && transcript.refusal().starts_with("552"));
  bool permanent = transcript.refused_permanently() && about_message;
  return failure(error + " (server replied: " + transcript.refusal() + ")", permanent);
}

SendOutcome transfer(const SmtpSettings& settings, const domain::Mailbox& from, const domain::Mailbox& to,
                     const MailMessage& message, int timeout_seconds) {
  Transcript transcript;
  char error[CURL_ERROR_SIZE] = {};
  // Declared before the easy handle, so they outlive it.
  StringList headers = mail_headers(from, to, message.subject);
  StringList recipients;
  append(recipients, "<" + to.address + ">");
  MimeBody body;
  EasyHandle easy(curl_easy_init());
  if (!easy) throw SetupError("curl_easy_init failed");
  CURL* e = easy.get();
  body = mail_body(e, message);

  long timeout_ms = std::max(1, timeout_seconds) * 1000L;
  set(e, CURLOPT_URL, server_url(settings).c_str());
  set(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set(e, CURLOPT_PROXY, "");  // never a proxy from the environment
  set(e, CURLOPT_NOSIGNAL, 1L);
  set(e, CURLOPT_TIMEOUT_MS, timeout_ms);
  set(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  set(e, CURLOPT_ERRORBUFFER, error);
  bool starttls = settings.security == SmtpSettings::Security::StartTls;
  set(e, CURLOPT_USE_SSL, static_cast<long>(starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  set(e, CURLOPT_SSL_VERIFYPEER, 1L);
  set(e, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings.ca_file.empty()) set(e, CURLOPT_CAINFO, settings.ca_file.c_str());
  if (!settings.username.empty()) {
    set(e, CURLOPT_USERNAME, settings.username.c_str());
    set(e, CURLOPT_PASSWORD, settings.password.c_str());
  }
  set(e, CURLOPT_MAIL_FROM, ("<" + from.address + ">").c_str());
  set(e, CURLOPT_MAIL_RCPT, recipients.get());
  set(e, CURLOPT_HTTPHEADER, headers.get());  // for SMTP: the message's header
  set(e, CURLOPT_MIMEPOST, body.get());
  // The debug stream is how the conversation's replies reach Transcript.
  set(e, CURLOPT_DEBUGFUNCTION, &Transcript::on_debug);
  set(e, CURLOPT_DEBUGDATA, &transcript);
  set(e, CURLOPT_VERBOSE, 1L);

  CURLcode result = curl_easy_perform(e);
  return outcome_of(result, error, transcript);
}

const char* security_name(SmtpSettings::Security security) {
  switch (security) {
    case SmtpSettings::Security::StartTls: return "starttls";
    case SmtpSettings::Security::Tls: return "tls";
    case SmtpSettings::Security::None: return "no TLS";
  }
  return "?";
}

}  // namespace

SendOutcome send_mail(const SmtpSettings& settings, const MailMessage& message, int timeout_seconds) {
  // Settings an operator can correct: temporary, so the message waits for the fix.
  if (settings.host.empty() || domain::breaks_header_line(settings.host))
    return failure("no valid SMTP host is set", false);
  if (settings.port < 1 || settings.port > 65535) return failure("the SMTP port is not between 1 and 65535", false);
  if (domain::breaks_header_line(settings.from)) return failure("refused: the sender (from) holds a line break", false);
  auto from = domain::parse_mailbox(settings.from);
  if (!from) return failure("the sender (from) is not a valid address: " + settings.from, false);
  // The message itself: no retry can mend it.
  if (domain::breaks_header_line(message.to)) return failure("refused: the recipient holds a line break", true);
  if (domain::breaks_header_line(message.subject)) return failure("refused: the subject holds a line break", true);
  auto to = domain::parse_mailbox(message.to);
  if (!to) return failure("the recipient is not a valid address: " + message.to, true);
  try {
    return transfer(settings, *from, *to, message, timeout_seconds);
  } catch (const SetupError& e) {
    return failure(e.what(), false);
  }
}

std::string describe(const SmtpSettings& s) {
  if (s.host.empty()) return "off (no host)";
  std::string out = server_url(s) + " (" + security_name(s.security) + ")";
  out += s.username.empty() ? ", no login" : ", user " + s.username + ", password " + (s.password.empty() ? "(empty)" : "********");
  out += ", from " + s.from;
  out += s.ca_file.empty() ? ", system CAs" : ", CAs from " + s.ca_file;
  return out;
}

}  // namespace euriqa::jobs
