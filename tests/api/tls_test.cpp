// serve --tls-cert/--tls-key (and their environment variables): HTTPS with the given
// certificate, secure session cookies, and a clear refusal of a bad or half configuration.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdlib>

#include "support/server.h"

using namespace euriqa::test;

namespace {

struct Certificate {
  std::string dir, cert, key;
};

// A self-signed certificate for 127.0.0.1 made with the openssl command line tool.
Certificate make_certificate() {
  Certificate c;
  c.dir = make_temp_dir();
  c.cert = c.dir + "/cert.pem";
  c.key = c.dir + "/key.pem";
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                    "-addext subjectAltName=IP:127.0.0.1 -keyout " + c.key + " -out " + c.cert + " 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return c;
}

}  // namespace

TEST_CASE("serve with --tls-cert and --tls-key answers HTTPS only") {
  auto c = make_certificate();
  TestServer s({"--tls-cert", c.cert, "--tls-key", c.key});
  CHECK(s.base_url().rfind("https://", 0) == 0);
  auto r = s.get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.str("status") == "ok");
  // A plain-HTTP client gets no answer from a TLS port.
  httplib::Client plain("127.0.0.1", s.port());
  plain.set_read_timeout(5, 0);
  auto p = plain.Get("/healthz");
  CHECK((!p || p->status != 200));
  CHECK(s.stop() == 0);
}

TEST_CASE("the TLS server verifies against its own certificate") {
  auto c = make_certificate();
  TestServer s({"--tls-cert", c.cert, "--tls-key", c.key});
  httplib::SSLClient cli("127.0.0.1", s.port());
  cli.set_ca_cert_path(c.cert.c_str());
  cli.enable_server_certificate_verification(true);
  auto r = cli.Get("/healthz");
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("TLS files may come from EURIQA_TLS_CERT and EURIQA_TLS_KEY") {
  auto c = make_certificate();
  TestServer s({}, "", {{"EURIQA_TLS_CERT", c.cert}, {"EURIQA_TLS_KEY", c.key}});
  CHECK(s.base_url().rfind("https://", 0) == 0);
  CHECK(s.get("/healthz").status == 200);
}

TEST_CASE("sessions over TLS get a Secure cookie") {
  auto c = make_certificate();
  TestServer s({"--tls-cert", c.cert, "--tls-key", c.key});
  auto r = s.post("/api/auth/register", obj({{"email", quote("tls@example.com")},
                                             {"password", quote("correct-horse-9")},
                                             {"name", quote("T")}}));
  CHECK(r.status == 201);
  CHECK(r.header("Set-Cookie").find("; Secure") != std::string::npos);
}

TEST_CASE("a certificate without a key, or an unreadable one, stops serve with an error") {
  auto c = make_certificate();
  std::string data = make_temp_dir();
  auto half = run_euriqa({"serve", "--listen", "127.0.0.1:0", "--data", data, "--tls-cert", c.cert});
  CHECK(half.exit_code == 2);
  auto bad = run_euriqa({"serve", "--listen", "127.0.0.1:0", "--data", data, "--tls-cert", c.dir + "/missing.pem",
                         "--tls-key", c.key});
  CHECK(bad.exit_code == 1);
}
