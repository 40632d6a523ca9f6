// IP addresses as 16 bytes (IPv4 as IPv4-mapped IPv6, ::ffff:a.b.c.d) and CIDR
// ranges over them, for the trusted-proxy list and address classification. Pure.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace euriqa::domain {

using IpBytes = std::array<uint8_t, 16>;

// "192.0.2.1" or "2001:db8::1" (no zone, no brackets); nullopt otherwise.
std::optional<IpBytes> parse_ip(std::string_view text);
bool is_ipv4_mapped(const IpBytes& ip);

struct Cidr {
  IpBytes base{};
  int prefix_bits = 0;  // over the 128-bit form (an IPv4 /n is 96 + n)
  bool contains(const IpBytes& ip) const;
};

// "10.0.0.0/8", "fd00::/8", or a single address (a /32 or /128).
std::optional<Cidr> parse_cidr(std::string_view text);

}  // namespace euriqa::domain
