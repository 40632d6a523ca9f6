#include "bench/workload.h"

#include "http/json_writer.h"

namespace euriqa::bench {

namespace {
const char* kAreas[] = {"auth", "checkout", "cart", "search", "profile", "settings", "admin", "billing",
                        "dashboard", "onboarding"};
const char* kFeatures[] = {"Login Page", "Payment Form", "Product List", "Filters", "Avatar Upload",
                           "Notifications", "User Table", "Invoices", "Widgets", "Welcome Tour"};
const char* kVerbs[] = {"should display", "should submit", "should validate", "should reject", "should load",
                        "should update", "should remove", "should paginate", "should sort", "should export"};
const char* kObjects[] = {"the form", "an error banner", "the empty state", "the list", "the dialog",
                          "a toast", "the totals", "the chart", "the menu", "the footer"};

unsigned mix(unsigned x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

}  // namespace

std::string steps_json(bool failed) {
  http::JsonWriter w;
  auto step = [&](const char* title, const char* category, int duration, bool fail) {
    w.begin_object().field("title", title).field("category", category).field("status", fail ? "failed" : "passed");
    w.field("duration", duration).key("error");
    if (fail) w.begin_object().field("message", "Timed out 5000ms waiting for expect(locator).toBeVisible()").end_object();
    else w.null();
  };
  w.begin_array();
  step("Before Hooks", "hook", 120, false);
  w.key("steps").begin_array();
  step("fixture: browser", "fixture", 80, false);
  w.end_object();
  step("fixture: page", "fixture", 30, false);
  w.end_object();
  w.end_array().end_object();
  step("page.goto('https://app.example.com/login')", "pw:api", 820, false);
  w.end_object();
  step("locator.fill('#email', 'user@test.com')", "pw:api", 45, false);
  w.end_object();
  step("expect(locator).toBeVisible()", "expect", failed ? 5000 : 32, failed);
  w.end_object();
  step("After Hooks", "hook", 15, false);
  w.end_object();
  w.end_array();
  return w.take();
}

store::TestResult make_result(int logical, unsigned seed) {
  store::TestResult r;
  unsigned h = mix(static_cast<unsigned>(logical) * 2654435761U + seed);
  int area = logical % 10, feature = (logical / 10) % 10, verb = (logical / 100) % 10, object = (logical / 1000) % 10;
  r.title = std::string(kVerbs[verb]) + " " + kObjects[object] + " #" + std::to_string(logical);
  r.full_title = std::string(kAreas[area]) + " > " + kFeatures[feature] + " > " + r.title;
  r.file_path = "tests/" + std::string(kAreas[area]) + "/" + std::to_string(feature) + ".spec.ts";
  r.line_number = 10 + logical % 400;
  unsigned roll = h % 100;
  r.status = roll < 10 ? "failed" : roll < 13 ? "flaky" : roll < 15 ? "skipped" : "passed";
  r.is_flaky = r.status == "flaky";
  r.retries = r.status == "flaky" || r.status == "failed" ? 1 : 0;
  r.attempt = *r.retries + 1;
  r.duration = 200 + h % 8000;
  r.tags_json = R"(["@smoke","@)" + std::string(kAreas[area]) + "\"]";
  r.annotations_json = "[]";
  if (r.status == "failed")
    r.error_json = R"x({"message":"Timed out 5000ms waiting for expect(locator).toBeVisible()","stack":"Error: Timed out 5000ms waiting for expect(locator).toBeVisible()\n    at tests/)x" +
                   std::string(kAreas[area]) + R"x(.spec.ts:42:5\n    at runTest (node_modules/playwright/lib/worker.js:120:9)"})x";
  r.steps_json = steps_json(r.status == "failed");
  r.stdout_text = "";
  r.stderr_text = "";
  return r;
}

std::string result_json(const store::TestResult& r) {
  http::JsonWriter w;
  w.begin_object().field("title", r.title).field("fullTitle", r.full_title).field("filePath", r.file_path);
  w.field("lineNumber", r.line_number).field("status", r.status).field("duration", r.duration);
  w.field("retries", r.retries).field("attempt", r.attempt).field("isFlaky", r.is_flaky);
  w.key("tags").raw(*r.tags_json).key("annotations").raw(*r.annotations_json).key("error");
  r.error_json ? w.raw(*r.error_json) : w.null();
  w.key("steps").raw(*r.steps_json).field("stdout", "").field("stderr", "").end_object();
  return w.take();
}

std::string error_group_word(int group) {
  int n = ((group + 1) * 7919) % (26 * 26 * 26);  // 7919 is prime to 26^3: distinct for every group
  std::string w(3, 'a');
  for (int i = 2; i >= 0; --i, n /= 26) w[static_cast<size_t>(i)] = static_cast<char>('a' + n % 26);
  return w;
}

std::string group_error_json(int group, unsigned seed, const std::string& file_path) {
  const std::string w = error_group_word(group), n = std::to_string(2 + mix(seed) % 60);
  const std::string call_log = "\n\nCall log:\n  - Expect with timeout 5000ms\n  - waiting for locator\n    " + n +
                               " × locator resolved to <div data-testid=\"item-" + w + "\">…</div>\n";
  std::string message;
  switch (group % 4) {
    case 0:
      message = "Error: \x1b[2mexpect(\x1b[22m\x1b[31mlocator\x1b[39m\x1b[2m).\x1b[22mtoHaveText\x1b[2m(\x1b[22m"
                "\x1b[32mexpected\x1b[39m\x1b[2m)\x1b[22m failed\n\nLocator: getByTestId('item-" + w +
                "')\nExpected string: \"Place order " + w + "\"\nReceived string: \"Loading " + n +
                " items\"\nTimeout: 5000ms";
      break;
    case 1:
      message = "Error: expect(locator).toBeVisible() failed\n\nLocator: getByRole('button', { name: 'Place order " + w +
                "' })\nExpected: visible\nTimeout: " + std::to_string(5000 + 1000 * (seed % 3)) +
                "ms\nError: element(s) not found";
      break;
    case 2:
      message = "Error: expect(locator).toHaveCount(expected) failed\n\nLocator: locator('.cart-row-" + w +
                "')\nExpected: 3\nReceived: " + n + "\nTimeout: 5000ms";
      break;
    default:
      message = "Error: expect(page).toHaveURL(expected) failed\n\nExpected string: \"http://localhost:" +
                std::to_string(3000 + seed % 5) + "/orders/" + w + "\"\nReceived string: \"http://localhost:" +
                std::to_string(3000 + seed % 5) + "/login?next=/orders/" + w + "\"\nTimeout: 5000ms";
  }
  message += call_log;
  const std::string line = std::to_string(10 + mix(seed + 1) % 300), column = std::to_string(5 + seed % 20);
  const std::string abs = "/home/runner/work/shop/shop/" + file_path;
  std::string stack = message.substr(0, message.find('\n')) + "\n    at " + abs + ":" + line + ":" + column +
                      "\n    at runTest (/home/runner/work/shop/shop/node_modules/playwright/lib/worker.js:120:9)";
  http::JsonWriter e;
  e.begin_object().field("message", message).field("stack", stack).key("location").begin_object();
  e.field("file", abs).field("line", std::stoi(line)).field("column", std::stoi(column)).end_object().end_object();
  return e.take();
}

std::string batch_body(const std::string& run_id, int first, int count, unsigned seed) {
  std::string body = "{\"runId\":\"" + run_id + "\",\"tests\":[";
  for (int i = 0; i < count; ++i) {
    if (i) body += ",";
    body += result_json(make_result((first + i) % kLogicalTests, seed));
  }
  return body + "]}";
}

}  // namespace euriqa::bench
