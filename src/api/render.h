// JSON renderings of resources used by more than one handler, each with every
// field of the resource (unset fields are null).
#pragma once
#include <functional>
#include <string>

#include "http/json_writer.h"
#include "http/request.h"
#include "store/flakiness.h"
#include "store/projects.h"
#include "store/results.h"
#include "store/teams.h"
#include "store/users.h"

namespace euriqa::api {

void write_user(http::JsonWriter& w, const store::User& u);
void write_team(http::JsonWriter& w, const store::Team& t);
void write_project(http::JsonWriter& w, const store::Project& p);
void write_member(http::JsonWriter& w, const store::Member& m);
// `extra` adds fields to the object (the invite answer's link).
void write_invitation(http::JsonWriter& w, const store::Invitation& i, int64_t now_ms,
                      const std::function<void(http::JsonWriter&)>& extra = nullptr);

// A test result: every field but its steps (GET /api/tests/:id/steps has those);
// stdout and stderr only in the detail form.
void write_test_result(http::JsonWriter& w, const store::TestResult& t, bool detail);
// A list page {data:[results], total, limit, offset}.
http::Response result_page(const std::vector<store::TestResult>& rows, int64_t total, int limit, int64_t offset);

// A quarantine's fields (contract §15), all null when the test is not quarantined:
// quarantinedBy {id, name} (null when automatic), reason, issueUrl, expiresAt, since.
void write_quarantine_terms(http::JsonWriter& w, const std::optional<store::QuarantineTerms>& q);
// {id, name} of a user, or null.
void write_user_ref(http::JsonWriter& w, const std::optional<std::string>& id, const std::optional<std::string>& name);

// {"success":true,"message":...}
http::Response success(const std::string& message);
// 200/201 with a single object rendered by fn(JsonWriter&).
template <class F>
http::Response object_response(int status, F&& fn) {
  http::JsonWriter w;
  fn(w);
  return http::Response::json(status, w.take());
}
// {"data":[...]} rendering each item with write(w, item).
template <class Items, class Write>
http::Response data_response(const Items& items, Write write) {
  http::JsonWriter w;
  w.begin_object().key("data").begin_array();
  for (const auto& item : items) write(w, item);
  w.end_array().end_object();
  return http::Response::json(200, w.take());
}

}  // namespace euriqa::api
