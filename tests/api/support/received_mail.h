// Test support: an email as a test SMTP server received it, read the way a mail
// reader would (unfolded headers, RFC 2047 subject, MIME parts with quoted-printable
// or base64 bodies), so tests check what a person would see.
#pragma once
#include <string>
#include <vector>

namespace euriqa::test {

struct Mail {
  std::string from, to;    // the envelope: MAIL FROM, and RCPT TO (several joined by ", ")
  std::string subject;     // decoded
  std::string text, html;  // the decoded text/plain and text/html parts; line breaks "\n"
  std::string raw;         // the message exactly as received

  // The first header of that name (any case), unfolded but not decoded; "" if none.
  std::string header(const std::string& name) const;
  // The http(s) URLs in the text part, in order, without trailing punctuation.
  std::vector<std::string> links() const;
};

// Reads a message; from and to (the envelope) are left for the caller.
Mail parse_mail(const std::string& raw);

}  // namespace euriqa::test
