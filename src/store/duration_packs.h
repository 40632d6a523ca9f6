// Each logical test's durations (of its results that were not skipped) per series of
// store/test_case_days, over the days the series has rolled up (up to its
// rolled_through day), packed in one row per test (table test_duration_packs). Sorting
// the explorer by p95 duration (contract §15, nearest rank, exact) needs every duration
// of a window for every test: from the packs that is one short row per test, and only
// the days not rolled up yet (today, once maintenance has run) are read result by result.
// store/test_case_days keeps the packs beside its totals: at the roll-up, for results
// landing on a rolled-up day (a clock set back), and when a run is deleted.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct DayDuration {
  int64_t day = 0, duration = 0;
  bool operator==(const DayDuration& o) const { return day == o.day && duration == o.duration; }
};
using DurationsByTest = std::map<int64_t, std::vector<DayDuration>>;  // by logical test

// The encoded form of a pack and back (entries in any order); exposed for tests.
std::string encode_pack(const std::vector<DayDuration>& entries);
std::vector<DayDuration> decode_pack(std::string_view bytes);

// Adds durations to the series' packs.
void add_packed_durations(Conn& c, int64_t series_id, const DurationsByTest& added);
// Takes durations out of the series' packs (one entry per duration given).
void forget_packed_durations(Conn& c, int64_t series_id, const DurationsByTest& gone);

// Calls f(logical_test_id, durations) for each test with a pack in the series, with its
// durations on the days [first_day, last_day] (f may reorder them).
void for_each_packed(Conn& c, int64_t series_id, int64_t first_day, int64_t last_day,
                     const std::function<void(int64_t, std::vector<int64_t>&)>& f);

// Appends to `out` the test's durations on the days [first_day, last_day] in its pack.
void append_packed(Conn& c, int64_t series_id, int64_t logical_test_id, int64_t first_day, int64_t last_day,
                   std::vector<int64_t>& out);

}  // namespace euriqa::store
