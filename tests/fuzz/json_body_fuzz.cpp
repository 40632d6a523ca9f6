// A JSON request body as POST /api/tests and /api/tests/batch take it: the depth and
// value bounds, in-place parsing, then validation of each test object (steps, error,
// annotations re-serialised as stored). Validation errors are expected; crashes,
// leaks and stack exhaustion are not.
#include <cstdint>
#include <string>

#include "api/test_input.h"
#include "domain/error.h"
#include "http/json_body.h"

using namespace euriqa;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto body = http::JsonBody::parse(std::string(reinterpret_cast<const char*>(data), size));
    if (const auto* tests = body->get("tests"); tests && tests->IsArray()) {
      int64_t index = 0;
      for (const auto& item : tests->GetArray()) {
        if (item.IsObject()) (void)api::parse_test_input(http::JsonObject(item, index));
        ++index;
      }
    } else {
      (void)api::parse_test_input(*body);
    }
  } catch (const domain::ApiError&) {
  }
  return 0;
}
