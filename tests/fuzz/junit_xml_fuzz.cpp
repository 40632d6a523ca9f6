// `euriqa import` reading JUnit XML from any framework: any file either reads into a
// report or is refused with a message; never a crash.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cli/report_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)euriqa::cli::parse_junit_xml(std::string(reinterpret_cast<const char*>(data), size), "fuzz.xml", "/nonexistent");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
