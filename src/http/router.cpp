#include "http/router.h"

#include <algorithm>

namespace euriqa::http {

namespace {
std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// A last segment "*name" takes the rest of the path, zero or more segments.
bool has_rest(const Route& r) { return !r.segments.empty() && r.segments.back()[0] == '*'; }

bool matches(const Route& r, const std::vector<std::string>& segs, bool trailing_slash,
             std::map<std::string, std::string>* params) {
  size_t fixed = r.segments.size();
  if (has_rest(r)) {
    if (segs.size() < --fixed) return false;
    if (params) {
      std::string rest;
      for (size_t i = fixed; i < segs.size(); ++i) rest += (i > fixed ? "/" : "") + segs[i];
      if (trailing_slash && !rest.empty()) rest += '/';
      (*params)[r.segments.back().substr(1)] = rest;
    }
  } else if (fixed != segs.size() || trailing_slash) {
    return false;  // a trailing slash is a different path (except "/")
  }
  for (size_t i = 0; i < fixed; ++i) {
    const auto& want = r.segments[i];
    if (want.size() > 1 && want[0] == ':') {
      if (params) (*params)[want.substr(1)] = segs[i];
    } else if (want != segs[i]) {
      return false;
    }
  }
  return true;
}
}  // namespace

void Router::add(const std::string& method, const std::string& pattern, Policy policy, Handler handler) {
  routes_.push_back(Route{method, pattern, split(pattern), std::move(policy), std::move(handler)});
}

Router::Match Router::match(Request& req) const {
  Match m;
  auto segs = split(req.path);
  bool trailing_slash = req.path.size() > 1 && req.path.back() == '/';
  std::string method = req.method == "HEAD" ? "GET" : req.method;
  for (const auto& r : routes_) {
    if (!matches(r, segs, trailing_slash, nullptr)) continue;
    if (r.method == method) {
      std::map<std::string, std::string> params;
      matches(r, segs, trailing_slash, &params);
      req.params = std::move(params);
      req.route = r.pattern;
      m.route = &r;
      return m;
    }
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end()) m.allowed.push_back(r.method);
  }
  return m;
}

}  // namespace euriqa::http
