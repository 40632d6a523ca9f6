// Signed download tokens for artifacts (contract §7): base64url(HMAC-SHA256(secret,
// artifactId + "." + expires)), checked in constant time. No other auth is needed
// to download while the token is valid.
#pragma once
#include <cstdint>
#include <string>

namespace euriqa::domain {

std::string sign_artifact(const std::string& secret, const std::string& artifact_id, int64_t expires_unix);
// True when token is the signature of (artifact_id, expires_unix) and now < expires.
bool verify_artifact_token(const std::string& secret, const std::string& artifact_id, int64_t expires_unix,
                           const std::string& token, int64_t now_unix);

}  // namespace euriqa::domain
