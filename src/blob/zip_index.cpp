#include "blob/zip_index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace euriqa::blob {
namespace {

constexpr uint32_t kEndOfDirectory = 0x06054b50, kDirectoryEntry = 0x02014b50, kLocalHeader = 0x04034b50;
constexpr size_t kEndRecordSize = 22, kMaxComment = 65535;
// The directory is read on every request for a file of the report: a real report's
// (thousands of files) is well under 1 MiB, and this bounds what a hostile zip can make
// each request allocate.
constexpr uint64_t kMaxDirectoryBytes = 4ull << 20;

uint16_t u16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t u32(const unsigned char* p) { return static_cast<uint32_t>(u16(p)) | static_cast<uint32_t>(u16(p + 2)) << 16; }

class File {
 public:
  explicit File(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw ZipError("the file cannot be opened");
  }
  ~File() { ::close(fd_); }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  uint64_t size() const {
    struct stat st{};
    if (::fstat(fd_, &st) != 0) throw ZipError("the file cannot be read");
    return static_cast<uint64_t>(st.st_size);
  }
  std::string read(uint64_t offset, size_t n) const {
    std::string out(n, '\0');
    size_t done = 0;
    while (done < n) {
      ssize_t got = ::pread(fd_, out.data() + done, n - done, static_cast<off_t>(offset + done));
      if (got <= 0) throw ZipError("the file is shorter than its directory says");
      done += static_cast<size_t>(got);
    }
    return out;
  }

 private:
  int fd_;
};

const unsigned char* bytes(const std::string& s, size_t at = 0) { return reinterpret_cast<const unsigned char*>(s.data()) + at; }

// The end-of-directory record: the last signature in the file's tail that leaves room
// for its own comment.
std::pair<uint64_t, uint64_t> directory_extent(const File& f, uint64_t file_size) {
  if (file_size < kEndRecordSize) throw ZipError("the file is too short to be a zip");
  size_t tail_size = static_cast<size_t>(std::min<uint64_t>(file_size, kEndRecordSize + kMaxComment));
  std::string tail = f.read(file_size - tail_size, tail_size);
  for (size_t i = tail_size - kEndRecordSize + 1; i-- > 0;) {
    const unsigned char* p = bytes(tail, i);
    if (u32(p) != kEndOfDirectory || i + kEndRecordSize + u16(p + 20) > tail_size) continue;
    uint64_t entries = u16(p + 10), size = u32(p + 12), offset = u32(p + 16);
    if (entries == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF)
      throw ZipError("zip64 archives are not supported");
    if (size > kMaxDirectoryBytes) throw ZipError("the zip's directory is too large");
    if (offset + size > file_size - tail_size + i) throw ZipError("the zip's directory is outside the file");
    return {offset, size};
  }
  throw ZipError("the file is not a zip (no end-of-directory record)");
}

}  // namespace

ZipIndex::ZipIndex(const std::string& path) : path_(path) {
  File f(path);
  file_size_ = f.size();
  auto [offset, size] = directory_extent(f, file_size_);
  std::string dir = f.read(offset, static_cast<size_t>(size));
  for (size_t at = 0; at + 46 <= dir.size();) {
    const unsigned char* p = bytes(dir, at);
    if (u32(p) != kDirectoryEntry) throw ZipError("the zip's directory is damaged");
    size_t name_len = u16(p + 28), extra_len = u16(p + 30), comment_len = u16(p + 32);
    if (at + 46 + name_len > dir.size()) throw ZipError("the zip's directory is damaged");
    ZipEntry e;
    e.name.assign(dir, at + 46, name_len);
    e.method = u16(p + 10);
    e.crc32 = u32(p + 16);
    e.compressed_size = u32(p + 20);
    e.size = u32(p + 24);
    e.header_offset = u32(p + 42);
    bool encrypted = u16(p + 8) & 1;
    // Folders, encrypted files and other methods are listed but never served.
    if (!encrypted && (e.method == 0 || e.method == 8) && !e.name.empty() && e.name.back() != '/')
      entries_.push_back(std::move(e));
    at += 46 + name_len + extra_len + comment_len;
  }
  std::sort(entries_.begin(), entries_.end(), [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
  size_t best_depth = SIZE_MAX;
  for (const auto& e : entries_) {
    if (e.name != "index.html" && !e.name.ends_with("/index.html")) continue;
    size_t depth = static_cast<size_t>(std::count(e.name.begin(), e.name.end(), '/'));
    if (depth < best_depth) {
      best_depth = depth;
      root_ = e.name.substr(0, e.name.size() - std::string_view("index.html").size());
    }
  }
}

const ZipEntry* ZipIndex::find(std::string_view name) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                             [](const ZipEntry& e, std::string_view n) { return e.name < n; });
  return it != entries_.end() && it->name == name ? &*it : nullptr;
}

uint64_t ZipIndex::data_offset(const ZipEntry& e) const {
  File f(path_);
  if (e.header_offset + 30 > file_size_) throw ZipError("an entry is outside the file");
  std::string head = f.read(e.header_offset, 30);
  const unsigned char* p = bytes(head);
  if (u32(p) != kLocalHeader) throw ZipError("an entry's header is damaged");
  uint64_t start = e.header_offset + 30 + u16(p + 26) + u16(p + 28);
  if (start + e.compressed_size > file_size_) throw ZipError("an entry is outside the file");
  return start;
}

}  // namespace euriqa::blob
