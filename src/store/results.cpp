#include "store/results.h"

#include <algorithm>

#include "domain/ids.h"
#include "domain/time.h"
#include "store/sql_util.h"
#include "store/failure_groups.h"
#include "store/flakiness.h"
#include "store/projects.h"
#include "store/suites.h"
#include "store/test_case_days.h"
#include "store/test_search.h"

namespace euriqa::store {

namespace {

// Listing columns (no steps/stdout/stderr), then the detail columns.
const char* kListColumns =
    "id, run_id, project_id, suite_id, title, full_title, file_path, line_number, status, duration, retries, "
    "attempt, is_flaky, tags, annotations, error, created_at, logical_test_id, error_signature";
const char* kDetailColumns = ", steps, stdout, stderr";

TestResult read_result(SQLite::Statement& s, bool detail) {
  TestResult r;
  int i = 0;
  r.id = s.getColumn(i++).getString();
  r.run_id = s.getColumn(i++).getString();
  r.project_id = s.getColumn(i++).getString();
  r.suite_id = opt_text(s.getColumn(i++));
  r.title = s.getColumn(i++).getString();
  r.full_title = s.getColumn(i++).getString();
  r.file_path = opt_text(s.getColumn(i++));
  r.line_number = opt_int(s.getColumn(i++));
  r.status = s.getColumn(i++).getString();
  r.duration = s.getColumn(i++).getInt64();
  r.retries = opt_int(s.getColumn(i++));
  r.attempt = opt_int(s.getColumn(i++));
  r.is_flaky = s.getColumn(i++).getInt() != 0;
  r.tags_json = opt_text(s.getColumn(i++));
  r.annotations_json = opt_text(s.getColumn(i++));
  r.error_json = opt_text(s.getColumn(i++));
  r.created_at = s.getColumn(i++).getInt64();
  r.logical_test_id = s.getColumn(i++).getInt64();
  r.error_signature = opt_text(s.getColumn(i++));
  if (detail) {
    r.steps_json = opt_text(s.getColumn(i++));
    r.stdout_text = opt_text(s.getColumn(i++));
    r.stderr_text = opt_text(s.getColumn(i++));
  }
  return r;
}

void count_status(Counts& c, const std::string& status) {
  ++c.total;
  if (status == "passed") ++c.passed;
  else if (status == "failed") ++c.failed;
  else if (status == "skipped") ++c.skipped;
  else if (status == "flaky") ++c.flaky;
}

// Creates or counts the result's logical test; returns its id and flakiness state
// (window_size and last_result_id already include this result).
struct LogicalTestRow {
  int64_t id = 0;
  bool created = false;  // this result is its first
  FlakinessState flakiness;
};

// The logical test keeps the title it was created with: its searchable names (title,
// full title, file path) then never change, so the search index needs no updates.
LogicalTestRow upsert_logical_test(Conn& c, const TestResult& r) {
  auto s = c.prepare(
      "INSERT INTO logical_tests (project_id, file_path, full_title, title, result_count, passed_count, "
      "failed_count, skipped_count, flaky_count, last_result_at, last_result_id, window_size) "
      "VALUES (?,?,?,?,1,?,?,?,?,?,?,1) "
      "ON CONFLICT (project_id, file_path, full_title) DO UPDATE SET "
      "result_count = result_count + 1, passed_count = passed_count + excluded.passed_count, "
      "failed_count = failed_count + excluded.failed_count, skipped_count = skipped_count + excluded.skipped_count, "
      "flaky_count = flaky_count + excluded.flaky_count, last_result_at = excluded.last_result_at, "
      "last_result_id = excluded.last_result_id, window_size = min(window_size + 1, 100) "
      "RETURNING id, result_count, " + std::string(kFlakinessStateColumns));
  s->bind(1, r.project_id);
  s->bind(2, r.file_path.value_or(""));
  s->bind(3, r.full_title);
  s->bind(4, r.title);
  s->bind(5, r.status == "passed" ? 1 : 0);
  s->bind(6, r.status == "failed" ? 1 : 0);
  s->bind(7, r.status == "skipped" ? 1 : 0);
  s->bind(8, r.status == "flaky" ? 1 : 0);
  s->bind(9, r.created_at);
  s->bind(10, r.id);
  s->executeStep();
  LogicalTestRow out{s->getColumn(0).getInt64(), s->getColumn(1).getInt64() == 1, read_state(*s, 2)};
  while (s->executeStep()) {
  }
  return out;
}

// Adds new logical tests to the search index in one statement: FTS5 flushes its pending
// terms at every statement, so a row at a time (a trigger) cost 3x a first run's ingest.
void index_new_logical_tests(Conn& c, const std::vector<int64_t>& ids) {
  for (size_t at = 0; at < ids.size(); at += 500) {
    size_t n = std::min<size_t>(500, ids.size() - at);
    std::string in;
    for (size_t i = 0; i < n; ++i) in += i ? ",?" : "?";
    // The title only when the full title does not hold it (as in migration 6's trigger).
    auto s = c.prepare("INSERT INTO logical_tests_fts(rowid, title, full_title, file_path) "
                       "SELECT id, iif(instr(full_title, title) > 0, '', title), full_title, file_path "
                       "FROM logical_tests WHERE id IN (" + in + ")");
    for (size_t i = 0; i < n; ++i) s->bind(static_cast<int>(i + 1), ids[at + i]);
    s->exec();
  }
}

}  // namespace

std::vector<TestResult> insert_results(Conn& c, const Run& run, std::vector<TestResult> results) {
  SuitePathCache suites(c, run.id, run.project_id);
  Counts delta;
  int64_t now = domain::now_ms();
  ProjectSettings settings = get_settings(c, run.project_id);
  std::vector<int64_t> new_logical_tests;
  auto s = c.prepare(
      "INSERT INTO test_results (id, run_id, project_id, logical_test_id, suite_id, title, full_title, file_path, "
      "line_number, status, duration, retries, attempt, is_flaky, tags, annotations, error, steps, stdout, stderr, "
      "created_at, evidence, error_signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  std::vector<int64_t> rowids;
  rowids.reserve(results.size());
  for (auto& r : results) {
    r.id = domain::new_id("test_");
    r.run_id = run.id;
    r.project_id = run.project_id;
    r.created_at = now;
    auto [logical_id, created, flakiness] = upsert_logical_test(c, r);
    r.logical_test_id = logical_id;
    if (created) new_logical_tests.push_back(logical_id);
    r.suite_id = suites.resolve(r.file_path, suite_titles(r.full_title));
    bool evidence = record_flakiness(c, run, settings, r, flakiness);
    int i = 1;
    s->bind(i++, r.id);
    s->bind(i++, r.run_id);
    s->bind(i++, r.project_id);
    s->bind(i++, r.logical_test_id);
    bind_opt(*s, i++, r.suite_id);
    s->bind(i++, r.title);
    s->bind(i++, r.full_title);
    bind_opt(*s, i++, r.file_path);
    bind_opt(*s, i++, r.line_number);
    s->bind(i++, r.status);
    s->bind(i++, r.duration);
    bind_opt(*s, i++, r.retries);
    bind_opt(*s, i++, r.attempt);
    s->bind(i++, r.is_flaky ? 1 : 0);
    for (auto* f : {&r.tags_json, &r.annotations_json, &r.error_json, &r.steps_json, &r.stdout_text, &r.stderr_text})
      bind_opt(*s, i++, *f);
    s->bind(i++, r.created_at);
    s->bind(i++, evidence ? 1 : 0);
    bind_opt(*s, i++, r.error_signature);
    s->exec();
    s->reset();
    rowids.push_back(c.raw().getLastInsertRowid());
    if (r.error_signature) {
      FailureRecord f;
      f.result_rowid = rowids.back();
      f.project_id = r.project_id;
      f.run_id = r.run_id;
      f.signature = *r.error_signature;
      f.logical_test_id = r.logical_test_id;
      f.created_at = r.created_at;
      f.branch = run.branch;
      f.message = r.error_first_line;
      f.search_text = r.error_search_text;
      record_failure(c, f);
    }
    count_status(delta, r.status);
  }
  index_new_logical_tests(c, new_logical_tests);
  add_run_counts(c, run.id, delta);
  record_test_case_days(c, run, results, rowids);
  return results;
}

std::optional<TestResult> find_result(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kListColumns + kDetailColumns + " FROM test_results WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_result(*s, true);
}

namespace {

// Above this many matching results, a search scans the project's results newest
// first (stopping at the page) rather than gathering every match and sorting.
constexpr int64_t kScanThreshold = 10000;

std::string status_counter(const std::optional<std::string>& status) {
  if (!status) return "result_count";
  if (*status == "passed") return "passed_count";
  if (*status == "failed") return "failed_count";
  if (*status == "skipped") return "skipped_count";
  return "flaky_count";
}

// The runs column counting results of a status (names are fixed here, never user text).
std::string run_counter(const std::optional<std::string>& status) {
  if (!status) return "total_tests";
  if (*status == "passed") return "passed_tests";
  if (*status == "failed") return "failed_tests";
  if (*status == "skipped") return "skipped_tests";
  return "flaky_tests";
}

}  // namespace

namespace {

std::vector<TestResult> read_page(Stmt& s) {
  std::vector<TestResult> rows;
  while (s->executeStep()) rows.push_back(read_result(*s, false));
  return rows;
}

// A search that involves error signatures (the text matches an error, or the caller
// filters by signature): one WHERE over the results, with the signature side read
// from the narrow failures table.
std::pair<std::vector<TestResult>, int64_t> search_with_signatures(Conn& c, const ResultFilter& f,
                                                                   const std::vector<std::string>& matching) {
  std::string where = f.run_id ? " WHERE run_id = ?" : " WHERE project_id = ?";
  std::vector<std::string> binds = {f.run_id ? *f.run_id : f.project_id};
  if (f.status) {
    where += " AND status = ?";
    binds.push_back(*f.status);
  }
  if (f.error_signature) {
    where += " AND rowid IN (SELECT result_rowid FROM failures WHERE project_id = ? AND signature = ?)";
    binds.push_back(f.project_id);
    binds.push_back(*f.error_signature);
  }
  if (f.search) {
    // The two sides through their own indexes, united: an OR here would scan every
    // result of the project.
    auto names = logical_tests_matching(f.project_id, *f.search);
    where += " AND rowid IN (SELECT rowid FROM test_results WHERE logical_test_id IN (" + names.sql + ")";
    binds.insert(binds.end(), names.binds.begin(), names.binds.end());
    if (!matching.empty()) {
      where += " UNION SELECT result_rowid FROM failures WHERE project_id = ? AND signature IN (";
      for (size_t i = 0; i < matching.size(); ++i) where += i ? ",?" : "?";
      where += ")";
      binds.push_back(f.project_id);
      binds.insert(binds.end(), matching.begin(), matching.end());
    }
    where += ")";
  }
  auto count = c.prepare("SELECT count(*) FROM test_results" + where);
  for (size_t i = 0; i < binds.size(); ++i) count->bind(static_cast<int>(i + 1), binds[i]);
  count->executeStep();
  int64_t total = count->getColumn(0).getInt64();
  auto s = c.prepare(std::string("SELECT ") + kListColumns + " FROM test_results" + where +
                     " ORDER BY rowid DESC LIMIT ? OFFSET ?");
  int i = 1;
  for (const auto& b : binds) s->bind(i++, b);
  s->bind(i++, f.limit);
  s->bind(i++, f.offset);
  return {read_page(s), total};
}

}  // namespace

std::vector<RunRow> run_rows(Conn& c, const std::string& run_id) {
  auto s = c.prepare(
      "SELECT id, title, full_title, status, file_path, suite_id, duration, retries, "
      "CASE WHEN status IN ('failed', 'flaky') THEN error END FROM test_results WHERE run_id = ? ORDER BY rowid DESC");
  s->bind(1, run_id);
  std::vector<RunRow> out;
  while (s->executeStep()) {
    RunRow r;
    r.id = s->getColumn(0).getString();
    r.title = s->getColumn(1).getString();
    r.full_title = s->getColumn(2).getString();
    r.status = s->getColumn(3).getString();
    r.file_path = opt_text(s->getColumn(4));
    r.suite_id = opt_text(s->getColumn(5));
    r.duration = s->getColumn(6).getInt64();
    if (!s->getColumn(7).isNull()) r.retries = s->getColumn(7).getInt64();
    r.error_json = opt_text(s->getColumn(8));
    out.push_back(std::move(r));
  }
  return out;
}

std::pair<std::vector<TestResult>, int64_t> list_results(Conn& c, const ResultFilter& f) {
  // Search also matches error text (contract §13): the failure groups whose errors hold it.
  std::vector<std::string> matching;
  if (f.search && !f.error_signature) matching = signatures_matching(c, f.project_id, *f.search);
  if (f.error_signature || !matching.empty()) return search_with_signatures(c, f, matching);

  std::string where, count_sql;
  std::vector<std::string> binds;  // all text binds, in order
  if (f.run_id) {
    // A run's results, newest first straight from the run_id index (rowid order). The
    // caller has checked the run is in the project; naming project_id here would tempt
    // the planner onto the project index.
    where = " WHERE run_id = ?";
    binds = {*f.run_id};
    if (f.status) {
      where += " AND status = ?";
      binds.push_back(*f.status);
    }
    if (f.search) {
      // Within one run a scan of its results is cheap; the names are matched as text.
      auto names = logical_tests_matching(f.project_id, *f.search);
      where += " AND logical_test_id IN (" + names.sql + ")";
      binds.insert(binds.end(), names.binds.begin(), names.binds.end());
      count_sql = "SELECT count(*) FROM test_results" + where;
    } else {
      // The run's live counters already hold these totals.
      count_sql = "SELECT " + run_counter(f.status) + " FROM runs WHERE id = ?";
    }
  } else if (f.search) {
    // Search the project's logical tests (far fewer than results), then their results.
    auto names = logical_tests_matching(f.project_id, *f.search);
    std::string match = "SELECT id FROM logical_tests WHERE project_id = ? AND id IN (" + names.sql + ")";
    std::vector<std::string> match_binds = {f.project_id};
    match_binds.insert(match_binds.end(), names.binds.begin(), names.binds.end());
    count_sql = "SELECT coalesce(sum(" + status_counter(f.status) + "), 0) FROM logical_tests WHERE id IN (" +
                match + ")";
    auto count = c.prepare(count_sql);
    for (size_t i = 0; i < match_binds.size(); ++i) count->bind(static_cast<int>(i + 1), match_binds[i]);
    count->executeStep();
    int64_t matches = count->getColumn(0).getInt64();
    // '+' keeps SQLite from using the index on that term, choosing the plan ourselves.
    where = matches >= kScanThreshold ? " WHERE project_id = ? AND +logical_test_id IN (" + match + ")"
                                      : " WHERE +project_id = ? AND logical_test_id IN (" + match + ")";
    binds = {f.project_id};
    binds.insert(binds.end(), match_binds.begin(), match_binds.end());
    if (f.status) {
      where += " AND status = ?";
      binds.push_back(*f.status);
    }
    auto s = c.prepare(std::string("SELECT ") + kListColumns + " FROM test_results" + where +
                       " ORDER BY rowid DESC LIMIT ? OFFSET ?");
    int i = 1;
    for (const auto& b : binds) s->bind(i++, b);
    s->bind(i++, f.limit);
    s->bind(i++, f.offset);
    return {read_page(s), matches};
  } else {
    where = " WHERE project_id = ?";
    binds = {f.project_id};
    count_sql = "SELECT coalesce(sum(" + status_counter(f.status) + "), 0) FROM logical_tests WHERE project_id = ?";
    if (f.status) {
      where += " AND status = ?";
      binds.push_back(*f.status);
    }
  }

  int64_t total;
  {
    auto count = c.prepare(count_sql);
    // Counting from counters binds only the run or project; a search count binds all.
    size_t n = f.run_id && f.search ? binds.size() : 1;
    for (size_t i = 0; i < n; ++i) count->bind(static_cast<int>(i + 1), binds[i]);
    count->executeStep();
    total = count->getColumn(0).getInt64();
  }
  // A run's entries in its index are not in rowid order: the page's rowids are picked
  // from the narrow index first, so that only the page's wide rows are read.
  std::string page_sql =
      f.run_id ? std::string("SELECT ") + kListColumns + " FROM test_results WHERE rowid IN (SELECT rowid FROM test_results" +
                     where + " ORDER BY rowid DESC LIMIT ? OFFSET ?) ORDER BY rowid DESC"
               : std::string("SELECT ") + kListColumns + " FROM test_results" + where + " ORDER BY rowid DESC LIMIT ? OFFSET ?";
  auto s = c.prepare(page_sql);
  int i = 1;
  for (const auto& b : binds) s->bind(i++, b);
  s->bind(i++, f.limit);
  s->bind(i++, f.offset);
  return {read_page(s), total};
}

std::vector<domain::Outcome> run_outcomes(Conn& c, const std::vector<std::string>& run_ids, bool failed_only) {
  std::vector<domain::Outcome> out;
  // Both read test_results_run_outcome alone (run_id, status, logical_test_id, rowid).
  auto s = c.prepare(failed_only
                         ? "SELECT logical_test_id, status, rowid FROM test_results WHERE run_id = ? AND status = 'failed'"
                         : "SELECT logical_test_id, status, rowid FROM test_results WHERE run_id = ?");
  for (const auto& run_id : run_ids) {
    s->bind(1, run_id);
    while (s->executeStep())
      out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getString(), s->getColumn(2).getInt64()});
    s->reset();
  }
  return out;
}

std::unordered_map<int64_t, std::string> result_ids(Conn& c, const std::vector<int64_t>& rowids) {
  std::unordered_map<int64_t, std::string> out;
  auto s = c.prepare("SELECT id FROM test_results WHERE rowid = ?");
  for (int64_t rowid : rowids) {
    if (out.count(rowid)) continue;
    s->bind(1, rowid);
    if (s->executeStep()) out[rowid] = s->getColumn(0).getString();
    s->reset();
  }
  return out;
}

std::unordered_map<int64_t, std::pair<std::string, std::string>> logical_test_names(Conn& c,
                                                                                   const std::vector<int64_t>& ids) {
  std::unordered_map<int64_t, std::pair<std::string, std::string>> out;
  auto s = c.prepare("SELECT full_title, file_path FROM logical_tests WHERE id = ?");
  for (int64_t id : ids) {
    if (out.count(id)) continue;
    s->bind(1, id);
    if (s->executeStep()) out[id] = {s->getColumn(0).getString(), s->getColumn(1).getString()};
    s->reset();
  }
  return out;
}

std::pair<std::vector<TestResult>, int64_t> logical_test_results(Conn& c, int64_t logical_test_id, int limit,
                                                                 int64_t offset) {
  auto count = c.prepare("SELECT result_count FROM logical_tests WHERE id = ?");
  count->bind(1, logical_test_id);
  int64_t total = count->executeStep() ? count->getColumn(0).getInt64() : 0;
  auto s = c.prepare(std::string("SELECT ") + kListColumns +
                     " FROM test_results WHERE logical_test_id = ? ORDER BY rowid DESC LIMIT ? OFFSET ?");
  s->bind(1, logical_test_id);
  s->bind(2, limit);
  s->bind(3, offset);
  return {read_page(s), total};
}

std::vector<HistoryEntry> history(Conn& c, int64_t logical_test_id, int limit) {
  auto s = c.prepare(
      "SELECT t.id, t.run_id, t.status, t.duration, t.created_at, r.branch, r.commit_sha FROM test_results t "
      "JOIN runs r ON r.id = t.run_id WHERE t.logical_test_id = ? ORDER BY t.rowid DESC LIMIT ?");
  s->bind(1, logical_test_id);
  s->bind(2, limit);
  std::vector<HistoryEntry> out;
  while (s->executeStep())
    out.push_back(HistoryEntry{s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                               s->getColumn(3).getInt64(), s->getColumn(4).getInt64(), opt_text(s->getColumn(5)),
                               opt_text(s->getColumn(6))});
  return out;
}

}  // namespace euriqa::store
