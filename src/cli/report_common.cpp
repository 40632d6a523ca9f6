// Helpers shared by the report readers (report_model.h).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "cli/report_model.h"
#include "domain/report_text.h"

namespace euriqa::cli {

std::string error_json(const std::string& message, const std::string& stack, const std::string& location_json) {
  std::string clean_message = domain::strip_ansi(message);
  std::string clean_stack = domain::strip_ansi(stack);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("message");
  w.String(clean_message.c_str(), static_cast<rapidjson::SizeType>(clean_message.size()));
  w.Key("stack");
  w.String(clean_stack.c_str(), static_cast<rapidjson::SizeType>(clean_stack.size()));
  // JUnit keeps the details in the element's text, not in the one-line message.
  const std::string& details = clean_message.find('\n') != std::string::npos ? clean_message : clean_stack;
  for (auto [label, key] : {std::pair{"Expected", "expected"}, std::pair{"Received", "actual"}}) {
    auto v = domain::labelled_value(clean_message, label);
    if (!v) v = domain::labelled_value(details, label);
    if (v) {
      w.Key(key);
      w.String(v->c_str(), static_cast<rapidjson::SizeType>(v->size()));
    }
  }
  if (!location_json.empty()) {
    w.Key("location");
    w.RawValue(location_json.c_str(), location_json.size(), rapidjson::kObjectType);
  }
  w.EndObject();
  return buf.GetString();
}

std::string attachment_type(const std::string& name, const std::string& content_type) {
  if (content_type.rfind("image/", 0) == 0) return "screenshot";
  if (content_type.rfind("video/", 0) == 0) return "video";
  if (content_type == "application/zip" && name == "trace") return "trace";
  return "";
}

}  // namespace euriqa::cli
