#include "domain/ip_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace euriqa::domain {

std::optional<IpBytes> parse_ip(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  IpBytes out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

bool is_ipv4_mapped(const IpBytes& ip) {
  for (int i = 0; i < 10; ++i)
    if (ip[i] != 0) return false;
  return ip[10] == 0xff && ip[11] == 0xff;
}

bool Cidr::contains(const IpBytes& ip) const {
  int bits = prefix_bits;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((ip[i] & mask) != (base[i] & mask)) return false;
  }
  return true;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  bool v4 = is_ipv4_mapped(*ip) && text.find(':') == std::string_view::npos;
  int max_bits = v4 ? 32 : 128, bits = max_bits;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || bits < 0 || bits > max_bits)
      return std::nullopt;
  }
  return Cidr{*ip, v4 ? 96 + bits : bits};
}

}  // namespace euriqa::domain
