#include "domain/report_text.h"

namespace euriqa::domain {

std::string strip_ansi(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\x1b' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    char kind = text[i + 1];
    size_t j = i + 2;
    if (kind == '[') {
      // Parameters and intermediates, then one final byte in @..~.
      while (j < text.size() && !(text[j] >= '@' && text[j] <= '~')) ++j;
    } else if (kind == ']') {
      while (j < text.size() && text[j] != '\a' && !(text[j] == '\x1b' && j + 1 < text.size() && text[j + 1] == '\\'))
        ++j;
      if (j < text.size() && text[j] == '\x1b') ++j;
    } else {
      j = i + 1;  // a two-byte escape
    }
    i = j < text.size() ? j : text.size() - 1;
  }
  return out;
}

std::optional<std::string> labelled_value(std::string_view message, std::string_view label) {
  size_t pos = 0;
  while (pos <= message.size()) {
    size_t end = message.find('\n', pos);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = message.substr(pos, end - pos);
    size_t start = line.find_first_not_of(" \t");
    if (start != std::string_view::npos && line.substr(start, label.size()) == label) {
      size_t colon = line.find(':', start);
      if (colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        size_t b = value.find_first_not_of(" \t");
        size_t e = value.find_last_not_of(" \t\r");
        return b == std::string_view::npos ? std::string() : std::string(value.substr(b, e - b + 1));
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace euriqa::domain
