#include "http/client_address.h"

#include <algorithm>
#include <arpa/inet.h>

namespace euriqa::http {

namespace {

bool trusted_by(const std::vector<domain::Cidr>& trusted, const domain::IpBytes& ip) {
  return std::any_of(trusted.begin(), trusted.end(), [&](const domain::Cidr& c) { return c.contains(ip); });
}

std::string text_of(const domain::IpBytes& ip) {
  char out[INET6_ADDRSTRLEN] = "";
  if (domain::is_ipv4_mapped(ip)) inet_ntop(AF_INET, ip.data() + 12, out, sizeof out);
  else inet_ntop(AF_INET6, ip.data(), out, sizeof out);
  return out;
}

}  // namespace

std::string client_address(const std::string& peer, const std::optional<std::string>& forwarded_for,
                           const std::vector<domain::Cidr>& trusted) {
  if (trusted.empty() || !forwarded_for) return peer;
  auto peer_ip = domain::parse_ip(peer);
  if (!peer_ip || !trusted_by(trusted, *peer_ip)) return peer;
  std::string_view list = *forwarded_for;
  std::string last_trusted = peer;
  while (!list.empty()) {
    auto comma = list.rfind(',');
    std::string_view entry = comma == std::string_view::npos ? list : list.substr(comma + 1);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    auto ip = domain::parse_ip(entry);
    if (!ip) return last_trusted;  // garbage: believe nothing left of it
    if (!trusted_by(trusted, *ip)) return text_of(*ip);
    last_trusted = text_of(*ip);
  }
  return last_trusted;  // every hop is a trusted proxy
}

}  // namespace euriqa::http
