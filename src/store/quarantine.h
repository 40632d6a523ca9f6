// Quarantine of logical tests (contract §6, §15): its terms (who, why, an issue link,
// until when), the event log, and expiry. The state lives on logical_tests
// (is_quarantined, quarantined_at, quarantined_by, quarantine_reason,
// quarantine_issue_url, quarantine_expires_at); events in quarantine_events.
//
// Past its expiresAt a quarantine counts for no read (every read uses kActiveQuarantine
// with the current time). The expiry itself is recorded once, by the first write that
// meets it: the maintenance pass, a change to that test's quarantine, or the test's next
// ingest. Recording writes the `expired` event (at expiresAt), clears the terms, and
// holds off auto-quarantine like a manual unquarantine until new flaky evidence. Until
// then the event list shows the expiry from the test's row, so it appears exactly once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

// The condition on a logical_tests row of a quarantine in force; binds one parameter,
// the current time (Unix ms).
extern const char* const kActiveQuarantine;

struct QuarantineChange {
  bool quarantined = false;
  std::optional<std::string> user_id;  // who (for an API key: its creator)
  std::optional<std::string> reason, issue_url;
  std::optional<int64_t> expires_at;
  int64_t at = 0;
};
// A manual quarantine (new terms; `since` stays when already quarantined) or
// unquarantine, with its event. An unquarantine holds auto-quarantine off until newer
// flaky evidence; its event is written only when the test was quarantined.
void change_quarantine(Conn& c, int64_t logical_test_id, const QuarantineChange& change);

// The `auto` event of an auto-quarantine decided at ingest (store/flakiness sets the state).
void record_auto_quarantine(Conn& c, const std::string& project_id, int64_t logical_test_id, int64_t at,
                            const std::string& reason);

// Records the expiry of quarantines past their expiresAt at `now`: all of them, or the
// one logical test's. Returns how many.
int64_t expire_quarantines(Conn& c, int64_t now, std::optional<int64_t> logical_test_id = std::nullopt);

struct QuarantineEvent {
  std::string test_id, full_title, action;
  std::optional<std::string> by_id, by_name, reason;
  int64_t at = 0;
};
// Newest first (by time, then as recorded); with expiries not yet recorded at `now`.
std::pair<std::vector<QuarantineEvent>, int64_t> quarantine_events(Conn& c, const std::string& project_id,
                                                                   std::optional<int64_t> logical_test_id,
                                                                   int64_t now, int limit, int64_t offset);

}  // namespace euriqa::store
