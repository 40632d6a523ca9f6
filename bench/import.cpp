// euriqa import on a synthetic 5,000-test Playwright JSON report: seconds end to end
// (parse, create the run, 5 batches of results, 100 screenshot uploads, finish), timed
// around the real `euriqa import` process against a real server.
//   cmake --build build --target bench_import && ./build/bench/bench_import [tests] [screenshots]
// The test support library is built on doctest; its implementation lives here.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <fstream>

#include "bench/common.h"
#include "support/files.h"

using namespace euriqa;

namespace {

// A report shaped like Playwright's: files of 50 specs in describes, a few steps each,
// 5% failures with an error and a screenshot, 2% flaky (two attempts), 3% skipped.
std::string make_report(int tests, int screenshots, const std::string& png) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("config");
  w.StartObject();
  w.Key("version");
  w.String("1.65.1");
  w.Key("workers");
  w.Int(4);
  w.EndObject();
  w.Key("suites");
  w.StartArray();
  int shots = 0;
  for (int file = 0; file * 50 < tests; ++file) {
    std::string name = "area" + std::to_string(file) + ".spec.ts";
    w.StartObject();
    w.Key("title");
    w.String(name.c_str());
    w.Key("file");
    w.String(name.c_str());
    w.Key("specs");
    w.StartArray();
    w.EndArray();
    w.Key("suites");
    w.StartArray();
    w.StartObject();
    w.Key("title");
    w.String("Feature");
    w.Key("specs");
    w.StartArray();
    for (int i = file * 50; i < std::min(tests, file * 50 + 50); ++i) {
      std::string outcome = i % 20 == 7 ? "unexpected" : i % 50 == 11 ? "flaky" : i % 33 == 5 ? "skipped" : "expected";
      w.StartObject();
      w.Key("title");
      w.String(("does thing " + std::to_string(i)).c_str());
      w.Key("file");
      w.String(name.c_str());
      w.Key("line");
      w.Int(10 + i % 50 * 7);
      w.Key("tags");
      w.StartArray();
      if (i % 10 == 0) w.String("smoke");
      w.EndArray();
      w.Key("tests");
      w.StartArray();
      w.StartObject();
      w.Key("projectName");
      w.String("chromium");
      w.Key("status");
      w.String(outcome.c_str());
      w.Key("annotations");
      w.StartArray();
      w.EndArray();
      w.Key("results");
      w.StartArray();
      int attempts = outcome == "flaky" ? 2 : 1;
      for (int a = 0; a < attempts; ++a) {
        bool failed = outcome == "unexpected" || (outcome == "flaky" && a == 0);
        w.StartObject();
        w.Key("status");
        w.String(failed ? "failed" : outcome == "skipped" ? "skipped" : "passed");
        w.Key("duration");
        w.Int(200 + i % 900);
        w.Key("errors");
        w.StartArray();
        if (failed) {
          w.StartObject();
          w.Key("message");
          w.String("\x1b[31mError: expect(received).toBe(expected)\x1b[39m\n\nExpected: 200\nReceived: 500");
          w.Key("stack");
          w.String("Error: expect(received).toBe(expected)\n    at /repo/tests/area.spec.ts:42:7");
          w.EndObject();
        }
        w.EndArray();
        w.Key("stdout");
        w.StartArray();
        w.EndArray();
        w.Key("stderr");
        w.StartArray();
        w.EndArray();
        w.Key("steps");
        w.StartArray();
        for (int s = 0; s < 4; ++s) {
          w.StartObject();
          w.Key("title");
          w.String(("step " + std::to_string(s)).c_str());
          w.Key("duration");
          w.Int(20 + s);
          w.EndObject();
        }
        w.EndArray();
        w.Key("attachments");
        w.StartArray();
        if (failed && a + 1 == attempts && shots < screenshots) {
          ++shots;
          w.StartObject();
          w.Key("name");
          w.String("screenshot");
          w.Key("contentType");
          w.String("image/png");
          w.Key("path");
          w.String(png.c_str());
          w.EndObject();
        }
        w.EndArray();
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("stats");
  w.StartObject();
  w.Key("duration");
  w.Int(600000);
  w.EndObject();
  w.EndObject();
  return buf.GetString();
}

}  // namespace

int main(int argc, char** argv) {
  int tests = argc > 1 ? std::atoi(argv[1]) : 5000;
  int screenshots = argc > 2 ? std::atoi(argv[2]) : 100;
  test::TestServer server({"--signup", "open"});
  auto account = bench::sign_up(server);
  std::string dir = test::make_temp_dir();
  std::string png = dir + "/screenshot.png";
  std::ofstream(png, std::ios::binary) << test::files::pad_to(test::files::png_1x1(), 200 * 1024);
  std::string report = dir + "/report.json";
  std::ofstream(report, std::ios::binary) << make_report(tests, screenshots, png);
  auto start = bench::Clock::now();
  auto r = test::run_euriqa({"import", "--url", server.base_url(), "--key", account.key, report});
  double seconds = bench::seconds_since(start);
  if (r.exit_code != 0) {
    std::fprintf(stderr, "import failed (%d): %s\n", r.exit_code, r.out.c_str());
    return 1;
  }
  std::printf("import of a %d-test Playwright JSON report (%d screenshots of 200 KiB): %.2f s end to end, %.0f results/s\n  %s",
              tests, screenshots, seconds, tests / seconds, r.out.c_str());
  return 0;
}
