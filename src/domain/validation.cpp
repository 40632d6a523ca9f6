#include "domain/validation.h"

#include "domain/error.h"

namespace euriqa::domain {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}
// A number too large for parse_non_negative is out of range, not of the wrong type.
bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
}  // namespace

bool is_valid_email(std::string_view email) {
  if (email.empty() || email.size() > kMaxEmailLength) return false;
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at != email.rfind('@')) return false;
  auto domain = email.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == '\\' || c == ',' || c == ';')
      return false;
  }
  return true;
}

std::string normalize_email(std::string_view email) {
  std::string out(trim(email));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string check_name(std::string_view field, std::string_view value, size_t max_length) {
  auto t = trim(value);
  if (t.empty())
    throw validation(std::string(field), "required", "Field '" + std::string(field) + "' must not be empty");
  if (t.size() > max_length)
    throw validation(std::string(field), "too_long",
                     "Field '" + std::string(field) + "' is longer than " + std::to_string(max_length) + " characters");
  return std::string(t);
}

void check_password(std::string_view field, std::string_view password) {
  if (password.size() < kMinPasswordLength)
    throw validation(std::string(field), "invalid_value", "Password must be at least 8 characters");
  if (password.size() > kMaxPasswordLength)
    throw validation(std::string(field), "too_long", "Password is too long");
}

std::optional<int64_t> parse_non_negative(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

Page parse_page(const std::optional<std::string>& limit, const std::optional<std::string>& offset) {
  Page page;
  if (limit) {
    auto v = parse_non_negative(*limit);
    if (!v && all_digits(*limit))
      throw validation("limit", "out_of_range", "Query parameter 'limit' must be between 1 and 200");
    if (!v) throw validation("limit", "invalid_type", "Query parameter 'limit' must be a whole number");
    if (*v < 1 || *v > kMaxPageLimit)
      throw validation("limit", "out_of_range", "Query parameter 'limit' must be between 1 and 200");
    page.limit = static_cast<int>(*v);
  }
  if (offset) {
    auto v = parse_non_negative(*offset);
    if (!v && all_digits(*offset)) throw validation("offset", "out_of_range", "Query parameter 'offset' is too large");
    if (!v) throw validation("offset", "invalid_type", "Query parameter 'offset' must be a whole number");
    page.offset = *v;
  }
  return page;
}

size_t utf8_length(std::string_view text) {
  size_t chars = 0;
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++chars;
  return chars;
}

}  // namespace euriqa::domain
