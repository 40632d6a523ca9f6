// Contract §4: times are RFC 3339 UTC with "Z" on output; input accepts any RFC 3339
// offset and fractional seconds, and refuses dates that do not exist.
#include <doctest/doctest.h>

#include <string>

#include "domain/time.h"

namespace d = euriqa::domain;

namespace {
constexpr int64_t kExample = 1773914400000;  // 2026-03-19T10:00:00Z, the reference's example time
constexpr int64_t kHour = 3600 * 1000;
}  // namespace

TEST_CASE("format_time renders RFC 3339 UTC with Z and whole seconds") {
  CHECK(d::format_time(0) == "1970-01-01T00:00:00Z");
  CHECK(d::format_time(kExample) == "2026-03-19T10:00:00Z");
  CHECK(d::format_time(kExample + 999) == "2026-03-19T10:00:00Z");
  CHECK(d::format_time(1709164800000) == "2024-02-29T00:00:00Z");
  CHECK(d::format_time(1798761599000) == "2026-12-31T23:59:59Z");
}

TEST_CASE("format_time rounds times before 1970 down, not toward zero") {
  CHECK(d::format_time(-1) == "1969-12-31T23:59:59Z");
  CHECK(d::format_time(-1000) == "1969-12-31T23:59:59Z");
}

TEST_CASE("parse_time reads UTC with Z") {
  CHECK(d::parse_time("2026-03-19T10:00:00Z") == kExample);
  CHECK(d::parse_time("1970-01-01T00:00:00Z") == 0);
  CHECK(d::parse_time("2000-01-01T00:00:00Z") == 946684800000);
}

TEST_CASE("parse_time accepts lower-case t and z as RFC 3339 allows") {
  CHECK(d::parse_time("2026-03-19t10:00:00z") == kExample);
}

TEST_CASE("parse_time applies numeric offsets") {
  CHECK(d::parse_time("2026-03-19T12:00:00+02:00") == kExample);
  CHECK(d::parse_time("2026-03-19T05:30:00-04:30") == kExample);
  CHECK(d::parse_time("2026-03-19T10:00:00+00:00") == kExample);
  CHECK(d::parse_time("2026-03-19T10:00:00-00:00") == kExample);
  CHECK(d::parse_time("2026-03-20T09:59:00+23:59") == kExample);
}

TEST_CASE("parse_time keeps milliseconds of fractional seconds") {
  CHECK(d::parse_time("2026-03-19T10:00:00.5Z") == kExample + 500);
  CHECK(d::parse_time("2026-03-19T10:00:00.123Z") == kExample + 123);
  CHECK(d::parse_time("2026-03-19T10:00:00.123456789Z") == kExample + 123);
  CHECK(d::parse_time("2026-03-19T12:00:00.250+02:00") == kExample + 250);
}

TEST_CASE("format_time and parse_time round-trip whole seconds") {
  for (int64_t t : {int64_t{0}, kExample, kExample + 59 * 1000, int64_t{1709164800000}, int64_t{4102444799000}}) {
    CAPTURE(t);
    CHECK(d::parse_time(d::format_time(t)) == t);
  }
}

TEST_CASE("parse_time accepts 29 February in a leap year only") {
  CHECK(d::parse_time("2024-02-29T00:00:00Z") == 1709164800000);
  CHECK(d::parse_time("2000-02-29T00:00:00Z").has_value());
  CHECK_FALSE(d::parse_time("2025-02-29T00:00:00Z").has_value());
  CHECK_FALSE(d::parse_time("1900-02-29T00:00:00Z").has_value());
}

TEST_CASE("parse_time refuses dates that do not exist") {
  for (const char* bad : {"2026-02-30T10:00:00Z", "2026-02-31T10:00:00Z", "2026-04-31T10:00:00Z",
                          "2026-06-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                          "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(d::parse_time(bad).has_value());
  }
}

TEST_CASE("parse_time accepts a leap second as the first instant of the next minute") {
  CHECK(d::parse_time("2016-12-31T23:59:60Z") == d::parse_time("2017-01-01T00:00:00Z"));
  CHECK(d::parse_time("2026-03-19T09:59:60Z") == kExample);
}

TEST_CASE("parse_time refuses a leap second on a date that does not exist") {
  CHECK_FALSE(d::parse_time("2026-02-30T23:59:60Z").has_value());
  CHECK_FALSE(d::parse_time("2026-04-31T23:59:60Z").has_value());
}

TEST_CASE("parse_time refuses times of day that do not exist") {
  for (const char* bad : {"2026-03-19T24:00:00Z", "2026-03-19T10:60:00Z", "2026-03-19T10:00:61Z",
                          "2026-03-19T10:00:00+24:00", "2026-03-19T10:00:00+01:60"}) {
    CAPTURE(bad);
    CHECK_FALSE(d::parse_time(bad).has_value());
  }
}

TEST_CASE("parse_time refuses text that is not RFC 3339") {
  for (const char* bad : {"", "now", "2026-03-19", "2026-03-19T10:00:00", "2026-03-19T10:00Z", "2026-3-19T10:00:00Z",
                          "2026/03/19T10:00:00Z", "2026-03-19T10:00:00.Z", "2026-03-19T10:00:00+0200",
                          "2026-03-19T10:00:00+02", "2026-03-19T10:00:00ZZ", "2026-03-19T10:00:00Z ",
                          " 2026-03-19T10:00:00Z", "2026-03-19X10:00:00Z", "1773914400000", "2026-03-19T10:00:00 UTC"}) {
    CAPTURE(bad);
    CHECK_FALSE(d::parse_time(bad).has_value());
  }
}

TEST_CASE("now_ms is close to format_time's idea of the present") {
  int64_t now = d::now_ms();
  CHECK(now > kExample - 365LL * 24 * kHour);  // after 2025
  CHECK(d::format_time(now).size() == 20);
}
