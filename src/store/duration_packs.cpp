#include "store/duration_packs.h"

#include <algorithm>
#include <string_view>

namespace euriqa::store {

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

const char* kSelectPack = "SELECT durations FROM test_duration_packs WHERE series_id = ? AND logical_test_id = ?";

std::vector<DayDuration> read_pack(Conn& c, int64_t series_id, int64_t test) {
  auto s = c.prepare(kSelectPack);
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

void add_packed_durations(Conn& c, int64_t series_id, const DurationsByTest& added) {
  for (const auto& [test, durations] : added) {
    auto entries = read_pack(c, series_id, test);
    entries.insert(entries.end(), durations.begin(), durations.end());
    write_pack(c, series_id, test, entries);
  }
}

void forget_packed_durations(Conn& c, int64_t series_id, const DurationsByTest& gone) {
  for (const auto& [test, durations] : gone) {
    auto entries = read_pack(c, series_id, test);
    for (const auto& e : durations) {
      auto it = std::find(entries.begin(), entries.end(), e);
      if (it != entries.end()) entries.erase(it);
    }
    write_pack(c, series_id, test, entries);
  }
}

void for_each_packed(Conn& c, int64_t series_id, int64_t first_day, int64_t last_day,
                     const std::function<void(int64_t, std::vector<int64_t>&)>& f) {
  if (first_day > last_day) return;
  auto s = c.prepare("SELECT logical_test_id, durations FROM test_duration_packs WHERE series_id = ?");
  s->bind(1, series_id);
  std::vector<int64_t> durations;
  while (s->executeStep()) {
    durations.clear();
    for_each_entry(blob_of(s->getColumn(1)), [&](const DayDuration& e) {
      if (e.day >= first_day && e.day <= last_day) durations.push_back(e.duration);
    });
    f(s->getColumn(0).getInt64(), durations);
  }
}

void append_packed(Conn& c, int64_t series_id, int64_t logical_test_id, int64_t first_day, int64_t last_day,
                   std::vector<int64_t>& out) {
  if (first_day > last_day) return;
  auto s = c.prepare(kSelectPack);
  s->bind(1, series_id);
  s->bind(2, logical_test_id);
  if (!s->executeStep()) return;
  for_each_entry(blob_of(s->getColumn(0)), [&](const DayDuration& e) {
    if (e.day >= first_day && e.day <= last_day) out.push_back(e.duration);
  });
}

}  // namespace euriqa::store
