// bench/load helper: hostile connections beside a load run, and a /healthz prober.
//   bench_hostile_clients PORT [--idle N] [--slow N] [--probe-from ADDR] [--probe-ms MS]
// Opens N idle keep-alive and N slow-loris connections from 127.0.0.2.. (200 per
// address, re-opened whenever the server closes one; the same Pool as
// tests/api/connection_flood_test), prints "ready" once they are established (or after
// 30 s), then probes GET /healthz on a fresh connection from ADDR (default 127.0.0.254,
// so a load tool's connections from 127.0.0.1 do not count against its cap) every MS
// (default 100) until SIGTERM or SIGINT, and prints one JSON line of figures.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/hostile_clients.h"

namespace hostile = euriqa::test::hostile;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PORT [--idle N] [--slow N] [--probe-from ADDR] [--probe-ms MS]\n", argv[0]);
    return 2;
  }
  hostile::PoolOptions o;
  o.port = std::atoi(argv[1]);
  std::string probe_from = "127.0.0.254";
  int probe_ms = 100;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--idle") o.idle = std::atoi(value.c_str());
    else if (flag == "--slow") o.slow = std::atoi(value.c_str());
    else if (flag == "--probe-from") probe_from = value;
    else if (flag == "--probe-ms") probe_ms = std::atoi(value.c_str());
  }
  hostile::raise_fd_limit();
  // Signals go to sigwait below, not to the pool's or the prober's threads.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto pool = std::make_unique<hostile::Pool>(o);
  bool established = pool->wait_established(30);
  auto at_ready = pool->stats();
  std::printf("ready established=%d idle=%d slow=%d\n", established ? 1 : 0, at_ready.idle_open, at_ready.slow_open);
  std::fflush(stdout);

  std::atomic<bool> stop{false};
  std::vector<double> samples;
  std::thread prober([&] {
    while (!stop) {
      auto next = hostile::Clock::now() + std::chrono::milliseconds(probe_ms);
      samples.push_back(hostile::healthz_ms(o.port, probe_from, 2000));
      std::this_thread::sleep_until(next);
    }
  });
  int sig = 0;
  sigwait(&stop_signals, &sig);
  stop = true;
  prober.join();
  auto s = pool->stats();
  pool.reset();

  int failures = 0;
  for (double v : samples) failures += v < 0 ? 1 : 0;
  std::printf(
      "{\"established\":%s,\"idle_open\":%d,\"slow_open\":%d,\"closed_by_server\":%ld,\"connect_failures\":%ld,"
      "\"probes\":%zu,\"probe_failures\":%d,\"healthz_p50_ms\":%.2f,\"healthz_p99_ms\":%.2f}\n",
      established ? "true" : "false", s.idle_open, s.slow_open, s.reopened, s.connect_failures, samples.size(),
      failures, hostile::quantile(samples, 0.5), hostile::quantile(samples, 0.99));
  return 0;
}
