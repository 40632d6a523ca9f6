// Artifact files under DATA/blobs/, named by artifact id (two-character fan-out
// folders). A file is written to DATA/blobs/tmp/ while it arrives and renamed into
// place only once complete, so a half file is never visible under its id.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace euriqa::blob {

class BlobStore {
 public:
  explicit BlobStore(std::string data_dir);

  // A file being received: append(), then commit() to move it under its id. The
  // destructor removes it unless committed.
  class Incoming {
   public:
    ~Incoming();
    bool append(const char* data, size_t size);  // false on a write error
    int64_t size() const { return size_; }
    void commit(const std::string& artifact_id);  // throws on failure
    const std::string& prefix() const { return prefix_; }  // the first bytes (for format sniffing)

   private:
    friend class BlobStore;
    Incoming(const BlobStore& store, std::string tmp_path, int fd);
    const BlobStore& store_;
    std::string tmp_path_;
    int fd_;
    int64_t size_ = 0;
    bool committed_ = false;
    std::string prefix_;
  };

  std::unique_ptr<Incoming> receive();
  std::string path_of(const std::string& artifact_id) const;
  bool exists(const std::string& artifact_id) const;
  void remove(const std::string& artifact_id) const;  // missing files are fine
  void remove_all(const std::vector<std::string>& artifact_ids) const;
  // Every file in the fan-out folders: its name (the artifact id) and its path, which
  // differs from path_of(id) for a stray file.
  struct StoredFile {
    std::string id, path;
  };
  std::vector<StoredFile> stored_files() const;
  void remove_file(const std::string& path) const;
  // Temp files older than the age, except those of uploads still in progress.
  void remove_temp_files(int64_t older_than_seconds) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_, tmp_;
  mutable std::mutex mu_;
  mutable std::set<std::string> receiving_;  // temp paths of uploads in progress
};

}  // namespace euriqa::blob
