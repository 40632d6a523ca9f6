// Typed query parameters shared by the list handlers: each parser names the field in
// the 400 VALIDATION_ERROR it raises, and answers nullopt when the parameter is absent.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/request.h"

namespace euriqa::api {

// An RFC 3339 time (any offset), as Unix milliseconds.
std::optional<int64_t> time_query(const http::Request& req, const char* name);
// "true" or "false".
std::optional<bool> bool_query(const http::Request& req, const char* name);
// One of the allowed words.
std::optional<std::string> enum_query(const http::Request& req, const char* name,
                                      const std::vector<std::string>& allowed);
// A whole number in [min, max].
std::optional<int64_t> int_query(const http::Request& req, const char* name, int64_t min, int64_t max);

}  // namespace euriqa::api
