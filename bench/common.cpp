#include "bench/common.h"

#include <httplib.h>
#include <rapidjson/document.h>

#include <stdexcept>

namespace euriqa::bench {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string json_field(const std::string& body, const std::string& key) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember(key.c_str()) || !d[key.c_str()].IsString()) return "";
  return d[key.c_str()].GetString();
}

Account sign_up(test::TestServer& s) {
  httplib::Client cli("127.0.0.1", s.port());
  auto reg = cli.Post("/api/auth/register", R"({"email":"bench@example.com","password":"benchmark-pw","name":"Bench"})",
                      "application/json");
  if (!reg || reg->status != 201) throw std::runtime_error("register failed");
  std::string cookie = reg->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  httplib::Headers h{{"Cookie", cookie}};
  auto team = json_field(cli.Post("/api/teams", h, R"({"name":"Bench"})", "application/json")->body, "id");
  auto proj = json_field(
      cli.Post("/api/projects", h, "{\"name\":\"Web\",\"teamId\":\"" + team + "\"}", "application/json")->body, "id");
  auto key = json_field(
      cli.Post("/api/api-keys", h, "{\"name\":\"bench\",\"projectId\":\"" + proj + "\"}", "application/json")->body,
      "key");
  if (team.empty() || proj.empty() || key.empty()) throw std::runtime_error("setup failed");
  return {cookie, key, proj};
}

}  // namespace euriqa::bench
