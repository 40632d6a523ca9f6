#include "http/json_writer.h"

#include "domain/time.h"

namespace euriqa::http {

JsonWriter& JsonWriter::time(int64_t unix_ms) { return str(domain::format_time(unix_ms)); }

JsonWriter& JsonWriter::raw(std::string_view json) {
  w_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  return *this;
}

JsonWriter& JsonWriter::field(std::string_view k, const std::optional<std::string>& v) {
  key(k);
  return v ? str(*v) : null();
}

JsonWriter& JsonWriter::field(std::string_view k, const std::optional<int64_t>& v) {
  key(k);
  return v ? num(*v) : null();
}

JsonWriter& JsonWriter::time_field(std::string_view k, const std::optional<int64_t>& unix_ms) {
  key(k);
  return unix_ms ? time(*unix_ms) : null();
}

}  // namespace euriqa::http
