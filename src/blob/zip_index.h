// The table of contents of a stored zip (an uploaded Playwright HTML report), read
// from its central directory, so the server can send one file of it straight from the
// blob without unpacking anything to disk or memory. Only what a report needs: stored
// and deflated entries, no encryption, no zip64 (reports are at most 200 MB).
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace euriqa::blob {

struct ZipError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ZipEntry {
  std::string name;
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0, size = 0;
  uint64_t header_offset = 0;  // of its local header
};

class ZipIndex {
 public:
  // Throws ZipError when the file is not a zip this reader can serve.
  explicit ZipIndex(const std::string& path);

  // The folder the report sits in: "" when index.html is at the top, else the
  // shallowest "x/.../" holding an index.html (a zip of the playwright-report folder).
  const std::string& root() const { return root_; }
  const ZipEntry* find(std::string_view name) const;
  // Where the entry's bytes start in the file (after its local header).
  uint64_t data_offset(const ZipEntry& e) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  uint64_t file_size_ = 0;
  std::vector<ZipEntry> entries_;  // sorted by name
  std::string root_;
};

}  // namespace euriqa::blob
