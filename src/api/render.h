// JSON renderings of resources used by more than one handler, each with every
// field of the resource (unset fields are null).
#pragma once
#include <functional>
#include <string>

#include "http/json_writer.h"
#include "http/request.h"
#include "store/projects.h"
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
