// Validation rules (contract §2 and §4): emails, names, passwords and pagination.
// Every refusal is a 400 VALIDATION_ERROR naming details.field and details.reason.
#include <doctest/doctest.h>

#include <string>

#include "domain/error.h"
#include "domain/validation.h"

namespace d = euriqa::domain;

namespace {

// Runs f, which must throw ApiError; returns it (status 0 when nothing was thrown).
template <typename F>
d::ApiError thrown(F&& f) {
  try {
    f();
  } catch (const d::ApiError& e) {
    return e;
  }
  return d::ApiError(0, "NOTHING_THROWN", "");
}

std::string detail(const d::ApiError& e, const std::string& key) {
  auto it = e.details().find(key);
  return it == e.details().end() ? "" : it->second;
}

void check_validation(const d::ApiError& e, const std::string& field, const std::string& reason) {
  CHECK(e.status() == 400);
  CHECK(e.code() == "VALIDATION_ERROR");
  CHECK(detail(e, "field") == field);
  CHECK(detail(e, "reason") == reason);
}

}  // namespace

TEST_CASE("ordinary email addresses are valid") {
  for (const char* email : {"jane@example.com", "a@b.c", "first.last+tag@sub.example.org", "x_y-z@example.co.uk"}) {
    CAPTURE(email);
    CHECK(d::is_valid_email(email));
  }
}

TEST_CASE("malformed email addresses are refused") {
  for (const char* email : {"", "plain", "@example.com", "jane@", "jane@@example.com", "ja@ne@example.com",
                            "jane@.example.com", "jane@example.com.", "jane doe@example.com", "jane@exa mple.com",
                            "<jane@example.com>", "jane\"@example.com", "jane@example.com,bob@example.com",
                            "jane@example.com;", "jane\n@example.com"}) {
    CAPTURE(email);
    CHECK_FALSE(d::is_valid_email(email));
  }
}

TEST_CASE("emails longer than 254 characters are refused") {
  std::string local(64, 'a');
  std::string domain = std::string(250 - 64, 'b') + ".com";  // total 255 with '@'
  std::string email = local + "@" + domain;
  REQUIRE(email.size() > d::kMaxEmailLength);
  CHECK_FALSE(d::is_valid_email(email));
  std::string ok = std::string(64, 'a') + "@" + std::string(185, 'b') + ".com";
  REQUIRE(ok.size() == 254);
  CHECK(d::is_valid_email(ok));
}

TEST_CASE("normalize_email trims and lower-cases") {
  CHECK(d::normalize_email("  Jane.Doe@Example.COM \n") == "jane.doe@example.com");
  CHECK(d::normalize_email("already@lower.case") == "already@lower.case");
}

TEST_CASE("check_name trims surrounding whitespace") {
  CHECK(d::check_name("name", "  Acme Engineering \t\n") == "Acme Engineering");
  CHECK(d::check_name("name", "Inner  spaces kept") == "Inner  spaces kept");
}

TEST_CASE("check_name refuses an empty or blank name as required") {
  check_validation(thrown([] { d::check_name("name", ""); }), "name", "required");
  check_validation(thrown([] { d::check_name("name", " \t\r\n "); }), "name", "required");
}

TEST_CASE("check_name refuses a name over the limit as too_long, after trimming") {
  std::string at_limit(d::kMaxNameLength, 'n');
  CHECK(d::check_name("name", at_limit) == at_limit);
  CHECK(d::check_name("name", "  " + at_limit + "  ") == at_limit);
  check_validation(thrown([&] { d::check_name("name", at_limit + "n"); }), "name", "too_long");
  check_validation(thrown([] { d::check_name("title", "abcdef", 5); }), "title", "too_long");
}

TEST_CASE("check_password needs at least 8 characters") {
  CHECK_NOTHROW(d::check_password("password", "12345678"));
  check_validation(thrown([] { d::check_password("password", "1234567"); }), "password", "invalid_value");
  check_validation(thrown([] { d::check_password("password", ""); }), "password", "invalid_value");
}

TEST_CASE("check_password refuses absurdly long passwords") {
  CHECK_NOTHROW(d::check_password("password", std::string(d::kMaxPasswordLength, 'p')));
  check_validation(thrown([] { d::check_password("password", std::string(d::kMaxPasswordLength + 1, 'p')); }),
                   "password", "too_long");
}

TEST_CASE("parse_page without parameters gives limit 50 and offset 0") {
  auto page = d::parse_page(std::nullopt, std::nullopt);
  CHECK(page.limit == 50);
  CHECK(page.offset == 0);
}

TEST_CASE("parse_page accepts limits 1 to 200 and any non-negative offset") {
  CHECK(d::parse_page(std::string("1"), std::nullopt).limit == 1);
  CHECK(d::parse_page(std::string("200"), std::nullopt).limit == 200);
  CHECK(d::parse_page(std::nullopt, std::string("0")).offset == 0);
  CHECK(d::parse_page(std::nullopt, std::string("12345")).offset == 12345);
  auto page = d::parse_page(std::string("10"), std::string("20"));
  CHECK(page.limit == 10);
  CHECK(page.offset == 20);
}

TEST_CASE("parse_page refuses limit 0 and 201 as out_of_range") {
  check_validation(thrown([] { d::parse_page(std::string("0"), std::nullopt); }), "limit", "out_of_range");
  check_validation(thrown([] { d::parse_page(std::string("201"), std::nullopt); }), "limit", "out_of_range");
  check_validation(thrown([] { d::parse_page(std::string("100000"), std::nullopt); }), "limit", "out_of_range");
}

TEST_CASE("parse_page refuses non-numeric limit and offset as invalid_type") {
  for (const char* bad : {"abc", "-1", "", "1.5", "1e2", " 5", "5 ", "+5", "0x10"}) {
    CAPTURE(bad);
    check_validation(thrown([&] { d::parse_page(std::string(bad), std::nullopt); }), "limit", "invalid_type");
    check_validation(thrown([&] { d::parse_page(std::nullopt, std::string(bad)); }), "offset", "invalid_type");
  }
}

TEST_CASE("parse_page accepts a huge offset that fits and refuses one that overflows") {
  CHECK(d::parse_page(std::nullopt, std::string("999999999999999999")).offset == 999999999999999999LL);
  check_validation(thrown([] { d::parse_page(std::nullopt, std::string("99999999999999999999999")); }), "offset",
                   "out_of_range");
}

TEST_CASE("parse_page refuses a limit with more digits than fit as out_of_range") {
  check_validation(thrown([] { d::parse_page(std::string("99999999999999999999999"), std::nullopt); }), "limit",
                   "out_of_range");
}

TEST_CASE("parse_non_negative parses whole non-negative numbers only") {
  CHECK(d::parse_non_negative("0") == 0);
  CHECK(d::parse_non_negative("42") == 42);
  CHECK(d::parse_non_negative("007") == 7);
  CHECK(d::parse_non_negative("999999999999999999") == 999999999999999999LL);
  for (const char* bad : {"", "-1", "+1", "1.0", "abc", "4 2", "42a", " 42", "١٢"}) {
    CAPTURE(bad);
    CHECK_FALSE(d::parse_non_negative(bad).has_value());
  }
}

TEST_CASE("parse_non_negative refuses numbers that would overflow") {
  CHECK_FALSE(d::parse_non_negative("9223372036854775808").has_value());
  CHECK_FALSE(d::parse_non_negative("99999999999999999999999999").has_value());
}

TEST_CASE("is_valid_utf8 accepts UTF-8 and refuses broken sequences") {
  CHECK(d::is_valid_utf8(""));
  CHECK(d::is_valid_utf8("plain ascii"));
  CHECK(d::is_valid_utf8("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"));
  CHECK_FALSE(d::is_valid_utf8("\xc3"));          // truncated
  CHECK_FALSE(d::is_valid_utf8("\xff"));          // never valid
  CHECK_FALSE(d::is_valid_utf8("\x80"));          // lone continuation
  CHECK_FALSE(d::is_valid_utf8("\xe4\xb8"));      // truncated 3-byte
  CHECK_FALSE(d::is_valid_utf8("a\xc3(b"));       // bad continuation
}
