// Typed access to a JSON request body with validation. Every accessor throws
// ApiError VALIDATION_ERROR naming details.field and details.reason (required,
// invalid_type, invalid_value, out_of_range, too_long), so handlers never write
// error JSON by hand. Unknown fields are ignored. A JsonObject may carry an index
// (the item's position in a batch) that every error it raises reports as details.index.
#pragma once
#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace euriqa::http {

constexpr size_t kMaxStringLength = 2000;

class JsonObject {
 public:
  explicit JsonObject(const rapidjson::Value& v, std::optional<int64_t> index = std::nullopt,
                      std::string prefix = "");

  bool has(std::string_view field) const;  // present and not null
  const rapidjson::Value* get(std::string_view field) const;  // nullptr when absent or null

  std::string required_string(std::string_view field, size_t max_length = kMaxStringLength) const;
  std::optional<std::string> optional_string(std::string_view field, size_t max_length = kMaxStringLength) const;
  int64_t required_int(std::string_view field, int64_t min, int64_t max) const;
  std::optional<int64_t> optional_int(std::string_view field, int64_t min, int64_t max) const;
  std::optional<double> optional_number(std::string_view field, double min, double max) const;
  bool required_bool(std::string_view field) const;
  std::optional<bool> optional_bool(std::string_view field) const;
  std::optional<std::vector<std::string>> optional_string_array(std::string_view field, size_t max_items,
                                                                size_t max_length = kMaxStringLength) const;
  // One of the allowed values; invalid_value otherwise.
  std::string required_enum(std::string_view field, const std::vector<std::string_view>& allowed) const;
  std::optional<std::string> optional_enum(std::string_view field, const std::vector<std::string_view>& allowed) const;

  // Raises VALIDATION_ERROR for this object's field with its index attached.
  [[noreturn]] void fail(std::string_view field, std::string_view reason, const std::string& message) const;

  const rapidjson::Value& value() const { return v_; }

 private:
  std::string name(std::string_view field) const { return prefix_ + std::string(field); }
  const rapidjson::Value& v_;
  std::optional<int64_t> index_;
  std::string prefix_;
};

// Compact JSON text of a value (used to store validated sub-documents).
std::string to_json_text(const rapidjson::Value& v);

// A parsed request body that must be a JSON object. Strings are parsed in place
// (they point into the body's own text), so the parsed form costs little more than
// the values' structure.
class JsonBody : public JsonObject {
 public:
  // Throws 400 INVALID_JSON when text is not a JSON object (or not UTF-8), with
  // details.reason "too_deep" past 64 levels and "too_many_values" when its parsed
  // form would cost more than about 3 times the text (json_limits.h).
  static std::unique_ptr<JsonBody> parse(std::string text);
  JsonBody(const JsonBody&) = delete;  // the document points into text_: never moved

 private:
  JsonBody(std::string text, std::unique_ptr<rapidjson::Document> doc);
  std::string text_;  // owns the bytes the document's strings point into
  std::unique_ptr<rapidjson::Document> doc_;
};

}  // namespace euriqa::http
