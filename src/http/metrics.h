// Process-wide counters for GET /metrics (Prometheus text format): requests by
// route template, method and status; a request latency histogram; and named
// counters and gauges the rest of the server adds to.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace euriqa::http {

class Metrics {
 public:
  void observe_request(const std::string& method, const std::string& route, int status, double seconds);
  void add(const std::string& counter, int64_t by = 1);  // names are fixed strings of ours
  // A gauge read when /metrics is rendered (e.g. the webhook queue depth).
  void set_gauge(const std::string& name, const std::string& help, std::function<int64_t()> read);
  std::string render();

 private:
  std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;
  std::map<std::string, int64_t> counters_;
  std::map<std::string, std::pair<std::string, std::function<int64_t()>>> gauges_;
  static constexpr double kBuckets[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  int64_t bucket_counts_[std::size(kBuckets)] = {};
  int64_t latency_count_ = 0;
  double latency_sum_ = 0;
};

Metrics& metrics();

}  // namespace euriqa::http
