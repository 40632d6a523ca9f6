#include "api/comparisons.h"

#include <algorithm>

#include "domain/error.h"
#include "store/builds.h"
#include "store/results.h"

namespace euriqa::api {

namespace {

constexpr size_t kSummaryTests = 10;

std::vector<std::string> run_ids_of(const std::vector<store::Run>& runs) {
  std::vector<std::string> ids;
  for (const auto& r : runs) ids.push_back(r.id);
  return ids;
}

// Names of the tests that will be written: every list, or the summary's first few.
void fill_names(store::Conn& c, ComparisonResult& r, bool summary) {
  std::vector<int64_t> tests, results;
  auto add = [&](const domain::ComparedTest& t) {
    tests.push_back(t.logical_test_id);
    results.push_back(t.result_rowid);
  };
  if (summary) {
    for (size_t i = 0; i < r.comparison.new_failures.size() && i < kSummaryTests; ++i) add(r.comparison.new_failures[i]);
  } else {
    for (const auto* list : {&r.comparison.new_failures, &r.comparison.still_failing, &r.comparison.fixed,
                             &r.comparison.new_tests})
      for (const auto& t : *list) add(t);
  }
  // In key order: neighbouring lookups share the B-tree pages they walk.
  for (auto* v : {&tests, &results}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  r.names = store::logical_test_names(c, tests);
  r.ids = store::result_ids(c, results);
}

void write_tests(http::JsonWriter& w, const std::vector<domain::ComparedTest>& tests, const ComparisonResult& r,
                 size_t limit) {
  w.begin_array();
  for (size_t i = 0; i < tests.size() && i < limit; ++i) {
    const auto& t = tests[i];
    auto name = r.names.find(t.logical_test_id);
    std::string_view full_title = name != r.names.end() ? std::string_view(name->second.first) : "";
    std::string_view file_path = name != r.names.end() ? std::string_view(name->second.second) : "";
    auto id = r.ids.find(t.result_rowid);
    w.begin_object().field("testId", id != r.ids.end() ? std::string_view(id->second) : "").field("fullTitle", full_title);
    w.key("filePath");
    file_path.empty() ? w.null() : w.str(file_path);
    w.field("status", t.status).field("baseStatus", t.base_status).end_object();
  }
  w.end_array();
}

void write_base(http::JsonWriter& w, const ComparisonResult& r) {
  w.key("base");
  if (r.base_run_id) w.begin_object().field("runId", *r.base_run_id).end_object();
  else if (r.base_build_id) w.begin_object().field("ciBuildId", *r.base_build_id).end_object();
  else w.null();
}

}  // namespace

ComparisonResult compare_run(store::Conn& c, const store::Run& run, const BaseChoice& choice, bool summary) {
  ComparisonResult out;
  std::optional<store::Run> base;
  if (choice.id) {
    base = store::find_run(c, *choice.id);
    if (!base || base->project_id != run.project_id || base->id == run.id) throw domain::not_found("Base run");
  } else {
    base = store::previous_terminal_run(c, run.project_id, choice.branch ? choice.branch : run.branch, run.id);
  }
  // A summary counts new failures, which depend only on the tests failing now.
  auto current = store::run_outcomes(c, {run.id}, summary);
  std::optional<std::vector<domain::Outcome>> before;
  if (base) {
    out.base_run_id = base->id;
    before = store::run_outcomes(c, {base->id});
  }
  out.comparison = domain::compare_outcomes(current, before);
  fill_names(c, out, summary);
  return out;
}

ComparisonResult compare_build(store::Conn& c, const std::string& project_id, const std::string& ci_build_id,
                               const BaseChoice& choice, bool summary) {
  ComparisonResult out;
  auto runs = store::runs_of_build(c, project_id, ci_build_id);
  if (runs.empty()) throw domain::not_found("Build");
  int64_t began = runs.front().created_at;
  for (const auto& r : runs) began = std::min(began, r.created_at);
  std::optional<std::string> base_id;
  if (choice.id) {
    if (*choice.id == ci_build_id || store::runs_of_build(c, project_id, *choice.id).empty())
      throw domain::not_found("Base build");
    base_id = choice.id;
  } else {
    base_id = store::previous_finished_build(c, project_id, choice.branch ? choice.branch : runs.front().branch, began,
                                             ci_build_id);
  }
  auto current = store::run_outcomes(c, run_ids_of(runs), summary);
  std::optional<std::vector<domain::Outcome>> before;
  if (base_id) {
    out.base_build_id = base_id;
    before = store::run_outcomes(c, run_ids_of(store::runs_of_build(c, project_id, *base_id)));
  }
  out.comparison = domain::compare_outcomes(current, before);
  fill_names(c, out, summary);
  return out;
}

void write_comparison(http::JsonWriter& w, const ComparisonResult& r) {
  w.begin_object();
  write_base(w, r);
  size_t all = SIZE_MAX;
  w.key("newFailures");
  write_tests(w, r.comparison.new_failures, r, all);
  w.key("stillFailing");
  write_tests(w, r.comparison.still_failing, r, all);
  w.key("fixed");
  write_tests(w, r.comparison.fixed, r, all);
  w.key("newTests");
  write_tests(w, r.comparison.new_tests, r, all);
  w.end_object();
}

void write_comparison_summary(http::JsonWriter& w, const ComparisonResult& r) {
  w.begin_object();
  write_base(w, r);
  w.field("newFailures", static_cast<int64_t>(r.comparison.new_failures.size()));
  w.key("newFailureTests");
  write_tests(w, r.comparison.new_failures, r, kSummaryTests);
  w.end_object();
}

}  // namespace euriqa::api
