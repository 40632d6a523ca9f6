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

http::Response success(const std::string& message) {
  http::JsonWriter w;
  w.begin_object().field("success", true).field("message", message).end_object();
  return http::Response::json(200, w.take());
}

}  // namespace euriqa::api
