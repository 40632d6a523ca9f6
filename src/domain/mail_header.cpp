#include "domain/mail_header.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "domain/crypto.h"
#include "domain/validation.h"

namespace euriqa::domain {

namespace {

// Longer plain text is encoded too: encoded-words fold, so no line nears SMTP's
// 998-character limit.
constexpr size_t kMaxPlainText = 900;
// 36 bytes make 48 base64 characters, a 60-character encoded-word: with "Subject: "
// in front the first line still fits RFC 2047's 76 characters.
constexpr size_t kBytesPerEncodedWord = 36;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_printable_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// RFC 5322 atext, and the space between words: what a display name may hold unquoted.
bool is_phrase_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ') return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

std::string encoded_words(std::string_view utf8) {
  std::string out;
  size_t at = 0;
  while (at < utf8.size()) {
    size_t end = std::min(at + kBytesPerEncodedWord, utf8.size());
    size_t cut = end;
    while (cut > at && cut < utf8.size() && is_utf8_continuation(utf8[cut])) --cut;
    if (cut > at) end = cut;  // else not UTF-8 at all: any cut will do
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_std(utf8.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string quoted_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string unquoted(std::string_view quoted) {
  std::string out;
  for (size_t i = 1; i + 1 < quoted.size(); ++i) {
    if (quoted[i] == '\\' && i + 2 < quoted.size()) ++i;
    out += quoted[i];
  }
  return out;
}

}  // namespace

bool breaks_header_line(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

std::string encode_header_text(std::string_view utf8) {
  bool plain = utf8.size() <= kMaxPlainText && is_printable_ascii(utf8) && utf8.find("=?") == std::string_view::npos;
  return plain ? std::string(utf8) : encoded_words(utf8);
}

std::optional<Mailbox> parse_mailbox(std::string_view text) {
  if (breaks_header_line(text)) return std::nullopt;
  auto t = trim(text);
  Mailbox mailbox;
  if (!t.empty() && t.back() == '>') {
    auto open = t.rfind('<');
    if (open == std::string_view::npos) return std::nullopt;
    mailbox.address = std::string(t.substr(open + 1, t.size() - open - 2));
    auto name = trim(t.substr(0, open));
    bool quoted = name.size() >= 2 && name.front() == '"' && name.back() == '"';
    mailbox.display_name = quoted ? unquoted(name) : std::string(name);
  } else {
    mailbox.address = std::string(t);
  }
  if (!is_valid_email(mailbox.address)) return std::nullopt;
  return mailbox;
}

std::string format_mailbox(const Mailbox& mailbox) {
  const std::string& name = mailbox.display_name;
  if (name.empty()) return mailbox.address;
  std::string phrase;
  if (!is_printable_ascii(name) || name.find("=?") != std::string::npos) phrase = encoded_words(name);
  else if (std::all_of(name.begin(), name.end(), is_phrase_char)) phrase = name;
  else phrase = quoted_string(name);
  return phrase + " <" + mailbox.address + ">";
}

std::string_view mail_domain(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

std::string format_mail_date(int64_t unix_seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[40];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return out;
}

}  // namespace euriqa::domain
