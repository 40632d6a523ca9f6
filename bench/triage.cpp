// bench_triage: figures of issue 13 (failure groups, builds, comparisons, search;
// contract §13, §14), printed in one run.
//   B  batch ingest before and after issue 13: POST /api/tests/batch, 1,000 results per
//      request, 2 keep-alive clients, 200,000 results (runs of 10,000, 10% failing over
//      200 error messages) into a fresh server of the binary before the issue (--before)
//      and of this build, alternating (old, new, old, new, ...); medians and new/old of
//      results/s, and of the server's CPU time per result (steadier on a shared machine),
//      also split into the first run (which creates the 10,000 logical tests) and the rest.
//   L  ~1,000,000 results into one project over 10,000 logical tests (20 with non-ASCII
//      titles), runs of 10,000 on main and feature branches, two 3 x 3,000-test sharded
//      builds sharing a ciBuildId each, and last two 10,000-test runs on main: a base and
//      a run with exactly 1,000 failures (800 still failing, 200 new, about 100 fixed).
//   Q  p50/p95 of the triage reads, sequential on one keep-alive client with an API key;
//      target p95 < 20 ms.
// Usage: bench_triage [--before OLD_EURIQA] [--rounds R] [--ingest-results N]
//                     [--results N] [--requests N] [--data DIR] [--only B|Q]
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/common.h"
#include "bench/ingest_compare.h"
#include "bench/server_process.h"
#include "bench/workload.h"
#include "domain/crypto.h"

using namespace euriqa;
using bench::Clock;
using bench::create_run;
using bench::finish_run;
using bench::json_field;
using bench::rfc3339_days_ago;
using bench::seconds_since;

namespace {

constexpr double kTargetMs = 20;
constexpr int kTestsPerRun = bench::kLogicalTests;  // 10,000
constexpr int kShardTests = 3000, kShards = 3;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_triage: %s\n", what.c_str());
  std::exit(1);
}

unsigned mix32(unsigned x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  return x ^ (x >> 16);
}

// ---- the workload ----------------------------------------------------------------

// Which results of a run fail: the workload's own roll (10% failed, 3% flaky, 2%
// skipped), or a fixed set (the rest pass, flaky or skipped as rolled).
using FailsIf = std::function<bool(int logical)>;

// A test fails mostly the same way (its own group), sometimes another (by seed).
int group_of(int logical, unsigned seed) {
  unsigned h = mix32(static_cast<unsigned>(logical) * 40503U + seed);
  return static_cast<int>((h % 5 ? mix32(static_cast<unsigned>(logical) + 17U) : h / 5) % bench::kErrorGroups);
}

// Every 500th logical test has a German title (the non-ASCII, case-insensitive search).
bool german(int logical) { return logical % 500 == 7; }

std::string triage_result_json(int logical, unsigned seed, const FailsIf& fails_if) {
  store::TestResult r = bench::make_result(logical, seed);
  if (german(logical)) {
    r.title = "prüft die Bestellbestätigung für Größe #" + std::to_string(logical);
    r.full_title = r.full_title.substr(0, r.full_title.rfind(" > ") + 3) + r.title;
  }
  if (fails_if) {
    bool fail = fails_if(logical);
    if (fail) r.status = "failed";
    else if (r.status == "failed") r.status = "passed";
    r.is_flaky = r.status == "flaky";
    r.retries = r.status == "flaky" || r.status == "failed" ? 1 : 0;
    r.attempt = *r.retries + 1;
    r.steps_json = bench::steps_json(fail);
  }
  if (r.status == "failed") r.error_json = bench::group_error_json(group_of(logical, seed), seed, *r.file_path);
  else r.error_json.reset();
  return bench::result_json(r);
}

// The "tests" array's items for the logical tests [first, first + count).
std::string tests_payload(int first, int count, unsigned seed, const FailsIf& fails_if = nullptr) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += ",";
    out += triage_result_json((first + i) % bench::kLogicalTests, seed, fails_if);
  }
  return out;
}

// ---- L: the million -----------------------------------------------------------------

struct Loaded {
  std::string project_id, key;
  std::string base_run, target_run;  // the two last 10,000-test runs on main
  std::string base_build = "ci-build-9001", target_build = "ci-build-9002";
  long results = 0;
};

// One run's batches: the run and the logical tests [first, first + count) with a seed.
struct Part {
  std::string run_id;
  int first, count;
  unsigned seed;
  FailsIf fails_if;
};

Loaded load(int port, long total_results) {
  Loaded out;
  auto account = bench::sign_up(port);
  out.project_id = account.project_id;
  out.key = account.key;
  httplib::Client cli("127.0.0.1", port);
  bench::tune(cli);
  // Created in this order, since "before" is creation order: background runs, two builds,
  // then the base and the run compared with it.
  const long fixed = 2L * kShards * kShardTests + 2L * kTestsPerRun;
  int background = static_cast<int>(std::max(1L, (total_results - fixed) / kTestsPerRun));
  std::vector<Part> parts;
  std::vector<std::string> all_runs;
  for (int r = 0; r < background; ++r) {
    std::string branch = r % 5 == 4 ? "feature/f" + std::to_string(r % 3) : "main";
    auto id = create_run(cli, out.key, "\"branch\":\"" + branch + "\",\"commitSha\":\"c" + std::to_string(r) +
                                           "\",\"runTitle\":\"Nightly " + std::to_string(r) + "\"");
    parts.push_back({id, 0, kTestsPerRun, 100U + static_cast<unsigned>(r), nullptr});
    all_runs.push_back(id);
  }
  for (unsigned b = 0; b < 2; ++b)
    for (int s = 0; s < kShards; ++s) {
      const std::string& build = b ? out.target_build : out.base_build;
      auto id = create_run(cli, out.key, "\"branch\":\"main\",\"commitSha\":\"" + build + "\",\"ciBuildId\":\"" + build +
                                             "\",\"shardCurrent\":" + std::to_string(s + 1) + ",\"shardTotal\":3");
      parts.push_back({id, s * kShardTests, kShardTests, 7000U + 100U * b + static_cast<unsigned>(s), nullptr});
      all_runs.push_back(id);
    }
  out.base_run = create_run(cli, out.key, R"("branch":"main","commitSha":"base","runTitle":"Base")");
  out.target_run = create_run(cli, out.key, R"("branch":"main","commitSha":"head","runTitle":"Head")");
  parts.push_back({out.base_run, 0, kTestsPerRun, 8000U,
                   [](int t) { return (t % 10 == 3 && t % 50 != 3) || t % 100 == 5; }});
  parts.push_back({out.target_run, 0, kTestsPerRun, 8001U, [](int t) { return t % 10 == 3; }});
  all_runs.push_back(out.base_run);
  all_runs.push_back(out.target_run);

  struct Batch {
    size_t part;
    int first, count;
  };
  std::vector<Batch> batches;
  for (size_t p = 0; p < parts.size(); ++p)
    for (int done = 0; done < parts[p].count; done += 1000) {
      batches.push_back({p, parts[p].first + done, std::min(1000, parts[p].count - done)});
      out.results += batches.back().count;
    }
  std::printf("L  loading %ld results in %zu runs (%d of 10,000 on main/feature branches, 2 builds of 3 x 3,000,\n"
              "   a base and a head run of 10,000 on main; 10,000 logical tests, %d error messages) ...\n",
              out.results, parts.size(), background, bench::kErrorGroups);
  std::fflush(stdout);
  auto t0 = Clock::now();
  bench::send_batches(port, out.key, batches.size(), 2, [&](size_t i) {
    const auto& b = batches[i];
    const auto& p = parts[b.part];
    return bench::batch_of(p.run_id, tests_payload(b.first, b.count, p.seed, p.fails_if));
  });
  for (const auto& id : all_runs) finish_run(cli, out.key, id);
  std::printf("   loaded in %.1f s (%.0f results/s, the bodies built by the 2 sending threads)\n", seconds_since(t0),
              out.results / seconds_since(t0));
  return out;
}

// ---- Q: the reads -------------------------------------------------------------------

std::string url_encode(const std::string& s) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

size_t array_size(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsArray() ? v[key].Size() : 0;
}

int64_t int_of(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsInt64() ? v[key].GetInt64() : -1;
}

// What the answer held, to show the bench read what it meant to.
using Describe = std::function<std::string(const rapidjson::Document&)>;

struct Query {
  std::string name, path;
  Describe describe;
};

void phase_q(int port, const Loaded& l, int requests) {
  const std::string p = "projectId=" + l.project_id;
  const std::string word = bench::error_group_word(0);
  std::vector<Query> queries = {
      {"a  GET /api/runs/:id/failure-groups (10,000 tests, 1,000 failed)", "/api/runs/" + l.target_run + "/failure-groups",
       [](const auto& d) {
         return std::to_string(int_of(d, "total")) + " groups, the first with " +
                std::to_string(d["data"].Size() ? int_of(d["data"][0], "count") : 0) + " results";
       }},
      {"b  GET /api/failure-groups?projectId&from=now-30d", "/api/failure-groups?" + p + "&from=" + rfc3339_days_ago(30),
       [](const auto& d) {
         return std::to_string(int_of(d, "total")) + " groups, the first: " +
                (d["data"].Size() ? std::to_string(int_of(d["data"][0], "occurrences")) + " occurrences, " +
                                        std::to_string(int_of(d["data"][0], "tests")) + " tests, " +
                                        std::to_string(int_of(d["data"][0], "runs")) + " runs"
                                  : std::string("none"));
       }},
      {"c  GET /api/builds/:ciBuildId (3 x 3,000 shards)", "/api/builds/" + l.target_build + "?" + p,
       [](const auto& d) {
         return std::string(d["status"].GetString()) + ", " + std::to_string(array_size(d, "shards")) + " shards, " +
                std::to_string(int_of(d, "totalTests")) + " tests";
       }},
      {"d1 GET /api/runs/:id/compare (10,000 vs previous 10,000)", "/api/runs/" + l.target_run + "/compare",
       [&](const auto& d) {
         bool right = d["base"].IsObject() && std::string(d["base"]["runId"].GetString()) == l.base_run;
         return std::string(right ? "base = the previous run" : "UNEXPECTED base") + "; new " +
                std::to_string(array_size(d, "newFailures")) + ", still " + std::to_string(array_size(d, "stillFailing")) +
                ", fixed " + std::to_string(array_size(d, "fixed")) + ", new tests " +
                std::to_string(array_size(d, "newTests"));
       }},
      {"d2 GET /api/builds/:ciBuildId/compare", "/api/builds/" + l.target_build + "/compare?" + p,
       [&](const auto& d) {
         bool right = d["base"].IsObject() && std::string(d["base"]["ciBuildId"].GetString()) == l.base_build;
         return std::string(right ? "base = the previous build" : "UNEXPECTED base") + "; new " +
                std::to_string(array_size(d, "newFailures")) + ", still " + std::to_string(array_size(d, "stillFailing")) +
                ", fixed " + std::to_string(array_size(d, "fixed"));
       }},
      {"e1 GET /api/tests?search= (a title: \"#4321\")", "/api/tests?" + p + "&search=" + url_encode("#4321"),
       [](const auto& d) { return std::to_string(int_of(d, "total")) + " results"; }},
      {"e2 GET /api/tests?search= (error text: \"Place order " + word + "\")",
       "/api/tests?" + p + "&search=" + url_encode("Place order " + word),
       [](const auto& d) { return std::to_string(int_of(d, "total")) + " results"; }},
      {"e3 GET /api/tests?search= (\"BESTELLBESTÄTIGUNG\", non-ASCII)",
       "/api/tests?" + p + "&search=" + url_encode("BESTELLBESTÄTIGUNG"),
       [](const auto& d) { return std::to_string(int_of(d, "total")) + " results"; }},
      {"f  GET /api/runs/:id (with its comparison summary)", "/api/runs/" + l.target_run,
       [](const auto& d) {
         return d.HasMember("comparison") && d["comparison"].IsObject()
                    ? std::to_string(int_of(d["comparison"], "newFailures")) + " new failures in the summary"
                    : std::string("NO comparison summary");
       }},
  };
  std::printf("Q  %d sequential requests each, one keep-alive client, API key (target p95 < %.0f ms):\n", requests,
              kTargetMs);
  std::printf("   %-62s %9s %9s\n", "query", "p50 ms", "p95 ms");
  int failed = 0;
  for (const auto& q : queries) {
    std::string body;
    bench::Percentiles pc{};
    try {
      pc = bench::time_gets(port, l.key, q.path, requests, &body);
    } catch (const std::exception& e) {
      std::printf("   %-62s ERROR %s\n", q.name.c_str(), e.what());
      ++failed;
      continue;
    }
    bool pass = pc.p95 < kTargetMs;
    failed += pass ? 0 : 1;
    auto d = parse(body);
    std::printf("   %-62s %9.2f %9.2f  %s   (%s)\n", q.name.c_str(), pc.p50, pc.p95, pass ? "PASS" : "FAIL",
                d.IsObject() ? q.describe(d).c_str() : "not JSON");
    std::fflush(stdout);
  }
  std::printf("   %d of %zu queries under %.0f ms at p95\n", static_cast<int>(queries.size()) - failed, queries.size(),
              kTargetMs);
}

}  // namespace

int main(int argc, char** argv) {
  bench::BeforeAfterArgs args;
  std::string tmpl;
  domain::crypto_init();
  try {
    args = bench::parse_before_after_args(argc, argv, 60);
    tmpl = bench::start_before_after("triage", "euriqa-triage");
  } catch (const std::exception& e) {
    die(e.what());
  }
  const auto& [before, keep_dir, only, rounds, requests, ingest_results, total_results, extra] = args;
  auto t0 = Clock::now();
  try {
    std::string after = bench::snapshot(EURIQA_BINARY, tmpl);
    if (only.empty() || only == "B") {
      if (before.empty()) std::printf("B  skipped: give --before PATH_TO_EURIQA_BUILT_BEFORE_ISSUE_13\n");
      else
        bench::ingest_phase(before, after, rounds, ingest_results,
                            [](int first, int count, unsigned v) { return tests_payload(first, count, 300 + v); },
                            "~10% failing over " + std::to_string(bench::kErrorGroups) + " error messages");
    }
    if (only.empty() || only == "Q") {
      bench::ServerProcess server(after, keep_dir);
      auto loaded = load(server.port(), total_results);
      phase_q(server.port(), loaded, requests);
      if (!keep_dir.empty())
        std::printf("   data kept in %s (project %s, head run %s, base run %s)\n", keep_dir.c_str(),
                    loaded.project_id.c_str(), loaded.target_run.c_str(), loaded.base_run.c_str());
    }
  } catch (const std::exception& e) {
    std::filesystem::remove_all(tmpl);
    die(e.what());
  }
  std::filesystem::remove_all(tmpl);
  std::printf("done in %.0f s\n", seconds_since(t0));
  return 0;
}
