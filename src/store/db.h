// The SQLite database: one writer connection behind a mutex (every write is a
// BEGIN IMMEDIATE transaction) and a small pool of reader connections. WAL mode,
// synchronous=NORMAL, foreign keys on, busy timeout set on every connection.
// Statements are prepared once per connection and reused.
#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include <condition_variable>
#include <exception>
#include <functional>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace euriqa::store {

// A prepared statement borrowed from a connection's cache; reset on release so no
// read snapshot stays open.
class Stmt {
 public:
  explicit Stmt(SQLite::Statement& s) : s_(&s) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    try {
      s_->reset();
      s_->clearBindings();
    } catch (...) {
    }
  }
  SQLite::Statement* operator->() { return s_; }
  SQLite::Statement& operator*() { return *s_; }

 private:
  SQLite::Statement* s_;
};

class Conn {
 public:
  Conn(const std::string& path, bool create);
  Stmt prepare(const std::string& sql);
  void exec(const std::string& sql) { db_.exec(sql); }
  SQLite::Database& raw() { return db_; }
  int64_t changes() const { return db_.getChanges(); }

 private:
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> cache_;
};

class Db {
 public:
  // Opens (creating if needed) the database and applies pending migrations.
  explicit Db(const std::string& path, int max_readers = 4);
  ~Db();

  // Runs f(Conn&) in a write transaction; its changes are committed when this
  // returns and rolled back when f throws (the exception is rethrown). Concurrent
  // writers are grouped into one transaction (each in its own savepoint) so that
  // many small writes share one commit.
  template <class F>
  auto write(F&& f) {
    using R = decltype(f(std::declval<Conn&>()));
    if constexpr (std::is_void_v<R>) {
      std::function<void(Conn&)> task = [&](Conn& c) { f(c); };
      run_write(task);
    } else {
      std::optional<R> result;
      std::function<void(Conn&)> task = [&](Conn& c) { result.emplace(f(c)); };
      run_write(task);
      return std::move(*result);
    }
  }

  // Runs f(Conn&) on a reader connection inside one read transaction (a consistent
  // snapshot across its statements).
  template <class F>
  auto read(F&& f) {
    Lease lease(*this);
    Transaction tx(*lease.conn, "BEGIN");
    if constexpr (std::is_void_v<decltype(f(*lease.conn))>) {
      f(*lease.conn);
      tx.commit();
    } else {
      auto result = f(*lease.conn);
      tx.commit();
      return result;
    }
  }

  // True when the database answers a trivial query, on a connection of its own so
  // that a health check never waits behind busy readers (GET /healthz).
  bool ping();

  const std::string& path() const { return path_; }
  int schema_version();

 private:
  class Transaction {
   public:
    Transaction(Conn& c, const char* begin) : c_(c) { c_.exec(begin); }
    ~Transaction() {
      if (!done_) try { c_.exec("ROLLBACK"); } catch (...) {}
    }
    void commit() { c_.exec("COMMIT"); done_ = true; }
   private:
    Conn& c_;
    bool done_ = false;
  };
  struct WriteTask {
    const std::function<void(Conn&)>* fn;
    std::exception_ptr error;
    bool done = false;
  };
  void run_write(const std::function<void(Conn&)>& fn);
  void execute_batch(const std::vector<WriteTask*>& batch);

  struct Lease {
    explicit Lease(Db& db);
    ~Lease();
    Db& db;
    Conn* conn;
  };

  std::string path_;
  std::mutex write_mutex_;  // guards writer_
  std::unique_ptr<Conn> writer_;
  std::mutex queue_mutex_;  // guards queue_, leader_active_ and WriteTask::done
  std::condition_variable queue_cv_;
  std::vector<WriteTask*> queue_;
  bool leader_active_ = false;
  std::mutex ping_mutex_;
  std::unique_ptr<Conn> ping_conn_;
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Conn>> idle_readers_;
  int open_readers_ = 0;
  int max_readers_;
};

// Applies the embedded numbered migrations newer than PRAGMA user_version, one
// transaction each, up to `target` (default: the latest). Refuses a database newer
// than this binary.
void migrate(Conn& conn, int target = -1);
int latest_schema_version();

}  // namespace euriqa::store
