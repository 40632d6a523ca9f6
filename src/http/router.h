// Routes by method and path template ("/api/runs/:id"); ":name" segments become
// path parameters, and a last "*name" segment takes the rest of the path. A path that matches under another method answers 405 with Allow.
// Every route declares its policy where it is registered: whether it needs a caller,
// the least role the caller must hold (checked before the body is read), its
// rate-limit group, and whether API keys are refused.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/roles.h"
#include "http/request.h"

namespace euriqa::http {

using Handler = std::function<Response(Request&)>;

enum class Auth { Required, Public };
enum class BodyKind { Json, Multipart };

struct Policy {
  Auth auth = Auth::Required;
  // The caller must hold a role that allows this somewhere (an API key: the key's own
  // role), or the request is refused before its body is read. The handler still
  // checks the role in the resource's own team.
  std::optional<domain::Action> action;
  std::string rate_group;      // "" = not rate limited
  bool sessions_only = false;  // API keys are refused: credentials and delivery targets
  BodyKind body = BodyKind::Json;

  // No caller needed (the handler may check its own credential, like a signed URL).
  static Policy open() { Policy p; p.auth = Auth::Public; return p; }
  // Any signed-in caller or API key; the handler decides the rest.
  static Policy caller() { return Policy(); }
  // A caller whose role allows `a` in some team.
  static Policy role(domain::Action a) { Policy p; p.action = a; return p; }
  Policy limit(std::string group) const { Policy p = *this; p.rate_group = std::move(group); return p; }
  Policy no_keys() const { Policy p = *this; p.sessions_only = true; return p; }
  Policy multipart() const { Policy p = *this; p.body = BodyKind::Multipart; return p; }
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Policy policy;
  Handler handler;
};

class Router {
 public:
  void add(const std::string& method, const std::string& pattern, Policy policy, Handler handler);
  void get(const std::string& p, Policy policy, Handler h) { add("GET", p, std::move(policy), std::move(h)); }
  void post(const std::string& p, Policy policy, Handler h) { add("POST", p, std::move(policy), std::move(h)); }
  void patch(const std::string& p, Policy policy, Handler h) { add("PATCH", p, std::move(policy), std::move(h)); }
  void del(const std::string& p, Policy policy, Handler h) { add("DELETE", p, std::move(policy), std::move(h)); }

  struct Match {
    const Route* route = nullptr;            // set when found
    std::vector<std::string> allowed;        // methods of the path when the method did not match
  };
  // Fills req.params and req.route on success.
  Match match(Request& req) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace euriqa::http
