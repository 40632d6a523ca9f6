#include "http/metrics.h"

#include <cstdio>
#include <sstream>

namespace euriqa::http {

namespace {
// Help text for the counters other layers add to.
const std::map<std::string, std::string> kCounterHelp = {
    {"euriqa_results_ingested_total", "Test results stored"},
    {"euriqa_uploads_total", "Artifacts uploaded"},
    {"euriqa_upload_bytes_total", "Bytes of artifacts uploaded"},
    {"euriqa_webhook_deliveries_total", "Webhook delivery attempts"},
    {"euriqa_webhook_failures_total", "Webhook delivery attempts that failed"},
    {"euriqa_rate_limited_total", "Requests refused by rate limits"},
};

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') { out += "\\n"; continue; }
    out.push_back(c);
  }
  return out;
}
}  // namespace

Metrics& metrics() {
  static Metrics m;
  return m;
}

void Metrics::observe_request(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  ++latency_count_;
  latency_sum_ += seconds;
  for (size_t i = 0; i < std::size(kBuckets); ++i)
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
}

void Metrics::add(const std::string& counter, int64_t by) {
  std::lock_guard lock(mu_);
  counters_[counter] += by;
}

void Metrics::set_gauge(const std::string& name, const std::string& help, std::function<int64_t()> read) {
  std::lock_guard lock(mu_);
  gauges_[name] = {help, std::move(read)};
}

std::string Metrics::render() {
  std::map<std::string, std::pair<std::string, std::function<int64_t()>>> gauges;
  std::ostringstream o;
  {
    std::lock_guard lock(mu_);
    o << "# HELP euriqa_http_requests_total HTTP requests by route template, method and status\n"
      << "# TYPE euriqa_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      o << "euriqa_http_requests_total{method=\"" << escape(method) << "\",route=\"" << escape(route)
        << "\",status=\"" << status << "\"} " << n << "\n";
    }
    o << "# HELP euriqa_http_request_duration_seconds HTTP request latency\n"
      << "# TYPE euriqa_http_request_duration_seconds histogram\n";
    for (size_t i = 0; i < std::size(kBuckets); ++i)
      o << "euriqa_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << bucket_counts_[i] << "\n";
    o << "euriqa_http_request_duration_seconds_bucket{le=\"+Inf\"} " << latency_count_ << "\n"
      << "euriqa_http_request_duration_seconds_sum " << latency_sum_ << "\n"
      << "euriqa_http_request_duration_seconds_count " << latency_count_ << "\n";
    for (const auto& [name, help] : kCounterHelp) {
      auto it = counters_.find(name);
      o << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n"
        << name << " " << (it == counters_.end() ? 0 : it->second) << "\n";
    }
    gauges = gauges_;
  }
  for (const auto& [name, g] : gauges) {  // read outside the lock: gauges may query the database
    int64_t v = 0;
    try {
      v = g.second();
    } catch (...) {
    }
    o << "# HELP " << name << " " << g.first << "\n# TYPE " << name << " gauge\n" << name << " " << v << "\n";
  }
  return o.str();
}

}  // namespace euriqa::http
