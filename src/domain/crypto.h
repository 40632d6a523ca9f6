// Secrets handling on libsodium: random tokens, SHA-256 hashes of bearer secrets
// (only hashes are stored), Argon2id password hashes, HMAC-SHA256 and
// constant-time comparison. Call crypto_init() once before anything else.
#pragma once
#include <string>
#include <string_view>

namespace euriqa::domain {

void crypto_init();
std::string random_bytes(size_t n);
std::string base64url(std::string_view bytes);          // no padding
std::string base64_std(std::string_view bytes);         // with padding
bool base64_std_decode(std::string_view text, std::string& out);
std::string hex(std::string_view bytes);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view message);  // raw 32 bytes
bool constant_time_equals(std::string_view a, std::string_view b);

// Argon2id (crypto_pwhash_str, interactive limits).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);

// Authenticated encryption with a 32-byte key (XSalsa20-Poly1305): the webhook
// secrets are kept this way, since signing needs them back. base64(nonce|box).
std::string seal(std::string_view key, std::string_view plaintext);
bool unseal(std::string_view key, std::string_view sealed, std::string& plaintext);

// Standard Webhooks: "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)),
// the key being the base64-decoded part of a "whsec_" secret (else the secret's bytes).
std::string standard_webhook_signature(const std::string& secret, const std::string& msg_id,
                                       const std::string& timestamp, const std::string& body);

// Opaque session token: 32 random bytes, base64url.
std::string new_session_token();
// The token of an emailed or shown link (invitation, verification, password reset):
// 40 random alphanumerics (contract §11: at least 32), stored only as its SHA-256.
std::string new_link_token();
// API key as the contract says: "eur_live_" + 32 random alphanumerics.
std::string new_api_key();
constexpr std::string_view kApiKeyPrefix = "eur_live_";
// "eur_****...****a1b2": the key's last four characters only.
std::string mask_api_key_tail(std::string_view last4);

}  // namespace euriqa::domain
