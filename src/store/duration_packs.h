// Each logical test's durations (of its results that were not skipped) per series of
// store/test_case_days, over whole UTC days up to the series' packed_through day, packed
// in one row per test (table test_duration_packs). Sorting the explorer by p95 duration
// (contract §15, nearest rank, exact) needs every duration of a window for every test:
// from the packs that is one short row per test, and only the days after packed_through
// (today, once maintenance has run) are read result by result.
//   - Maintenance extends every series' packs to yesterday (pack_durations).
//   - Results landing on a packed day (a clock set back) move packed_through to the day
//     before theirs; reads ignore what a pack holds past packed_through, and the next
//     extension drops it.
//   - Deleting a run takes its durations out of the packs (forget_packed_durations).
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct DayDuration {
  int64_t day = 0, duration = 0;
  bool operator==(const DayDuration& o) const { return day == o.day && duration == o.duration; }
};

// The encoded form of a pack (entries by day ascending) and back; exposed for tests.
std::string encode_pack(const std::vector<DayDuration>& entries);
std::vector<DayDuration> decode_pack(std::string_view bytes);

// Maintenance, one step: the first project with a series behind `through_day` gets up
// to `max_days` more days packed in each of its series (so one write stays short);
// false when every series already holds every day up to `through_day`.
bool pack_durations(Conn& c, int64_t through_day, int max_days = 7);

// Ingest, per series the results count in: results on `day` arrived.
void note_results_on_day(Conn& c, int64_t series_id, int64_t day);

// Before a run's results are deleted: its durations (by logical test) leave the series' packs.
void forget_packed_durations(Conn& c, int64_t series_id,
                             const std::map<int64_t, std::vector<DayDuration>>& gone_by_test);

// A series' packs: whole days up to `through` are in them (none packed: kNoDay).
struct PackedSeries {
  int64_t series_id = 0;
  int64_t through = std::numeric_limits<int64_t>::min();
};
// The packs of the project's series on every branch (branch empty) or on one branch.
PackedSeries packed_series(Conn& c, const std::string& project_id, const std::optional<std::string>& branch);
// Calls f(logical_test_id, durations) for each test with a pack, with its durations on
// the whole days [first_day, last_day] that the packs hold (f may reorder them).
void for_each_packed(Conn& c, const PackedSeries& series, int64_t first_day, int64_t last_day,
                     const std::function<void(int64_t, std::vector<int64_t>&)>& f);

}  // namespace euriqa::store
