#include "domain/signed_url.h"

#include "domain/crypto.h"

namespace euriqa::domain {

std::string sign_artifact(const std::string& secret, const std::string& artifact_id, int64_t expires_unix) {
  return base64url(hmac_sha256(secret, artifact_id + "." + std::to_string(expires_unix)));
}

bool verify_artifact_token(const std::string& secret, const std::string& artifact_id, int64_t expires_unix,
                           const std::string& token, int64_t now_unix) {
  bool valid = constant_time_equals(sign_artifact(secret, artifact_id, expires_unix), token);
  return valid && now_unix < expires_unix;
}

}  // namespace euriqa::domain
