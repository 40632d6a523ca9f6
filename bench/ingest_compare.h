// Batch ingest before and after a change, in one run: the same workload into a fresh
// server of each binary (bench/server_process), alternating (old, new, old, new, ...),
// with throughput and the server's CPU time per result (steadier on a shared machine),
// also split into the first run (which creates the logical tests) and the rest.
//   auto ratio = bench::compare_ingest(before, after, rounds, runs, payloads);
#pragma once
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

// {"runId":..,"tests":[payload]}
std::string batch_of(const std::string& run_id, const std::string& payload);

// A copy of the binary in dir to start: build/ is shared, and a rebuild there in the
// middle of a run must neither stop the bench nor change what it measures.
std::string snapshot(const std::string& binary, const std::string& dir);

}  // namespace euriqa::bench
