// Validation rules shared by handlers and the CLI: what a valid email, name,
// password or page is. Each check throws ApiError VALIDATION_ERROR naming the field.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::domain {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxEmailLength = 254;
constexpr size_t kMinPasswordLength = 8;
constexpr size_t kMaxPasswordLength = 1024;
constexpr int kDefaultPageLimit = 50;
constexpr int kMaxPageLimit = 200;

bool is_valid_email(std::string_view email);
std::string normalize_email(std::string_view email);  // trimmed, lower-case ASCII
// Trims surrounding whitespace; a name must be non-empty after it and not too long.
std::string check_name(std::string_view field, std::string_view value,
                       size_t max_length = kMaxNameLength);
void check_password(std::string_view field, std::string_view password);
// Whole-string non-negative integer parse; nullopt on anything else or overflow.
std::optional<int64_t> parse_non_negative(std::string_view text);
bool is_valid_utf8(std::string_view text);
// Characters (code points) of valid UTF-8 text.
size_t utf8_length(std::string_view text);

struct Page {
  int limit = kDefaultPageLimit;
  int64_t offset = 0;
};
// From query values (absent = nullopt). Out of range or non-numeric throws 400.
Page parse_page(const std::optional<std::string>& limit, const std::optional<std::string>& offset);

}  // namespace euriqa::domain
