// bench_ingest: ingest and read figures of issue 3, printed in one run.
//   A  bare SQLite: the same rows into the same schema in one transaction (store layer, no HTTP, no JSON)
//   B  POST /api/tests/batch over loopback, 1,000 results per request, 2 concurrent clients
//   C  POST /api/tests with 8 keep-alive clients, beside C0: a bare cpp-httplib server answering a constant
//   D  with ~1,000,000 results in 1,000 runs: p50/p95 of the main reads
//   E  server peak RSS and database size per million results
// Usage: bench_ingest [--results N] [--data DIR]   (N defaults to 1,000,000; DIR keeps the data)
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/common.h"
#include "bench/workload.h"
#include "domain/crypto.h"
#include "store/data_dir.h"
#include "store/db.h"
#include "store/projects.h"
#include "store/runs.h"
#include "store/teams.h"
#include "store/users.h"
#include "support/server.h"

using namespace euriqa;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

using bench::json_field;
using bench::seconds_since;
using Setup = bench::Account;

Setup set_up(test::TestServer& s) { return bench::sign_up(s); }

std::string create_run(httplib::Client& cli, const std::string& key, int n) {
  httplib::Headers h{{"X-API-Key", key}};
  auto r = cli.Post("/api/runs", h,
                    "{\"status\":\"running\",\"branch\":\"" + std::string(n % 5 ? "main" : "feature/x") +
                        "\",\"commitSha\":\"c" + std::to_string(n) + "\",\"runTitle\":\"Nightly " + std::to_string(n) +
                        "\"}",
                    "application/json");
  return json_field(r->body, "id");
}

// A: the store's own insert path in one transaction on a fresh database.
double bench_bare_sqlite(int results) {
  std::string dir = test::make_temp_dir();
  double rate;
  {
    store::Db db(store::database_path(dir));
    auto run = db.write([](store::Conn& c) {
      auto u = store::insert_user(c, "a@b.c", "A", "x", true);
      auto t = store::insert_team(c, "T", u.id);
      auto p = store::insert_project(c, t.id, "P");
      store::Run r;
      r.project_id = p.id;
      r.status = "running";
      return store::insert_run(c, r);
    });
    std::vector<store::TestResult> rows;
    for (int i = 0; i < results; ++i) rows.push_back(bench::make_result(i % bench::kLogicalTests, 1));
    auto t0 = Clock::now();
    db.write([&](store::Conn& c) { store::insert_results(c, run, std::move(rows)); });
    rate = results / seconds_since(t0);
  }
  fs::remove_all(dir);
  return rate;
}

// B: batches of 1,000 over HTTP from `clients` threads; returns results/s.
double bench_batches(test::TestServer& s, const Setup& st, int batches, int clients, int run_no) {
  httplib::Client cli("127.0.0.1", s.port());
  std::string run = create_run(cli, st.key, run_no);
  std::vector<std::string> bodies;
  for (int b = 0; b < batches; ++b) bodies.push_back(bench::batch_body(run, b * 1000, 1000, 7 + b));
  std::atomic<int> next{0}, failures{0};
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", s.port());
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(120, 0);
      httplib::Headers h{{"X-API-Key", st.key}};
      for (int b; (b = next++) < batches;) {
        auto r = client.Post("/api/tests/batch", h, bodies[b], "application/json");
        if (!r || r->status != 201) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  double secs = seconds_since(t0);
  if (failures) std::fprintf(stderr, "warning: %d batch requests failed\n", failures.load());
  return batches * 1000 / secs;
}

// Requests per second of POST path with `clients` keep-alive clients for `secs`.
double hammer(int port, const std::string& path, const httplib::Headers& h, const std::string& body, int clients,
              double secs) {
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      while (!stop) {
        auto r = client.Post(path, h, body, "application/json");
        if (r && r->status / 100 == 2) ++done;
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(secs));
  stop = true;
  for (auto& t : threads) t.join();
  return done / secs;
}

struct Percentiles {
  double p50, p95;
};

Percentiles time_gets(int port, const httplib::Headers& h, const std::vector<std::string>& paths) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
  std::vector<double> ms;
  for (const auto& p : paths) {
    auto t0 = Clock::now();
    auto r = client.Get(p, h);
    ms.push_back(seconds_since(t0) * 1000);
    if (!r || r->status != 200) std::fprintf(stderr, "warning: GET %s failed\n", p.c_str());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

long peak_rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

double dir_megabytes(const std::string& dir) {
  double bytes = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().rfind("euriqa.db", 0) == 0) bytes += e.file_size();
  return bytes / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  long total_results = 1000000;
  std::string keep_dir;  // --data DIR keeps the loaded database for inspection
  std::string only;      // --only A|B|C|D runs one phase (for profiling)
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--results") total_results = std::stol(argv[i + 1]);
    if (std::string(argv[i]) == "--data") keep_dir = argv[i + 1];
    if (std::string(argv[i]) == "--only") only = argv[i + 1];
  }
  auto want = [&](const char* phase) { return only.empty() || only == phase; };
  domain::crypto_init();
  std::printf("euriqa ingest benchmark (%u cores)\n", std::thread::hardware_concurrency());

  double a = want("A") || want("B") ? bench_bare_sqlite(40000) : 0;
  if (want("A")) std::printf("A  bare SQLite insert (store layer, one transaction): %.0f results/s\n", a);

  test::TestServer server({"--signup", "open"}, keep_dir);
  Setup st = set_up(server);
  double b = want("B") ? bench_batches(server, st, 40, 2, 0) : 0;
  if (want("B")) std::printf("B  batch ingest over HTTP (1,000/request, 2 clients):  %.0f results/s  (B/A = %.2f, target >= 0.33)\n", b,
              b / a);

  if (want("C")) {
    httplib::Client cli("127.0.0.1", server.port());
    std::string run = create_run(cli, st.key, 1);
    std::string one = bench::result_json(bench::make_result(1, 3));
    one.insert(1, "\"runId\":\"" + run + "\",");
    double c = hammer(server.port(), "/api/tests", {{"X-API-Key", st.key}}, one, 8, only == "C" ? 10.0 : 3.0);

    httplib::Server bare;
    bare.set_tcp_nodelay(true);
    bare.set_keep_alive_max_count(100000);
    bare.new_task_queue = [] { return new httplib::ThreadPool(32); };
    bare.Post("/api/tests", [](const httplib::Request&, httplib::Response& res) {
      res.status = 201;
      res.set_content(R"({"id":"test_constant"})", "application/json");
    });
    int bare_port = bare.bind_to_any_port("127.0.0.1");
    std::thread bare_thread([&] { bare.listen_after_bind(); });
    double c0 = hammer(bare_port, "/api/tests", {}, one, 8, 3.0);
    bare.stop();
    bare_thread.join();
    std::printf("C  POST /api/tests, 8 keep-alive clients:             %.0f req/s\n", c);
    std::printf("C0 bare cpp-httplib answering a constant:             %.0f req/s  (C/C0 = %.2f, target >= 0.25)\n", c0,
                c / c0);
  }

  if (!want("D")) return 0;
  // D: load ~total_results results: one run of 10,000 tests and the rest in runs of ~1,000.
  int runs = 1000;
  long per_run = std::max(1L, (total_results - 10000) / (runs - 1));
  std::printf("D  loading %ld results in %d runs ...\n", 10000 + per_run * (runs - 1), runs);
  auto load_start = Clock::now();
  httplib::Client loader("127.0.0.1", server.port());
  loader.set_read_timeout(120, 0);
  loader.set_keep_alive(true);
  loader.set_tcp_nodelay(true);
  httplib::Headers kh{{"X-API-Key", st.key}};
  std::string big_run = create_run(loader, st.key, 2);
  for (int b = 0; b < 10; ++b) loader.Post("/api/tests/batch", kh, bench::batch_body(big_run, b * 1000, 1000, 11), "application/json");
  std::vector<std::string> run_ids;
  for (int r = 1; r < runs; ++r) run_ids.push_back(create_run(loader, st.key, 3 + r));
  std::atomic<int> next{0};
  std::vector<std::thread> loaders;
  for (int c = 0; c < 2; ++c)
    loaders.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(120, 0);
      for (int r; (r = next++) < static_cast<int>(run_ids.size());) {
        for (long done = 0; done < per_run; done += 1000) {
          int n = static_cast<int>(std::min(1000L, per_run - done));
          client.Post("/api/tests/batch", kh,
                      bench::batch_body(run_ids[r], static_cast<int>((r * per_run + done) % bench::kLogicalTests), n,
                                        100 + r),
                      "application/json");
        }
      }
    });
  for (auto& t : loaders) t.join();
  std::printf("   loaded in %.1f s\n", seconds_since(load_start));

  std::string p = st.project_id;
  std::vector<std::string> runs_paths(200, "/api/runs?projectId=" + p);
  std::vector<std::string> run_tests_paths(200, "/api/tests?projectId=" + p + "&runId=" + big_run);
  std::vector<std::string> search_paths;
  const char* terms[] = {"checkout", "Payment%20Form", "%231234", "should%20sort%20the%20menu", "tests%2Fadmin%2F3", "zzz-no-match"};
  for (int i = 0; i < 200; ++i) search_paths.push_back("/api/tests?projectId=" + p + "&search=" + terms[i % 6]);
  std::vector<std::string> history_paths;
  {
    auto list = loader.Get("/api/tests?projectId=" + p + "&runId=" + big_run + "&limit=200", kh);
    rapidjson::Document d;
    d.Parse(list->body.c_str());
    for (int i = 0; i < 200; ++i)
      history_paths.push_back(std::string("/api/tests/") + d["data"][i % d["data"].Size()]["id"].GetString() + "/history");
  }
  auto print = [](const char* what, Percentiles pc) {
    std::printf("   %-44s p50 %6.2f ms   p95 %6.2f ms  (target p95 < 20 ms)\n", what, pc.p50, pc.p95);
  };
  print("GET /api/runs", time_gets(server.port(), kh, runs_paths));
  print("GET /api/tests?runId= (10,000-test run)", time_gets(server.port(), kh, run_tests_paths));
  print("GET /api/tests?search=", time_gets(server.port(), kh, search_paths));
  print("GET /api/tests/:id/history", time_gets(server.port(), kh, history_paths));

  double results_loaded = 10000.0 + per_run * (runs - 1) + 40000 + 0;
  long rss = peak_rss_kib(server.pid());
  double db_mb = dir_megabytes(server.data_dir());
  std::printf("E  server peak RSS %.1f MB (target < 300 MB); database %.0f MB = %.0f MB per million results\n",
              rss / 1024.0, db_mb, db_mb / (results_loaded / 1e6));
  return 0;
}
