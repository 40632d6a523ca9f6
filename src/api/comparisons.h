// Comparisons of a run or a build with a base (contract §14): which base (given, the
// newest finished one of a branch, or by default the branch's previous one), the
// outcomes on both sides, and their rendering, in full (GET .../compare) or as the
// summary the run API and run webhooks carry (the count of new failures and the first 10).
#pragma once
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/comparison.h"
#include "http/json_writer.h"
#include "store/db.h"
#include "store/runs.h"

namespace euriqa::api {

struct BaseChoice {
  std::optional<std::string> id;      // baseRunId / baseCiBuildId
  std::optional<std::string> branch;  // baseBranch
};

struct ComparisonResult {
  std::optional<std::string> base_run_id, base_build_id;  // both unset: there is no base
  domain::Comparison comparison;
  std::unordered_map<int64_t, std::pair<std::string, std::string>> names;  // logical test -> full title, file path
  std::unordered_map<int64_t, std::string> ids;                            // result rowid -> result id
};

// 404 "Base run not found" when a given base is not a run of the same project.
// `summary`: only the summary will be written (names of its first tests only).
ComparisonResult compare_run(store::Conn& c, const store::Run& run, const BaseChoice& base, bool summary = false);
ComparisonResult compare_build(store::Conn& c, const std::string& project_id, const std::string& ci_build_id,
                               const BaseChoice& base, bool summary = false);

void write_comparison(http::JsonWriter& w, const ComparisonResult& r);
// {"base":{...}|null,"newFailures":N,"newFailureTests":[first 10]}
void write_comparison_summary(http::JsonWriter& w, const ComparisonResult& r);

}  // namespace euriqa::api
