#include "api/error_text.h"

#include <rapidjson/document.h>

#include "domain/error_signature.h"
#include "domain/report_text.h"

namespace euriqa::api {

namespace {
constexpr size_t kMaxSearchedErrorBytes = 4000;
}

std::string error_first_line_of(const std::optional<std::string>& error_json) {
  if (!error_json) return "";
  rapidjson::Document d;
  d.Parse(error_json->c_str(), error_json->size());
  if (!d.IsObject() || !d.HasMember("message") || !d["message"].IsString()) return "";
  return domain::error_first_line(std::string_view(d["message"].GetString(), d["message"].GetStringLength()));
}

std::string error_search_text(std::string_view message) {
  std::string text = domain::strip_ansi(message);
  if (text.size() <= kMaxSearchedErrorBytes) return text;
  size_t cut = kMaxSearchedErrorBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  text.resize(cut);
  return text;
}

}  // namespace euriqa::api
