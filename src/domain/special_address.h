// Which IP addresses are special-purpose: the IANA IPv4 and IPv6 Special-Purpose
// Address Registries, plus multicast and deprecated site-local. A webhook may not
// connect to one when webhookAllowPrivateTargets is false. Pure: bytes in, range out.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace euriqa::domain {

using Ipv4Address = std::array<uint8_t, 4>;    // network byte order
using Ipv6Address = std::array<uint8_t, 16>;  // network byte order
using IpAddress = std::variant<Ipv4Address, Ipv6Address>;

struct SpecialRange {
  std::string_view cidr;  // "198.18.0.0/15"
  std::string_view name;  // "Benchmarking"
};

// The range an address belongs to, or nullopt for an ordinary (global) address.
// IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible
// ::/96, NAT64 64:ff9b::/96) are always special; when the carried IPv4 address is
// special too, its range is the one named (::ffff:127.0.0.1 is "Loopback").
std::optional<SpecialRange> special_range(const Ipv4Address& address);
std::optional<SpecialRange> special_range(const Ipv6Address& address);
std::optional<SpecialRange> special_range(const IpAddress& address);

// A numeric address ("198.18.0.1", "64:ff9b::7f00:1"); nullopt for anything else.
std::optional<IpAddress> parse_ip_address(std::string_view text);
// The usual text form ("::ffff:127.0.0.1", "10.0.0.1").
std::string format_ip_address(const IpAddress& address);

}  // namespace euriqa::domain
