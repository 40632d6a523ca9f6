// Email header pieces: line-break detection, RFC 2047 encoded-words, mailboxes, dates.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "domain/crypto.h"
#include "domain/mail_header.h"
#include "domain/validation.h"

using namespace euriqa::domain;

namespace {

// The encoded-words of an encoded header value, each decoded on its own.
std::vector<std::string> decoded_words(const std::string& encoded) {
  std::vector<std::string> words;
  size_t at = 0;
  while ((at = encoded.find("=?UTF-8?B?", at)) != std::string::npos) {
    size_t end = encoded.find("?=", at + 10);
    REQUIRE(end != std::string::npos);
    CHECK(end + 2 - at <= 75);
    std::string bytes;
    REQUIRE(base64_std_decode(encoded.substr(at + 10, end - at - 10), bytes));
    words.push_back(bytes);
    at = end + 2;
  }
  return words;
}

}  // namespace

TEST_CASE("a CR, LF or NUL breaks a header line") {
  CHECK(breaks_header_line("a\rb"));
  CHECK(breaks_header_line("a\nb"));
  CHECK(breaks_header_line(std::string("a\0b", 3)));
  CHECK_FALSE(breaks_header_line("Hello, world\t!"));
}

TEST_CASE("printable ASCII header text is kept as it is") {
  CHECK(encode_header_text("Run 42 failed: 3 tests") == "Run 42 failed: 3 tests");
  CHECK(encode_header_text("") == "");
}

TEST_CASE("non-ASCII header text becomes folded UTF-8 encoded-words that never split a character") {
  std::string text = "Überprüfung ✓ — Läufe der Woche: 12 fehlgeschlagen, 永続的な失敗 und noch mehr Text";
  std::string encoded = encode_header_text(text);
  CHECK(encoded.starts_with("=?UTF-8?B?"));
  CHECK(encoded.find("\r\n ") != std::string::npos);  // folded: more than one word
  auto words = decoded_words(encoded);
  std::string joined;
  for (const auto& w : words) {
    CHECK(is_valid_utf8(w));
    joined += w;
  }
  CHECK(joined == text);
  for (char c : encoded) CHECK(static_cast<unsigned char>(c) < 0x80);
}

TEST_CASE("ASCII that a reader would mistake for an encoded-word is encoded") {
  auto encoded = encode_header_text("literal =?UTF-8?B?x?= text");
  CHECK(encoded.starts_with("=?UTF-8?B?"));
}

TEST_CASE("a mailbox is read with or without a display name") {
  auto plain = parse_mailbox(" euriqa@example.com ");
  REQUIRE(plain);
  CHECK(plain->address == "euriqa@example.com");
  CHECK(plain->display_name.empty());
  auto named = parse_mailbox("Euriqa CI <ci@example.com>");
  REQUIRE(named);
  CHECK(named->display_name == "Euriqa CI");
  CHECK(named->address == "ci@example.com");
  auto quoted = parse_mailbox("\"Acme, Inc. \\\"QA\\\"\" <qa@acme.test>");
  REQUIRE(quoted);
  CHECK(quoted->display_name == "Acme, Inc. \"QA\"");
  CHECK(quoted->address == "qa@acme.test");
}

TEST_CASE("a mailbox with an invalid address or a line break is refused") {
  CHECK_FALSE(parse_mailbox(""));
  CHECK_FALSE(parse_mailbox("not an address"));
  CHECK_FALSE(parse_mailbox("Name <>"));
  CHECK_FALSE(parse_mailbox("Name <a@b.test"));
  CHECK_FALSE(parse_mailbox("a@b.test\r\nBcc: c@d.test"));
  CHECK_FALSE(parse_mailbox("Name\n <a@b.test>"));
}

TEST_CASE("a mailbox is written with its name quoted or encoded when needed") {
  CHECK(format_mailbox({"", "a@b.test"}) == "a@b.test");
  CHECK(format_mailbox({"Euriqa CI", "a@b.test"}) == "Euriqa CI <a@b.test>");
  CHECK(format_mailbox({"Acme, Inc. \"QA\"", "a@b.test"}) == "\"Acme, Inc. \\\"QA\\\"\" <a@b.test>");
  std::string encoded = format_mailbox({"Prüfstand", "a@b.test"});
  CHECK(encoded.starts_with("=?UTF-8?B?"));
  CHECK(encoded.ends_with("?= <a@b.test>"));
}

TEST_CASE("the mail domain is what follows the last @") {
  CHECK(mail_domain("euriqa@example.com") == "example.com");
  CHECK(mail_domain("no-at-sign").empty());
}

TEST_CASE("mail dates are RFC 5322 in UTC with English names") {
  CHECK(format_mail_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(format_mail_date(1773914400) == "Thu, 19 Mar 2026 10:00:00 +0000");
}
