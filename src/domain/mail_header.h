// The pieces of an email's header (RFC 5322 with RFC 2047 encoded-words): the check
// that keeps a value on its own line, text that may need encoding, a mailbox ("Name
// <local@domain>") read and written, and the date. Pure functions, no I/O.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::domain {

// True when the value holds CR, LF or NUL: written into a header it would end the
// line and let the rest pose as headers of its own (header injection).
bool breaks_header_line(std::string_view value);

// Unstructured text (a Subject) ready to follow "Subject: ". Printable ASCII is kept
// as it is; anything else (non-ASCII, control characters, a literal "=?", very long
// text) becomes RFC 2047 encoded-words in UTF-8 and base64, each short enough for a
// 76-character line, folded onto continuation lines and never splitting a character.
std::string encode_header_text(std::string_view utf8);

struct Mailbox {
  std::string display_name;  // may be empty
  std::string address;       // local@domain
};

// "local@domain", "Name <local@domain>" or "\"Name, Inc.\" <local@domain>"; nullopt
// when the address is not valid (domain::is_valid_email) or the text breaks a line.
std::optional<Mailbox> parse_mailbox(std::string_view text);

// The header form: the address alone, or the display name (a quoted string when it
// holds specials, encoded-words when it is not ASCII) followed by <address>.
std::string format_mailbox(const Mailbox& mailbox);

// The part of an address after its last '@' ("example.com").
std::string_view mail_domain(std::string_view address);

// RFC 5322 date-time in UTC with English names: "Thu, 19 Mar 2026 10:00:00 +0000".
std::string format_mail_date(int64_t unix_seconds);

}  // namespace euriqa::domain
