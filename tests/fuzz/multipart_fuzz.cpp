// multipart/form-data as an upload streams it: the first input byte picks how the rest
// is split into reads, so part boundaries fall anywhere. Bounded memory, no crash, and
// never more parts than the limit.
#include <cstdint>
#include <string>

#include "http/multipart.h"

using euriqa::http::MultipartParser;
using euriqa::http::MultipartPart;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t piece = 1 + data[0] % 64;
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)MultipartParser::boundary_of(body.substr(0, std::min<size_t>(body.size(), 120)));
  MultipartParser parser("BoUnDaRy");
  size_t parts = 0, bytes = 0;
  for (size_t i = 0; i < body.size(); i += piece) {
    bool ok = parser.feed(body.data() + i, std::min(piece, body.size() - i),
                          [&](const MultipartPart&) {
                            ++parts;
                            return true;
                          },
                          [&](const char*, size_t n) {
                            bytes += n;
                            return true;
                          });
    if (!ok) break;
  }
  if (!(parts <= MultipartParser::kMaxParts)) __builtin_trap();
  if (!(bytes <= body.size())) __builtin_trap();
  return 0;
}
