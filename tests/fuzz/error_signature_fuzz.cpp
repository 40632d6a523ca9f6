// Any bytes as a failing result's error message: the signature normaliser, the first
// line and the search text must neither crash nor read out of bounds, and a
// signature, when there is one, is always 16 hex characters.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/error_text.h"
#include "domain/error_signature.h"

using namespace euriqa;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view message(reinterpret_cast<const char*>(data), size);
  auto signature = domain::error_signature(message);
  if (signature && signature->size() != 16) std::abort();
  if (domain::error_first_line(message).size() > 300) std::abort();
  if (api::error_search_text(message).size() > 4000) std::abort();
  (void)domain::normalize_error_message(message);
  return 0;
}
