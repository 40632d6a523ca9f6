// Resource ids: the prefix of contract §4 ("run_", "proj_", ...) followed by random
// alphanumerics from libsodium's CSPRNG, so ids are unguessable.
#pragma once
#include <string>
#include <string_view>

namespace euriqa::domain {

constexpr int kIdRandomChars = 20;

std::string random_alnum(int count);
std::string new_id(std::string_view prefix);  // prefix includes the "_"
// True when id is prefix + at least 16 alphanumerics (and nothing else).
bool looks_like_id(std::string_view id, std::string_view prefix);

}  // namespace euriqa::domain
