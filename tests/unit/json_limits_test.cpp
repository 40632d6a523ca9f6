// src/http/json_limits.h: the pre-parse scan counts nesting and values from
// structure only, ignoring anything inside strings (escapes included).
#include <doctest/doctest.h>

#include <string>

#include "http/json_limits.h"

using namespace euriqa::http;

TEST_CASE("nesting is counted outside strings only") {
  CHECK_FALSE(check_json_limits(std::string(64, '[') + std::string(64, ']')).has_value());
  CHECK(check_json_limits(std::string(65, '[')) == JsonLimit::TooDeep);
  CHECK_FALSE(check_json_limits("{\"a\":\"" + std::string(100, '[') + "\"}").has_value());
  // An escaped quote does not end the string.
  CHECK_FALSE(check_json_limits("{\"a\":\"\\\"" + std::string(100, '{') + "\"}").has_value());
  // An escaped backslash does.
  CHECK(check_json_limits("{\"a\":\"\\\\\"," + std::string(100, '[') + "}") == JsonLimit::TooDeep);
}

TEST_CASE("values beyond 3 bytes of parsed form per byte of text are refused, small bodies never") {
  std::string dense = "[0";
  for (int i = 0; i < 100000; ++i) dense += ",0";
  dense += "]";
  CHECK(check_json_limits(dense) == JsonLimit::TooManyValues);
  std::string roomy = "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"";
  for (int i = 0; i < 100000; ++i) roomy += ",\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"";
  roomy += "]";
  CHECK_FALSE(check_json_limits(roomy).has_value());
  CHECK_FALSE(check_json_limits("[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]").has_value());
}
