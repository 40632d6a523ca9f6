#include "http/file_names.h"

#include <cctype>
#include <cstdio>

namespace euriqa::http {

std::string percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string content_disposition(std::string_view disposition, std::string_view file_name) {
  std::string ascii;
  for (unsigned char c : file_name)
    ascii.push_back(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? static_cast<char>(c) : '_');
  return std::string(disposition) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode(file_name);
}

}  // namespace euriqa::http
