#include "blob/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "domain/crypto.h"
#include "domain/file_format.h"
#include "domain/ids.h"

namespace euriqa::blob {

namespace fs = std::filesystem;

BlobStore::BlobStore(std::string data_dir)
    : root_((fs::path(data_dir) / "blobs").string()), tmp_((fs::path(data_dir) / "blobs" / "tmp").string()) {
  fs::create_directories(tmp_);
}

std::unique_ptr<BlobStore::Incoming> BlobStore::receive() {
  std::string path = (fs::path(tmp_) / (domain::random_alnum(24) + ".part")).string();
  {
    std::lock_guard lock(mu_);  // before the file exists, so the sweep never takes it
    receiving_.insert(path);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int err = errno;
    std::lock_guard lock(mu_);
    receiving_.erase(path);
    throw std::runtime_error("cannot create " + path + ": " + std::strerror(err));
  }
  return std::unique_ptr<Incoming>(new Incoming(*this, path, fd));
}

BlobStore::Incoming::Incoming(const BlobStore& store, std::string tmp_path, int fd)
    : store_(store), tmp_path_(std::move(tmp_path)), fd_(fd) {}

BlobStore::Incoming::~Incoming() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(tmp_path_.c_str());
  std::lock_guard lock(store_.mu_);
  store_.receiving_.erase(tmp_path_);
}

bool BlobStore::Incoming::append(const char* data, size_t size) {
  if (prefix_.size() < domain::kSniffBytes)
    prefix_.append(data, std::min(size, domain::kSniffBytes - prefix_.size()));
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
    size_ += n;
  }
  return true;
}

void BlobStore::Incoming::commit(const std::string& artifact_id) {
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    throw std::runtime_error("cannot write artifact file");
  }
  fd_ = -1;
  std::string dest = store_.path_of(artifact_id);
  fs::create_directories(fs::path(dest).parent_path());
  if (::rename(tmp_path_.c_str(), dest.c_str()) != 0)
    throw std::runtime_error(std::string("cannot move artifact file into place: ") + std::strerror(errno));
  committed_ = true;
}

std::string BlobStore::path_of(const std::string& id) const {
  std::string fan = id.size() >= 2 ? id.substr(id.size() - 2) : "00";
  return (fs::path(root_) / fan / id).string();
}

bool BlobStore::exists(const std::string& id) const { return fs::exists(path_of(id)); }

void BlobStore::remove(const std::string& id) const { ::unlink(path_of(id).c_str()); }

void BlobStore::remove_all(const std::vector<std::string>& ids) const {
  for (const auto& id : ids) remove(id);
}

std::vector<BlobStore::StoredFile> BlobStore::stored_files() const {
  std::vector<StoredFile> out;
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator(root_, ec)) {
    if (!dir.is_directory() || dir.path() == fs::path(tmp_)) continue;
    for (const auto& f : fs::directory_iterator(dir.path(), ec))
      if (f.is_regular_file()) out.push_back({f.path().filename().string(), f.path().string()});
  }
  return out;
}

void BlobStore::remove_file(const std::string& path) const { ::unlink(path.c_str()); }

void BlobStore::remove_temp_files(int64_t older_than_seconds) const {
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& f : fs::directory_iterator(tmp_, ec)) {
    auto age = std::chrono::duration_cast<std::chrono::seconds>(now - f.last_write_time(ec)).count();
    std::lock_guard lock(mu_);
    if (age >= older_than_seconds && !receiving_.count(f.path().string())) fs::remove(f.path(), ec);
  }
}

}  // namespace euriqa::blob
