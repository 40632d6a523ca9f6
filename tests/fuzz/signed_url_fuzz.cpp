// A signed download URL as the server reads it: the request target is parsed and
// percent-decoded, /artifacts/{id}/{name} split, expires and token taken from the query
// and the token verified. A forged token must never verify.
#include <cstdint>
#include <string>

#include "domain/crypto.h"
#include "domain/signed_url.h"
#include "domain/validation.h"
#include "http/request_head.h"

using namespace euriqa;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool ready = (domain::crypto_init(), true);
  (void)ready;
  std::string target(reinterpret_cast<const char*>(data), size);
  auto [head, error] = http::parse_request_head("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
  if (!head) return 0;
  const std::string prefix = "/artifacts/";
  if (head->path.rfind(prefix, 0) != 0) return 0;
  auto rest = head->path.substr(prefix.size());
  auto slash = rest.find('/');
  if (slash == std::string::npos) return 0;
  std::string id = rest.substr(0, slash);
  auto expires = domain::parse_non_negative(http::query_param(head->query, "expires").value_or(""));
  std::string token = http::query_param(head->query, "token").value_or("");
  if (!expires) return 0;
  const std::string secret(32, 's');
  bool ok = domain::verify_artifact_token(secret, id, *expires, token, 0);
  // Only the real signature verifies.
  if (ok && token != domain::sign_artifact(secret, id, *expires)) __builtin_trap();
  return 0;
}
