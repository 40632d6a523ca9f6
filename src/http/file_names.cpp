#include "http/file_names.h"

namespace euriqa::http {

std::string content_disposition(std::string_view disposition, std::string_view file_name) {
  std::string ascii;
  for (unsigned char c : file_name)
    ascii.push_back(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? static_cast<char>(c) : '_');
  return std::string(disposition) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode(file_name);
}

}  // namespace euriqa::http
