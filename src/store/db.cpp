#include "store/db.h"

#include <stdexcept>

namespace euriqa::store {

Conn::Conn(const std::string& path, bool create)
    : db_(path, SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0) | SQLite::OPEN_FULLMUTEX,
          5000) {
  // busy_timeout is set by the constructor above (5 s); the rest is per connection too.
  db_.exec("PRAGMA foreign_keys=ON");
  db_.exec("PRAGMA synchronous=NORMAL");
  db_.exec("PRAGMA temp_store=MEMORY");
}

Stmt Conn::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  return Stmt(*it->second);
}

Db::Db(const std::string& path, int max_readers) : path_(path), max_readers_(max_readers) {
  writer_ = std::make_unique<Conn>(path, true);
  writer_->exec("PRAGMA journal_mode=WAL");
  migrate(*writer_);
}

Db::~Db() = default;

int Db::schema_version() {
  std::lock_guard lock(write_mutex_);
  return writer_->raw().execAndGet("PRAGMA user_version").getInt();
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
