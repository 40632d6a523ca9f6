#include "store/data_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "domain/crypto.h"

namespace euriqa::store {

namespace fs = std::filesystem;

void ensure_data_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create data directory " + dir + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
}

std::string database_path(const std::string& dir) { return (fs::path(dir) / "euriqa.db").string(); }

std::string load_or_create_secret(const std::string& dir) {
  std::string path = (fs::path(dir) / "secret").string();
  constexpr size_t kSize = 32;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    std::string secret = domain::random_bytes(kSize);
    bool ok = ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
      ::unlink(path.c_str());
      throw std::runtime_error("cannot write server secret " + path);
    }
    return secret;
  }
  if (errno != EEXIST) throw std::runtime_error("cannot create server secret " + path + ": " + std::strerror(errno));
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot read server secret " + path + ": " + std::strerror(errno));
  std::string secret(kSize, '\0');
  ssize_t n = ::read(fd, secret.data(), kSize);
  ::close(fd);
  if (n != static_cast<ssize_t>(kSize)) throw std::runtime_error("server secret " + path + " is damaged");
  return secret;
}

}  // namespace euriqa::store
