#include "store/failure_groups.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "domain/time.h"
#include "store/sql_util.h"

namespace euriqa::store {

namespace {

using domain::day_of;
using domain::kDayMs;

struct Tally {
  int64_t occurrences = 0, first = 0, last = 0;
  void add(int64_t n, int64_t f, int64_t l) {
    first = occurrences == 0 ? f : std::min(first, f);
    last = occurrences == 0 ? l : std::max(last, l);
    occurrences += n;
  }
};

// Adds the failures of [from, to] read one by one (a partial day of the window). GROUP
// BY +signature: grouping by the bare column makes SQLite read the project's every
// failure through the signature index (sorted already) instead of the day's range of
// the table.
void tally_exact(Conn& c, const GroupWindow& w, int64_t from, int64_t to, std::map<std::string, Tally>& out) {
  auto s = c.prepare(std::string("SELECT signature, count(*), min(created_at), max(created_at) FROM failures "
                                 "WHERE project_id = ? AND created_at BETWEEN ? AND ?") +
                     (w.branch ? " AND branch = ?" : "") + " GROUP BY +signature");
  s->bind(1, w.project_id);
  s->bind(2, from);
  s->bind(3, to);
  if (w.branch) s->bind(4, *w.branch);
  while (s->executeStep())
    out[s->getColumn(0).getString()].add(s->getColumn(1).getInt64(), s->getColumn(2).getInt64(),
                                         s->getColumn(3).getInt64());
}

// Adds the rollups of whole days [first_day, last_day].
void tally_days(Conn& c, const GroupWindow& w, int64_t first_day, int64_t last_day, std::map<std::string, Tally>& out) {
  if (first_day > last_day) return;
  auto s = c.prepare(std::string("SELECT signature, sum(occurrences), min(first_at), max(last_at) FROM failure_group_days "
                                 "WHERE project_id = ? AND day BETWEEN ? AND ?") +
                     (w.branch ? " AND branch = ?" : "") + " GROUP BY signature");
  s->bind(1, w.project_id);
  s->bind(2, first_day);
  s->bind(3, last_day);
  if (w.branch) s->bind(4, *w.branch);
  while (s->executeStep())
    out[s->getColumn(0).getString()].add(s->getColumn(1).getInt64(), s->getColumn(2).getInt64(),
                                         s->getColumn(3).getInt64());
}

// Distinct tests and runs of the page's groups in [from, to]: each group's failures read
// through the covering signature index and counted here (SQLite's count(DISTINCT) sorts
// each).
void count_distinct(Conn& c, const GroupWindow& w, int64_t from, int64_t to, std::vector<ProjectFailureGroup>& page) {
  if (page.empty()) return;
  // INDEXED BY: the table's own (project, time) order would read every failure of the
  // window, not only the group's.
  auto s = c.prepare("SELECT logical_test_id, run_id FROM failures INDEXED BY failures_signature "
                     "WHERE project_id = ? AND signature = ? AND created_at BETWEEN ? AND ?" +
                     std::string(w.branch ? " AND branch = ?" : ""));
  // Run ids are interned to small numbers, looked up without copying the text.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view t) const { return std::hash<std::string_view>{}(t); }
  };
  std::unordered_map<std::string, size_t, TextHash, std::equal_to<>> run_numbers;
  // Seen flags by logical test id and by run number, cleared after each group.
  std::vector<char> test_seen, run_seen;
  std::vector<size_t> tests, runs;
  auto first_time = [](std::vector<char>& seen, std::vector<size_t>& list, size_t i) {
    if (i >= seen.size()) seen.resize(std::max(i + 1, seen.size() * 2));
    if (seen[i]) return;
    seen[i] = 1;
    list.push_back(i);
  };
  for (auto& g : page) {
    s->bind(1, w.project_id);
    s->bind(2, g.signature);
    s->bind(3, from);
    s->bind(4, to);
    if (w.branch) s->bind(5, *w.branch);
    while (s->executeStep()) {
      first_time(test_seen, tests, static_cast<size_t>(s->getColumn(0).getInt64()));
      const auto run = s->getColumn(1);
      std::string_view run_id(run.getText(), static_cast<size_t>(run.getBytes()));
      auto it = run_numbers.find(run_id);
      if (it == run_numbers.end()) it = run_numbers.emplace(std::string(run_id), run_numbers.size()).first;
      first_time(run_seen, runs, it->second);
    }
    s->reset();
    g.tests = static_cast<int64_t>(tests.size());
    g.runs = static_cast<int64_t>(runs.size());
    for (size_t i : tests) test_seen[i] = 0;
    for (size_t i : runs) run_seen[i] = 0;
    tests.clear();
    runs.clear();
  }
}

// Occurrences per day of the page's groups, from the rollups.
void fill_trends(Conn& c, const GroupWindow& w, std::vector<ProjectFailureGroup>& page) {
  if (page.empty()) return;
  int64_t last_day = day_of(w.to.value_or(domain::now_ms()));
  int64_t days = w.from ? std::clamp<int64_t>(last_day - day_of(*w.from) + 1, 1, kMaxTrendDays) : 30;
  int64_t first_day = last_day - days + 1;
  std::map<std::string, size_t> index;
  std::string in;
  for (size_t i = 0; i < page.size(); ++i) {
    page[i].trend.assign(static_cast<size_t>(days), 0);
    page[i].trend_start = first_day * kDayMs;
    index[page[i].signature] = i;
    in += i ? ",?" : "?";
  }
  auto s = c.prepare("SELECT signature, day, sum(occurrences) FROM failure_group_days WHERE project_id = ? AND day "
                     "BETWEEN ? AND ?" + std::string(w.branch ? " AND branch = ?" : "") + " AND signature IN (" + in +
                     ") GROUP BY signature, day");
  int b = 1;
  s->bind(b++, w.project_id);
  s->bind(b++, first_day);
  s->bind(b++, last_day);
  if (w.branch) s->bind(b++, *w.branch);
  for (const auto& g : page) s->bind(b++, g.signature);
  while (s->executeStep()) {
    auto& g = page[index[s->getColumn(0).getString()]];
    g.trend[static_cast<size_t>(s->getColumn(1).getInt64() - first_day)] = s->getColumn(2).getInt64();
  }
}

}  // namespace

void record_failure(Conn& c, const FailureRecord& f) {
  {
    auto s = c.prepare(
        "INSERT INTO failures (result_rowid, project_id, signature, created_at, run_id, logical_test_id, branch) "
        "VALUES (?,?,?,?,?,?,?)");
    s->bind(1, f.result_rowid);
    s->bind(2, f.project_id);
    s->bind(3, f.signature);
    s->bind(4, f.created_at);
    s->bind(5, f.run_id);
    s->bind(6, f.logical_test_id);
    bind_opt(*s, 7, f.branch);
    s->exec();
  }
  {
    auto s = c.prepare(
        "INSERT INTO failure_group_days (project_id, day, signature, branch, occurrences, first_at, last_at) "
        "VALUES (?,?,?,?,1,?,?) ON CONFLICT (project_id, day, signature, branch) DO UPDATE SET "
        "occurrences = occurrences + 1, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)");
    s->bind(1, f.project_id);
    s->bind(2, day_of(f.created_at));
    s->bind(3, f.signature);
    s->bind(4, f.branch.value_or(""));
    s->bind(5, f.created_at);
    s->bind(6, f.created_at);
    s->exec();
  }
  auto s = c.prepare(
      "INSERT INTO failure_groups (project_id, signature, message, search_text) VALUES (?,?,?,?) "
      "ON CONFLICT (project_id, signature) DO NOTHING");
  s->bind(1, f.project_id);
  s->bind(2, f.signature);
  s->bind(3, f.message);
  s->bind(4, f.search_text);
  s->exec();
}

void forget_run_failures(Conn& c, const std::string& run_id) {
  struct Cell {
    std::string project_id, signature, branch;
    int64_t day, count;
  };
  std::vector<Cell> cells;
  {
    auto s = c.prepare(
        "SELECT project_id, signature, ifnull(branch, ''), created_at / ?, count(*) FROM failures WHERE run_id = ? "
        "GROUP BY 1, 2, 3, 4");
    s->bind(1, kDayMs);
    s->bind(2, run_id);
    while (s->executeStep())
      cells.push_back({s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                       s->getColumn(3).getInt64(), s->getColumn(4).getInt64()});
  }
  {
    auto s = c.prepare("DELETE FROM failures WHERE run_id = ?");
    s->bind(1, run_id);
    s->exec();
  }
  for (const auto& cell : cells) {
    // What is left of that day, signature and branch (none: the rollup row goes).
    auto left = c.prepare(
        "SELECT count(*), min(created_at), max(created_at) FROM failures INDEXED BY failures_signature "
        "WHERE project_id = ? AND signature = ? "
        "AND created_at BETWEEN ? AND ? AND ifnull(branch, '') = ?");
    left->bind(1, cell.project_id);
    left->bind(2, cell.signature);
    left->bind(3, cell.day * kDayMs);
    left->bind(4, cell.day * kDayMs + kDayMs - 1);
    left->bind(5, cell.branch);
    left->executeStep();
    int64_t count = left->getColumn(0).getInt64();
    if (count == 0) {
      auto d = c.prepare("DELETE FROM failure_group_days WHERE project_id = ? AND day = ? AND signature = ? AND branch = ?");
      d->bind(1, cell.project_id);
      d->bind(2, cell.day);
      d->bind(3, cell.signature);
      d->bind(4, cell.branch);
      d->exec();
      continue;
    }
    auto u = c.prepare(
        "UPDATE failure_group_days SET occurrences = ?, first_at = ?, last_at = ? "
        "WHERE project_id = ? AND day = ? AND signature = ? AND branch = ?");
    u->bind(1, count);
    u->bind(2, left->getColumn(1).getInt64());
    u->bind(3, left->getColumn(2).getInt64());
    u->bind(4, cell.project_id);
    u->bind(5, cell.day);
    u->bind(6, cell.signature);
    u->bind(7, cell.branch);
    u->exec();
  }
}

std::vector<RunFailureGroup> run_failure_groups(Conn& c, const std::string& run_id, int tests_per_group) {
  std::vector<RunFailureGroup> groups;
  {
    auto s = c.prepare(
        "SELECT signature, count(*) FROM failures WHERE run_id = ? GROUP BY signature ORDER BY 2 DESC, 1");
    s->bind(1, run_id);
    while (s->executeStep()) groups.push_back({s->getColumn(0).getString(), s->getColumn(1).getInt64(), {}});
  }
  for (auto& g : groups) {
    auto s = c.prepare(
        "SELECT id, title, full_title, status, file_path, error FROM test_results WHERE rowid IN "
        "(SELECT result_rowid FROM failures WHERE run_id = ? AND signature = ? ORDER BY result_rowid LIMIT ?) "
        "ORDER BY rowid");
    s->bind(1, run_id);
    s->bind(2, g.signature);
    s->bind(3, tests_per_group);
    while (s->executeStep())
      g.tests.push_back({s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getString(),
                         s->getColumn(3).getString(), opt_text(s->getColumn(4)), opt_text(s->getColumn(5))});
  }
  return groups;
}

std::pair<std::vector<ProjectFailureGroup>, int64_t> project_failure_groups(Conn& c, const GroupWindow& w) {
  // The window: whole days from the rollups, the partial first and last days exactly.
  std::map<std::string, Tally> tallies;
  constexpr int64_t kEarliest = -(1ll << 50), kLatest = 1ll << 50;
  int64_t from = w.from.value_or(kEarliest), to = w.to.value_or(kLatest);
  if (from <= to) {
    int64_t first_day = day_of(from), last_day = day_of(to);
    bool first_partial = from != first_day * kDayMs, last_partial = to != last_day * kDayMs + kDayMs - 1;
    if (w.from == std::nullopt) first_partial = false;
    if (w.to == std::nullopt) last_partial = false;
    if (first_day == last_day && (first_partial || last_partial)) {
      tally_exact(c, w, from, to, tallies);
    } else {
      if (first_partial) tally_exact(c, w, from, first_day * kDayMs + kDayMs - 1, tallies);
      if (last_partial) tally_exact(c, w, last_day * kDayMs, to, tallies);
      tally_days(c, w, first_partial ? first_day + 1 : (w.from ? first_day : kEarliest / kDayMs),
                 last_partial ? last_day - 1 : (w.to ? last_day : kLatest / kDayMs), tallies);
    }
  }
  std::vector<ProjectFailureGroup> all;
  all.reserve(tallies.size());
  for (const auto& [signature, t] : tallies) {
    if (t.occurrences <= 0) continue;
    ProjectFailureGroup g;
    g.signature = signature;
    g.occurrences = t.occurrences;
    g.first_seen = t.first;
    g.last_seen = t.last;
    all.push_back(std::move(g));
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.occurrences != b.occurrences ? a.occurrences > b.occurrences : a.signature < b.signature;
  });
  int64_t total = static_cast<int64_t>(all.size());
  size_t begin = static_cast<size_t>(std::min<int64_t>(w.offset, total));
  size_t end = static_cast<size_t>(std::min<int64_t>(w.offset + w.limit, total));
  std::vector<ProjectFailureGroup> page(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(begin)),
                                       std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(end)));
  fill_trends(c, w, page);
  count_distinct(c, w, from, to, page);
  // The newest occurrence and the message, for the groups shown only.
  for (auto& g : page) {
    {
      // The newest failure's rowid from the index alone, then that one result's id (a
      // join here would read every failure of the group before sorting).
      auto n = c.prepare(std::string("SELECT (SELECT id FROM test_results WHERE rowid = newest) FROM "
                                     "(SELECT result_rowid AS newest FROM failures INDEXED BY failures_signature "
                                     "WHERE project_id = ? AND signature = ? AND created_at BETWEEN ? AND ?") +
                         (w.branch ? " AND branch = ?" : "") + " ORDER BY created_at DESC, result_rowid DESC LIMIT 1)");
      n->bind(1, w.project_id);
      n->bind(2, g.signature);
      n->bind(3, from);
      n->bind(4, to);
      if (w.branch) n->bind(5, *w.branch);
      if (n->executeStep()) g.newest_test_id = n->getColumn(0).getString();
    }
    auto m = c.prepare("SELECT message FROM failure_groups WHERE project_id = ? AND signature = ?");
    m->bind(1, w.project_id);
    m->bind(2, g.signature);
    if (m->executeStep()) g.message = m->getColumn(0).getString();
  }
  return {std::move(page), total};
}

bool upgrade_task_pending(Conn& c, const std::string& name) {
  auto s = c.prepare("SELECT done FROM upgrade_tasks WHERE name = ?");
  s->bind(1, name);
  return s->executeStep() && s->getColumn(0).getInt() == 0;
}

void finish_upgrade_task(Conn& c, const std::string& name) {
  auto s = c.prepare("UPDATE upgrade_tasks SET done = 1 WHERE name = ?");
  s->bind(1, name);
  s->exec();
}

std::vector<UnsignedFailure> unsigned_failures(Conn& c, int64_t after_rowid, int limit) {
  auto s = c.prepare(
      "SELECT t.rowid, t.logical_test_id, t.created_at, t.project_id, t.run_id, t.error, r.branch FROM test_results t "
      "JOIN runs r ON r.id = t.run_id WHERE t.rowid > ? AND t.status = 'failed' AND t.error IS NOT NULL "
      "AND t.error_signature IS NULL ORDER BY t.rowid LIMIT ?");
  s->bind(1, after_rowid);
  s->bind(2, limit);
  std::vector<UnsignedFailure> out;
  while (s->executeStep())
    out.push_back({s->getColumn(0).getInt64(), s->getColumn(1).getInt64(), s->getColumn(2).getInt64(),
                   s->getColumn(3).getString(), s->getColumn(4).getString(), s->getColumn(5).getString(),
                   opt_text(s->getColumn(6))});
  return out;
}

void set_result_signature(Conn& c, int64_t rowid, const std::string& signature) {
  auto s = c.prepare("UPDATE test_results SET error_signature = ? WHERE rowid = ?");
  s->bind(1, signature);
  s->bind(2, rowid);
  s->exec();
}

std::vector<std::string> signatures_matching(Conn& c, const std::string& project_id, const std::string& text) {
  bool trigram = trigram_searchable(text);
  auto s = c.prepare(trigram ? "SELECT signature FROM failure_groups WHERE project_id = ? AND id IN "
                               "(SELECT rowid FROM failure_groups_fts WHERE failure_groups_fts MATCH ?)"
                             : "SELECT signature FROM failure_groups WHERE project_id = ? AND search_text LIKE ? ESCAPE '\\'");
  s->bind(1, project_id);
  s->bind(2, trigram ? fts_phrase(text) : like_contains(text));
  std::vector<std::string> out;
  while (s->executeStep()) out.push_back(s->getColumn(0).getString());
  return out;
}

}  // namespace euriqa::store
