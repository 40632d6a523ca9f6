// Contract §4: ids are the reference's prefix followed by at least 16 random
// alphanumerics (Euriqa uses 20), unguessable and unique.
#include <doctest/doctest.h>

#include <string>
#include <unordered_set>

#include "domain/ids.h"

namespace d = euriqa::domain;

namespace {
bool all_alnum(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!ok) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("new_id is the prefix followed by 20 alphanumerics") {
  for (const char* prefix : {"run_", "test_", "suite_", "proj_", "team_", "member_", "invite_", "key_", "wh_",
                             "artifact_", "user_"}) {
    CAPTURE(prefix);
    std::string id = d::new_id(prefix);
    std::string p(prefix);
    REQUIRE(id.size() == p.size() + 20);
    CHECK(id.substr(0, p.size()) == p);
    CHECK(all_alnum(id.substr(p.size())));
  }
}

TEST_CASE("new_id gives 10,000 distinct ids") {
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(d::new_id("run_"));
  CHECK(seen.size() == 10000);
}

TEST_CASE("random_alnum returns exactly the requested number of alphanumerics") {
  for (int n : {0, 1, 16, 20, 32, 63, 64, 65, 200}) {
    CAPTURE(n);
    std::string s = d::random_alnum(n);
    CHECK(s.size() == static_cast<size_t>(n));
    CHECK(all_alnum(s));
  }
}

TEST_CASE("random_alnum uses digits, lower and upper case letters") {
  std::string s = d::random_alnum(5000);
  bool digit = false, lower = false, upper = false;
  for (char c : s) {
    digit |= c >= '0' && c <= '9';
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
  }
  CHECK(digit);
  CHECK(lower);
  CHECK(upper);
}

TEST_CASE("looks_like_id accepts a generated id of its own prefix") {
  CHECK(d::looks_like_id(d::new_id("proj_"), "proj_"));
  CHECK(d::looks_like_id("proj_abcdefghijklmnop", "proj_"));  // exactly 16
  CHECK(d::looks_like_id("team_ABCdef0123456789XYZ", "team_"));
}

TEST_CASE("looks_like_id refuses other prefixes, short ids and non-alphanumerics") {
  CHECK_FALSE(d::looks_like_id(d::new_id("team_"), "proj_"));
  CHECK_FALSE(d::looks_like_id("proj_abcdefghijklmno", "proj_"));  // 15
  CHECK_FALSE(d::looks_like_id("proj_", "proj_"));
  CHECK_FALSE(d::looks_like_id("", "proj_"));
  CHECK_FALSE(d::looks_like_id("proj_abcdefghijklmnop-", "proj_"));
  CHECK_FALSE(d::looks_like_id("proj_abcdefgh/ijklmnop", "proj_"));
  CHECK_FALSE(d::looks_like_id("proj_abcdefghijklmnop'; --", "proj_"));
  CHECK_FALSE(d::looks_like_id("PROJ_abcdefghijklmnop", "proj_"));
  CHECK_FALSE(d::looks_like_id(std::string_view("proj_abcdefghijklmnop\0", 22), "proj_"));
  CHECK_FALSE(d::looks_like_id("proj_abcdefghijklmnopé", "proj_"));
}
