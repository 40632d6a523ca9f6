#include "store/flakiness.h"

#include <cstdio>

#include "domain/flakiness.h"
#include "store/quarantine.h"
#include "store/sql_util.h"

namespace euriqa::store {

namespace {

using domain::EvidenceWindow;

struct LogicalState {
  EvidenceWindow window;
  std::optional<int64_t> last_flaky_at, unquarantined_at, quarantined_at, quarantine_expires_at;
  bool quarantined = false;
};

LogicalState from_stored(const FlakinessState& f) {
  LogicalState st;
  st.window.lo = f.lo;
  st.window.hi = f.hi;
  st.window.size = f.size;
  st.last_flaky_at = f.last_flaky_at;
  st.quarantined = f.quarantined;
  st.quarantined_at = f.quarantined_at;
  st.unquarantined_at = f.unquarantined_at;
  st.quarantine_expires_at = f.quarantine_expires_at;
  return st;
}

LogicalState load_state(Conn& c, int64_t id) {
  auto s = c.prepare(
      "SELECT evidence_lo, evidence_hi, window_size, last_flaky_at, is_quarantined, quarantined_at, "
      "unquarantined_at FROM logical_tests WHERE id = ?");
  s->bind(1, id);
  LogicalState st;
  if (s->executeStep()) {
    st.window.lo = static_cast<uint64_t>(s->getColumn(0).getInt64());
    st.window.hi = static_cast<uint64_t>(s->getColumn(1).getInt64());
    st.window.size = s->getColumn(2).getInt();
    st.last_flaky_at = opt_int(s->getColumn(3));
    st.quarantined = s->getColumn(4).getInt() != 0;
    st.quarantined_at = opt_int(s->getColumn(5));
    st.unquarantined_at = opt_int(s->getColumn(6));
  }
  return st;
}

void save_state(Conn& c, int64_t id, const LogicalState& st, const std::optional<std::string>& last_result_id) {
  auto s = c.prepare(
      "UPDATE logical_tests SET evidence_lo = ?, evidence_hi = ?, window_size = ?, flaky_runs = ?, "
      "flakiness_score = ?, last_flaky_at = ?, is_quarantined = ?, quarantined_at = ?, unquarantined_at = ?, "
      "last_result_id = coalesce(?, last_result_id) WHERE id = ?");
  s->bind(1, static_cast<int64_t>(st.window.lo));
  s->bind(2, static_cast<int64_t>(st.window.hi));
  s->bind(3, st.window.size);
  s->bind(4, st.window.flaky_runs());
  s->bind(5, domain::flakiness_score(st.window));
  bind_opt(*s, 6, st.last_flaky_at);
  s->bind(7, st.quarantined ? 1 : 0);
  bind_opt(*s, 8, st.quarantined_at);
  bind_opt(*s, 9, st.unquarantined_at);
  bind_opt(*s, 10, last_result_id);
  s->bind(11, id);
  s->exec();
}

// Counts the outcome on (logical test, commit); true when this result completes a
// flip (the commit now has both a pass and a fail) for the first time.
bool record_outcome(Conn& c, int64_t logical_id, const std::string& commit, bool passed, bool& flipped) {
  auto s = c.prepare(
      "INSERT INTO commit_outcomes (logical_test_id, commit_sha, passed, failed) VALUES (?,?,?,?) "
      "ON CONFLICT (logical_test_id, commit_sha) DO UPDATE SET passed = passed + excluded.passed, "
      "failed = failed + excluded.failed RETURNING passed, failed");
  s->bind(1, logical_id);
  s->bind(2, commit);
  s->bind(3, passed ? 1 : 0);
  s->bind(4, passed ? 0 : 1);
  s->executeStep();
  int64_t p = s->getColumn(0).getInt64(), f = s->getColumn(1).getInt64();
  while (s->executeStep()) {
  }
  flipped = p > 0 && f > 0;
  return flipped && (passed ? p == 1 : f == 1);  // this result supplied the missing side
}

// Marks earlier results of the logical test on the commit as evidence and sets
// their bits in the window (positions counted among the results now stored).
void mark_commit_results(Conn& c, int64_t logical_id, const Run& run, LogicalState& st) {
  auto s = c.prepare(
      "UPDATE test_results SET evidence = 1 WHERE logical_test_id = ? AND evidence = 0 AND "
      "status IN ('passed', 'failed') AND run_id IN (SELECT id FROM runs WHERE project_id = ? AND commit_sha = ?) "
      "RETURNING rowid, created_at");
  s->bind(1, logical_id);
  s->bind(2, run.project_id);
  s->bind(3, *run.commit_sha);
  std::vector<std::pair<int64_t, int64_t>> marked;
  while (s->executeStep()) marked.emplace_back(s->getColumn(0).getInt64(), s->getColumn(1).getInt64());
  for (auto [rowid, created_at] : marked) {
    auto pos = c.prepare(
        "SELECT count(*) FROM (SELECT 1 FROM test_results WHERE logical_test_id = ? AND rowid > ? LIMIT 100)");
    pos->bind(1, logical_id);
    pos->bind(2, rowid);
    pos->executeStep();
    st.window.mark(pos->getColumn(0).getInt());
    if (!st.last_flaky_at || created_at > *st.last_flaky_at) st.last_flaky_at = created_at;
  }
}

}  // namespace

bool record_flakiness(Conn& c, const Run& run, const ProjectSettings& settings, const TestResult& r,
                      const FlakinessState& stored) {
  LogicalState st = from_stored(stored);
  if (st.quarantined && st.quarantine_expires_at && *st.quarantine_expires_at <= r.created_at) {
    // The quarantine ran out: recorded now, held off like a manual unquarantine.
    expire_quarantines(c, r.created_at, r.logical_test_id);
    st.quarantined = false;
    st.quarantined_at.reset();
    st.unquarantined_at = st.quarantine_expires_at;
    st.quarantine_expires_at.reset();
  }
  const int size = st.window.size;  // already counts this result
  bool evidence = r.status == "flaky" || r.is_flaky;
  if (run.commit_sha && !run.commit_sha->empty() && (r.status == "passed" || r.status == "failed")) {
    bool flipped = false;
    if (record_outcome(c, r.logical_test_id, *run.commit_sha, r.status == "passed", flipped))
      mark_commit_results(c, r.logical_test_id, run, st);
    evidence = evidence || flipped;
  }
  st.window.push(evidence);
  st.window.size = size;
  // The common case: no evidence in the window before or now. The upsert already
  // counted the result; nothing else changes (score 0, no quarantine decision).
  if (!evidence && st.window.lo == 0 && st.window.hi == 0 && !stored.lo && !stored.hi) return false;
  if (evidence) {
    st.last_flaky_at = r.created_at;
    st.unquarantined_at.reset();  // new evidence ends a manual unquarantine's hold
  }
  double score = domain::flakiness_score(st.window);
  if (settings.auto_quarantine_enabled && !st.quarantined && !st.unquarantined_at &&
      score >= settings.flakiness_threshold && st.window.flaky_runs() > 0) {
    st.quarantined = true;
    st.quarantined_at = r.created_at;
    char reason[96];
    std::snprintf(reason, sizeof reason, "Flakiness score %.2f reached the project's threshold %.2f", score,
                  settings.flakiness_threshold);
    record_auto_quarantine(c, r.project_id, r.logical_test_id, r.created_at, reason);
  }
  save_state(c, r.logical_test_id, st, std::nullopt);
  return evidence;
}

const char* const kFlakinessStateColumns =
    "evidence_lo, evidence_hi, window_size, last_flaky_at, is_quarantined, quarantined_at, unquarantined_at, "
    "quarantine_expires_at";

FlakinessState read_state(SQLite::Statement& s, int i) {
  FlakinessState f;
  f.lo = static_cast<uint64_t>(s.getColumn(i).getInt64());
  f.hi = static_cast<uint64_t>(s.getColumn(i + 1).getInt64());
  f.size = s.getColumn(i + 2).getInt();
  f.last_flaky_at = opt_int(s.getColumn(i + 3));
  f.quarantined = s.getColumn(i + 4).getInt() != 0;
  f.quarantined_at = opt_int(s.getColumn(i + 5));
  f.unquarantined_at = opt_int(s.getColumn(i + 6));
  f.quarantine_expires_at = opt_int(s.getColumn(i + 7));
  return f;
}

void recompute_flakiness(Conn& c, const std::vector<int64_t>& ids) {
  for (int64_t id : ids) {
    LogicalState st = load_state(c, id);
    std::vector<bool> newest_first;
    std::optional<std::string> newest_id;
    {
      auto s = c.prepare(
          "SELECT evidence, id FROM test_results WHERE logical_test_id = ? ORDER BY rowid DESC LIMIT 100");
      s->bind(1, id);
      while (s->executeStep()) {
        newest_first.push_back(s->getColumn(0).getInt() != 0);
        if (!newest_id) newest_id = s->getColumn(1).getString();
      }
    }
    st.window = domain::window_from(newest_first);
    auto last = c.prepare("SELECT max(created_at) FROM test_results WHERE logical_test_id = ? AND evidence = 1");
    last->bind(1, id);
    last->executeStep();
    st.last_flaky_at = opt_int(last->getColumn(0));
    save_state(c, id, st, newest_id);
  }
}

namespace {

// The columns of a FlakyTest, from logical_tests t LEFT JOIN users u (the one who
// quarantined); binds the current time once (the quarantine in force).
std::string flaky_select() {
  return std::string("SELECT t.id, t.last_result_id, t.title, t.full_title, t.file_path, t.flakiness_score, "
                     "t.window_size, t.flaky_runs, t.last_flaky_at, ") +
         kActiveQuarantine + ", t.quarantined_at, t.quarantined_by, u.name, t.quarantine_reason, "
                             "t.quarantine_issue_url, t.quarantine_expires_at "
                             "FROM logical_tests t LEFT JOIN users u ON u.id = t.quarantined_by";
}

FlakyTest read_flaky(SQLite::Statement& s) {
  FlakyTest t;
  t.logical_test_id = s.getColumn(0).getInt64();
  t.test_id = s.getColumn(1).isNull() ? "" : s.getColumn(1).getString();
  t.title = s.getColumn(2).getString();
  t.full_title = s.getColumn(3).getString();
  t.file_path = s.getColumn(4).getString();
  t.score = s.getColumn(5).getDouble();
  t.total_runs = s.getColumn(6).getInt64();
  t.flaky_runs = s.getColumn(7).getInt64();
  t.last_flaky_at = opt_int(s.getColumn(8));
  if (s.getColumn(9).getInt() != 0) {
    QuarantineTerms q;
    q.since = s.getColumn(10).getInt64();
    q.by_id = opt_text(s.getColumn(11));
    q.by_name = opt_text(s.getColumn(12));
    q.reason = opt_text(s.getColumn(13));
    q.issue_url = opt_text(s.getColumn(14));
    q.expires_at = opt_int(s.getColumn(15));
    t.quarantine = q;
  }
  return t;
}

std::vector<FlakyTest> read_all(Stmt& s) {
  std::vector<FlakyTest> out;
  while (s->executeStep()) out.push_back(read_flaky(*s));
  return out;
}

}  // namespace

std::pair<std::vector<FlakyTest>, int64_t> list_flakiness(Conn& c, const FlakinessFilter& f) {
  std::string where = " WHERE t.project_id = ? AND t.result_count > 0";
  if (f.min_score) where += " AND t.flakiness_score >= ?";
  if (f.quarantined) where += std::string(" AND ") + kActiveQuarantine + " = ?";
  auto bind = [&](SQLite::Statement& s, int i) {
    s.bind(i++, f.project_id);
    if (f.min_score) s.bind(i++, *f.min_score);
    if (f.quarantined) {
      s.bind(i++, f.now);
      s.bind(i++, *f.quarantined ? 1 : 0);
    }
    return i;
  };
  auto count = c.prepare("SELECT count(*) FROM logical_tests t" + where);
  bind(*count, 1);
  count->executeStep();
  int64_t total = count->getColumn(0).getInt64();
  auto s = c.prepare(flaky_select() + where + " ORDER BY t.flakiness_score DESC, t.id LIMIT ? OFFSET ?");
  s->bind(1, f.now);
  int i = bind(*s, 2);
  s->bind(i++, f.limit);
  s->bind(i++, f.offset);
  return {read_all(s), total};
}

FlakinessSummary flakiness_summary(Conn& c, const std::string& project_id, int64_t now) {
  auto s = c.prepare(std::string("SELECT count(*) FILTER (WHERE flaky_runs > 0), count(*) FILTER (WHERE ") +
                     kActiveQuarantine +
                     "), coalesce(avg(flakiness_score) FILTER (WHERE flaky_runs > 0), 0) FROM logical_tests "
                     "WHERE project_id = ? AND result_count > 0");
  s->bind(1, now);
  s->bind(2, project_id);
  s->executeStep();
  return FlakinessSummary{s->getColumn(0).getInt64(), s->getColumn(1).getInt64(),
                          domain::round2(s->getColumn(2).getDouble())};
}

std::vector<FlakyTest> quarantined_tests(Conn& c, const std::string& project_id, int64_t now) {
  // The (project_id, is_quarantined) index finds the candidates; the expiry is checked on them.
  auto s = c.prepare(flaky_select() + " WHERE t.project_id = ? AND t.is_quarantined = 1 AND (t.quarantine_expires_at "
                                      "IS NULL OR t.quarantine_expires_at > ?) ORDER BY t.quarantined_at, t.id");
  s->bind(1, now);
  s->bind(2, project_id);
  s->bind(3, now);
  return read_all(s);
}

std::optional<FlakyTest> find_flaky_test(Conn& c, int64_t logical_test_id, int64_t now) {
  auto s = c.prepare(flaky_select() + " WHERE t.id = ?");
  s->bind(1, now);
  s->bind(2, logical_test_id);
  if (!s->executeStep()) return std::nullopt;
  return read_flaky(*s);
}

}  // namespace euriqa::store
