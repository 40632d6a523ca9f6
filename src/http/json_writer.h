// Streaming JSON output on RapidJSON's Writer: handlers render responses field by
// field without building a DOM. Times are rendered as RFC 3339, absent values as null.
#pragma once
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::http {

class JsonWriter {
 public:
  JsonWriter() : w_(buf_) {}

  JsonWriter& begin_object() { w_.StartObject(); return *this; }
  JsonWriter& end_object() { w_.EndObject(); return *this; }
  JsonWriter& begin_array() { w_.StartArray(); return *this; }
  JsonWriter& end_array() { w_.EndArray(); return *this; }
  JsonWriter& key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); return *this; }

  JsonWriter& str(std::string_view v) { w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); return *this; }
  JsonWriter& num(int64_t v) { w_.Int64(v); return *this; }
  JsonWriter& real(double v) { w_.Double(v); return *this; }
  JsonWriter& boolean(bool v) { w_.Bool(v); return *this; }
  JsonWriter& null() { w_.Null(); return *this; }
  JsonWriter& time(int64_t unix_ms);
  // Splices already-serialised JSON (stored JSON columns) in place of a value.
  JsonWriter& raw(std::string_view json);

  // key + value shorthands
  JsonWriter& field(std::string_view k, std::string_view v) { return key(k).str(v); }
  JsonWriter& field(std::string_view k, const char* v) { return key(k).str(v); }
  JsonWriter& field(std::string_view k, const std::string& v) { return key(k).str(v); }
  JsonWriter& field(std::string_view k, int64_t v) { return key(k).num(v); }
  JsonWriter& field(std::string_view k, int v) { return key(k).num(v); }
  JsonWriter& field(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonWriter& field(std::string_view k, const std::optional<std::string>& v);
  JsonWriter& field(std::string_view k, const std::optional<int64_t>& v);
  JsonWriter& time_field(std::string_view k, int64_t unix_ms) { return key(k).time(unix_ms); }
  JsonWriter& time_field(std::string_view k, const std::optional<int64_t>& unix_ms);
  JsonWriter& null_field(std::string_view k) { return key(k).null(); }

  std::string take() { return std::string(buf_.GetString(), buf_.GetSize()); }

 private:
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

}  // namespace euriqa::http
