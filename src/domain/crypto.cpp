#include "domain/crypto.h"

#include <sodium.h>

#include <stdexcept>

#include "domain/ids.h"

namespace euriqa::domain {

void crypto_init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

static std::string encode64(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string base64url(std::string_view bytes) {
  return encode64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
std::string base64_std(std::string_view bytes) {
  return encode64(bytes, sodium_base64_VARIANT_ORIGINAL);
}

bool base64_std_decode(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  out.resize(len);
  return true;
}

std::string hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state st;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return std::string(reinterpret_cast<char*>(mac), sizeof mac);
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string seal(std::string_view key, std::string_view plaintext) {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, reinterpret_cast<const unsigned char*>(key.data()));
  return base64_std(out);
}

bool unseal(std::string_view key, std::string_view sealed, std::string& plaintext) {
  std::string raw;
  if (!base64_std_decode(sealed, raw) || raw.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return false;
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  size_t box_len = raw.size() - crypto_secretbox_NONCEBYTES;
  plaintext.assign(box_len - crypto_secretbox_MACBYTES, '\0');
  return crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()), nonce + crypto_secretbox_NONCEBYTES,
                                    box_len, nonce, reinterpret_cast<const unsigned char*>(key.data())) == 0;
}

std::string standard_webhook_signature(const std::string& secret, const std::string& msg_id,
                                       const std::string& timestamp, const std::string& body) {
  std::string key = secret;
  const std::string prefix = "whsec_";
  if (secret.rfind(prefix, 0) == 0) {
    std::string decoded;
    if (base64_std_decode(secret.substr(prefix.size()), decoded)) key = decoded;
  }
  return "v1," + base64_std(hmac_sha256(key, msg_id + "." + timestamp + "." + body));
}

std::string new_session_token() { return base64url(random_bytes(32)); }

std::string new_link_token() { return random_alnum(40); }

std::string new_api_key() { return std::string(kApiKeyPrefix) + random_alnum(32); }

std::string mask_api_key_tail(std::string_view last4) {
  return "eur_****...****" + std::string(last4);
}

}  // namespace euriqa::domain
