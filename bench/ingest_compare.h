// Batch ingest before and after a change, in one run: the same workload into a fresh
// server of each binary (bench/server_process), alternating (old, new, old, new, ...),
// with throughput and the server's CPU time per result (steadier on a shared machine),
// also split into the first run (which creates the logical tests) and the rest.
//   auto ratio = bench::compare_ingest(before, after, rounds, runs, payloads);
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace euriqa::bench {

// A run's 10 batches of 1,000: payloads holds the "tests" array contents (without the
// brackets) of variant v at [10v, 10v + 10); run r sends variant r % variants.
struct IngestFigures {
  double rate;                  // results/s of all of them, wall clock
  double cpu_ms_per_1000;       // the server's CPU time per 1,000 results
  double first_cpu, later_cpu;  // the same for the first run and for the rest
};
IngestFigures ingest_fresh(const std::string& binary, int runs, const std::vector<std::string>& payloads);

// `rounds` rounds of ingest_fresh with each binary; prints each and the medians, and
// answers the median throughput after/before.
double compare_ingest(const std::string& before, const std::string& after, int rounds, int runs,
                      const std::vector<std::string>& payloads);

// Phase B of a before/after bench: `results` results per round in runs of 10,000 on
// main, the payloads of 4 variants built first (payload(first, count, variant): the
// "tests" items of tests [first, first + count)); prints a heading that names the
// workload, then compare_ingest's figures, and answers its ratio.
double ingest_phase(const std::string& before, const std::string& after, int rounds, long results,
                    const std::function<std::string(int first, int count, unsigned variant)>& payload,
                    const std::string& workload);

// {"runId":..,"tests":[payload]}
std::string batch_of(const std::string& run_id, const std::string& payload);

// A copy of the binary in dir to start: build/ is shared, and a rebuild there in the
// middle of a run must neither stop the bench nor change what it measures.
std::string snapshot(const std::string& binary, const std::string& dir);

// The options of a before/after benchmark, "--name value" pairs: --before OLD_EURIQA,
// --rounds R, --ingest-results N, --results N, --requests N, --data DIR (kept, must not
// exist), --only B|Q, and the bench's own names (in `extra`, as given).
struct BeforeAfterArgs {
  std::string before, keep_dir, only;
  int rounds = 3, requests = 30;
  long ingest_results = 200000, total_results = 1000000;
  std::map<std::string, std::string> extra;
};
// Parses and checks them (throws std::runtime_error naming the option at fault).
BeforeAfterArgs parse_before_after_args(int argc, char** argv, int default_requests,
                                        const std::vector<std::string>& extra_names = {});
// Prints "euriqa <title> benchmark (N cores)" and makes a temp dir "<prefix>-XXXXXX"
// for the run; answers its path.
std::string start_before_after(const std::string& title, const std::string& prefix);

}  // namespace euriqa::bench
