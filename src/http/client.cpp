#include "http/client.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netdb.h>

#include <chrono>

namespace euriqa::http {

namespace {

struct Url {
  std::string scheme_host_port, host, path;
};

std::optional<Url> parse_url(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  auto path_start = url.find('/', scheme_end + 3);
  Url u;
  u.scheme_host_port = url.substr(0, path_start);
  u.path = path_start == std::string::npos ? "/" : url.substr(path_start);
  std::string authority = u.scheme_host_port.substr(scheme_end + 3);
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = authority.substr(1, close - 1);
  } else {
    u.host = authority.substr(0, authority.find(':'));
  }
  if (u.host.empty()) return std::nullopt;
  return u;
}

bool is_private(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    uint32_t a = ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr);
    return (a >> 24) == 10 || (a >> 24) == 127 || (a >> 24) == 0 || (a >> 20) == (172 << 4 | 1) ||
           (a >> 16) == (192 << 8 | 168) || (a >> 16) == (169 << 8 | 254) || (a >> 22) == (100 << 2 | 1);
  }
  if (sa->sa_family == AF_INET6) {
    const auto* b = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr;
    static const unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const unsigned char unspecified[16] = {};  // "::" connects to this host
    bool mapped_v4 = b[10] == 0xff && b[11] == 0xff;
    return std::memcmp(b, loopback, 16) == 0 || std::memcmp(b, unspecified, 16) == 0 || (b[0] & 0xfe) == 0xfc ||
           (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || mapped_v4;
  }
  return true;
}

// Resolves once; `vetted` gets the numeric address to connect to, so a second lookup
// (DNS rebinding) cannot swap in a private address after the check.
bool resolves_to_private(const std::string& host, std::string& vetted) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0) return false;  // vetted stays empty
  bool any = false;
  for (auto* p = res; p; p = p->ai_next) any = any || is_private(p->ai_addr);
  char text[NI_MAXHOST];
  if (!any && getnameinfo(res->ai_addr, res->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
    vetted = text;
  freeaddrinfo(res);
  return any;
}

}  // namespace

bool is_http_url(const std::string& url) { return parse_url(url).has_value(); }

PostResult post_json(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, int timeout_seconds, bool allow_private_targets) {
  PostResult out;
  auto start = std::chrono::steady_clock::now();
  auto finish = [&] {
    out.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    return out;
  };
  auto u = parse_url(url);
  if (!u) {
    out.error = "invalid URL";
    return finish();
  }
  std::string vetted;
  if (!allow_private_targets && resolves_to_private(u->host, vetted)) {
    out.error = "refused: the host resolves to a private address (webhookAllowPrivateTargets is false)";
    return finish();
  }
  if (!allow_private_targets && vetted.empty()) {  // no second lookup that could answer differently
    out.error = "cannot resolve host " + u->host;
    return finish();
  }
  httplib::Client cli(u->scheme_host_port);
  if (!vetted.empty()) cli.set_hostname_addr_map({{u->host, vetted}});
  cli.set_connection_timeout(timeout_seconds, 0);
  cli.set_read_timeout(timeout_seconds, 0);
  cli.set_write_timeout(timeout_seconds, 0);
  cli.set_follow_location(false);
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  auto res = cli.Post(u->path, h, body, "application/json");
  if (!res) {
    out.error = httplib::to_string(res.error());
    return finish();
  }
  out.status = res->status;
  return finish();
}

}  // namespace euriqa::http
