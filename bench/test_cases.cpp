// bench_test_cases: figures of issue 14 (the test explorer, contract §15), in one run.
//   B  batch ingest before and after issue 14 (bench/ingest_compare): POST /api/tests/batch,
//      1,000 results per request, 2 keep-alive clients, runs of 10,000 on main, into a
//      fresh server of the binary before the issue (--before) and of this build, alternating.
//   L  N results (default 1,000,000) over 10,000 logical tests in runs of 10,000 (4 of 5 on
//      main, 1 of 5 on three feature branches), spread over D days (default 90): the server
//      is restarted with its clock moved back (EURIQA_TEST_CLOCK_OFFSET_SECONDS) for each
//      day's runs, on one data directory, the project's retention set to 365 days.
//   Q  p50/p95 of the explorer's first page sorted by each key (order desc), without and
//      with branch=main, over all results and over the last 30 days (from=now-30d, so the
//      first day is partial); a test's trend (30 and 90 days) and results page; target
//      p95 < 50 ms.
// Usage: bench_test_cases [--before OLD_EURIQA] [--rounds R] [--ingest-results N]
//                         [--results N] [--days D] [--requests N] [--data DIR] [--only B|Q]
//                         [--reuse yes]   (with --data: Q on the data a former run kept there)
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/common.h"
#include "bench/ingest_compare.h"
#include "bench/workload.h"
#include "domain/crypto.h"
#include "support/server.h"

using namespace euriqa;
using bench::Clock;
using bench::seconds_since;

namespace {

constexpr double kTargetMs = 50;
constexpr int kTestsPerRun = bench::kLogicalTests;  // 10,000

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_test_cases: %s\n", what.c_str());
  std::exit(1);
}

// The "tests" array contents for the logical tests [first, first + count) of a run.
std::string payload(int first, int count, unsigned seed) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += ",";
    out += bench::result_json(bench::make_result(first + i, seed));
  }
  return out;
}

// ---- L --------------------------------------------------------------------------------

// One data directory, served with the clock moved back by whole days, a server at a time.
class Days {
 public:
  explicit Days(std::string dir) : dir_(std::move(dir)) {}
  test::TestServer& at(int days_ago) {
    server_.reset();
    server_ = std::make_unique<test::TestServer>(
        std::vector<std::string>{"--signup", "open"}, dir_,
        std::map<std::string, std::string>{{"EURIQA_TEST_CLOCK_OFFSET_SECONDS", std::to_string(-days_ago * 86400L)}});
    return *server_;
  }
  test::TestServer& current() { return *server_; }

 private:
  std::string dir_;
  std::unique_ptr<test::TestServer> server_;
};

struct Loaded {
  bench::Account account;
  long results = 0;
};

Loaded load(Days& days, long total_results, int spread) {
  int runs = static_cast<int>(std::max(1L, total_results / kTestsPerRun));
  Loaded out;
  std::printf("L  loading %ld results in %d runs of 10,000 over %d days (runs 4 of 5 on main, 1 of 5 on\n"
              "   feature/f0..f2; 10%% failed, 3%% flaky, 2%% skipped; durations 200-8,200 ms) ...\n",
              static_cast<long>(runs) * kTestsPerRun, runs, spread);
  std::fflush(stdout);
  auto t0 = Clock::now();
  double sending = 0;
  for (int r = 0; r < runs;) {
    int days_ago = spread - 1 - static_cast<int>(static_cast<long>(r) * spread / runs);
    auto& s = days.at(days_ago);
    if (r == 0) {
      out.account = bench::sign_up(s);
      httplib::Client cli("127.0.0.1", s.port());
      bench::tune(cli);
      auto set = cli.Patch("/api/projects/" + out.account.project_id + "/settings",
                           {{"Cookie", out.account.cookie}}, R"({"dataRetentionDays":365})", "application/json");
      if (!set || set->status != 200) die("setting retention failed");
    }
    httplib::Client cli("127.0.0.1", s.port());
    bench::tune(cli);
    std::vector<std::pair<std::string, int>> today;  // run id, run number
    for (; r < runs && spread - 1 - static_cast<int>(static_cast<long>(r) * spread / runs) == days_ago; ++r) {
      std::string branch = r % 5 == 4 ? "feature/f" + std::to_string(r % 3) : "main";
      today.emplace_back(bench::create_run(cli, out.account.key, "\"branch\":\"" + branch + "\",\"runTitle\":\"Nightly " +
                                                                     std::to_string(r) + "\""),
                         r);
    }
    sending += bench::send_batches(s.port(), out.account.key, today.size() * 10, 2, [&](size_t i) {
      const auto& [run_id, number] = today[i / 10];
      return bench::batch_of(run_id, payload(static_cast<int>(i % 10) * 1000, 1000, 100U + static_cast<unsigned>(number)));
    });
    out.results += static_cast<long>(today.size()) * kTestsPerRun;
  }
  days.at(0);
  std::printf("   loaded in %.1f s (%.0f results/s while sending, the bodies built by the 2 sending threads;\n"
              "   a server restart per day between)\n",
              seconds_since(t0), out.results / sending);
  std::fflush(stdout);
  return out;
}

// The account of the data kept with --data, for --reuse.
void keep_account(const std::string& dir, const Loaded& l) {
  std::ofstream(dir + "/bench-account.txt") << l.account.key << "\n" << l.account.project_id << "\n" << l.results << "\n";
}

Loaded reload(Days& days, const std::string& dir) {
  Loaded l;
  std::ifstream in(dir + "/bench-account.txt");
  if (!(in >> l.account.key >> l.account.project_id >> l.results)) die(dir + " holds no data kept by this benchmark");
  days.at(0);
  std::printf("L  reusing %ld results kept in %s\n", l.results, dir.c_str());
  return l;
}

// ---- Q --------------------------------------------------------------------------------

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

std::string first_row(const rapidjson::Document& d) {
  if (!d.IsObject() || !d.HasMember("data") || !d["data"].IsArray() || d["data"].Empty()) return "no rows";
  const auto& r = d["data"][0];
  auto num = [&](const char* k) {
    if (!r.HasMember(k) || r[k].IsNull()) return std::string("null");
    char buf[32];
    std::snprintf(buf, sizeof buf, r[k].IsInt64() ? "%.0f" : "%.4f", r[k].GetDouble());
    return std::string(buf);
  };
  return std::to_string(d["total"].GetInt64()) + " tests; first: runs " + num("runs") + ", failureRate " +
         num("failureRate") + ", flakyRate " + num("flakyRate") + ", p95 " + num("p95Duration") + " ms";
}

void phase_q(int port, const Loaded& l, int requests) {
  const std::string base = "/api/test-cases?projectId=" + l.account.project_id;
  struct Window {
    std::string name, query;
  };
  std::vector<Window> windows = {{"all results", ""},
                                 {"all, branch=main", "&branch=main"},
                                 {"last 30 days", "&from=" + bench::rfc3339_days_ago(30)},
                                 {"last 30 days, branch=main", "&from=" + bench::rfc3339_days_ago(30) + "&branch=main"}};
  const char* keys[] = {"failureRate", "flakyRate", "p95Duration", "avgDuration", "runs", "lastSeen", "fullTitle"};
  std::printf("Q  %d sequential requests each, one keep-alive client, API key (target p95 < %.0f ms):\n", requests,
              kTargetMs);
  std::printf("   %-58s %9s %9s\n", "GET /api/test-cases (first page, 50 rows, order desc)", "p50 ms", "p95 ms");
  int failed = 0, total = 0;
  auto measure = [&](const std::string& name, const std::string& path, std::string* body_out) {
    std::string body;
    auto pc = bench::time_gets(port, l.account.key, path, requests, &body);
    bool pass = pc.p95 < kTargetMs;
    failed += pass ? 0 : 1;
    ++total;
    std::printf("   %-58s %9.2f %9.2f  %s", name.c_str(), pc.p50, pc.p95, pass ? "PASS" : "FAIL");
    if (body_out) *body_out = body;
    std::fflush(stdout);
  };
  std::string test_id;
  for (const auto& w : windows)
    for (const char* key : keys) {
      std::string body;
      measure(std::string("sort=") + key + ", " + w.name, base + "&sort=" + key + w.query, &body);
      auto d = parse(body);
      std::printf("   (%s)\n", first_row(d).c_str());
      if (test_id.empty() && d.IsObject() && d["data"].IsArray() && !d["data"].Empty())
        test_id = d["data"][0]["testId"].GetString();
    }
  for (int days : {30, 90}) {
    std::string body;
    measure("GET /api/test-cases/:testId/trend?days=" + std::to_string(days),
            "/api/test-cases/" + test_id + "/trend?days=" + std::to_string(days), &body);
    auto d = parse(body);
    std::printf("   (%u days with results)\n", d.IsObject() && d["data"].IsArray() ? d["data"].Size() : 0u);
  }
  std::string body;
  measure("GET /api/test-cases/:testId/results (first page)", "/api/test-cases/" + test_id + "/results", &body);
  auto d = parse(body);
  std::printf("   (%lld results in all)\n", d.IsObject() && d.HasMember("total") ? static_cast<long long>(d["total"].GetInt64()) : -1LL);
  std::printf("   %d of %d reads under %.0f ms at p95\n", total - failed, total, kTargetMs);
}

}  // namespace

int main(int argc, char** argv) {
  bench::BeforeAfterArgs args;
  std::string tmpl;
  int spread = 90;
  domain::crypto_init();
  try {
    args = bench::parse_before_after_args(argc, argv, 30, {"--days", "--reuse"});
    if (args.extra.count("--days")) spread = std::max(1, std::stoi(args.extra["--days"]));
    tmpl = bench::start_before_after("test explorer", "euriqa-explorer");
  } catch (const std::exception& e) {
    die(e.what());
  }
  const auto& [before, keep_dir, only, rounds, requests, ingest_results, total_results, extra] = args;
  auto t0 = Clock::now();
  try {
    if (only.empty() || only == "B") {
      if (before.empty()) std::printf("B  skipped: give --before PATH_TO_EURIQA_BUILT_BEFORE_ISSUE_14\n");
      else
        bench::ingest_phase(before, bench::snapshot(EURIQA_BINARY, tmpl), rounds, ingest_results,
                            [](int first, int count, unsigned v) { return payload(first, count, 500 + v); },
                            "10% failed, 3% flaky, 2% skipped");
    }
    if (only.empty() || only == "Q") {
      Days days(keep_dir.empty() ? tmpl + "/data" : keep_dir);
      auto loaded = extra.count("--reuse") ? reload(days, keep_dir) : load(days, total_results, spread);
      if (!keep_dir.empty()) keep_account(keep_dir, loaded);
      phase_q(days.current().port(), loaded, requests);
      if (!keep_dir.empty()) std::printf("   data kept in %s\n", keep_dir.c_str());
    }
  } catch (const std::exception& e) {
    std::filesystem::remove_all(tmpl);
    die(e.what());
  }
  std::filesystem::remove_all(tmpl);
  std::printf("done in %.0f s\n", seconds_since(t0));
  return 0;
}
