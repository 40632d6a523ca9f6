// euriqa import (MAPPING.md): a Playwright JSON report and JUnit XML become runs with
// their results, statuses, errors, steps and attachments; bad input fails clearly.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/files.h"
#include "support/server.h"

using namespace euriqa::test;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  TestServer server;
  Session owner;
  Workspace ws;
  std::string key, dir;
  Fixture() : owner(register_user(server, "import@example.com")), ws(create_workspace(server, owner)) {
    key = create_key(server, owner, ws.project_id);
    dir = make_temp_dir();
  }
  std::string write(const std::string& name, const std::string& content) const {
    std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  CommandResult import(std::vector<std::string> args) const {
    std::vector<std::string> all = {"import", "--url", server.base_url(), "--key", key};
    all.insert(all.end(), args.begin(), args.end());
    return run_euriqa(all);
  }
};

// "<runId> <N> tests <M> artifacts <file>"
std::string run_id_of(const CommandResult& r) { return r.out.substr(0, r.out.find(' ')); }

std::string playwright_report(const std::string& screenshot) {
  return R"({
  "config": {"version": "1.65.1", "workers": 2, "shard": {"current": 1, "total": 2}, "rootDir": "/repo",
             "projects": [{"name": "chromium", "use": {"browserName": "chromium", "viewport": {"width": 1280, "height": 720}}}]},
  "suites": [{
    "title": "auth.spec.ts", "file": "auth.spec.ts", "specs": [], "suites": [{
      "title": "Login", "file": "auth.spec.ts", "suites": [], "specs": [
        {"title": "shows the form", "file": "auth.spec.ts", "line": 5, "tags": ["smoke"], "tests": [{
          "projectName": "chromium", "status": "expected", "annotations": [{"type": "issue", "description": "EUR-1"}],
          "results": [{"status": "passed", "duration": 120, "retry": 0, "errors": [], "stdout": [{"text": "hello\n"}],
                       "stderr": [], "attachments": [],
                       "steps": [{"title": "open page", "duration": 50, "steps": [{"title": "inner", "duration": 10}]}]}]}]},
        {"title": "rejects a bad password", "file": "auth.spec.ts", "line": 12, "tags": [], "tests": [{
          "projectName": "chromium", "status": "unexpected", "annotations": [],
          "results": [{"status": "failed", "duration": 300, "retry": 0,
            "error": {"message": "\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\nExpected: 2\nReceived: 1",
                      "stack": "Error: boom\n    at auth.spec.ts:14:3", "location": {"file": "/repo/auth.spec.ts", "line": 14, "column": 3}},
            "errors": [{"message": "Error: expect(received).toBe(expected)\n\n  12 | code snippet\n\n    at auth.spec.ts:14:3"}],
            "stdout": [], "stderr": [{"text": "oops\n"}],
            "attachments": [{"name": "screenshot", "contentType": "image/png", "path": ")" + screenshot + R"("},
                            {"name": "error-context", "contentType": "text/markdown", "path": ")" + screenshot + R"("}],
            "steps": [{"title": "log in", "duration": 200, "error": {"message": "failed here"}}]}]}]},
        {"title": "sometimes slow", "file": "auth.spec.ts", "line": 20, "tags": [], "tests": [{
          "projectName": "chromium", "status": "flaky", "annotations": [],
          "results": [{"status": "failed", "duration": 100, "retry": 0, "error": {"message": "first try"}, "errors": [{"message": "first try"}], "stdout": [], "stderr": [], "attachments": []},
                      {"status": "passed", "duration": 90, "retry": 1, "errors": [], "stdout": [], "stderr": [], "attachments": []}]}]},
        {"title": "later", "file": "auth.spec.ts", "line": 30, "tags": [], "tests": [{
          "projectName": "chromium", "status": "skipped", "annotations": [{"type": "skip"}],
          "results": [{"status": "skipped", "duration": 0, "retry": 0, "errors": [], "stdout": [], "stderr": [], "attachments": []}]}]}
      ]}]
  }],
  "errors": [],
  "stats": {"duration": 4321, "expected": 1, "unexpected": 1, "flaky": 1, "skipped": 1}
})";
}

const char* kJunit = R"xml(<testsuites id="" name="" tests="4" failures="1" skipped="1" errors="0" time="2.5">
<testsuite name="cart.spec.ts" timestamp="2026-11-29T10:00:00Z" hostname="firefox" tests="4" failures="1" skipped="1" time="2.5" errors="0">
<testcase name="Cart › adds an item" classname="cart.spec.ts" time="0.5">
<properties><property name="owner" value="shop-team"></property></properties>
<system-out>adding

[[ATTACHMENT|shot.png]]
</system-out>
</testcase>
<testcase name="Cart › checks out" classname="cart.spec.ts" time="1.25">
<failure message="Error: expect(received).toBe(expected)" type="expect.toBe">
Error: expect(received).toBe(expected)

Expected: &quot;paid&quot;
Received: &quot;pending&quot;
</failure>
</testcase>
<testcase name="Cart › retries" classname="cart.spec.ts" time="0.7">
<flakyFailure message="first" type="FAILURE" time="0.3"><stackTrace>Error: first</stackTrace></flakyFailure>
</testcase>
<testcase name="Cart › not yet" classname="cart.spec.ts" time="0">
<skipped></skipped>
</testcase>
</testsuite>
</testsuites>)xml";

Result test_named(Fixture& f, const std::string& run_id, const std::string& title) {
  auto list = f.server.get("/api/tests?runId=" + run_id + "&limit=200", Auth::key(f.key));
  REQUIRE(list.status == 200);
  for (const auto& t : list.json["data"].GetArray())
    if (std::string(t["title"].GetString()) == title)
      return f.server.get(std::string("/api/tests/") + t["id"].GetString(), Auth::key(f.key));
  FAIL("no test titled " << title);
  return {};
}

}  // namespace

TEST_CASE("a Playwright JSON report becomes a run with every mapped field") {
  Fixture f;
  std::string png = f.write("test-failed-1.png", files::png_1x1());
  std::string report = f.write("report.json", playwright_report(png));
  auto r = f.import({"--title", "Nightly", "--tag", "nightly", "--tag", "e2e", report});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(" 4 tests 1 artifacts ") != std::string::npos);
  std::string run_id = run_id_of(r);

  auto run = f.server.get("/api/runs/" + run_id, Auth::key(f.key));
  REQUIRE(run.status == 200);
  CHECK(run.str("status") == "failed");
  CHECK(run.str("playwrightVersion") == "1.65.1");
  CHECK(run.json["workers"].GetInt() == 2);
  CHECK(run.json["shardCurrent"].GetInt() == 1);
  CHECK(run.json["shardTotal"].GetInt() == 2);
  CHECK(run.str("browser") == "chromium");
  CHECK(run.str("viewport") == "1280x720");
  CHECK(run.str("runTitle") == "Nightly");
  CHECK(run.str("os") == "linux");
  CHECK_FALSE(run.str("hostname").empty());
  CHECK(run.json["tags"].Size() == 2);
  CHECK(run.json["totalTests"].GetInt() == 4);
  CHECK(run.json["passedTests"].GetInt() == 1);
  CHECK(run.json["failedTests"].GetInt() == 1);
  CHECK(run.json["flakyTests"].GetInt() == 1);
  CHECK(run.json["skippedTests"].GetInt() == 1);
  CHECK(run.json["duration"].GetInt() == 4321);

  auto passed = test_named(f, run_id, "shows the form");
  CHECK(passed.str("fullTitle") == "chromium > Login > shows the form");
  CHECK(passed.str("filePath") == "auth.spec.ts");
  CHECK(passed.json["lineNumber"].GetInt() == 5);
  CHECK(passed.str("status") == "passed");
  CHECK(std::string(passed.json["tags"][0].GetString()) == "@smoke");
  CHECK(std::string(passed.json["annotations"][0]["description"].GetString()) == "EUR-1");
  CHECK(passed.str("stdout") == "hello\n");
  auto steps = f.server.get("/api/tests/" + passed.str("id") + "/steps", Auth::key(f.key));
  CHECK(steps.body.find("\"inner\"") != std::string::npos);
  CHECK(steps.body.find("\"test.step\"") != std::string::npos);

  auto failed = test_named(f, run_id, "rejects a bad password");
  CHECK(failed.str("status") == "failed");
  CHECK(failed.str("error.message") == "Error: expect(received).toBe(expected)\n\nExpected: 2\nReceived: 1");
  CHECK(failed.str("error.expected") == "2");
  CHECK(failed.str("error.actual") == "1");
  CHECK(failed.json["error"]["location"]["line"].GetInt() == 14);
  CHECK(failed.str("stderr") == "oops\n");

  auto flaky = test_named(f, run_id, "sometimes slow");
  CHECK(flaky.str("status") == "flaky");
  CHECK(flaky.json["isFlaky"].GetBool());
  CHECK(flaky.json["retries"].GetInt() == 1);
  CHECK(flaky.json["attempt"].GetInt() == 2);
  CHECK(flaky.json["duration"].GetInt() == 190);
  CHECK(test_named(f, run_id, "later").str("status") == "skipped");

  // The screenshot (not the markdown error context) arrived as the failed test's artifact.
  auto artifacts = f.server.get("/api/artifacts?runId=" + run_id, Auth::key(f.key));
  REQUIRE(artifacts.status == 200);
  REQUIRE(artifacts.json["data"].Size() == 1);
  const auto& a = artifacts.json["data"][0];
  CHECK(std::string(a["type"].GetString()) == "screenshot");
  CHECK(std::string(a["testId"].GetString()) == failed.str("id"));
  httplib::Client cli(f.server.base_url());
  auto download = cli.Get(files::url_path(a["url"].GetString()));
  REQUIRE(download);
  CHECK(download->body == files::png_1x1());
}

TEST_CASE("JUnit XML becomes a run: failures, skips, flaky retries, properties and attachments") {
  Fixture f;
  f.write("shot.png", files::png_1x1());
  std::string xml = f.write("results.xml", kJunit);
  auto r = f.import({xml});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(" 4 tests 1 artifacts ") != std::string::npos);
  std::string run_id = run_id_of(r);
  auto run = f.server.get("/api/runs/" + run_id, Auth::key(f.key));
  CHECK(run.str("status") == "failed");
  CHECK(run.json["duration"].GetInt() == 2500);
  CHECK(run.json["flakyTests"].GetInt() == 1);

  auto added = test_named(f, run_id, "adds an item");
  CHECK(added.str("fullTitle") == "firefox > Cart > adds an item");
  CHECK(added.str("filePath") == "cart.spec.ts");
  CHECK(added.str("status") == "passed");
  CHECK(added.json["duration"].GetInt() == 500);
  CHECK(added.str("stdout") == "adding\n");
  CHECK(std::string(added.json["annotations"][0]["type"].GetString()) == "owner");

  auto checkout = test_named(f, run_id, "checks out");
  CHECK(checkout.str("status") == "failed");
  CHECK(checkout.str("error.message") == "Error: expect(received).toBe(expected)");
  CHECK(checkout.str("error.expected") == "\"paid\"");
  CHECK(checkout.str("error.actual") == "\"pending\"");

  auto retried = test_named(f, run_id, "retries");
  CHECK(retried.str("status") == "flaky");
  CHECK(retried.json["retries"].GetInt() == 1);
  CHECK(retried.json["duration"].GetInt() == 1000);  // the passing attempt plus the flaky one
  CHECK(retried.str("error.message") == "first");
  CHECK(retried.str("error.stack") == "Error: first");
  CHECK(test_named(f, run_id, "not yet").str("status") == "skipped");
}

TEST_CASE("a JUnit file from another framework keeps its names without a project prefix") {
  Fixture f;
  std::string xml = f.write("surefire.xml", R"(<testsuite name="com.acme.CartTest" hostname="build-07" tests="1">
<testcase name="addsItem" classname="com.acme.CartTest" time="0.012"/></testsuite>)");
  auto r = f.import({xml});
  REQUIRE(r.exit_code == 0);
  auto t = test_named(f, run_id_of(r), "addsItem");
  CHECK(t.str("fullTitle") == "addsItem");
  CHECK(t.str("filePath") == "com.acme.CartTest");
  CHECK(t.json["duration"].GetInt() == 12);
}

TEST_CASE("an HTML report directory is zipped and uploaded as the run's report") {
  Fixture f;
  fs::create_directories(f.dir + "/html/data");
  f.write("html/index.html", "<html>report</html>");
  f.write("html/data/a.txt", "attachment");
  std::string xml = f.write("one.xml", R"(<testsuites><testsuite name="a.spec.ts" hostname=""><testcase name="t" classname="a.spec.ts" time="1"/></testsuite></testsuites>)");
  auto r = f.import({"--html-report", f.dir + "/html", xml});
  REQUIRE(r.exit_code == 0);
  auto artifacts = f.server.get("/api/artifacts?runId=" + run_id_of(r), Auth::key(f.key));
  REQUIRE(artifacts.json["data"].Size() == 1);
  const auto& a = artifacts.json["data"][0];
  CHECK(std::string(a["type"].GetString()) == "report");
  httplib::Client cli(f.server.base_url());
  auto zip = cli.Get(files::url_path(a["url"].GetString()));
  REQUIRE(zip);
  CHECK(zip->body.rfind("PK\x03\x04", 0) == 0);
  CHECK(zip->body.find("index.html") != std::string::npos);
  CHECK(zip->body.find("data/a.txt") != std::string::npos);
  CHECK(zip->body.find("<html>report</html>") != std::string::npos);
}

TEST_CASE("import refuses bad input with a message and exit code, creating nothing") {
  Fixture f;
  auto usage = run_euriqa({"import", f.write("x.json", "{}")});
  CHECK(usage.exit_code == 2);  // no --url/--key
  auto not_report = f.import({f.write("notes.txt", "hello")});
  CHECK(not_report.exit_code == 1);
  auto bad_json = f.import({f.write("broken.json", "{\"suites\": [")});
  CHECK(bad_json.exit_code == 1);
  auto bad_xml = f.import({f.write("broken.xml", "<testsuites><testsuite>")});
  CHECK(bad_xml.exit_code == 1);
  auto missing = f.import({f.dir + "/nope.json"});
  CHECK(missing.exit_code == 1);
  auto runs = f.server.get("/api/runs?projectId=" + f.ws.project_id, f.owner.auth());
  CHECK(runs.json["total"].GetInt() == 0);
}

TEST_CASE("a wrong API key fails the import without retrying forever") {
  Fixture f;
  std::string xml = f.write("one.xml", R"(<testsuite name="a"><testcase name="t" classname="a" time="1"/></testsuite>)");
  auto r = run_euriqa({"import", "--url", f.server.base_url(), "--key", "eur_live_wrongwrongwrongwrongwrongwrong12", xml});
  CHECK(r.exit_code == 1);
}
