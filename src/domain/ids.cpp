#include "domain/ids.h"

#include <sodium.h>

namespace euriqa::domain {

namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
}

std::string random_alnum(int count) {
  std::string out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) out.push_back(kAlphabet[randombytes_uniform(62)]);
  return out;
}

std::string new_id(std::string_view prefix) {
  return std::string(prefix) + random_alnum(kIdRandomChars);
}

bool looks_like_id(std::string_view id, std::string_view prefix) {
  if (id.size() < prefix.size() + 16 || id.substr(0, prefix.size()) != prefix) return false;
  for (char c : id.substr(prefix.size())) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) return false;
  }
  return true;
}

}  // namespace euriqa::domain
