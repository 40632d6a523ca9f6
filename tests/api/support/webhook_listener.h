// Test support for webhooks (contract §8): a real HTTP receiver on 127.0.0.1:0 in
// a thread that records every request it gets (when it came in and when it was
// answered), can answer 500 to the next N requests, and can sleep before answering;
// plus a closed port for dead URLs and a config file writer. Header-only.
#pragma once
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/server.h"

namespace euriqa::test::hooks {

using Clock = std::chrono::steady_clock;

struct Received {
  std::string method, path, body;
  httplib::Headers headers;
  int answered = 0;  // the status this listener answered with
  Clock::time_point at;       // when it was answered
  Clock::time_point arrived;  // when it came in (before any delay)

  std::string header(const std::string& name) const {
    // httplib keeps header names case-insensitively.
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  size_t header_count(const std::string& name) const { return headers.count(name); }
};

class Listener {
 public:
  Listener() {
    srv_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
    port_ = srv_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("listener: cannot bind");
    thread_ = std::thread([this] { srv_.listen_after_bind(); });
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!srv_.is_running() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Listener() {
    srv_.stop();
    thread_.join();
  }
  Listener(const Listener&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // The next n requests are answered 500; later ones 200.
  void fail_next(int n) {
    std::lock_guard lock(mu_);
    fail_next_ = n;
  }
  // Every request waits this long before it is answered.
  void set_delay(std::chrono::milliseconds d) {
    std::lock_guard lock(mu_);
    delay_ = d;
  }

  std::vector<Received> received() {
    std::lock_guard lock(mu_);
    return received_;
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return received_.size();
  }
  // Waits until at least n requests arrived (true) or the timeout passed (false).
  bool wait_for(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return received_.size() >= n; });
  }
  // Requests whose body has "type": type.
  std::vector<Received> of_type(const std::string& type) {
    std::vector<Received> out;
    for (auto& r : received()) {
      rapidjson::Document d;
      d.Parse(r.body.c_str());
      if (!d.HasParseError() && d.IsObject() && d.HasMember("type") && d["type"].IsString() &&
          type == d["type"].GetString())
        out.push_back(r);
    }
    return out;
  }

 private:
  void handle(const httplib::Request& req, httplib::Response& res) {
    auto arrived = Clock::now();
    std::chrono::milliseconds delay{0};
    int status = 200;
    {
      std::lock_guard lock(mu_);
      delay = delay_;
      if (fail_next_ > 0) {
        --fail_next_;
        status = 500;
      }
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    res.status = status;
    res.set_content(status == 200 ? "{\"ok\":true}" : "{\"ok\":false}", "application/json");
    Received r{req.method, req.path, req.body, req.headers, status, Clock::now(), arrived};
    {
      std::lock_guard lock(mu_);
      received_.push_back(std::move(r));
    }
    cv_.notify_all();
  }

  httplib::Server srv_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Received> received_;
  int fail_next_ = 0;
  std::chrono::milliseconds delay_{0};
};

// A loopback port nothing listens on (bound once by us, then closed).
inline int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

// Every rate-limit group off, as a "rateLimits" member.
inline std::string all_limits_off() {
  return R"("rateLimits":{"runsRead":0,"runsWrite":0,"testsRead":0,"testsWrite":0,"uploads":0,)"
         R"("projectsTeams":0,"apiKeysWebhooks":0,"flakiness":0})";
}

// A config file in a fresh temp dir (removed with this object; declare it before the
// TestServer that uses it). `members` are extra JSON members ("\"webhookRetrySeconds\":[1]");
// rate limits are all off unless limits_off is false. args(): serve arguments that use
// the file, with open signup.
struct TempConfig {
  std::string dir, path;
  explicit TempConfig(const std::string& members = "", bool limits_off = true) {
    dir = make_temp_dir();
    path = dir + "/config.json";
    std::string body = "{";
    if (limits_off) body += all_limits_off();
    if (!members.empty()) body += (body.size() > 1 ? "," : "") + members;
    body += "}";
    std::ofstream(path) << body;
  }
  ~TempConfig() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  TempConfig(const TempConfig&) = delete;
  std::vector<std::string> args() const { return {"--signup", "open", "--config", path}; }
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace euriqa::test::hooks
