// GET /api/runs/:id/rows over real HTTP: every result of a run in one answer, columnar,
// in the result list's order (newest first), the first error line only for failed and
// flaky results; one request against the testsRead limit however big the run; the run's
// readers only (another team's run is a 404).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/results.h"
#include "support/server.h"
#include "support/webhook_listener.h"

using namespace euriqa::test;
namespace rs = euriqa::test::results;
using euriqa::test::hooks::TempConfig;

namespace {

constexpr int kTests = 450;  // more than two pages of the list API

std::string item(int i) {
  std::string name = "Suite > row " + std::to_string(i);
  if (i % 50 == 7)
    return rs::test_item(name, "failed", "tests/rows.spec.ts", i,
                         {{"error", "{\"message\":\"\\u001b[31mError: boom " + std::to_string(i) +
                                        "\\u001b[39m\\n\\nsecond line\"}"}});
  if (i % 50 == 8)
    return rs::test_item(name, "flaky", "tests/rows.spec.ts", i,
                         {{"retries", "1"}, {"error", "{\"message\":\"Error: first attempt failed\\nmore\"}"}});
  return rs::test_item(name, i % 50 == 9 ? "skipped" : "passed", i % 2 ? "" : "tests/rows.spec.ts", i,
                       {{"error", "{\"message\":\"never shown for a passed result\"}"}});
}

}  // namespace

TEST_CASE("every row of a run in one answer, in the list's order, errors only where they matter") {
  TestServer s(rs::open_signup());
  auto t = rs::make_tenant(s, "rows@example.com");
  auto run = rs::make_run(s, t.auth(), t.project());
  std::vector<std::string> items;
  for (int i = 0; i < kTests; ++i) items.push_back(item(i));
  for (size_t at = 0; at < items.size(); at += 150)
    REQUIRE(rs::post_batch(s, t.auth(), run, t.project(),
                           std::vector<std::string>(items.begin() + static_cast<long>(at),
                                                    items.begin() + static_cast<long>(std::min(items.size(), at + 150))))
                .status == 201);

  auto r = s.get("/api/runs/" + run + "/rows", t.auth());
  REQUIRE(r.status == 200);
  CHECK(r.str("runId") == run);
  CHECK(r.json["total"].GetInt() == kTests);
  const auto& fields = r.json["fields"];
  std::vector<std::string> names;
  for (const auto& f : fields.GetArray()) names.push_back(f.GetString());
  CHECK(names == std::vector<std::string>{"id", "title", "fullTitle", "filePath", "suiteId", "status", "duration",
                                          "retries", "error"});
  const auto& rows = r.json["rows"];
  REQUIRE(rows.Size() == static_cast<unsigned>(kTests));

  // The same ids in the same order as the paged list.
  std::vector<std::string> listed;
  for (int offset = 0; offset < kTests; offset += 200) {
    auto page = s.get("/api/tests?projectId=" + t.project() + "&runId=" + run + "&limit=200&offset=" +
                          std::to_string(offset),
                      t.auth());
    REQUIRE(page.status == 200);
    for (const auto& x : page.json["data"].GetArray()) listed.push_back(x["id"].GetString());
  }
  REQUIRE(listed.size() == static_cast<size_t>(kTests));
  for (unsigned i = 0; i < rows.Size(); ++i) CHECK(rows[i][0].GetString() == listed[i]);

  // Newest first: row 0 is the last sent.
  for (unsigned k = 0; k < rows.Size(); ++k) {
    const auto& row = rows[k];
    REQUIRE(row.Size() == 9);
    int i = kTests - 1 - static_cast<int>(k);
    CAPTURE(i);
    CHECK(std::string(row[1].GetString()) == "row " + std::to_string(i));
    CHECK(std::string(row[2].GetString()) == "Suite > row " + std::to_string(i));
    CHECK(row[6].GetInt64() == i);
    std::string status = row[5].GetString();
    if (i % 50 == 7) {
      CHECK(status == "failed");
      CHECK(std::string(row[8].GetString()) == "Error: boom " + std::to_string(i));  // ANSI gone, first line
    } else if (i % 50 == 8) {
      CHECK(status == "flaky");
      CHECK(row[7].GetInt() == 1);
      CHECK(std::string(row[8].GetString()) == "Error: first attempt failed");
    } else {
      CHECK(row[8].IsNull());
      CHECK(row[7].IsNull());
    }
    if (i % 2 && i % 50 != 7) CHECK(row[3].IsNull());  // failed and flaky rows always name the file
    else CHECK(std::string(row[3].GetString()) == "tests/rows.spec.ts");
  }
}

TEST_CASE("one request against testsRead, whatever the run's size; readers only") {
  TempConfig cfg("\"rateLimits\":{\"testsRead\":3}", false);
  TestServer s(cfg.args());
  auto t = rs::make_tenant(s, "limits@example.com");
  auto key = Auth::key(create_key(s, t.owner, t.project()));
  auto run = rs::make_run(s, key, t.project());
  std::vector<std::string> items;
  for (int i = 0; i < 600; ++i) items.push_back(rs::test_item("S > t" + std::to_string(i)));
  for (size_t at = 0; at < items.size(); at += 300)
    REQUIRE(rs::post_batch(s, key, run, t.project(),
                           std::vector<std::string>(items.begin() + static_cast<long>(at), items.begin() + static_cast<long>(at + 300)))
                .status == 201);
  for (int i = 0; i < 3; ++i) {
    auto r = s.get("/api/runs/" + run + "/rows", key);
    REQUIRE(r.status == 200);
    CHECK(r.json["rows"].Size() == 600u);
    CHECK(r.header("RateLimit-Remaining") == std::to_string(2 - i));
  }
  CHECK(s.get("/api/runs/" + run + "/rows", key).status == 429);

  CHECK(s.get("/api/runs/" + run + "/rows").status == 401);
  auto stranger = rs::make_tenant(s, "stranger@example.com", "Other", "Other");
  auto missing = s.get("/api/runs/" + run + "/rows", stranger.auth());
  CHECK(missing.status == 404);
  CHECK(missing.error_code() == "NOT_FOUND");
  CHECK(s.get("/api/runs/run_doesnotexist0000000000/rows", t.auth()).status == 404);
}
