// Webhook signing and the sealing of webhook secrets at rest (contract §8): the
// Standard Webhooks signature reproduces the published test vector exactly, a
// secret without the whsec_ prefix is used as raw key bytes, and a sealed secret
// opens only with the right key and untampered bytes.
#include <doctest/doctest.h>

#include <string>

#include "domain/crypto.h"

namespace d = euriqa::domain;

namespace {
const std::string kVectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const std::string kVectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const std::string kVectorTimestamp = "1614265330";
const std::string kVectorBody = "{\"test\": 2432232314}";
const std::string kVectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

std::string key32(char fill) { return std::string(32, fill); }
}  // namespace

TEST_CASE("standard_webhook_signature reproduces the published Standard Webhooks test vector") {
  CHECK(d::standard_webhook_signature(kVectorSecret, kVectorId, kVectorTimestamp, kVectorBody) == kVectorSignature);
}

TEST_CASE("standard_webhook_signature changes with the id, the timestamp and the body") {
  CHECK(d::standard_webhook_signature(kVectorSecret, "msg_other", kVectorTimestamp, kVectorBody) != kVectorSignature);
  CHECK(d::standard_webhook_signature(kVectorSecret, kVectorId, "1614265331", kVectorBody) != kVectorSignature);
  CHECK(d::standard_webhook_signature(kVectorSecret, kVectorId, kVectorTimestamp, "{\"test\": 2432232315}") !=
        kVectorSignature);
}

TEST_CASE("standard_webhook_signature uses the bytes of a secret without the whsec_ prefix as the key") {
  const std::string secret = "plain-shared-secret";
  std::string expected =
      "v1," + d::base64_std(d::hmac_sha256(secret, kVectorId + "." + kVectorTimestamp + "." + kVectorBody));
  CHECK(d::standard_webhook_signature(secret, kVectorId, kVectorTimestamp, kVectorBody) == expected);
  // The base64 text itself (without the prefix) is not decoded: it is taken literally.
  CHECK(d::standard_webhook_signature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", kVectorId, kVectorTimestamp, kVectorBody) !=
        kVectorSignature);
}

TEST_CASE("seal then unseal with the same key gives the plaintext back") {
  std::string key = key32('k');
  std::string sealed = d::seal(key, kVectorSecret);
  CHECK(sealed.find(kVectorSecret) == std::string::npos);
  CHECK(sealed.find("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == std::string::npos);
  std::string out;
  REQUIRE(d::unseal(key, sealed, out));
  CHECK(out == kVectorSecret);
}

TEST_CASE("seal uses a fresh nonce: sealing the same secret twice gives different boxes that both open") {
  std::string key = key32('k');
  std::string a = d::seal(key, "same secret"), b = d::seal(key, "same secret");
  CHECK(a != b);
  std::string out;
  REQUIRE(d::unseal(key, a, out));
  CHECK(out == "same secret");
  REQUIRE(d::unseal(key, b, out));
  CHECK(out == "same secret");
}

TEST_CASE("seal round-trips an empty plaintext and binary bytes") {
  std::string key = key32('z');
  std::string out = "junk";
  REQUIRE(d::unseal(key, d::seal(key, ""), out));
  CHECK(out.empty());
  std::string binary("\0\x01\xff\x80zz", 6);
  REQUIRE(d::unseal(key, d::seal(key, binary), out));
  CHECK(out == binary);
}

TEST_CASE("unseal refuses a box sealed with another key") {
  std::string sealed = d::seal(key32('a'), "top secret");
  std::string out;
  CHECK_FALSE(d::unseal(key32('b'), sealed, out));
}

TEST_CASE("unseal detects a tampered box: every flipped byte is refused") {
  std::string key = key32('k');
  std::string sealed = d::seal(key, "top secret");
  std::string raw;
  REQUIRE(d::base64_std_decode(sealed, raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string bad = raw;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    std::string out;
    CHECK_MESSAGE(!d::unseal(key, d::base64_std(bad), out), "flipped byte " << i << " was accepted");
  }
}

TEST_CASE("unseal refuses truncated, extended, empty and non-base64 input") {
  std::string key = key32('k');
  std::string sealed = d::seal(key, "top secret");
  std::string raw;
  REQUIRE(d::base64_std_decode(sealed, raw));
  std::string out;
  CHECK_FALSE(d::unseal(key, d::base64_std(raw.substr(0, raw.size() - 1)), out));
  CHECK_FALSE(d::unseal(key, d::base64_std(raw + "x"), out));
  CHECK_FALSE(d::unseal(key, d::base64_std(raw.substr(0, 10)), out));  // shorter than nonce + MAC
  CHECK_FALSE(d::unseal(key, "", out));
  CHECK_FALSE(d::unseal(key, "not base64 at all!", out));
}
