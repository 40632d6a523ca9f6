// Special-purpose addresses (contract §12): every range of the IANA IPv4 and IPv6
// Special-Purpose Address Registries, multicast and the IPv4-carrying IPv6 forms is
// special from its first to its last address, and the address just outside is not.
#include <doctest/doctest.h>

#include <arpa/inet.h>

#include <string>
#include <vector>

#include "domain/special_address.h"

namespace d = euriqa::domain;

namespace {

// The ranges as the registries list them (written here independently of the code).
const std::vector<std::string> kSpecialRanges = {
    // IPv4 Special-Purpose Address Registry, and multicast
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
    "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    // IPv6 Special-Purpose Address Registry, IPv4-compatible, site-local, multicast
    "::/128", "::1/128", "::ffff:0:0/96", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64",
    "100:0:0:1::/64", "2001::/23", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48", "3fff::/20", "5f00::/16",
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"};

struct Cidr {
  std::vector<uint8_t> bytes;
  int bits = 0;
};

Cidr parse_cidr(const std::string& cidr) {
  auto slash = cidr.find('/');
  std::string address = cidr.substr(0, slash);
  bool v6 = address.find(':') != std::string::npos;
  Cidr c;
  c.bytes.resize(v6 ? 16 : 4);
  REQUIRE(inet_pton(v6 ? AF_INET6 : AF_INET, address.c_str(), c.bytes.data()) == 1);
  c.bits = std::stoi(cidr.substr(slash + 1));
  return c;
}

bool bit(const std::vector<uint8_t>& b, int i) { return (b[i / 8] >> (7 - i % 8)) & 1; }

bool contains(const Cidr& c, const std::vector<uint8_t>& address) {
  if (address.size() != c.bytes.size()) return false;
  for (int i = 0; i < c.bits; ++i)
    if (bit(address, i) != bit(c.bytes, i)) return false;
  return true;
}

// The first address of the range with every host bit set to `host_bit`.
std::vector<uint8_t> edge(const Cidr& c, bool host_bit) {
  auto b = c.bytes;
  for (int i = c.bits; i < static_cast<int>(b.size() * 8); ++i) {
    uint8_t mask = static_cast<uint8_t>(1 << (7 - i % 8));
    b[i / 8] = host_bit ? (b[i / 8] | mask) : (b[i / 8] & ~mask);
  }
  return b;
}

// address + delta (±1) with carry; false when it would wrap around.
bool step(std::vector<uint8_t>& b, int delta) {
  for (int i = static_cast<int>(b.size()) - 1; i >= 0; --i) {
    int v = b[i] + delta;
    b[i] = static_cast<uint8_t>(v & 0xff);
    if (v >= 0 && v <= 0xff) return true;
  }
  return false;
}

std::string text_of(const std::vector<uint8_t>& b) {
  char out[INET6_ADDRSTRLEN] = {};
  inet_ntop(b.size() == 4 ? AF_INET : AF_INET6, b.data(), out, sizeof out);
  return out;
}

bool in_some_range(const std::vector<uint8_t>& address) {
  for (const auto& r : kSpecialRanges)
    if (contains(parse_cidr(r), address)) return true;
  return false;
}

std::optional<std::string> reported(const std::string& literal) {
  auto address = d::parse_ip_address(literal);
  REQUIRE_MESSAGE(address.has_value(), literal);
  auto range = d::special_range(*address);
  if (!range) return std::nullopt;
  return std::string(range->cidr);
}

}  // namespace

TEST_CASE("every special-purpose range is special from its first to its last address, and not just outside") {
  for (const auto& r : kSpecialRanges) {
    CAPTURE(r);
    Cidr c = parse_cidr(r);
    auto first = edge(c, false), last = edge(c, true);
    CHECK_MESSAGE(reported(text_of(first)).has_value(), text_of(first));
    CHECK_MESSAGE(reported(text_of(last)).has_value(), text_of(last));
    auto before = first, after = last;
    if (step(before, -1))
      CHECK_MESSAGE(reported(text_of(before)).has_value() == in_some_range(before), text_of(before));
    if (step(after, +1))
      CHECK_MESSAGE(reported(text_of(after)).has_value() == in_some_range(after), text_of(after));
  }
}

TEST_CASE("addresses are reported with the range they belong to, the carried IPv4 range when it is special") {
  struct Row {
    std::string address;
    std::optional<std::string> range;
  };
  const std::vector<Row> rows = {
      // 198.18.0.0/15 (Benchmarking)
      {"198.17.255.255", std::nullopt},
      {"198.18.0.0", "198.18.0.0/15"},
      {"198.18.0.1", "198.18.0.0/15"},
      {"198.19.255.255", "198.18.0.0/15"},
      {"198.20.0.0", std::nullopt},
      // ::/96 (IPv4-compatible): special throughout, naming the carried range when special
      {"::", "::/128"},
      {"::1", "::1/128"},
      {"::127.0.0.1", "127.0.0.0/8"},
      {"::8.8.8.8", "::/96"},
      {"::ffff:ffff", "240.0.0.0/4"},
      {"::1:0:0", std::nullopt},
      // ::ffff:0:0/96 (IPv4-mapped)
      {"::fffe:ffff:ffff", std::nullopt},
      {"::ffff:0.0.0.0", "0.0.0.0/8"},
      {"::ffff:127.0.0.1", "127.0.0.0/8"},
      {"::ffff:10.1.2.3", "10.0.0.0/8"},
      {"::ffff:8.8.8.8", "::ffff:0:0/96"},
      {"::ffff:255.255.255.255", "240.0.0.0/4"},
      {"::1:0:0:0", std::nullopt},
      // 64:ff9b::/96 (NAT64)
      {"64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", std::nullopt},
      {"64:ff9b::", "0.0.0.0/8"},
      {"64:ff9b::7f00:1", "127.0.0.0/8"},
      {"64:ff9b::c612:1", "198.18.0.0/15"},
      {"64:ff9b::808:808", "64:ff9b::/96"},
      {"64:ff9b::ffff:ffff", "240.0.0.0/4"},
      {"64:ff9b::1:0:0", std::nullopt},
      {"64:ff9b:1::1", "64:ff9b:1::/48"},
      // multicast, both families
      {"223.255.255.255", std::nullopt},
      {"224.0.0.1", "224.0.0.0/4"},
      {"239.255.255.255", "224.0.0.0/4"},
      {"ff02::1", "ff00::/8"},
      {"feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fec0::/10"},
      // ordinary addresses
      {"8.8.8.8", std::nullopt},
      {"1.1.1.1", std::nullopt},
      {"2606:4700:4700::1111", std::nullopt},
      {"2a00:1450:4001::200e", std::nullopt},
  };
  for (const auto& row : rows) {
    CAPTURE(row.address);
    CHECK(reported(row.address) == row.range);
  }
}

TEST_CASE("special ranges carry the registry's name") {
  auto loopback = d::special_range(*d::parse_ip_address("127.0.0.1"));
  REQUIRE(loopback);
  CHECK(loopback->name == "Loopback");
  auto bench = d::special_range(*d::parse_ip_address("198.18.0.1"));
  REQUIRE(bench);
  CHECK(bench->name == "Benchmarking");
}

TEST_CASE("only numeric addresses parse, and they format back in their usual form") {
  for (const char* text : {"", "localhost", "[::1]", "1.2.3", "1.2.3.4.5", "256.0.0.1", "::1%lo", " ::1"}) {
    CAPTURE(text);
    CHECK_FALSE(d::parse_ip_address(text).has_value());
  }
  CHECK(d::format_ip_address(*d::parse_ip_address("10.0.0.1")) == "10.0.0.1");
  CHECK(d::format_ip_address(*d::parse_ip_address("0:0:0:0:0:ffff:7f00:1")) == "::ffff:127.0.0.1");
  CHECK(d::format_ip_address(*d::parse_ip_address("64:ff9b:0::7f00:1")) == "64:ff9b::7f00:1");
}
