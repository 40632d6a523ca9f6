// Numbered schema migrations, embedded in the binary. Append only: never edit a
// migration that has shipped; add the next number instead. Times are Unix ms.
#include <stdexcept>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

namespace {

const std::vector<std::string> kMigrations = {
    // 1: identity and tenancy.
    R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,           -- normalised to lower case
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,          -- Argon2id (crypto_pwhash_str)
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,          -- SHA-256 of the cookie token; the token itself is never stored
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE team_members (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner','admin','member','viewer')),
  joined_at INTEGER NOT NULL,
  UNIQUE (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members(user_id);
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','member','viewer')),
  invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','revoked')),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX invitations_email ON invitations(email, status);
CREATE INDEX invitations_team ON invitations(team_id, status);
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX projects_team ON projects(team_id, created_at);
CREATE TABLE project_settings (
  project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  data_retention_days INTEGER NOT NULL DEFAULT 90,
  flakiness_threshold REAL NOT NULL DEFAULT 0.3,
  auto_quarantine_enabled INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','member','viewer')),
  key_hash TEXT NOT NULL UNIQUE,        -- SHA-256 of the full key
  last4 TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  expires_at INTEGER,
  last_used_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX api_keys_project ON api_keys(project_id, created_at);
)sql",
    // 2: runs, logical tests, suites and test results.
    R"sql(
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('running','passed','failed','cancelled')),
  branch TEXT, commit_sha TEXT, commit_message TEXT, commit_author TEXT,
  ci_provider TEXT, ci_build_id TEXT, ci_build_url TEXT, playwright_version TEXT,
  workers INTEGER, shard_current INTEGER, shard_total INTEGER,
  browser TEXT, os TEXT, viewport TEXT, hostname TEXT, run_title TEXT,
  tags TEXT, grep_patterns TEXT,                       -- JSON arrays
  -- counts kept up to date at ingest
  total_tests INTEGER NOT NULL DEFAULT 0, passed_tests INTEGER NOT NULL DEFAULT 0,
  failed_tests INTEGER NOT NULL DEFAULT 0, skipped_tests INTEGER NOT NULL DEFAULT 0,
  flaky_tests INTEGER NOT NULL DEFAULT 0,
  -- values reported with PATCH replace the live counts when set
  reported_total INTEGER, reported_passed INTEGER, reported_failed INTEGER,
  reported_skipped INTEGER, reported_flaky INTEGER, reported_duration INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  completed_at INTEGER                                 -- first terminal transition
);
CREATE INDEX runs_project ON runs(project_id, created_at);
CREATE INDEX runs_project_status ON runs(project_id, status, created_at);
CREATE INDEX runs_project_branch ON runs(project_id, branch, created_at);
CREATE INDEX runs_project_commit ON runs(project_id, commit_sha, created_at);
CREATE INDEX runs_created ON runs(created_at);

-- One row per logical test (project, file, full title): what history, flakiness
-- and quarantine are about. Counters are maintained at ingest and on delete.
CREATE TABLE logical_tests (
  id INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  file_path TEXT NOT NULL,
  full_title TEXT NOT NULL,
  title TEXT NOT NULL,
  result_count INTEGER NOT NULL DEFAULT 0,
  passed_count INTEGER NOT NULL DEFAULT 0,
  failed_count INTEGER NOT NULL DEFAULT 0,
  skipped_count INTEGER NOT NULL DEFAULT 0,
  flaky_count INTEGER NOT NULL DEFAULT 0,
  last_result_at INTEGER,
  UNIQUE (project_id, file_path, full_title)
);

CREATE TABLE test_suites (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  title TEXT NOT NULL,
  file_path TEXT,
  parent_suite_id TEXT REFERENCES test_suites(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX test_suites_identity
  ON test_suites(run_id, ifnull(file_path, ''), title, ifnull(parent_suite_id, ''));
CREATE INDEX test_suites_parent ON test_suites(parent_suite_id);

-- Results, newest first = highest rowid first.
CREATE TABLE test_results (
  id TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  logical_test_id INTEGER NOT NULL REFERENCES logical_tests(id) ON DELETE CASCADE,
  suite_id TEXT,
  title TEXT NOT NULL,
  full_title TEXT NOT NULL,
  file_path TEXT,
  line_number INTEGER,
  status TEXT NOT NULL,
  duration INTEGER NOT NULL,
  retries INTEGER,
  attempt INTEGER,
  is_flaky INTEGER NOT NULL DEFAULT 0,
  tags TEXT, annotations TEXT, error TEXT, steps TEXT,  -- JSON
  stdout TEXT, stderr TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX test_results_run ON test_results(run_id);
CREATE INDEX test_results_project ON test_results(project_id);
CREATE INDEX test_results_logical ON test_results(logical_test_id);
)sql",
    // 3: artifacts (files live in the blob store under their id).
    R"sql(
CREATE TABLE artifacts (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  test_id TEXT REFERENCES test_results(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('screenshot','video','trace','report')),
  file_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX artifacts_run ON artifacts(run_id, created_at);
CREATE INDEX artifacts_test ON artifacts(test_id);
CREATE INDEX artifacts_project ON artifacts(project_id);
)sql",
    // 4: flakiness upkeep, quarantine, webhooks and their delivery queue.
    R"sql(
ALTER TABLE test_results ADD COLUMN evidence INTEGER NOT NULL DEFAULT 0;  -- flaky evidence (contract 6)
ALTER TABLE logical_tests ADD COLUMN evidence_lo INTEGER NOT NULL DEFAULT 0;  -- bits of the last 100 results,
ALTER TABLE logical_tests ADD COLUMN evidence_hi INTEGER NOT NULL DEFAULT 0;  -- bit i = i-th newest
ALTER TABLE logical_tests ADD COLUMN window_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE logical_tests ADD COLUMN flaky_runs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE logical_tests ADD COLUMN flakiness_score REAL NOT NULL DEFAULT 0;
ALTER TABLE logical_tests ADD COLUMN last_flaky_at INTEGER;
ALTER TABLE logical_tests ADD COLUMN last_result_id TEXT;
ALTER TABLE logical_tests ADD COLUMN is_quarantined INTEGER NOT NULL DEFAULT 0;
ALTER TABLE logical_tests ADD COLUMN quarantined_at INTEGER;
ALTER TABLE logical_tests ADD COLUMN unquarantined_at INTEGER;  -- a manual unquarantine holds until newer evidence
CREATE INDEX logical_tests_score ON logical_tests(project_id, flakiness_score);
CREATE INDEX logical_tests_quarantined ON logical_tests(project_id, is_quarantined);

-- Outcomes seen per logical test and commit: a pass and a fail on one commit is a flip.
CREATE TABLE commit_outcomes (
  logical_test_id INTEGER NOT NULL REFERENCES logical_tests(id) ON DELETE CASCADE,
  commit_sha TEXT NOT NULL,
  passed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (logical_test_id, commit_sha)
) WITHOUT ROWID;

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT NOT NULL,          -- JSON array
  headers TEXT NOT NULL,         -- JSON object
  secret_box TEXT,               -- secret encrypted with the server secret (never returned)
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webhooks_project ON webhooks(project_id, created_at);

-- The durable delivery queue worked by the webhook thread.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','succeeded','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_status_code INTEGER,
  last_error TEXT,
  last_duration_ms INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at);
)sql",
    // 5: accounts that prove their address (contract 11), email, password reset.
    R"sql(
ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;
-- The first user registered without an invitation, as the server's first admin.
UPDATE users SET email_verified = 1 WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1);

-- Invitation links: only the SHA-256 of the token is kept. Invitations made before
-- this version have none and can be accepted by id by verified addresses only.
ALTER TABLE invitations ADD COLUMN token_hash TEXT;
CREATE UNIQUE INDEX invitations_token ON invitations(token_hash);

-- Sessions get a public id (the token hash is never shown) and what a user needs to
-- recognise them in the list of their sessions.
ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
UPDATE sessions SET id = 'session_' || lower(hex(randomblob(12))), last_seen_at = created_at;
CREATE UNIQUE INDEX sessions_id ON sessions(id);

-- Single-use links that prove an address: verification (of a new account's or a
-- changed email) and password reset. Only hashes of the tokens are kept.
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email','reset_password')),
  email TEXT NOT NULL,            -- the address the link was sent to (and proves)
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);

-- The durable queue of outgoing email, worked by the mail thread with retries.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);

-- "Email me when a run on this branch fails", per member and project; '' = any branch.
CREATE TABLE run_failure_subscriptions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  branch TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, project_id, branch)
);
CREATE INDEX run_failure_subscriptions_project ON run_failure_subscriptions(project_id, branch);
)sql",
    // 6: failure groups, builds and comparisons, search (contract 13, 14).
    R"sql(
-- The error signature of a failed result (16 hex, null without an error).
ALTER TABLE test_results ADD COLUMN error_signature TEXT;
-- Comparisons read what each result of a run says from this narrow index, not from
-- the wide rows (steps and output are stored inline). It replaces the run_id index
-- (same prefix), so ingest writes no more indexes than before; a run's result list,
-- which wants rowid order, sorts its run's entries instead.
CREATE INDEX test_results_run_outcome ON test_results(run_id, status, logical_test_id);
DROP INDEX test_results_run;

-- One row per project and signature: the message shown for the group and searched.
CREATE TABLE failure_groups (
  id INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  signature TEXT NOT NULL,
  message TEXT NOT NULL,          -- first line of its first error (first and last seen
  search_text TEXT NOT NULL,      -- come from failure_group_days); that error for search
  UNIQUE (project_id, signature)
);
-- Every failed result with a signature, narrow: a run's groups, a signature's results
-- and windows over a project's failures read these instead of the wide results. Kept
-- in (project, time) order, so a window is a range of the table itself.
CREATE TABLE failures (
  project_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  result_rowid INTEGER NOT NULL,
  signature TEXT NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  logical_test_id INTEGER NOT NULL,
  branch TEXT,
  PRIMARY KEY (project_id, created_at, result_rowid)
) WITHOUT ROWID;
CREATE INDEX failures_signature ON failures(project_id, signature, created_at, branch, logical_test_id, run_id);
CREATE INDEX failures_run ON failures(run_id, signature);
-- Occurrences per project, UTC day, signature and branch ('' = none), kept at ingest
-- and on deletion: a 30-day window reads a few thousand of these, not every failure.
CREATE TABLE failure_group_days (
  project_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  signature TEXT NOT NULL,
  branch TEXT NOT NULL,
  occurrences INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, day, signature, branch)
) WITHOUT ROWID;

-- Work left to the server after an upgrade: results stored before this version get
-- their error signatures computed once, at the first start (api/signature_backfill).
CREATE TABLE upgrade_tasks (name TEXT PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0);
INSERT INTO upgrade_tasks (name) SELECT 'error_signatures' WHERE EXISTS (SELECT 1 FROM test_results WHERE status = 'failed');

-- Builds are the runs of a project that share ciBuildId.
CREATE INDEX runs_project_build ON runs(project_id, ci_build_id, created_at) WHERE ci_build_id IS NOT NULL;

-- Substring search, case-insensitive beyond ASCII: trigram indexes of the logical
-- tests' names and paths and of the failure groups' errors. A logical test's names never
-- change once created; ingest indexes a batch's new ones in one statement
-- (store/results.cpp), deletion through this trigger.
CREATE VIRTUAL TABLE logical_tests_fts USING fts5(title, full_title, file_path, content='logical_tests',
                                                 content_rowid='id', tokenize='trigram');
-- The title is indexed only when the full title does not already hold it (it nearly
-- always does): the same expression here, at ingest and below.
CREATE TRIGGER logical_tests_fts_delete AFTER DELETE ON logical_tests BEGIN
  INSERT INTO logical_tests_fts(logical_tests_fts, rowid, title, full_title, file_path)
    VALUES ('delete', old.id, iif(instr(old.full_title, old.title) > 0, '', old.title), old.full_title, old.file_path);
END;
INSERT INTO logical_tests_fts(rowid, title, full_title, file_path)
  SELECT id, iif(instr(full_title, title) > 0, '', title), full_title, file_path FROM logical_tests;

CREATE VIRTUAL TABLE failure_groups_fts USING fts5(search_text, content='failure_groups', content_rowid='id',
                                                  tokenize='trigram');
CREATE TRIGGER failure_groups_fts_insert AFTER INSERT ON failure_groups BEGIN
  INSERT INTO failure_groups_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER failure_groups_fts_delete AFTER DELETE ON failure_groups BEGIN
  INSERT INTO failure_groups_fts(failure_groups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
)sql",
    // 7: the test explorer and the quarantine workflow (contract 15).
    R"sql(
-- Results by project and UTC day, then logical test: the explorer reads a window's
-- partial first and last days, a test's durations (p95) and its daily trend from this
-- index alone. New entries land at the end of today's part, so ingest stays cheap.
CREATE INDEX test_results_day ON test_results(project_id, created_at / 86400000, logical_test_id, created_at, status,
                                              duration, run_id);

-- A series: a project's results on every branch (every = 1, branch '') or on one branch.
CREATE TABLE test_case_series (
  id INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  every INTEGER NOT NULL,
  branch TEXT NOT NULL,
  floor_day INTEGER,  -- no results are left up to this day; its rows are where the totals start
  UNIQUE (project_id, every, branch)
);
-- Running totals per series, UTC day and logical test, kept at ingest and on deletion
-- (store/test_case_days): on each day that has results in the series, one row for every
-- test seen so far, with its totals up to the end of that day. A window is the
-- difference of two days' rows: two reads of one day each, however long the window.
CREATE TABLE test_case_days (
  series_id INTEGER NOT NULL REFERENCES test_case_series(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,                 -- Unix ms / 86400000
  logical_test_id INTEGER NOT NULL,
  results INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  flaky INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  duration INTEGER NOT NULL,            -- sum over results that were not skipped
  day_results INTEGER NOT NULL,         -- results of this day itself
  last_at INTEGER,                      -- the newest result up to this day: created_at
  last_rowid INTEGER,                   -- and rowid
  PRIMARY KEY (series_id, day, logical_test_id)
) WITHOUT ROWID;
-- Rollups of results stored before this version are built at the next start.
INSERT INTO upgrade_tasks (name) SELECT 'test_case_days' WHERE EXISTS (SELECT 1 FROM test_results);

-- Quarantine terms: who (NULL when automatic), why, an issue link, and an end.
ALTER TABLE logical_tests ADD COLUMN quarantined_by TEXT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE logical_tests ADD COLUMN quarantine_reason TEXT;
ALTER TABLE logical_tests ADD COLUMN quarantine_issue_url TEXT;
ALTER TABLE logical_tests ADD COLUMN quarantine_expires_at INTEGER;
CREATE INDEX logical_tests_quarantine_expiry ON logical_tests(quarantine_expires_at)
  WHERE is_quarantined = 1 AND quarantine_expires_at IS NOT NULL;
-- What happened to quarantines, newest last.
CREATE TABLE quarantine_events (
  id INTEGER PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  logical_test_id INTEGER NOT NULL REFERENCES logical_tests(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('quarantined', 'unquarantined', 'expired', 'auto')),
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  reason TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX quarantine_events_project ON quarantine_events(project_id, at, id);
CREATE INDEX quarantine_events_test ON quarantine_events(logical_test_id, at, id);
)sql",
    // 8: the explorer's result reads through two indexes instead of test_results_day.
    R"sql(
DROP INDEX test_results_day;
-- Results by project and time: the explorer reads a window's partial first and last
-- days, and every duration of a window (sorting by p95), from this index alone. New
-- entries land at its end, so ingest writes few pages of it.
CREATE INDEX test_results_time ON test_results(project_id, created_at, logical_test_id, status, duration, run_id);
-- Results by logical test and time, narrow (a batch's entries land all over it): a
-- test's durations over a window (p95), its daily trend and its newest result, each one
-- range of it.
CREATE INDEX test_results_test_time ON test_results(logical_test_id, created_at, status, duration, run_id);
)sql",
    // 9: the explorer's totals rolled up by maintenance once a day is over, and each test's
    // durations packed beside them (store/test_case_days, store/duration_packs).
    R"sql(
-- The series' rows and packs hold every day up to this one; later days are read from
-- the results.
ALTER TABLE test_case_series ADD COLUMN rolled_through INTEGER;
CREATE TABLE test_duration_packs (
  series_id INTEGER NOT NULL REFERENCES test_case_series(id) ON DELETE CASCADE,
  logical_test_id INTEGER NOT NULL,
  durations BLOB NOT NULL,  -- (day gap, duration) varint pairs: store/duration_packs.cpp
  PRIMARY KEY (series_id, logical_test_id)
) WITHOUT ROWID;
-- A logical test's results in time, narrow: the wide form (with status, duration and
-- run_id) cost ingest a tenth of its speed in random page writes, and now serves only
-- reads of one page of tests or one test, which read those columns from the rows.
DROP INDEX test_results_test_time;
CREATE INDEX test_results_test_time ON test_results(logical_test_id, created_at);
-- Started again at the next start and rolled up by maintenance, packs included.
DELETE FROM test_case_days;
DELETE FROM test_case_series;
INSERT INTO upgrade_tasks (name) SELECT 'test_case_days' WHERE EXISTS (SELECT 1 FROM test_results)
  ON CONFLICT (name) DO UPDATE SET done = 0;
)sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(Conn& conn, int target) {
  if (target < 0) target = latest_schema_version();
  int current = conn.raw().execAndGet("PRAGMA user_version").getInt();
  if (current > latest_schema_version())
    throw std::runtime_error("the database schema (version " + std::to_string(current) +
                             ") is newer than this euriqa binary (" +
                             std::to_string(latest_schema_version()) + "); upgrade euriqa");
  for (int v = current + 1; v <= target; ++v) {
    conn.exec("BEGIN IMMEDIATE");
    try {
      conn.exec(kMigrations[v - 1]);
      conn.exec("PRAGMA user_version=" + std::to_string(v));
      conn.exec("COMMIT");
    } catch (...) {
      conn.exec("ROLLBACK");
      throw;
    }
  }
}

}  // namespace euriqa::store
