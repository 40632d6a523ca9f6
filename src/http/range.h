// The Range request header (RFC 9110 §14) for one byte range of a file of known size:
// "bytes=first-last", "bytes=first-" or "bytes=-suffix". Several ranges, other units
// and malformed values are ignored (the whole file is sent); a range that starts past
// the end is unsatisfiable (416). Pure: fuzzed.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace euriqa::http {

struct ByteRange {
  int64_t start, end;  // inclusive, within the file
};

struct RangeRequest {
  enum class Kind { Whole, Partial, Unsatisfiable } kind = Kind::Whole;
  ByteRange range{0, 0};  // for Partial
};

RangeRequest parse_range(std::string_view header, int64_t size);

}  // namespace euriqa::http
