#include "store/duration_packs.h"

#include <algorithm>
#include <string_view>

#include "domain/time.h"
#include "store/run_branches.h"
#include "store/sql_util.h"
#include "store/test_case_days.h"

namespace euriqa::store {

using domain::day_of;
using domain::kDayMs;

namespace {

// Unsigned LEB128; durations zigzag-encoded, days as the gap from the previous entry
// (0 or 1 for a test run daily), so a day's result costs about 3 bytes.
void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool get_varint(std::string_view in, size_t& at, uint64_t& v) {
  v = 0;
  for (int shift = 0; at < in.size() && shift < 64; shift += 7) {
    auto byte = static_cast<uint8_t>(in[at++]);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// Calls f(DayDuration) for each entry of a pack, in order; stops at a truncated entry.
template <class F>
void for_each_entry(std::string_view bytes, F&& f) {
  size_t at = 0;
  int64_t day = 0;
  uint64_t gap = 0, duration = 0;
  while (at < bytes.size() && get_varint(bytes, at, gap) && get_varint(bytes, at, duration)) {
    day += unzigzag(gap);
    f(DayDuration{day, unzigzag(duration)});
  }
}

std::string_view blob_of(const SQLite::Column& col) {
  return {static_cast<const char*>(col.getBlob()), static_cast<size_t>(col.getBytes())};
}

std::vector<DayDuration> read_pack(Conn& c, int64_t series_id, int64_t test) {
  auto s = c.prepare("SELECT durations FROM test_duration_packs WHERE series_id = ? AND logical_test_id = ?");
  s->bind(1, series_id);
  s->bind(2, test);
  if (!s->executeStep()) return {};
  return decode_pack(blob_of(s->getColumn(0)));
}

void write_pack(Conn& c, int64_t series_id, int64_t test, const std::vector<DayDuration>& entries) {
  if (entries.empty()) {
    auto d = c.prepare("DELETE FROM test_duration_packs WHERE series_id = ? AND logical_test_id = ?");
    d->bind(1, series_id);
    d->bind(2, test);
    d->exec();
    return;
  }
  auto s = c.prepare("INSERT OR REPLACE INTO test_duration_packs (series_id, logical_test_id, durations) VALUES (?,?,?)");
  s->bind(1, series_id);
  s->bind(2, test);
  std::string bytes = encode_pack(entries);
  s->bind(3, bytes.data(), static_cast<int>(bytes.size()));
  s->exec();
}

struct Behind {
  int64_t id = 0;
  std::optional<std::string> branch;    // none: every branch
  std::optional<int64_t> packed_through;
  std::map<int64_t, std::vector<DayDuration>> added;  // by logical test
};

// The series of the first project with one behind `through_day`, if any.
std::vector<Behind> behind_series(Conn& c, int64_t through_day, std::string& project_id) {
  auto first = c.prepare(
      "SELECT project_id FROM test_case_series WHERE packed_through IS NULL OR packed_through < ? LIMIT 1");
  first->bind(1, through_day);
  if (!first->executeStep()) return {};
  project_id = first->getColumn(0).getString();
  auto s = c.prepare(
      "SELECT id, every, branch, packed_through FROM test_case_series WHERE project_id = ? "
      "AND (packed_through IS NULL OR packed_through < ?)");
  s->bind(1, project_id);
  s->bind(2, through_day);
  std::vector<Behind> out;
  while (s->executeStep()) {
    Behind b;
    b.id = s->getColumn(0).getInt64();
    if (s->getColumn(1).getInt() == 0) b.branch = s->getColumn(2).getString();
    b.packed_through = opt_int(s->getColumn(3));
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

std::string encode_pack(const std::vector<DayDuration>& entries) {
  std::string out;
  out.reserve(entries.size() * 3);
  int64_t day = 0;
  for (const auto& e : entries) {
    put_varint(out, zigzag(e.day - day));
    put_varint(out, zigzag(e.duration));
    day = e.day;
  }
  return out;
}

std::vector<DayDuration> decode_pack(std::string_view bytes) {
  std::vector<DayDuration> out;
  for_each_entry(bytes, [&](const DayDuration& e) { out.push_back(e); });
  return out;
}

bool pack_durations(Conn& c, int64_t through_day, int max_days) {
  std::string project_id;
  auto behind = behind_series(c, through_day, project_id);
  if (behind.empty()) return false;
  std::optional<int64_t> first_result;
  {
    auto s = c.prepare("SELECT min(created_at) FROM test_results WHERE project_id = ?");
    s->bind(1, project_id);
    s->executeStep();
    first_result = opt_int(s->getColumn(0));
  }
  // This step's days: from the first one a series lacks, at most max_days of them.
  int64_t lo = through_day + 1;
  for (const auto& b : behind)
    lo = std::min(lo, b.packed_through ? *b.packed_through + 1 : first_result ? day_of(*first_result) : through_day + 1);
  int64_t hi = std::min(through_day, lo + std::max(1, max_days) - 1);
  if (lo <= hi) {
    Behind* every = nullptr;
    std::map<std::string, Behind*> by_branch;
    for (auto& b : behind) {
      if (b.branch) by_branch[*b.branch] = &b;
      else every = &b;
    }
    auto lacks = [](const Behind& b, int64_t day) { return !b.packed_through || day > *b.packed_through; };
    RunBranches runs(c);
    auto s = c.prepare(
        "SELECT created_at, logical_test_id, duration, run_id FROM test_results WHERE project_id = ? "
        "AND created_at BETWEEN ? AND ? AND status <> 'skipped' ORDER BY created_at");
    s->bind(1, project_id);
    s->bind(2, lo * kDayMs);
    s->bind(3, (hi + 1) * kDayMs - 1);
    while (s->executeStep()) {
      int64_t day = day_of(s->getColumn(0).getInt64()), test = s->getColumn(1).getInt64();
      DayDuration e{day, s->getColumn(2).getInt64()};
      if (every && lacks(*every, day)) every->added[test].push_back(e);
      if (by_branch.empty()) continue;
      const auto& branch = runs.branch_of(s->getColumn(3).getString());
      if (!branch) continue;
      auto it = by_branch.find(*branch);
      if (it != by_branch.end() && lacks(*it->second, day)) it->second->added[test].push_back(e);
    }
  }
  auto done = c.prepare("UPDATE test_case_series SET packed_through = ? WHERE id = ?");
  for (const auto& b : behind) {
    for (const auto& [test, added] : b.added) {
      auto entries = read_pack(c, b.id, test);
      entries.insert(entries.end(), added.begin(), added.end());
      write_pack(c, b.id, test, entries);
    }
    done->bind(1, b.packed_through ? std::max(*b.packed_through, hi) : hi);
    done->bind(2, b.id);
    done->exec();
    done->reset();
  }
  return true;
}

void note_results_on_day(Conn& c, int64_t series_id, int64_t day) {
  // Rare (a clock set back): the series' packs are dropped and built again by maintenance.
  auto s = c.prepare(
      "UPDATE test_case_series SET packed_through = NULL WHERE id = ? AND packed_through >= ? RETURNING id");
  s->bind(1, series_id);
  s->bind(2, day);
  if (!s->executeStep()) return;
  while (s->executeStep()) {
  }
  auto d = c.prepare("DELETE FROM test_duration_packs WHERE series_id = ?");
  d->bind(1, series_id);
  d->exec();
}

void forget_packed_durations(Conn& c, int64_t series_id,
                             const std::map<int64_t, std::vector<DayDuration>>& gone_by_test) {
  std::optional<int64_t> through;
  {
    auto s = c.prepare("SELECT packed_through FROM test_case_series WHERE id = ?");
    s->bind(1, series_id);
    if (s->executeStep()) through = opt_int(s->getColumn(0));
  }
  if (!through) return;
  for (const auto& [test, gone] : gone_by_test) {
    if (std::none_of(gone.begin(), gone.end(), [&](const DayDuration& e) { return e.day <= *through; })) continue;
    auto entries = read_pack(c, series_id, test);
    for (const auto& e : gone) {
      if (e.day > *through) continue;
      auto it = std::find(entries.begin(), entries.end(), e);
      if (it != entries.end()) entries.erase(it);
    }
    write_pack(c, series_id, test, entries);
  }
}

PackedSeries packed_series(Conn& c, const std::string& project_id, const std::optional<std::string>& branch) {
  PackedSeries out;
  auto s = c.prepare("SELECT id, packed_through FROM test_case_series WHERE project_id = ? AND every = ? AND branch = ?");
  s->bind(1, project_id);
  s->bind(2, branch ? 0 : 1);
  s->bind(3, branch.value_or(""));
  if (s->executeStep() && !s->getColumn(1).isNull()) {
    out.series_id = s->getColumn(0).getInt64();
    out.through = s->getColumn(1).getInt64();
  }
  return out;
}

void for_each_packed(Conn& c, const PackedSeries& series, int64_t first_day, int64_t last_day,
                     const std::function<void(int64_t, std::vector<int64_t>&)>& f) {
  int64_t hi = std::min(last_day, series.through);
  if (series.through == kNoDay || first_day > hi) return;
  auto s = c.prepare("SELECT logical_test_id, durations FROM test_duration_packs WHERE series_id = ?");
  s->bind(1, series.series_id);
  std::vector<int64_t> durations;
  while (s->executeStep()) {
    durations.clear();
    for_each_entry(blob_of(s->getColumn(1)), [&](const DayDuration& e) {
      if (e.day >= first_day && e.day <= hi) durations.push_back(e.duration);
    });
    f(s->getColumn(0).getInt64(), durations);
  }
}

}  // namespace euriqa::store
