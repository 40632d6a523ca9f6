// A fixed pool of threads that handle requests taken from a FIFO queue. Threads get
// a modest explicit stack size: handlers never recurse deeply (JSON depth is capped at
// 64), and many workers stay cheap.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <vector>

namespace euriqa::http {

class WorkerPool {
 public:
  WorkerPool(size_t threads, std::function<void(void*)> work);
  ~WorkerPool();  // finishes queued items, then joins
  WorkerPool(const WorkerPool&) = delete;

  void submit(void* item);
  size_t waiting() const;  // items queued and not yet taken

 private:
  static void* thread_main(void* self);
  void loop();

  std::function<void(void*)> work_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<void*> queue_;
  bool stop_ = false;
  std::vector<pthread_t> threads_;
};

}  // namespace euriqa::http
