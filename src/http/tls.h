// The server's TLS context: a PEM certificate chain and private key loaded into an
// OpenSSL context for TLS 1.2 and later, shared by every connection.
#pragma once
#include <memory>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace euriqa::http {

struct TlsContextFree {
  void operator()(SSL_CTX* ctx) const;
};
using TlsContext = std::unique_ptr<SSL_CTX, TlsContextFree>;

// Throws std::runtime_error naming the file that could not be used.
TlsContext make_server_tls(const std::string& cert_file, const std::string& key_file);

}  // namespace euriqa::http
