// The server starts, answers /healthz, and stops cleanly on SIGTERM.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "support/server.h"

using namespace euriqa::test;

TEST_CASE("healthz answers ok with the version") {
  TestServer s;
  auto r = s.get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.str("status") == "ok");
  CHECK_FALSE(r.str("version").empty());
  CHECK(s.stop() == 0);
}
