// bench_flakiness: flakiness figures (contract §6), printed in one run.
//   U  ingest upkeep: POST /api/tests/batch (1,000 results/request, 2 clients) of the same
//      workload (4 executions of the 10,000-test suite = 40,000 results per round) into runs
//      WITH a commitSha (all 4 runs on one commit, so same-commit flip tracking runs) and into
//      runs WITHOUT one, alternating rounds, each mode in its own fresh project.
//   L  load N results (default 1,000,000) over 10,000 logical tests, runs of 10,000 results,
//      two runs per commit (a CI rerun), through POST /api/tests/batch, 1,000 per request,
//      2 clients
//   Q  p50/p95 of GET /api/flakiness?projectId= (first page) and with &minScore=0.1
// Usage: bench_flakiness [--results N] [--rounds R] [--data DIR]
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "bench/common.h"
#include "bench/workload.h"
#include "domain/crypto.h"
#include "support/server.h"

using namespace euriqa;
using Clock = std::chrono::steady_clock;

namespace {

using bench::json_field;
using bench::seconds_since;

void tune(httplib::Client& c) {
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);  // without it every request stalls ~40 ms (Nagle + delayed ACK)
  c.set_read_timeout(300, 0);
  c.set_write_timeout(300, 0);
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_flakiness: %s\n", what.c_str());
  std::exit(1);
}

struct Owner {
  std::string cookie, team_id;
};

Owner set_up(int port) {
  httplib::Client cli("127.0.0.1", port);
  tune(cli);
  auto reg = cli.Post("/api/auth/register", R"({"email":"bench@example.com","password":"benchmark-pw","name":"Bench"})",
                      "application/json");
  if (!reg || reg->status != 201) die("register failed");
  std::string cookie = reg->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  auto team = cli.Post("/api/teams", {{"Cookie", cookie}}, R"({"name":"Bench"})", "application/json");
  if (!team || team->status != 201) die("create team failed");
  return {cookie, json_field(team->body, "id")};
}

struct Project {
  std::string id, key;
};

Project make_project(int port, const Owner& o, const std::string& name) {
  httplib::Client cli("127.0.0.1", port);
  tune(cli);
  httplib::Headers h{{"Cookie", o.cookie}};
  auto p = cli.Post("/api/projects", h, "{\"name\":\"" + name + "\",\"teamId\":\"" + o.team_id + "\"}", "application/json");
  if (!p || p->status != 201) die("create project failed");
  std::string id = json_field(p->body, "id");
  auto k = cli.Post("/api/api-keys", h, "{\"name\":\"bench\",\"projectId\":\"" + id + "\"}", "application/json");
  if (!k || k->status != 201) die("create key failed");
  return {id, json_field(k->body, "key")};
}

std::string create_run(httplib::Client& cli, const std::string& key, const std::string& commit, const std::string& title) {
  std::string body = "{\"status\":\"running\",\"branch\":\"main\",\"runTitle\":\"" + title + "\"";
  if (!commit.empty()) body += ",\"commitSha\":\"" + commit + "\"";
  body += "}";
  auto r = cli.Post("/api/runs", {{"X-API-Key", key}}, body, "application/json");
  if (!r || r->status != 201) die("create run failed");
  return json_field(r->body, "id");
}

// One batch request: a run, the first logical test and how many, the workload seed.
struct Batch {
  std::string run_id;
  int first, count;
  unsigned seed;
};

// Sends the batches from `clients` keep-alive clients; returns results/s (bodies are
// built before the clock starts).
double send_batches(int port, const std::string& key, const std::vector<Batch>& batches, int clients) {
  std::vector<std::string> bodies;
  bodies.reserve(batches.size());
  long results = 0;
  for (const auto& b : batches) {
    bodies.push_back(bench::batch_body(b.run_id, b.first, b.count, b.seed));
    results += b.count;
  }
  std::atomic<size_t> next{0};
  std::atomic<int> failures{0};
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      tune(client);
      httplib::Headers h{{"X-API-Key", key}};
      for (size_t b; (b = next++) < bodies.size();) {
        auto r = client.Post("/api/tests/batch", h, bodies[b], "application/json");
        if (!r || r->status != 201) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  double secs = seconds_since(t0);
  if (failures) std::fprintf(stderr, "warning: %d batch requests failed\n", failures.load());
  return results / secs;
}

// `runs` executions of the 10,000-test suite, 10 batches each; every run on `commit`
// (empty = no commitSha). Seeds differ per execution, so outcomes of a test differ.
std::vector<Batch> suite_runs(int port, const std::string& key, int runs, int first_run,
                              const std::function<std::string(int)>& commit_of) {
  httplib::Client cli("127.0.0.1", port);
  tune(cli);
  std::vector<Batch> out;
  for (int r = 0; r < runs; ++r) {
    int n = first_run + r;
    std::string run = create_run(cli, key, commit_of(n), "Nightly " + std::to_string(n));
    for (int b = 0; b < bench::kLogicalTests / 1000; ++b) out.push_back({run, b * 1000, 1000, 100U + static_cast<unsigned>(n)});
  }
  return out;
}

struct Percentiles {
  double p50, p95;
};

Percentiles time_gets(int port, const std::string& key, const std::string& path, int n, std::string* last_body) {
  httplib::Client client("127.0.0.1", port);
  tune(client);
  httplib::Headers h{{"X-API-Key", key}};
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    auto t0 = Clock::now();
    auto r = client.Get(path, h);
    ms.push_back(seconds_since(t0) * 1000);
    if (!r || r->status != 200) die("GET " + path + " failed");
    if (last_body) *last_body = r->body;
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
  long total_results = 1000000;
  int rounds = 3;
  std::string keep_dir;
  for (int i = 1; i + 1 < argc; ++i) {
    std::string a = argv[i];
    if (a == "--results") total_results = std::max(1000L, std::stol(argv[i + 1]));
    if (a == "--rounds") rounds = std::max(1, std::stoi(argv[i + 1]));
    if (a == "--data") keep_dir = argv[i + 1];
  }
  domain::crypto_init();
  std::printf("euriqa flakiness benchmark (%u cores, %d logical tests)\n", std::thread::hardware_concurrency(),
              bench::kLogicalTests);

  test::TestServer server({"--signup", "open"}, keep_dir);
  int port = server.port();
  Owner owner = set_up(port);

  // U: the same workload with and without commit tracking, alternating rounds.
  Project with = make_project(port, owner, "With commits"), without = make_project(port, owner, "Without commits");
  std::vector<double> with_rates, without_rates;
  for (int round = 0; round < rounds; ++round) {
    // Alternate which mode goes first, so neither always meets the warmer (or the emptier) database.
    auto run_without = [&] {
      auto plain = suite_runs(port, without.key, 4, round * 4, [](int) { return std::string(); });
      without_rates.push_back(send_batches(port, without.key, plain, 2));
    };
    auto run_with = [&] {
      auto tracked = suite_runs(port, with.key, 4, round * 4, [round](int) { return "f00d" + std::to_string(round); });
      with_rates.push_back(send_batches(port, with.key, tracked, 2));
    };
    if (round % 2 == 0) {
      run_without();
      run_with();
    } else {
      run_with();
      run_without();
    }
  }
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
  };
  auto list_rates = [](const std::vector<double>& v) {
    std::string s;
    for (double x : v) s += (s.empty() ? "" : ", ") + std::to_string(static_cast<long>(x));
    return s;
  };
  std::printf("U  batch ingest, 1,000/request, 2 clients, %d rounds of 40,000 results per mode (4 runs x 10,000 tests),\n   the mode going first alternating:\n",
              rounds);
  std::printf("   with commit tracking    (4 runs on one commitSha): %8.0f results/s  (rounds in order: %s)\n", mean(with_rates),
              list_rates(with_rates).c_str());
  std::printf("   without (no commitSha on the runs):                 %8.0f results/s  (rounds in order: %s)\n",
              mean(without_rates), list_rates(without_rates).c_str());
  std::printf("   with/without = %.2f\n", mean(with_rates) / mean(without_rates));
  std::printf("   note: flakiness upkeep cannot be switched off. Without a commitSha each result still loads and\n"
              "   saves its logical test's 100-result evidence window and score; only the per-commit outcome\n"
              "   upsert and the marking of earlier results on a flip are skipped. The gap is the cost of commit\n"
              "   tracking alone, not of all upkeep.\n");

  // L: the main project with N results.
  Project main_project = make_project(port, owner, "Web");
  long batches_total = std::max(1L, total_results / 1000);
  int runs = static_cast<int>((batches_total + 9) / 10);
  std::printf("L  loading %ld results in %d runs of up to 10,000 (two runs per commitSha) ...\n", batches_total * 1000,
              runs);
  auto batches = suite_runs(port, main_project.key, runs, 0, [](int n) { return "c" + std::to_string(n / 2); });
  batches.resize(static_cast<size_t>(batches_total));
  // Build and send in slices so that the prepared bodies do not all sit in memory at once.
  auto load_start = Clock::now();
  double busy = 0;
  for (size_t from = 0; from < batches.size(); from += 100) {
    std::vector<Batch> slice(batches.begin() + static_cast<long>(from),
                             batches.begin() + static_cast<long>(std::min(batches.size(), from + 100)));
    double rate = send_batches(port, main_project.key, slice, 2);
    busy += slice.size() * 1000 / rate;
  }
  std::printf("   loaded in %.1f s: %.0f results/s while sending (with commit tracking)\n", seconds_since(load_start),
              batches_total * 1000 / busy);

  // Q: the reads.
  std::string p = main_project.id, body;
  auto print = [](const char* what, Percentiles pc) {
    std::printf("   %-46s p50 %6.2f ms   p95 %6.2f ms  (target p95 < 20 ms)\n", what, pc.p50, pc.p95);
  };
  std::printf("Q  200 requests each, one keep-alive client:\n");
  print("GET /api/flakiness?projectId= (first page)", time_gets(port, main_project.key, "/api/flakiness?projectId=" + p, 200, &body));
  {
    auto d = parse(body);
    if (d.IsObject() && d.HasMember("summary") && d.HasMember("total"))
      std::printf("   (%lld tests listed; summary: %lld flaky, average score %.2f; top score %.2f)\n",
                  static_cast<long long>(d["total"].GetInt64()),
                  static_cast<long long>(d["summary"]["totalFlakyTests"].GetInt64()),
                  d["summary"]["averageFlakinessScore"].GetDouble(),
                  d["data"].Size() ? d["data"][0]["flakinessScore"].GetDouble() : 0.0);
  }
  print("GET /api/flakiness?...&minScore=0.1", time_gets(port, main_project.key, "/api/flakiness?projectId=" + p + "&minScore=0.1", 200, &body));
  {
    auto d = parse(body);
    if (d.IsObject() && d.HasMember("total"))
      std::printf("   (%lld tests with score >= 0.1)\n", static_cast<long long>(d["total"].GetInt64()));
  }
  print("GET /api/flakiness?...&minScore=0.1&offset=150",
        time_gets(port, main_project.key, "/api/flakiness?projectId=" + p + "&minScore=0.1&offset=150", 200, nullptr));
  print("GET /api/quarantine?projectId=", time_gets(port, main_project.key, "/api/quarantine?projectId=" + p, 200, nullptr));
  return 0;
}
