// The Content-Type of a file by its name's extension: the embedded dashboard and trace
// viewer (at build time) and the files of an uploaded HTML report (when served).
#pragma once
#include <string>
#include <string_view>

namespace euriqa::http {

std::string content_type_for(std::string_view path);

}  // namespace euriqa::http
