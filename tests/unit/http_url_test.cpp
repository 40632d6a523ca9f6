// URLs we store (webhook targets, contract §8; quarantine issue links, §15): http:// or
// https:// with a host, an optional port and path, and no credentials in the authority.
#include <doctest/doctest.h>

#include <string>

#include "domain/http_url.h"

namespace d = euriqa::domain;

TEST_CASE("http and https URLs with a host are accepted") {
  for (const char* url : {"http://hooks.example.com", "https://hooks.example.com/T00/B00?x=1",
                          "http://127.0.0.1:8080/hook", "http://[::1]:9000/hook", "https://[64:ff9b::7f00:1]/"}) {
    CAPTURE(url);
    CHECK(d::is_http_url(url));
  }
}

TEST_CASE("other schemes, missing hosts and credentials are refused") {
  for (const char* url : {"", "hooks.example.com/x", "ftp://files.example.com/hook", "file:///etc/passwd",
                          "javascript:alert(1)", "http://", "https:///path", "http://:80/", "http://[::1/hook",
                          "http://user:pass@example.com/", "HTTP://example.com/", "gopher://example.com/"}) {
    CAPTURE(url);
    CHECK_FALSE(d::is_http_url(url));
  }
}
