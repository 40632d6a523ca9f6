#include "api/render.h"

namespace euriqa::api {

void write_user(http::JsonWriter& w, const store::User& u) {
  w.begin_object().field("id", u.id).field("email", u.email).field("name", u.name);
  w.field("emailVerified", u.email_verified).time_field("createdAt", u.created_at).end_object();
}

void write_team(http::JsonWriter& w, const store::Team& t) {
  w.begin_object().field("id", t.id).field("name", t.name).time_field("createdAt", t.created_at).end_object();
}

void write_project(http::JsonWriter& w, const store::Project& p) {
  w.begin_object().field("id", p.id).field("name", p.name).field("teamId", p.team_id);
  w.time_field("createdAt", p.created_at).time_field("updatedAt", p.updated_at).end_object();
}

void write_member(http::JsonWriter& w, const store::Member& m) {
  w.begin_object().field("id", m.id).field("userId", m.user_id).field("teamId", m.team_id);
  w.field("role", domain::role_name(m.role)).field("name", m.name).field("email", m.email);
  w.null_field("avatarUrl").time_field("joinedAt", m.joined_at).end_object();
}

void write_invitation(http::JsonWriter& w, const store::Invitation& i, int64_t now_ms,
                      const std::function<void(http::JsonWriter&)>& extra) {
  std::string status = i.status == "pending" && i.expires_at <= now_ms ? "expired" : i.status;
  w.begin_object().field("id", i.id).field("teamId", i.team_id).field("teamName", i.team_name);
  w.field("email", i.email).field("role", domain::role_name(i.role)).field("status", status);
  w.field("invitedBy", i.invited_by_name);
  w.time_field("expiresAt", i.expires_at).time_field("createdAt", i.created_at);
  if (extra) extra(w);
  w.end_object();
}

namespace {
void write_json_or_null(http::JsonWriter& w, const char* key, const std::optional<std::string>& json) {
  w.key(key);
  json ? w.raw(*json) : w.null();
}
}  // namespace

void write_test_result(http::JsonWriter& w, const store::TestResult& t, bool detail) {
  w.begin_object().field("id", t.id).field("runId", t.run_id).field("projectId", t.project_id);
  w.field("suiteId", t.suite_id).field("title", t.title).field("fullTitle", t.full_title);
  w.field("filePath", t.file_path).field("lineNumber", t.line_number).field("status", t.status);
  w.field("duration", t.duration).field("retries", t.retries).field("attempt", t.attempt);
  w.field("isFlaky", t.is_flaky).field("errorSignature", t.error_signature);
  write_json_or_null(w, "tags", t.tags_json);
  write_json_or_null(w, "annotations", t.annotations_json);
  write_json_or_null(w, "error", t.error_json);
  if (detail) w.field("stdout", t.stdout_text).field("stderr", t.stderr_text);
  w.time_field("createdAt", t.created_at).end_object();
}

http::Response result_page(const std::vector<store::TestResult>& rows, int64_t total, int limit, int64_t offset) {
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& t : rows) write_test_result(w, t, false);
  w.end_array().field("total", total).field("limit", limit).field("offset", offset).end_object();
  return http::Response::json(200, w.take());
}

void write_user_ref(http::JsonWriter& w, const std::optional<std::string>& id, const std::optional<std::string>& name) {
  if (!id) {
    w.null();
    return;
  }
  w.begin_object().field("id", *id).field("name", name.value_or("")).end_object();
}

void write_quarantine_terms(http::JsonWriter& w, const std::optional<store::QuarantineTerms>& q) {
  w.key("quarantinedBy");
  if (q) write_user_ref(w, q->by_id, q->by_name); else w.null();
  w.field("reason", q ? q->reason : std::nullopt).field("issueUrl", q ? q->issue_url : std::nullopt);
  w.time_field("expiresAt", q ? q->expires_at : std::nullopt);
  w.time_field("since", q ? std::optional<int64_t>(q->since) : std::nullopt);
}

http::Response success(const std::string& message) {
  http::JsonWriter w;
  w.begin_object().field("success", true).field("message", message).end_object();
  return http::Response::json(200, w.take());
}

}  // namespace euriqa::api
