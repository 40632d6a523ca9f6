// Secrets handling (contract §2, §3, §7, §8): hashes of bearer secrets, Argon2id
// passwords, HMAC-SHA256 for signed URLs and webhooks, base64 encodings and the API
// key format. Checked against published test vectors.
#include <doctest/doctest.h>

#include <string>
#include <unordered_set>

#include "domain/crypto.h"

namespace d = euriqa::domain;

namespace {
bool all_alnum(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!ok) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("sha256_hex matches the FIPS 180-2 test vectors") {
  CHECK(d::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(d::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(d::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256_hex hashes embedded NUL bytes instead of stopping at them") {
  CHECK(d::sha256_hex(std::string_view("a\0b", 3)) != d::sha256_hex("a"));
}

TEST_CASE("hmac_sha256 matches RFC 4231 test case 2") {
  std::string mac = d::hmac_sha256("Jefe", "what do ya want for nothing?");
  CHECK(mac.size() == 32);
  CHECK(d::hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("hmac_sha256 matches RFC 4231 test case 1 (binary key)") {
  std::string key(20, '\x0b');
  CHECK(d::hex(d::hmac_sha256(key, "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_CASE("hmac_sha256 with base64 helpers reproduces the Standard Webhooks test vector") {
  std::string key;
  REQUIRE(d::base64_std_decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", key));
  std::string signed_content = "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}";
  CHECK(d::base64_std(d::hmac_sha256(key, signed_content)) == "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST_CASE("base64url encodes with the URL alphabet and no padding") {
  CHECK(d::base64url("") == "");
  CHECK(d::base64url("f") == "Zg");
  CHECK(d::base64url("fo") == "Zm8");
  CHECK(d::base64url("foo") == "Zm9v");
  CHECK(d::base64url("foob") == "Zm9vYg");
  CHECK(d::base64url("fooba") == "Zm9vYmE");
  CHECK(d::base64url("foobar") == "Zm9vYmFy");
  CHECK(d::base64url("\xfb\xff") == "-_8");
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string enc = d::base64url(all);
  CHECK(enc.find('=') == std::string::npos);
  CHECK(enc.find('+') == std::string::npos);
  CHECK(enc.find('/') == std::string::npos);
  CHECK(enc.size() == 342);  // ceil(256 * 4 / 3) without padding
}

TEST_CASE("base64_std pads and uses + and /, and decodes back") {
  CHECK(d::base64_std("f") == "Zg==");
  CHECK(d::base64_std("fo") == "Zm8=");
  CHECK(d::base64_std("\xfb\xff") == "+/8=");
  std::string out;
  REQUIRE(d::base64_std_decode("Zm9vYmFy", out));
  CHECK(out == "foobar");
  CHECK_FALSE(d::base64_std_decode("not base64!", out));
}

TEST_CASE("hex is lower-case, two digits per byte") {
  CHECK(d::hex(std::string_view("\x00\x0f\xab\xff", 4)) == "000fabff");
  CHECK(d::hex("") == "");
}

TEST_CASE("constant_time_equals compares content and length") {
  CHECK(d::constant_time_equals("", ""));
  CHECK(d::constant_time_equals("secret-token", "secret-token"));
  CHECK_FALSE(d::constant_time_equals("secret-token", "secret-tokem"));
  CHECK_FALSE(d::constant_time_equals("secret-token", "secret-toke"));
  CHECK_FALSE(d::constant_time_equals("", "x"));
  CHECK_FALSE(d::constant_time_equals("a", ""));
  CHECK_FALSE(d::constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST_CASE("hash_password gives an Argon2id hash that verifies the right password") {
  std::string hash = d::hash_password("correct horse battery staple");
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("correct horse") == std::string::npos);
  CHECK(d::verify_password(hash, "correct horse battery staple"));
}

TEST_CASE("verify_password refuses a wrong password") {
  std::string hash = d::hash_password("correct horse battery staple");
  CHECK_FALSE(d::verify_password(hash, "correct horse battery stapl"));
  CHECK_FALSE(d::verify_password(hash, "Correct horse battery staple"));
  CHECK_FALSE(d::verify_password(hash, ""));
  CHECK_FALSE(d::verify_password("not a hash", "correct horse battery staple"));
}

TEST_CASE("hash_password salts: the same password hashes differently each time") {
  std::string a = d::hash_password("same-password");
  std::string b = d::hash_password("same-password");
  CHECK(a != b);
  CHECK(d::verify_password(a, "same-password"));
  CHECK(d::verify_password(b, "same-password"));
}

TEST_CASE("new_api_key is eur_live_ followed by 32 alphanumerics") {
  std::string key = d::new_api_key();
  REQUIRE(key.size() == 9 + 32);
  CHECK(key.substr(0, 9) == "eur_live_");
  CHECK(d::kApiKeyPrefix == "eur_live_");
  CHECK(all_alnum(key.substr(9)));
}

TEST_CASE("new_api_key gives distinct keys") {
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(d::new_api_key());
  CHECK(seen.size() == 1000);
}

TEST_CASE("mask_api_key_tail shows only the last four characters, as the reference") {
  CHECK(d::mask_api_key_tail("a1b2") == "eur_****...****a1b2");
  std::string key = d::new_api_key();
  std::string masked = d::mask_api_key_tail(key.substr(key.size() - 4));
  CHECK(masked.substr(masked.size() - 4) == key.substr(key.size() - 4));
  CHECK(masked.find(key.substr(9, 8)) == std::string::npos);
}

TEST_CASE("new_session_token is 32 random bytes in base64url") {
  std::string a = d::new_session_token();
  std::string b = d::new_session_token();
  CHECK(a.size() == 43);
  CHECK(a != b);
  for (char c : a) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    CHECK(ok);
  }
}

TEST_CASE("random_bytes returns the requested length") {
  CHECK(d::random_bytes(0).empty());
  CHECK(d::random_bytes(32).size() == 32);
  CHECK(d::random_bytes(32) != d::random_bytes(32));
}
