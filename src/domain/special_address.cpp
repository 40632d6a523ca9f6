#include "domain/special_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <stdexcept>
#include <vector>

namespace euriqa::domain {

namespace {

struct Entry {
  std::string_view cidr, name;
  bool carries_ipv4 = false;  // the last 32 bits are an IPv4 address
};

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and later), every entry, even
// the ones marked globally reachable (AS112, AMT): none is a place for a webhook.
// Entries nested in a wider one (192.0.0.0/29 in 192.0.0.0/24, 255.255.255.255/32 in
// 240.0.0.0/4) are covered by it. Multicast is in its own registry but refused too.
constexpr Entry kIpv4Ranges[] = {
    {"0.0.0.0/8", "This network"},
    {"10.0.0.0/8", "Private-Use"},
    {"100.64.0.0/10", "Shared Address Space"},
    {"127.0.0.0/8", "Loopback"},
    {"169.254.0.0/16", "Link-Local"},
    {"172.16.0.0/12", "Private-Use"},
    {"192.0.0.0/24", "IETF Protocol Assignments"},
    {"192.0.2.0/24", "Documentation (TEST-NET-1)"},
    {"192.31.196.0/24", "AS112-v4"},
    {"192.52.193.0/24", "AMT"},
    {"192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"},
    {"192.168.0.0/16", "Private-Use"},
    {"192.175.48.0/24", "Direct Delegation AS112 Service"},
    {"198.18.0.0/15", "Benchmarking"},
    {"198.51.100.0/24", "Documentation (TEST-NET-2)"},
    {"203.0.113.0/24", "Documentation (TEST-NET-3)"},
    {"224.0.0.0/4", "Multicast"},
    {"240.0.0.0/4", "Reserved (and Limited Broadcast)"},
};

// IANA IPv6 Special-Purpose Address Registry, plus the deprecated IPv4-compatible
// form, deprecated site-local and multicast. Checked in order: the exact ::/128 and
// ::1/128 before ::/96, which holds them.
constexpr Entry kIpv6Ranges[] = {
    {"::/128", "Unspecified"},
    {"::1/128", "Loopback"},
    {"::ffff:0:0/96", "IPv4-mapped", true},
    {"::/96", "IPv4-compatible (deprecated)", true},
    {"64:ff9b::/96", "IPv4-IPv6 Translation", true},
    {"64:ff9b:1::/48", "IPv4-IPv6 Translation (local use)"},
    {"100::/64", "Discard-Only"},
    {"100:0:0:1::/64", "Dummy IPv6 Prefix"},
    {"2001::/23", "IETF Protocol Assignments"},
    {"2001:db8::/32", "Documentation"},
    {"2002::/16", "6to4"},
    {"2620:4f:8000::/48", "Direct Delegation AS112 Service"},
    {"3fff::/20", "Documentation"},
    {"5f00::/16", "Segment Routing (SRv6) SIDs"},
    {"fc00::/7", "Unique-Local"},
    {"fe80::/10", "Link-Local Unicast"},
    {"fec0::/10", "Site-Local (deprecated)"},
    {"ff00::/8", "Multicast"},
};

template <size_t N>
struct Prefix {
  std::array<uint8_t, N> bytes{};
  int bits = 0;
  const Entry* entry = nullptr;
};

template <size_t N>
Prefix<N> parse_prefix(const Entry& e) {
  auto slash = e.cidr.find('/');
  std::string address(e.cidr.substr(0, slash));
  std::string_view bits = e.cidr.substr(slash + 1);
  Prefix<N> p;
  p.entry = &e;
  auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), p.bits);
  if (inet_pton(N == 4 ? AF_INET : AF_INET6, address.c_str(), p.bytes.data()) != 1 || ec != std::errc{} ||
      p.bits > static_cast<int>(N * 8))
    throw std::logic_error("bad special-purpose range " + std::string(e.cidr));
  return p;
}

template <size_t N, size_t M>
std::vector<Prefix<N>> parse_table(const Entry (&table)[M]) {
  std::vector<Prefix<N>> out;
  for (const auto& e : table) out.push_back(parse_prefix<N>(e));
  return out;
}

template <size_t N>
bool within(const std::array<uint8_t, N>& address, const Prefix<N>& p) {
  int whole = p.bits / 8, rest = p.bits % 8;
  for (int i = 0; i < whole; ++i)
    if (address[i] != p.bytes[i]) return false;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (address[whole] & mask) == (p.bytes[whole] & mask);
}

SpecialRange range_of(const Entry& e) { return SpecialRange{e.cidr, e.name}; }

}  // namespace

std::optional<SpecialRange> special_range(const Ipv4Address& address) {
  static const auto prefixes = parse_table<4>(kIpv4Ranges);
  for (const auto& p : prefixes)
    if (within(address, p)) return range_of(*p.entry);
  return std::nullopt;
}

std::optional<SpecialRange> special_range(const Ipv6Address& address) {
  static const auto prefixes = parse_table<16>(kIpv6Ranges);
  for (const auto& p : prefixes) {
    if (!within(address, p)) continue;
    if (p.entry->carries_ipv4) {
      Ipv4Address carried{address[12], address[13], address[14], address[15]};
      if (auto inner = special_range(carried)) return inner;
    }
    return range_of(*p.entry);
  }
  return std::nullopt;
}

std::optional<SpecialRange> special_range(const IpAddress& address) {
  return std::visit([](const auto& a) { return special_range(a); }, address);
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  std::string s(text);
  Ipv4Address v4;
  if (inet_pton(AF_INET, s.c_str(), v4.data()) == 1) return v4;
  Ipv6Address v6;
  if (inet_pton(AF_INET6, s.c_str(), v6.data()) == 1) return v6;
  return std::nullopt;
}

std::string format_ip_address(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (const auto* v4 = std::get_if<Ipv4Address>(&address))
    inet_ntop(AF_INET, v4->data(), text, sizeof text);
  else
    inet_ntop(AF_INET6, std::get<Ipv6Address>(address).data(), text, sizeof text);
  return text;
}

}  // namespace euriqa::domain
