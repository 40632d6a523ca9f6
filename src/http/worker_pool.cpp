#include "http/worker_pool.h"

#include <algorithm>
#include <stdexcept>

namespace euriqa::http {

namespace {
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kStackBytes = 8 * 1024 * 1024;  // sanitizers pad every frame
#else
constexpr size_t kStackBytes = 2 * 1024 * 1024;
#endif
}  // namespace

WorkerPool::WorkerPool(size_t threads, std::function<void(void*)> work)
    : work_(std::move(work)), per_client_cap_(std::max<size_t>(1, threads / 2)) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStackBytes);
  for (size_t i = 0; i < threads; ++i) {
    pthread_t t;
    if (pthread_create(&t, &attr, &WorkerPool::thread_main, this) != 0) {
      pthread_attr_destroy(&attr);
      throw std::runtime_error("cannot start HTTP worker threads");
    }
    threads_.push_back(t);
  }
  pthread_attr_destroy(&attr);
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto t : threads_) pthread_join(t, nullptr);
}

void* WorkerPool::thread_main(void* self) {
  static_cast<WorkerPool*>(self)->loop();
  return nullptr;
}

void WorkerPool::submit(void* item, const std::string& client) {
  {
    std::lock_guard lock(mu_);
    auto& q = queues_[client];
    if (q.empty()) turns_.push_back(client);
    q.push_back(item);
    ++waiting_;
  }
  cv_.notify_one();
}

size_t WorkerPool::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

// The first client in turn order that is below its share of the workers.
std::deque<std::string>::iterator WorkerPool::next_turn() {
  return std::find_if(turns_.begin(), turns_.end(), [this](const std::string& client) {
    auto busy = in_service_.find(client);
    return busy == in_service_.end() || busy->second < per_client_cap_;
  });
}

void WorkerPool::loop() {
  for (;;) {
    void* item;
    std::string client;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return (stop_ && waiting_ == 0) || next_turn() != turns_.end(); });
      auto turn = next_turn();
      if (turn == turns_.end()) return;  // stopping, nothing left
      client = std::move(*turn);
      turns_.erase(turn);
      auto it = queues_.find(client);
      item = it->second.front();
      it->second.pop_front();
      --waiting_;
      ++in_service_[client];
      if (it->second.empty()) queues_.erase(it);
      else turns_.push_back(client);  // its next item waits for the others' turns
    }
    work_(item);
    {
      std::lock_guard lock(mu_);
      auto busy = in_service_.find(client);
      if (--busy->second == 0) in_service_.erase(busy);
    }
    cv_.notify_all();  // the client may have had items waiting at its cap
  }
}

}  // namespace euriqa::http
