#include "store/db.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

namespace euriqa::store {

Conn::Conn(const std::string& path, bool create)
    // NOMUTEX: a connection is only ever used by one thread at a time (the writer by the
    // write leader, readers through leases), so SQLite's per-call locking is pure cost.
    : db_(path, SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0) | SQLite::OPEN_NOMUTEX,
          5000) {
  // busy_timeout is set by the constructor above (5 s); the rest is per connection too.
  db_.exec("PRAGMA foreign_keys=ON");
  db_.exec("PRAGMA synchronous=NORMAL");
  db_.exec("PRAGMA temp_store=MEMORY");
  // 16 MiB of page cache per connection (default 2 MiB): list and search queries
  // re-read the same index and logical-test pages on every request.
  db_.exec("PRAGMA cache_size=-16384");
}

Stmt Conn::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  return Stmt(*it->second);
}

Db::Db(const std::string& path, int max_readers) : path_(path), max_readers_(max_readers) {
  // The database holds password hashes and key hashes: create it private (0600)
  // rather than with SQLite's 0644; SQLite gives its -wal and -shm files the same mode.
  if (int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
  writer_ = std::make_unique<Conn>(path, true);
  writer_->exec("PRAGMA journal_mode=WAL");
  // Checkpoint every ~40 MB of WAL rather than every 4 MB: small ingest commits
  // rewrite the same hot pages, and each checkpoint costs an fsync of the database.
  writer_->exec("PRAGMA wal_autocheckpoint=10000");
  migrate(*writer_);
}

Db::~Db() = default;

int Db::schema_version() {
  std::lock_guard lock(write_mutex_);
  return writer_->raw().execAndGet("PRAGMA user_version").getInt();
}

void Db::run_write(const std::function<void(Conn&)>& fn) {
  WriteTask task{&fn, nullptr, false};
  std::unique_lock lock(queue_mutex_);
  queue_.push_back(&task);
  while (!task.done) {
    if (leader_active_) {
      queue_cv_.wait(lock);
      continue;
    }
    // Become the leader: run everything queued so far in one transaction.
    leader_active_ = true;
    std::vector<WriteTask*> batch;
    batch.swap(queue_);
    lock.unlock();
    execute_batch(batch);
    lock.lock();
    for (auto* t : batch) t->done = true;
    leader_active_ = false;
    queue_cv_.notify_all();
  }
  if (task.error) std::rethrow_exception(task.error);
}

void Db::execute_batch(const std::vector<WriteTask*>& batch) {
  std::lock_guard lock(write_mutex_);
  auto fail_all = [&](std::exception_ptr e) {
    for (auto* t : batch)
      if (!t->error) t->error = e;
  };
  try {
    writer_->exec("BEGIN IMMEDIATE");
  } catch (...) {
    fail_all(std::current_exception());
    return;
  }
  const bool grouped = batch.size() > 1;
  for (auto* t : batch) {
    try {
      if (grouped) writer_->exec("SAVEPOINT task");
      (*t->fn)(*writer_);
      if (grouped) writer_->exec("RELEASE task");
    } catch (...) {
      t->error = std::current_exception();
      try {
        if (!grouped) throw std::runtime_error("single write failed");
        writer_->exec("ROLLBACK TO task");
        writer_->exec("RELEASE task");
      } catch (...) {
        // The transaction itself is gone (or this was the only task): undo everything.
        try { writer_->exec("ROLLBACK"); } catch (...) {}
        fail_all(t->error);
        return;
      }
    }
  }
  try {
    writer_->exec("COMMIT");
  } catch (...) {
    try { writer_->exec("ROLLBACK"); } catch (...) {}
    fail_all(std::current_exception());
  }
}

bool Db::ping() {
  std::lock_guard lock(ping_mutex_);
  try {
    if (!ping_conn_) ping_conn_ = std::make_unique<Conn>(path_, false);
    ping_conn_->raw().execAndGet("SELECT 1");
    return true;
  } catch (const std::exception&) {
    ping_conn_.reset();  // reopen next time
    return false;
  }
}

Db::Lease::Lease(Db& d) : db(d), conn(nullptr) {
  std::unique_lock lock(db.pool_mutex_);
  for (;;) {
    if (!db.idle_readers_.empty()) {
      conn = db.idle_readers_.back().release();
      db.idle_readers_.pop_back();
      return;
    }
    if (db.open_readers_ < db.max_readers_) {
      ++db.open_readers_;
      lock.unlock();
      try {
        conn = new Conn(db.path_, false);
      } catch (...) {
        std::lock_guard relock(db.pool_mutex_);
        --db.open_readers_;
        throw;
      }
      return;
    }
    db.pool_cv_.wait(lock);
  }
}

Db::Lease::~Lease() {
  {
    std::lock_guard lock(db.pool_mutex_);
    db.idle_readers_.emplace_back(conn);
  }
  db.pool_cv_.notify_one();
}

}  // namespace euriqa::store
