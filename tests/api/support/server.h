// Test support: starts the real euriqa binary on 127.0.0.1:0 with a fresh temp data
// directory, reads its "listening on" line, and talks HTTP to it.
#pragma once
#include <httplib.h>
#include <rapidjson/document.h>
#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace euriqa::test {

// How a request authenticates.
struct Auth {
  std::string cookie;   // session token value
  std::string api_key;  // X-API-Key
  static Auth none() { return {}; }
  static Auth session(std::string t) { return Auth{std::move(t), ""}; }
  static Auth key(std::string k) { return Auth{"", std::move(k)}; }
};

struct Result {
  int status = 0;  // 0 when the connection failed
  std::string body;
  httplib::Headers headers;
  rapidjson::Document json;  // parsed body (Null when not JSON)

  std::string header(const std::string& name) const;
  // Member access by dotted path ("error.details.field"); empty string when absent/not a string.
  std::string str(const std::string& path) const;
  const rapidjson::Value* at(const std::string& path) const;
  bool is_null(const std::string& path) const;
  std::string error_code() const { return str("error.code"); }
};

class TestServer {
 public:
  // extra: additional "serve" arguments. data_dir empty = a new temp dir (removed at the end).
  explicit TestServer(std::vector<std::string> extra = {}, std::string data_dir = "",
                      std::map<std::string, std::string> env = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;

  void start();
  // SIGTERM, wait for exit; returns the exit status.
  int stop();
  void restart() { stop(); start(); }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string base_url() const { return (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port_); }
  const std::string& log() const { return log_path_; }

  Result request(const std::string& method, const std::string& path, const std::string& body = "",
                 const Auth& auth = {}, const httplib::Headers& headers = {});
  Result get(const std::string& path, const Auth& auth = {}) { return request("GET", path, "", auth); }
  Result post(const std::string& path, const std::string& body, const Auth& auth = {}) {
    return request("POST", path, body, auth);
  }
  Result patch(const std::string& path, const std::string& body, const Auth& auth = {}) {
    return request("PATCH", path, body, auth);
  }
  Result del(const std::string& path, const Auth& auth = {}) { return request("DELETE", path, "", auth); }

 private:
  std::vector<std::string> extra_;
  std::map<std::string, std::string> env_;
  std::string data_dir_;
  bool own_dir_ = false;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  bool tls_ = false;
};

// Runs `euriqa args...` with stdin text; returns exit code and stdout.
struct CommandResult {
  int exit_code;
  std::string out;
};
CommandResult run_euriqa(const std::vector<std::string>& args, const std::string& stdin_text = "");

// Builds a JSON object body from key/value pairs whose values are already JSON
// ("\"text\"", "3", "true"). Use quote() for strings.
std::string quote(const std::string& s);
std::string obj(const std::vector<std::pair<std::string, std::string>>& fields);
std::string make_temp_dir();

// A signed-up user with a session, for tests that need one quickly.
struct Session {
  std::string user_id, email, token;
  Auth auth() const { return Auth::session(token); }
};
// Registers (the server must allow it) and returns the session.
Session register_user(TestServer& s, const std::string& email, const std::string& password = "correct-horse-9",
                      const std::string& name = "Test User");
Session login(TestServer& s, const std::string& email, const std::string& password = "correct-horse-9");
std::string cookie_token(const Result& r);  // sb-access-token value from Set-Cookie

// A team owned by `owner` with one project.
struct Workspace {
  std::string team_id, project_id;
};
Workspace create_workspace(TestServer& s, const Session& owner, const std::string& team = "Team",
                           const std::string& project = "Project");
// The token of an invitation answer's inviteUrl ({base}/invite/{token}).
std::string invite_token(const Result& invitation);
// Invites email with role, registers/logs in that user and accepts; returns the session.
Session add_member(TestServer& s, const Session& owner, const std::string& team_id, const std::string& email,
                   const std::string& role);
// Creates an API key; returns the full key.
std::string create_key(TestServer& s, const Session& by, const std::string& project_id,
                       const std::string& role = "member");

}  // namespace euriqa::test
