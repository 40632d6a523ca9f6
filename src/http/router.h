// Routes by method and path template ("/api/runs/:id"); ":name" segments become
// path parameters. A path that matches under another method answers 405 with Allow.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http/request.h"

namespace euriqa::http {

using Handler = std::function<Response(Request&)>;

enum class Auth { Required, Public };

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  Auth auth = Auth::Required;
};

class Router {
 public:
  void add(const std::string& method, const std::string& pattern, Handler handler, Auth auth = Auth::Required);
  void get(const std::string& p, Handler h, Auth a = Auth::Required) { add("GET", p, std::move(h), a); }
  void post(const std::string& p, Handler h, Auth a = Auth::Required) { add("POST", p, std::move(h), a); }
  void patch(const std::string& p, Handler h, Auth a = Auth::Required) { add("PATCH", p, std::move(h), a); }
  void del(const std::string& p, Handler h, Auth a = Auth::Required) { add("DELETE", p, std::move(h), a); }

  struct Match {
    const Route* route = nullptr;            // set when found
    std::vector<std::string> allowed;        // methods of the path when the method did not match
  };
  // Fills req.params and req.route on success.
  Match match(Request& req) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace euriqa::http
