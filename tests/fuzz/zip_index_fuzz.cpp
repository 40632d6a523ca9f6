// The table of contents of an uploaded report zip (blob/zip_index), read from a file
// holding the input: whatever the bytes, it either refuses with ZipError or gives
// entries whose data lies inside the file, and finds each of them by name.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "blob/zip_index.h"

using namespace euriqa::blob;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/euriqa-zip-fuzz-" + std::to_string(::getpid()) + ".zip";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    ZipIndex zip(path);
    for (const char* name : {"index.html", "data/a.png", "trace/index.html"}) {
      const ZipEntry* e = zip.find(zip.root() + name);
      if (!e) continue;
      if (e->name != zip.root() + name) __builtin_trap();
      try {
        uint64_t at = zip.data_offset(*e);
        if (at + e->compressed_size > size) __builtin_trap();
      } catch (const ZipError&) {
      }
    }
  } catch (const ZipError&) {
  }
  return 0;
}
