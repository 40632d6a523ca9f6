#include "bench/ingest_compare.h"

#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "bench/common.h"
#include "bench/server_process.h"

namespace euriqa::bench {

namespace {

constexpr int kTestsPerRun = 10000, kPerRun = kTestsPerRun / 1000;

// CPU seconds (user + system) the process has used so far.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i >= 14) ticks += std::stod(field);  // utime, stime
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::string batch_of(const std::string& run_id, const std::string& payload) {
  return "{\"runId\":\"" + run_id + "\",\"tests\":[" + payload + "]}";
}

std::string snapshot(const std::string& binary, const std::string& dir) {
  std::string copy = dir + "/euriqa";
  std::filesystem::copy_file(binary, copy, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(copy, std::filesystem::perms::owner_all);
  return copy;
}

IngestFigures ingest_fresh(const std::string& binary, int runs, const std::vector<std::string>& payloads) {
  ServerProcess s(binary);
  auto account = sign_up(s.port());
  httplib::Client cli("127.0.0.1", s.port());
  tune(cli);
  std::vector<std::string> run_ids;
  for (int r = 0; r < runs; ++r)
    run_ids.push_back(create_run(cli, account.key, "\"branch\":\"main\",\"runTitle\":\"Ingest " + std::to_string(r) + "\""));
  const size_t variants = payloads.size() / kPerRun;
  auto send = [&](size_t first_run, size_t count) {
    return send_batches(s.port(), account.key, count * kPerRun, 2, [&](size_t i) {
      size_t run = first_run + i / kPerRun;
      return batch_of(run_ids[run], payloads[(run % variants) * kPerRun + i % kPerRun]);
    });
  };
  double cpu0 = cpu_seconds(s.pid());
  double secs = send(0, 1);
  double cpu1 = cpu_seconds(s.pid());
  if (runs > 1) secs += send(1, static_cast<size_t>(runs) - 1);
  double cpu2 = cpu_seconds(s.pid());
  auto per_1000 = [](double cpu, double results) { return cpu * 1000 / (results / 1000); };
  double results = static_cast<double>(runs) * kTestsPerRun;
  return {results / secs, per_1000(cpu2 - cpu0, results), per_1000(cpu1 - cpu0, kTestsPerRun),
          runs > 1 ? per_1000(cpu2 - cpu1, results - kTestsPerRun) : 0};
}

double compare_ingest(const std::string& before, const std::string& after, int rounds, int runs,
                      const std::vector<std::string>& payloads) {
  std::vector<IngestFigures> olds, news;
  for (int round = 0; round < rounds; ++round) {
    for (bool old_side : {true, false}) {
      auto r = ingest_fresh(old_side ? before : after, runs, payloads);
      (old_side ? olds : news).push_back(r);
      std::printf("   round %d %s %6.0f results/s; server CPU per 1,000 results %5.1f ms (first run %5.1f, the rest %5.1f)\n",
                  round + 1, old_side ? "before:" : "after: ", r.rate, r.cpu_ms_per_1000, r.first_cpu, r.later_cpu);
      std::fflush(stdout);
    }
  }
  auto med = [](const std::vector<IngestFigures>& v, double IngestFigures::*field) {
    std::vector<double> x;
    for (const auto& i : v) x.push_back(i.*field);
    return median(x);
  };
  auto show = [&](const char* who, const std::vector<IngestFigures>& v) {
    std::printf("   %s median %6.0f results/s; server CPU per 1,000 results %5.1f ms (first run %5.1f, the rest %5.1f)\n",
                who, med(v, &IngestFigures::rate), med(v, &IngestFigures::cpu_ms_per_1000),
                med(v, &IngestFigures::first_cpu), med(v, &IngestFigures::later_cpu));
  };
  std::printf("   before = %s\n", before.c_str());
  show("before:", olds);
  show("after: ", news);
  double ratio = med(news, &IngestFigures::rate) / med(olds, &IngestFigures::rate);
  std::printf("   throughput after/before = %.3f  (target >= 0.90: %s); CPU per result before/after = %.3f "
              "(first run %.3f, the rest %.3f)\n",
              ratio, ratio >= 0.90 ? "PASS" : "FAIL",
              med(olds, &IngestFigures::cpu_ms_per_1000) / med(news, &IngestFigures::cpu_ms_per_1000),
              med(olds, &IngestFigures::first_cpu) / med(news, &IngestFigures::first_cpu),
              med(olds, &IngestFigures::later_cpu) / med(news, &IngestFigures::later_cpu));
  std::fflush(stdout);
  return ratio;
}

double ingest_phase(const std::string& before, const std::string& after, int rounds, long results,
                    const std::function<std::string(int first, int count, unsigned variant)>& payload,
                    const std::string& workload) {
  int runs = static_cast<int>(std::max(1L, results / kTestsPerRun));
  std::vector<std::string> payloads;  // built before any clock starts
  for (unsigned v = 0; v < 4; ++v)
    for (int b = 0; b < kPerRun; ++b) payloads.push_back(payload(b * 1000, 1000, v));
  std::printf("B  batch ingest, 1,000/request, 2 clients, %d results per round (%d runs x 10,000 on main,\n"
              "   %s), a fresh server each round, old and new alternating:\n",
              runs * kTestsPerRun, runs, workload.c_str());
  std::fflush(stdout);
  return compare_ingest(before, after, rounds, runs, payloads);
}

BeforeAfterArgs parse_before_after_args(int argc, char** argv, int default_requests,
                                        const std::vector<std::string>& extra_names) {
  BeforeAfterArgs a;
  a.requests = default_requests;
  if (argc % 2 == 0) throw std::runtime_error(std::string("option ") + argv[argc - 1] + " needs a value");
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i], v = argv[i + 1];
    if (name == "--before") a.before = v;
    else if (name == "--rounds") a.rounds = std::max(1, std::stoi(v));
    else if (name == "--ingest-results") a.ingest_results = std::stol(v);
    else if (name == "--results") a.total_results = std::stol(v);
    else if (name == "--requests") a.requests = std::max(1, std::stoi(v));
    else if (name == "--data") a.keep_dir = v;
    else if (name == "--only") a.only = v;
    else if (std::find(extra_names.begin(), extra_names.end(), name) != extra_names.end()) a.extra[name] = v;
    else throw std::runtime_error("unknown option " + name);
  }
  if (!a.keep_dir.empty() && std::filesystem::exists(a.keep_dir) && !a.extra.count("--reuse"))
    throw std::runtime_error("--data " + a.keep_dir + " exists; give a new directory");
  if (!a.before.empty() && access(a.before.c_str(), X_OK) != 0)
    throw std::runtime_error("--before " + a.before + ": not an executable");
  return a;
}

std::string start_before_after(const std::string& title, const std::string& prefix) {
  std::printf("euriqa %s benchmark (%u cores)\n", title.c_str(), std::thread::hardware_concurrency());
  std::fflush(stdout);
  std::string dir = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp failed");
  return dir;
}

}  // namespace euriqa::bench
