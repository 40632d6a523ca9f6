// Background upkeep, at start and then every interval: deletes runs older than
// their project's dataRetentionDays (rows, then files) and moves the explorer's totals
// past the emptied days, ends quarantines past their expiry (recording each), and
// removes artifact files that have no row (left by a crash) and stale partial uploads.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "blob/blob_store.h"
#include "store/db.h"

namespace euriqa::jobs {

struct MaintenanceReport {
  int64_t runs_deleted = 0, files_deleted = 0, quarantines_expired = 0;
};

// One pass (used by the thread, and directly by tests of the store).
MaintenanceReport run_maintenance(store::Db& db, const blob::BlobStore& blobs, int64_t now_ms,
                                  int64_t temp_file_age_seconds);

class Maintenance {
 public:
  Maintenance(store::Db& db, const blob::BlobStore& blobs, int interval_seconds);
  ~Maintenance();  // stops and joins the thread

 private:
  void loop();
  store::Db& db_;
  const blob::BlobStore& blobs_;
  int interval_seconds_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace euriqa::jobs
