#include "jobs/maintenance.h"

#include <cstdio>
#include <string>

#include "domain/time.h"
#include "store/artifacts.h"
#include "store/quarantine.h"
#include "store/runs.h"
#include "store/test_case_days.h"

namespace euriqa::jobs {

namespace {
constexpr int kRunsPerTransaction = 20;  // keeps each retention write short
void log(const std::string& message) {
  std::string line = domain::format_time(domain::now_ms()) + " INFO " + message + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}
}  // namespace

MaintenanceReport run_maintenance(store::Db& db, const blob::BlobStore& blobs, int64_t now_ms,
                                  int64_t temp_file_age_seconds) {
  MaintenanceReport report;
  for (;;) {
    int64_t deleted_now = 0;
    auto files = db.write([&](store::Conn& c) {
      std::vector<std::string> ids;
      for (const auto& run_id : store::runs_past_retention(c, now_ms, kRunsPerTransaction)) {
        auto run_files = store::artifact_ids_of_run(c, run_id);
        ids.insert(ids.end(), run_files.begin(), run_files.end());
        store::delete_run(c, run_id);
        ++deleted_now;
      }
      return ids;
    });
    blobs.remove_all(files);  // after the commit
    report.runs_deleted += deleted_now;
    report.files_deleted += static_cast<int64_t>(files.size());
    if (deleted_now < kRunsPerTransaction) break;
  }
  // The explorer's totals leave the days that no longer have results; quarantines past
  // their expiry are recorded as expired (reads already treat them so).
  report.quarantines_expired = db.write([now_ms](store::Conn& c) {
    store::prune_test_case_days(c);
    return store::expire_quarantines(c, now_ms);
  });
  // The explorer's totals and durations of the days before today, a short write at a time.
  while (db.write([now_ms](store::Conn& c) { return store::roll_up_test_case_days(c, domain::day_of(now_ms) - 1); })) {
  }
  // Orphans: files whose artifact row does not exist, and stray files outside their
  // id's place (never served). An upload renames its file into place inside its write
  // transaction, before the row commits, so an unknown file is confirmed inside a
  // write (serialised with uploads) before it goes.
  for (const auto& f : blobs.stored_files()) {
    bool removed = false;
    if (f.path != blobs.path_of(f.id)) {
      blobs.remove_file(f.path);
      removed = true;
    } else if (!db.read([&](store::Conn& c) { return store::artifact_exists(c, f.id); })) {
      removed = db.write([&](store::Conn& c) {
        if (store::artifact_exists(c, f.id)) return false;
        blobs.remove_file(f.path);
        return true;
      });
    }
    if (removed) ++report.files_deleted;
  }
  blobs.remove_temp_files(temp_file_age_seconds);
  return report;
}

Maintenance::Maintenance(store::Db& db, const blob::BlobStore& blobs, int interval_seconds)
    : db_(db), blobs_(blobs), interval_seconds_(interval_seconds), thread_([this] { loop(); }) {}

Maintenance::~Maintenance() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Maintenance::loop() {
  bool first = true;
  for (;;) {
    try {
      // At start every partial upload is an orphan; later only old ones are.
      auto r = run_maintenance(db_, blobs_, domain::now_ms(), first ? 0 : 3600);
      if (r.runs_deleted || r.files_deleted)
        log("maintenance: deleted " + std::to_string(r.runs_deleted) + " runs past retention and " +
            std::to_string(r.files_deleted) + " files");
      if (r.quarantines_expired)
        log("maintenance: " + std::to_string(r.quarantines_expired) + " quarantines reached their expiry");
    } catch (const std::exception& e) {
      log(std::string("maintenance failed: ") + e.what());
    }
    first = false;
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::seconds(interval_seconds_), [this] { return stop_; })) return;
  }
}

}  // namespace euriqa::jobs
