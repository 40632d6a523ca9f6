#include "http/json_limits.h"

namespace euriqa::http {

std::optional<JsonLimit> check_json_limits(std::string_view text, size_t max_depth) {
  size_t depth = 0, values = 1;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[':
        if (++depth > max_depth) return JsonLimit::TooDeep;
        ++values;
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      case ',':
      case ':': ++values; break;
      default: break;
    }
  }
  // Parsed cost about values x 16 bytes (and as much again, briefly, on the parse
  // stack): allowed up to 3 bytes per byte of text, beside the text itself.
  size_t allowed = text.size() * 3 / kJsonValueBytes;
  if (values > kJsonFreeValues && values > allowed) return JsonLimit::TooManyValues;
  return std::nullopt;
}

}  // namespace euriqa::http
