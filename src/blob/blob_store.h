// Artifact files under DATA/blobs/, named by artifact id (two-character fan-out
// folders). A file is written to DATA/blobs/tmp/ while it arrives and renamed into
// place only once complete, so a half file is never visible under its id.
#pragma once
#include <cstdint>
#include <memory>
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
    std::string sha256_hex();                    // of everything appended (call once)
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
    struct HashState;
    std::unique_ptr<HashState> hash_;
  };

  std::unique_ptr<Incoming> receive();
  std::string path_of(const std::string& artifact_id) const;
  bool exists(const std::string& artifact_id) const;
  void remove(const std::string& artifact_id) const;  // missing files are fine
  void remove_all(const std::vector<std::string>& artifact_ids) const;
  // Every artifact id with a file, and stale temp files (older than max_age_s).
  std::vector<std::string> stored_ids() const;
  void remove_temp_files(int64_t older_than_seconds) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_, tmp_;
};

}  // namespace euriqa::blob
