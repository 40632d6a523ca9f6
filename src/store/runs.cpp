#include "store/runs.h"

#include <algorithm>

#include "domain/ids.h"
#include "domain/time.h"
#include "store/failure_groups.h"
#include "store/flakiness.h"
#include "store/sql_util.h"
#include "store/test_case_days.h"

namespace euriqa::store {

namespace {

const char* kRunColumns =
    "id, project_id, status, branch, commit_sha, commit_message, commit_author, ci_provider, ci_build_id, "
    "ci_build_url, playwright_version, workers, shard_current, shard_total, browser, os, viewport, hostname, "
    "run_title, tags, grep_patterns, "
    "coalesce(reported_total, total_tests), coalesce(reported_passed, passed_tests), "
    "coalesce(reported_failed, failed_tests), coalesce(reported_skipped, skipped_tests), "
    "coalesce(reported_flaky, flaky_tests), coalesce(reported_duration, completed_at - created_at), "
    "created_at, updated_at, completed_at";

Run read_run(SQLite::Statement& s) {
  Run r;
  int i = 0;
  r.id = s.getColumn(i++).getString();
  r.project_id = s.getColumn(i++).getString();
  r.status = s.getColumn(i++).getString();
  for (auto* f : {&r.branch, &r.commit_sha, &r.commit_message, &r.commit_author, &r.ci_provider, &r.ci_build_id,
                  &r.ci_build_url, &r.playwright_version})
    *f = opt_text(s.getColumn(i++));
  for (auto* f : {&r.workers, &r.shard_current, &r.shard_total}) *f = opt_int(s.getColumn(i++));
  for (auto* f : {&r.browser, &r.os, &r.viewport, &r.hostname, &r.run_title, &r.tags_json, &r.grep_patterns_json})
    *f = opt_text(s.getColumn(i++));
  r.counts.total = s.getColumn(i++).getInt64();
  r.counts.passed = s.getColumn(i++).getInt64();
  r.counts.failed = s.getColumn(i++).getInt64();
  r.counts.skipped = s.getColumn(i++).getInt64();
  r.counts.flaky = s.getColumn(i++).getInt64();
  r.duration = opt_int(s.getColumn(i++));
  r.created_at = s.getColumn(i++).getInt64();
  r.updated_at = s.getColumn(i++).getInt64();
  r.completed_at = opt_int(s.getColumn(i++));
  return r;
}

}  // namespace

std::vector<Run> runs_of_build(Conn& c, const std::string& project_id, const std::string& ci_build_id) {
  auto s = c.prepare(std::string("SELECT ") + kRunColumns +
                     " FROM runs WHERE project_id = ? AND ci_build_id = ? ORDER BY shard_current, created_at, rowid");
  s->bind(1, project_id);
  s->bind(2, ci_build_id);
  std::vector<Run> out;
  while (s->executeStep()) out.push_back(read_run(*s));
  return out;
}

std::optional<Run> previous_terminal_run(Conn& c, const std::string& project_id,
                                         const std::optional<std::string>& branch, const std::string& before_id) {
  // "Created before" is insertion order (rowid): two runs of one millisecond still
  // have an order.
  auto s = c.prepare(std::string("SELECT ") + kRunColumns +
                     " FROM runs WHERE project_id = ? AND branch IS ? AND status IN ('passed', 'failed', 'cancelled') "
                     "AND rowid < (SELECT rowid FROM runs WHERE id = ?) ORDER BY created_at DESC, rowid DESC LIMIT 1");
  s->bind(1, project_id);
  bind_opt(*s, 2, branch);
  s->bind(3, before_id);
  if (!s->executeStep()) return std::nullopt;
  return read_run(*s);
}

bool is_terminal_status(const std::string& status) {
  return status == "passed" || status == "failed" || status == "cancelled";
}

Run insert_run(Conn& c, Run r) {
  r.id = domain::new_id("run_");
  r.created_at = r.updated_at = domain::now_ms();
  if (is_terminal_status(r.status)) r.completed_at = r.created_at;
  auto s = c.prepare(
      "INSERT INTO runs (id, project_id, status, branch, commit_sha, commit_message, commit_author, ci_provider, "
      "ci_build_id, ci_build_url, playwright_version, workers, shard_current, shard_total, browser, os, viewport, "
      "hostname, run_title, tags, grep_patterns, created_at, updated_at, completed_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int i = 1;
  s->bind(i++, r.id);
  s->bind(i++, r.project_id);
  s->bind(i++, r.status);
  for (auto* f : {&r.branch, &r.commit_sha, &r.commit_message, &r.commit_author, &r.ci_provider, &r.ci_build_id,
                  &r.ci_build_url, &r.playwright_version})
    bind_opt(*s, i++, *f);
  for (auto* f : {&r.workers, &r.shard_current, &r.shard_total}) bind_opt(*s, i++, *f);
  for (auto* f : {&r.browser, &r.os, &r.viewport, &r.hostname, &r.run_title, &r.tags_json, &r.grep_patterns_json})
    bind_opt(*s, i++, *f);
  s->bind(i++, r.created_at);
  s->bind(i++, r.updated_at);
  bind_opt(*s, i++, r.completed_at);
  s->exec();
  return *find_run(c, r.id);
}

std::optional<Run> find_run(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_run(*s);
}

std::pair<std::vector<Run>, int64_t> list_runs(Conn& c, const RunFilter& f) {
  std::string where = " WHERE project_id = ?";
  if (f.status) where += " AND status = ?";
  if (f.branch) where += " AND branch = ?";
  if (f.commit_sha) where += " AND commit_sha = ?";
  if (f.search)
    where += " AND (run_title LIKE ? ESCAPE '\\' OR branch LIKE ? ESCAPE '\\' OR commit_message LIKE ? ESCAPE '\\')";
  if (f.from) where += " AND created_at >= ?";
  if (f.to) where += " AND created_at <= ?";
  auto bind_filters = [&](SQLite::Statement& s) {
    int i = 1;
    s.bind(i++, f.project_id);
    if (f.status) s.bind(i++, *f.status);
    if (f.branch) s.bind(i++, *f.branch);
    if (f.commit_sha) s.bind(i++, *f.commit_sha);
    if (f.search) {
      std::string pattern = like_contains(*f.search);
      for (int k = 0; k < 3; ++k) s.bind(i++, pattern);
    }
    if (f.from) s.bind(i++, *f.from);
    if (f.to) s.bind(i++, *f.to);
    return i;
  };
  auto count = c.prepare("SELECT count(*) FROM runs" + where);
  bind_filters(*count);
  count->executeStep();
  int64_t total = count->getColumn(0).getInt64();

  auto s = c.prepare(std::string("SELECT ") + kRunColumns + " FROM runs" + where +
                     " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?");
  int i = bind_filters(*s);
  s->bind(i++, f.limit);
  s->bind(i++, f.offset);
  std::vector<Run> out;
  while (s->executeStep()) out.push_back(read_run(*s));
  return {std::move(out), total};
}

std::pair<Run, bool> update_run(Conn& c, const std::string& id, const RunUpdate& u) {
  auto before = find_run(c, id);
  bool first_terminal = u.status && is_terminal_status(*u.status) && !before->completed_at;
  int64_t now = domain::now_ms();
  auto s = c.prepare(
      "UPDATE runs SET status = coalesce(?, status), reported_total = coalesce(?, reported_total), "
      "reported_passed = coalesce(?, reported_passed), reported_failed = coalesce(?, reported_failed), "
      "reported_skipped = coalesce(?, reported_skipped), reported_flaky = coalesce(?, reported_flaky), "
      "reported_duration = coalesce(?, reported_duration), updated_at = ?, "
      "completed_at = CASE WHEN ? THEN ? ELSE completed_at END WHERE id = ?");
  int i = 1;
  bind_opt(*s, i++, u.status);
  for (auto* f : {&u.total, &u.passed, &u.failed, &u.skipped, &u.flaky, &u.duration}) bind_opt(*s, i++, *f);
  s->bind(i++, now);
  s->bind(i++, first_terminal ? 1 : 0);
  s->bind(i++, now);
  s->bind(i++, id);
  s->exec();
  return {*find_run(c, id), first_terminal};
}

void add_run_counts(Conn& c, const std::string& run_id, const Counts& d) {
  auto s = c.prepare(
      "UPDATE runs SET total_tests = total_tests + ?, passed_tests = passed_tests + ?, "
      "failed_tests = failed_tests + ?, skipped_tests = skipped_tests + ?, flaky_tests = flaky_tests + ?, "
      "updated_at = ? WHERE id = ?");
  s->bind(1, d.total);
  s->bind(2, d.passed);
  s->bind(3, d.failed);
  s->bind(4, d.skipped);
  s->bind(5, d.flaky);
  s->bind(6, domain::now_ms());
  s->bind(7, run_id);
  s->exec();
}

std::vector<std::string> runs_past_retention(Conn& c, int64_t now_ms, int limit) {
  auto s = c.prepare(
      "SELECT r.id FROM project_settings s JOIN runs r ON r.project_id = s.project_id "
      "WHERE r.created_at < ? - s.data_retention_days * 86400000 LIMIT ?");
  s->bind(1, now_ms);
  s->bind(2, limit);
  std::vector<std::string> out;
  while (s->executeStep()) out.push_back(s->getColumn(0).getString());
  return out;
}

void delete_run(Conn& c, const std::string& id) {
  // Before its results go: the rollups read them.
  forget_run_failures(c, id);
  if (auto run = find_run(c, id)) forget_run_test_case_days(c, *run);
  // Logical tests whose last 100 results include one of this run's: their flakiness
  // windows are recomputed once the results are gone.
  std::vector<int64_t> affected;
  {
    auto s = c.prepare(
        "SELECT logical_test_id FROM (SELECT logical_test_id, max(rowid) AS newest FROM test_results "
        "WHERE run_id = ? GROUP BY logical_test_id) AS d WHERE (SELECT count(*) FROM (SELECT 1 FROM test_results t "
        "WHERE t.logical_test_id = d.logical_test_id AND t.rowid > d.newest LIMIT 100)) < 100");
    s->bind(1, id);
    while (s->executeStep()) affected.push_back(s->getColumn(0).getInt64());
  }
  // Same-commit flips (contract §6) losing a side with this run: take its outcomes out
  // of commit_outcomes; where a commit no longer has both a pass and a fail, the results
  // left on it stop being evidence by that flip (unmarked once the run is gone).
  struct Unflipped {
    int64_t logical_id;
    std::string project_id, sha;
  };
  std::vector<Unflipped> unflipped;
  {
    struct Outcome {
      int64_t logical_id, passed, failed, run_passed, run_failed;
      std::string project_id, sha;
    };
    std::vector<Outcome> outcomes;
    auto s = c.prepare(
        "SELECT t.logical_test_id, o.passed, o.failed, sum(t.status = 'passed'), sum(t.status = 'failed'), "
        "r.project_id, r.commit_sha FROM test_results t JOIN runs r ON r.id = t.run_id "
        "JOIN commit_outcomes o ON o.logical_test_id = t.logical_test_id AND o.commit_sha = r.commit_sha "
        "WHERE t.run_id = ? AND t.status IN ('passed', 'failed') GROUP BY t.logical_test_id");
    s->bind(1, id);
    while (s->executeStep())
      outcomes.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64(), s->getColumn(2).getInt64(),
                          s->getColumn(3).getInt64(), s->getColumn(4).getInt64(), s->getColumn(5).getString(),
                          s->getColumn(6).getString()});
    for (const auto& o : outcomes) {
      int64_t passed = std::max<int64_t>(0, o.passed - o.run_passed), failed = std::max<int64_t>(0, o.failed - o.run_failed);
      auto u = c.prepare("UPDATE commit_outcomes SET passed = ?, failed = ? WHERE logical_test_id = ? AND commit_sha = ?");
      u->bind(1, passed);
      u->bind(2, failed);
      u->bind(3, o.logical_id);
      u->bind(4, o.sha);
      u->exec();
      if (o.passed > 0 && o.failed > 0 && (passed == 0 || failed == 0))
        unflipped.push_back({o.logical_id, o.project_id, o.sha});
    }
  }
  // Take this run's results out of the logical tests' counters first.
  auto s = c.prepare(
      "UPDATE logical_tests SET result_count = result_count - d.n, passed_count = passed_count - d.p, "
      "failed_count = failed_count - d.f, skipped_count = skipped_count - d.s, flaky_count = flaky_count - d.k "
      "FROM (SELECT logical_test_id AS lid, count(*) AS n, sum(status = 'passed') AS p, "
      "sum(status = 'failed') AS f, sum(status = 'skipped') AS s, sum(status = 'flaky') AS k "
      "FROM test_results WHERE run_id = ? GROUP BY logical_test_id) AS d WHERE logical_tests.id = d.lid");
  s->bind(1, id);
  s->exec();
  auto del = c.prepare("DELETE FROM runs WHERE id = ?");
  del->bind(1, id);
  del->exec();
  for (const auto& u : unflipped) {
    auto s2 = c.prepare(
        "UPDATE test_results SET evidence = 0 WHERE logical_test_id = ? AND evidence = 1 AND is_flaky = 0 AND "
        "status IN ('passed', 'failed') AND run_id IN (SELECT id FROM runs WHERE project_id = ? AND commit_sha = ?)");
    s2->bind(1, u.logical_id);
    s2->bind(2, u.project_id);
    s2->bind(3, u.sha);
    s2->exec();
    affected.push_back(u.logical_id);
  }
  std::sort(affected.begin(), affected.end());
  affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
  recompute_flakiness(c, affected);
}

}  // namespace euriqa::store
