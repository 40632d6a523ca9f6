#include "domain/ids.h"

#include <sodium.h>

namespace euriqa::domain {

namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
}

std::string random_alnum(int count) {
  // One CSPRNG call per 64 bytes rather than one per character (ids are made on the
  // ingest hot path). Bytes >= 248 are rejected so that every character is uniform.
  std::string out;
  out.reserve(count);
  unsigned char buf[64];
  while (static_cast<int>(out.size()) < count) {
    randombytes_buf(buf, sizeof buf);
    for (unsigned char b : buf) {
      if (b >= 248) continue;
      out.push_back(kAlphabet[b % 62]);
      if (static_cast<int>(out.size()) == count) break;
    }
  }
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
