#include "bench/common.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <ctime>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace euriqa::bench {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string json_field(const std::string& body, const std::string& key) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember(key.c_str()) || !d[key.c_str()].IsString()) return "";
  return d[key.c_str()].GetString();
}

Account sign_up(test::TestServer& s) { return sign_up(s.port()); }

Account sign_up(int port) {
  httplib::Client cli("127.0.0.1", port);
  auto reg = cli.Post("/api/auth/register", R"({"email":"bench@example.com","password":"benchmark-pw","name":"Bench"})",
                      "application/json");
  if (!reg || reg->status != 201) throw std::runtime_error("register failed");
  std::string cookie = reg->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  httplib::Headers h{{"Cookie", cookie}};
  auto team = json_field(cli.Post("/api/teams", h, R"({"name":"Bench"})", "application/json")->body, "id");
  auto proj = json_field(
      cli.Post("/api/projects", h, "{\"name\":\"Web\",\"teamId\":\"" + team + "\"}", "application/json")->body, "id");
  auto key = json_field(
      cli.Post("/api/api-keys", h, "{\"name\":\"bench\",\"projectId\":\"" + proj + "\"}", "application/json")->body,
      "key");
  if (team.empty() || proj.empty() || key.empty()) throw std::runtime_error("setup failed");
  return {cookie, key, proj};
}

void tune(httplib::Client& c) {
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  c.set_read_timeout(300, 0);
  c.set_write_timeout(300, 0);
}

Percentiles time_gets(int port, const std::string& key, const std::string& path, int n, std::string* last_body) {
  httplib::Client client("127.0.0.1", port);
  tune(client);
  httplib::Headers h{{"X-API-Key", key}};
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    auto t0 = Clock::now();
    auto r = client.Get(path, h);
    ms.push_back(seconds_since(t0) * 1000);
    if (!r || r->status != 200)
      throw std::runtime_error("GET " + path + " answered " + (r ? std::to_string(r->status) + " " + r->body : "nothing"));
    if (last_body) *last_body = r->body;
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

double send_batches(int port, const std::string& key, size_t count, int clients,
                    const std::function<std::string(size_t)>& body_of) {
  std::atomic<size_t> next{0};
  std::atomic<int> failures{0};
  std::string first_failure;
  std::mutex failure_mutex;
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      tune(client);
      httplib::Headers h{{"X-API-Key", key}};
      for (size_t i; (i = next++) < count;) {
        auto r = client.Post("/api/tests/batch", h, body_of(i), "application/json");
        if (r && r->status == 201) continue;
        if (failures++ == 0) {
          std::lock_guard<std::mutex> lock(failure_mutex);
          first_failure = r ? std::to_string(r->status) + " " + r->body.substr(0, 300) : "no answer";
        }
      }
    });
  for (auto& t : threads) t.join();
  double secs = seconds_since(t0);
  if (failures)
    throw std::runtime_error(std::to_string(failures.load()) + " batch requests failed, the first: " + first_failure);
  return secs;
}

std::string create_run(httplib::Client& cli, const std::string& key, const std::string& fields) {
  auto r = cli.Post("/api/runs", {{"X-API-Key", key}}, "{\"status\":\"running\"," + fields + "}", "application/json");
  if (!r || r->status != 201) throw std::runtime_error("create run failed: " + (r ? r->body : std::string("no answer")));
  return json_field(r->body, "id");
}

void finish_run(httplib::Client& cli, const std::string& key, const std::string& run_id) {
  auto r = cli.Patch("/api/runs/" + run_id, {{"X-API-Key", key}}, R"({"status":"failed"})", "application/json");
  if (!r || r->status != 200) throw std::runtime_error("finish run failed: " + (r ? r->body : std::string("no answer")));
}

std::string rfc3339_days_ago(int days) {
  std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace euriqa::bench
