// src/http/client_address.h and src/domain/ip_address.h: behind trusted proxies the
// client is the right-most X-Forwarded-For entry that is not itself trusted; nothing
// a client writes left of that is believed, and without trusted proxies the header
// is ignored (contract §12).
#include <doctest/doctest.h>

#include "domain/ip_address.h"
#include "http/client_address.h"

using namespace euriqa;

namespace {
std::vector<domain::Cidr> cidrs(std::initializer_list<const char*> list) {
  std::vector<domain::Cidr> out;
  for (const char* c : list) {
    auto parsed = domain::parse_cidr(c);
    REQUIRE(parsed.has_value());
    out.push_back(*parsed);
  }
  return out;
}
}  // namespace

TEST_CASE("CIDR ranges match IPv4 and IPv6 addresses at their boundaries") {
  auto ten = domain::parse_cidr("10.0.0.0/8");
  REQUIRE(ten);
  CHECK(ten->contains(*domain::parse_ip("10.255.255.255")));
  CHECK_FALSE(ten->contains(*domain::parse_ip("11.0.0.0")));
  CHECK_FALSE(ten->contains(*domain::parse_ip("::a00:1")));  // not the IPv4 range
  auto v6 = domain::parse_cidr("fd00::/8");
  REQUIRE(v6);
  CHECK(v6->contains(*domain::parse_ip("fdff:ffff::1")));
  CHECK_FALSE(v6->contains(*domain::parse_ip("fe00::1")));
  auto one = domain::parse_cidr("192.0.2.7");
  REQUIRE(one);
  CHECK(one->contains(*domain::parse_ip("192.0.2.7")));
  CHECK_FALSE(one->contains(*domain::parse_ip("192.0.2.8")));
  CHECK(domain::parse_cidr("0.0.0.0/0")->contains(*domain::parse_ip("8.8.8.8")));
}

TEST_CASE("malformed addresses and ranges are refused") {
  for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "fd00::/129", "host.example", "10.0.0.0/8x",
                          "1.2.3.4 "})
    CHECK_FALSE(domain::parse_cidr(bad).has_value());
}

TEST_CASE("without trusted proxies the peer is the client") {
  CHECK(http::client_address("127.0.0.1", "203.0.113.9", {}) == "127.0.0.1");
}

TEST_CASE("an untrusted peer's X-Forwarded-For is ignored") {
  CHECK(http::client_address("198.51.100.1", "203.0.113.9", cidrs({"127.0.0.1"})) == "198.51.100.1");
}

TEST_CASE("behind trusted proxies: the right-most untrusted entry") {
  auto trusted = cidrs({"127.0.0.1", "10.0.0.0/8"});
  CHECK(http::client_address("127.0.0.1", "203.0.113.9", trusted) == "203.0.113.9");
  CHECK(http::client_address("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.1.2.3", trusted) == "203.0.113.9");
  CHECK(http::client_address("127.0.0.1", " 2001:db8::1 ", trusted) == "2001:db8::1");
  // Every hop trusted: the left-most one.
  CHECK(http::client_address("127.0.0.1", "10.0.0.1, 10.0.0.2", trusted) == "10.0.0.1");
  // Garbage stops the walk at the last trusted hop.
  CHECK(http::client_address("127.0.0.1", "203.0.113.9, garbage", trusted) == "127.0.0.1");
  CHECK(http::client_address("127.0.0.1", std::nullopt, trusted) == "127.0.0.1");
}
