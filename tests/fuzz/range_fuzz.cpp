// The Range header of a download against a file size taken from the first 8 input
// bytes: a partial answer always lies inside the file.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "http/range.h"

using namespace euriqa::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8) return 0;
  int64_t file_size;
  std::memcpy(&file_size, data, 8);
  if (file_size < 0) file_size = -(file_size + 1);
  std::string_view header(reinterpret_cast<const char*>(data + 8), size - 8);
  auto r = parse_range(header, file_size);
  if (r.kind == RangeRequest::Kind::Partial) {
    if (!(r.range.start >= 0)) __builtin_trap();
    if (!(r.range.start <= r.range.end)) __builtin_trap();
    if (!(r.range.end < file_size)) __builtin_trap();
  }
  return 0;
}
