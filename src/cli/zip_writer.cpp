#include "cli/zip_writer.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace euriqa::cli {
namespace {

void put16(std::string& b, uint32_t v) {
  b += static_cast<char>(v & 0xff);
  b += static_cast<char>((v >> 8) & 0xff);
}
void put32(std::string& b, uint32_t v) {
  put16(b, v & 0xffff);
  put16(b, v >> 16);
}

struct Entry {
  std::string name;
  uint32_t crc = 0, size = 0, offset = 0;
};

// One local header (sizes and CRC known up front: we read each file twice, once to
// checksum and once to copy, so memory stays flat whatever the file's size).
std::string local_header(const Entry& e) {
  std::string h;
  put32(h, 0x04034b50);
  put16(h, 20);  // version needed
  put16(h, 0x0800);  // UTF-8 names
  put16(h, 0);  // stored
  put16(h, 0);
  put16(h, 0x21);  // 1980-01-01: fixed times keep archives reproducible
  put32(h, e.crc);
  put32(h, e.size);
  put32(h, e.size);
  put16(h, static_cast<uint32_t>(e.name.size()));
  put16(h, 0);
  return h + e.name;
}

std::string central_header(const Entry& e) {
  std::string h;
  put32(h, 0x02014b50);
  put16(h, 20);
  put16(h, 20);
  put16(h, 0x0800);
  put16(h, 0);
  put16(h, 0);
  put16(h, 0x21);
  put32(h, e.crc);
  put32(h, e.size);
  put32(h, e.size);
  put16(h, static_cast<uint32_t>(e.name.size()));
  put16(h, 0);
  put16(h, 0);
  put16(h, 0);
  put16(h, 0);
  put32(h, 0);
  put32(h, e.offset);
  return h + e.name;
}

uint32_t crc_of(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  uLong crc = crc32(0, nullptr, 0);
  std::vector<char> buf(64 * 1024);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(in.gcount()));
  return static_cast<uint32_t>(crc);
}

}  // namespace

void zip_directory(const std::string& dir, const std::string& zip_path) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& f : fs::recursive_directory_iterator(dir))
    if (f.is_regular_file()) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::ofstream out(zip_path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + zip_path);
  std::vector<Entry> entries;
  uint64_t offset = 0;
  std::vector<char> buf(64 * 1024);
  for (const auto& f : files) {
    Entry e;
    e.name = fs::relative(f, dir).generic_string();
    uint64_t size = fs::file_size(f);
    if (size >= 0xffffffffull || offset >= 0xffffffffull) throw std::runtime_error("report too large to zip");
    e.size = static_cast<uint32_t>(size);
    e.crc = crc_of(f);
    e.offset = static_cast<uint32_t>(offset);
    std::string h = local_header(e);
    out.write(h.data(), static_cast<std::streamsize>(h.size()));
    std::ifstream in(f, std::ios::binary);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
      out.write(buf.data(), in.gcount());
    offset += h.size() + size;
    entries.push_back(std::move(e));
  }
  std::string central;
  for (const auto& e : entries) central += central_header(e);
  out.write(central.data(), static_cast<std::streamsize>(central.size()));
  std::string end;
  put32(end, 0x06054b50);
  put16(end, 0);
  put16(end, 0);
  put16(end, static_cast<uint32_t>(entries.size()));
  put16(end, static_cast<uint32_t>(entries.size()));
  put32(end, static_cast<uint32_t>(central.size()));
  put32(end, static_cast<uint32_t>(offset));
  put16(end, 0);
  out.write(end.data(), static_cast<std::streamsize>(end.size()));
  if (!out) throw std::runtime_error("cannot write " + zip_path);
}

}  // namespace euriqa::cli
