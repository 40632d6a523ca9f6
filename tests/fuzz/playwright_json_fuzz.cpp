// `euriqa import` reading a Playwright JSON report: any file either reads into a
// report or is refused with a message; never a crash or stack exhaustion.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cli/report_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)euriqa::cli::parse_playwright_json(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
