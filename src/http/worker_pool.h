// A fixed pool of threads that handle requests from fair queues: one FIFO per client
// (its address), served round-robin, so a client with hundreds of requests waiting
// delays another client's one request by one turn, not by all of them; and no client
// holds more than half of the threads at once, whatever its requests do. Threads get
// a modest explicit stack size: handlers never recurse deeply (JSON depth is capped
// at 64).
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <pthread.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace euriqa::http {

class WorkerPool {
 public:
  WorkerPool(size_t threads, std::function<void(void*)> work);
  ~WorkerPool();  // finishes queued items, then joins
  WorkerPool(const WorkerPool&) = delete;

  void submit(void* item, const std::string& client);
  size_t waiting() const;  // items queued and not yet taken

 private:
  static void* thread_main(void* self);
  void loop();
  std::deque<std::string>::iterator next_turn();

  std::function<void(void*)> work_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, std::deque<void*>> queues_;  // per client, non-empty
  std::deque<std::string> turns_;  // clients with waiting items, in serving order
  size_t waiting_ = 0;
  std::unordered_map<std::string, size_t> in_service_;  // per client, items being handled
  size_t per_client_cap_;
  bool stop_ = false;
  std::vector<pthread_t> threads_;
};

}  // namespace euriqa::http
