#include "http/json_body.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

#include "domain/error.h"
#include "domain/validation.h"
#include "http/json_limits.h"

namespace euriqa::http {

using domain::ApiError;

JsonObject::JsonObject(const rapidjson::Value& v, std::optional<int64_t> index, std::string prefix)
    : v_(v), index_(index), prefix_(std::move(prefix)) {}

void JsonObject::fail(std::string_view field, std::string_view reason, const std::string& message) const {
  ApiError e = domain::validation(name(field), std::string(reason), message);
  if (index_) e.detail("index", static_cast<long long>(*index_));
  throw e;
}

const rapidjson::Value* JsonObject::get(std::string_view field) const {
  auto it = v_.FindMember(rapidjson::Value(field.data(), static_cast<rapidjson::SizeType>(field.size())));
  if (it == v_.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

bool JsonObject::has(std::string_view field) const { return get(field) != nullptr; }

std::optional<std::string> JsonObject::optional_string(std::string_view field, size_t max_length) const {
  const auto* v = get(field);
  if (!v) return std::nullopt;
  if (!v->IsString()) fail(field, "invalid_type", "Field '" + name(field) + "' must be a string");
  if (v->GetStringLength() > max_length)
    fail(field, "too_long", "Field '" + name(field) + "' is longer than " + std::to_string(max_length) + " characters");
  return std::string(v->GetString(), v->GetStringLength());
}

std::string JsonObject::required_string(std::string_view field, size_t max_length) const {
  auto s = optional_string(field, max_length);
  if (!s) fail(field, "required", "Field '" + name(field) + "' is required");
  return *s;
}

std::optional<int64_t> JsonObject::optional_int(std::string_view field, int64_t min, int64_t max) const {
  const auto* v = get(field);
  if (!v) return std::nullopt;
  int64_t n;
  if (v->IsInt64()) {
    n = v->GetInt64();
  } else if (v->IsDouble() && std::isfinite(v->GetDouble()) && std::floor(v->GetDouble()) == v->GetDouble() &&
             std::fabs(v->GetDouble()) < 9e15) {
    n = static_cast<int64_t>(v->GetDouble());
  } else {
    fail(field, "invalid_type", "Field '" + name(field) + "' must be a whole number");
  }
  if (n < min || n > max)
    fail(field, "out_of_range",
         "Field '" + name(field) + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

int64_t JsonObject::required_int(std::string_view field, int64_t min, int64_t max) const {
  auto n = optional_int(field, min, max);
  if (!n) fail(field, "required", "Field '" + name(field) + "' is required");
  return *n;
}

std::optional<double> JsonObject::optional_number(std::string_view field, double min, double max) const {
  const auto* v = get(field);
  if (!v) return std::nullopt;
  if (!v->IsNumber()) fail(field, "invalid_type", "Field '" + name(field) + "' must be a number");
  double d = v->GetDouble();
  if (!(d >= min && d <= max))
    fail(field, "out_of_range", "Field '" + name(field) + "' is out of range");
  return d;
}

std::optional<bool> JsonObject::optional_bool(std::string_view field) const {
  const auto* v = get(field);
  if (!v) return std::nullopt;
  if (!v->IsBool()) fail(field, "invalid_type", "Field '" + name(field) + "' must be true or false");
  return v->GetBool();
}

bool JsonObject::required_bool(std::string_view field) const {
  auto b = optional_bool(field);
  if (!b) fail(field, "required", "Field '" + name(field) + "' is required");
  return *b;
}

std::optional<std::vector<std::string>> JsonObject::optional_string_array(std::string_view field, size_t max_items,
                                                                          size_t max_length) const {
  const auto* v = get(field);
  if (!v) return std::nullopt;
  if (!v->IsArray()) fail(field, "invalid_type", "Field '" + name(field) + "' must be an array of strings");
  if (v->Size() > max_items)
    fail(field, "too_long", "Field '" + name(field) + "' has more than " + std::to_string(max_items) + " items");
  std::vector<std::string> out;
  for (const auto& item : v->GetArray()) {
    if (!item.IsString()) fail(field, "invalid_type", "Field '" + name(field) + "' must be an array of strings");
    if (item.GetStringLength() > max_length)
      fail(field, "too_long", "An item of '" + name(field) + "' is too long");
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

std::optional<std::string> JsonObject::optional_enum(std::string_view field,
                                                     const std::vector<std::string_view>& allowed) const {
  auto s = optional_string(field, 100);
  if (!s) return std::nullopt;
  for (auto a : allowed)
    if (*s == a) return s;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fail(field, "invalid_value", "Field '" + name(field) + "' must be one of: " + list);
}

std::string JsonObject::required_enum(std::string_view field, const std::vector<std::string_view>& allowed) const {
  auto s = optional_enum(field, allowed);
  if (!s) fail(field, "required", "Field '" + name(field) + "' is required");
  return *s;
}

std::string to_json_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

JsonBody::JsonBody(std::string text, std::unique_ptr<rapidjson::Document> doc)
    : JsonObject(*doc), text_(std::move(text)), doc_(std::move(doc)) {}

std::unique_ptr<JsonBody> JsonBody::parse(std::string text) {
  if (auto limit = check_json_limits(text)) {
    bool deep = *limit == JsonLimit::TooDeep;
    ApiError e(400, "INVALID_JSON", deep ? "JSON is nested deeper than 64 levels"
                                         : "JSON holds too many values for its size");
    e.detail("reason", deep ? "too_deep" : "too_many_values");
    throw e;
  }
  if (text.find('\0') != std::string::npos) throw ApiError(400, "INVALID_JSON", "Request body is not valid JSON: a NUL byte");
  // Parsed in place, in the JsonBody's own copy of the text (moved there first: a
  // short string's bytes live inside the string object itself). Iterative: no
  // recursion, whatever the input. RapidJSON's in-place UTF-8 check reads up to three
  // bytes past a multi-byte lead byte, even when the text ends there (found by
  // tests/fuzz): NUL padding keeps those reads inside the buffer, and fails them.
  text.append(4, '\0');
  std::unique_ptr<JsonBody> body(new JsonBody(std::move(text), std::make_unique<rapidjson::Document>()));
  auto& doc = *body->doc_;
  doc.ParseInsitu<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(body->text_.data());
  if (doc.HasParseError()) {
    ApiError e(400, "INVALID_JSON",
               std::string("Request body is not valid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()));
    e.detail("offset", static_cast<long long>(doc.GetErrorOffset()));
    throw e;
  }
  if (!doc.IsObject()) throw ApiError(400, "INVALID_JSON", "Request body must be a JSON object");
  return body;
}

}  // namespace euriqa::http
