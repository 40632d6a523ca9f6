// The error-signature normaliser (contract §13; rules in src/domain/error_signature.h),
// on real Playwright 1.65 errors kept byte-exact in playwright_errors/ (its README says
// how they were captured) and on the contract's own examples.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "domain/error_signature.h"

namespace d = euriqa::domain;

namespace {

// Fixture number -> raw message.
const std::map<int, std::string>& fixtures() {
  static const std::map<int, std::string> all = [] {
    std::map<int, std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(EURIQA_PLAYWRIGHT_ERRORS_DIR)) {
      std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".txt") continue;
      std::ifstream f(entry.path(), std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      out[std::stoi(name.substr(0, name.find('-')))] = ss.str();  // "NN-name.txt"
    }
    REQUIRE(out.size() == 61);
    return out;
  }();
  return all;
}

std::string sig(int fixture) {
  auto s = d::error_signature(fixtures().at(fixture));
  REQUIRE_MESSAGE(s.has_value(), "fixture " << fixture);
  return *s;
}

// Families of fixtures a person would call the same problem (playwright_errors/README.md).
// T, U and V (30–33: click timeouts on different locators and causes) are one family
// here: their messages are the same line and the contract reads no further than the
// "Call log:" that names the locator.
const std::vector<std::pair<std::string, std::vector<int>>> kFamilies = {
    {"A toHaveText Save 'Place order'", {1, 2}},
    {"B toHaveText Save 'Cancel order'", {3}},
    {"C toHaveText total 'Place order'", {4}},
    {"D toHaveText 'Total: 10'", {5, 6}},
    {"E soft toHaveText 'Subtotal: 99'", {7, 8}},
    {"F toBeVisible #banner", {9, 10}},
    {"G toBeHidden", {11}},
    {"H toHaveCount", {12, 13}},
    {"I toHaveURL, two ports", {14, 15}},
    {"J toHaveTitle", {16}},
    {"K toBe(2)", {17, 18}},
    {"L toEqual, other id", {19, 20}},
    {"M toContain apple", {21}},
    {"N toContain banana", {22}},
    {"O expect.poll", {23, 24}},
    {"P toHaveAttribute", {25}},
    {"Q toBeEnabled", {26}},
    {"R goto refused, two ports", {27, 28}},
    {"S goto name not resolved", {29}},
    {"TUV click timeout", {30, 31, 32, 33}},
    {"W strict mode, 2 or 3 elements", {34, 35}},
    {"X waitForSelector", {36, 37}},
    {"Y fill disabled", {38}},
    {"Z request refused, two ports", {39, 40}},
    {"AA evaluate throws", {41}},
    {"AB test timeout", {42, 43, 44}},
    {"AC click: test timeout", {45}},
    {"AD order <hex> not found, with and without code frame", {46, 47, 48, 49}},
    {"AE session <uuid> expired", {50, 51}},
    {"AF reading 'id'", {52}},
    {"AG reading 'name'", {53}},
    {"AH parse failed at <path>", {54, 55}},
    {"AI ENOENT <path>", {56, 57}},
    {"AJ toHaveScreenshot, 4 or 3600 pixels", {58, 59}},
    {"AK soft toBe('paid') with code frames of two tests", {60, 61}},
};

}  // namespace

TEST_CASE("real Playwright errors: each family shares one signature") {
  for (const auto& [family, members] : kFamilies) {
    std::string first = sig(members.front());
    CHECK(first.size() == 16);
    for (int m : members)
      CHECK_MESSAGE(sig(m) == first, family << ": fixture " << m << " normalises to\n"
                                            << d::normalize_error_message(fixtures().at(m)) << "\nnot\n"
                                            << d::normalize_error_message(fixtures().at(members.front())));
  }
}

TEST_CASE("real Playwright errors: different families never share a signature") {
  std::map<std::string, std::string> owner;  // signature -> family
  for (const auto& [family, members] : kFamilies) {
    auto [it, inserted] = owner.emplace(sig(members.front()), family);
    CHECK_MESSAGE(inserted, family << " shares a signature with " << it->second);
  }
  CHECK(owner.size() == kFamilies.size());
  int listed = 0;
  for (const auto& f : kFamilies) listed += static_cast<int>(f.second.size());
  CHECK(listed == 61);  // every fixture is in exactly one family
}

TEST_CASE("signatures are 16 lowercase hex characters, stable across calls") {
  auto s = d::error_signature("Error: boom");
  REQUIRE(s);
  CHECK(s->size() == 16);
  CHECK(s->find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(d::error_signature("Error: boom") == s);
}

TEST_CASE("the contract's variable parts do not count") {
  auto same = [](const std::string& a, const std::string& b) { return d::error_signature(a) == d::error_signature(b); };
  CHECK(same("Timed out 5000ms waiting", "Timed out 10000ms waiting"));
  CHECK(same("expected 3 items, got 4", "expected 12 items, got 0"));
  CHECK(same("ratio 0.01 of pixels", "ratio 0.25 of pixels"));
  CHECK(same("1,234 pixels differ", "5 pixels differ"));
  CHECK(same("order 4f3a9c21 missing", "order 00ab12cd99 missing"));
  CHECK(same("id 123e4567-e89b-42d3-a456-426614174000 gone", "id 00000000-0000-4000-8000-000000000000 gone"));
  CHECK(same("at /home/ci/app/tests/a.spec.ts:12:5 failed", "at /builds/x/y/z.spec.ts:1:1 failed"));
  CHECK(same("in C:\\ci\\app\\a.spec.ts:3:4 failed", "in D:\\work\\b.ts:9:9 failed"));
  CHECK(same("connect ECONNREFUSED 127.0.0.1:3000", "connect ECONNREFUSED 127.0.0.1:41235"));
  CHECK(same("a.ts:12:5", "a.ts:99:1"));
  // ANSI codes and spacing never count.
  CHECK(same("\x1b[31mError:\x1b[39m  boom", "Error: boom"));
  CHECK(same("Error: boom   \n\n  second line", "Error: boom\nsecond line"));
  // Only the message up to the call log, a stack frame or a code frame.
  CHECK(same("Error: boom\nCall log:\n  - waiting for A", "Error: boom\nCall log:\n  - waiting for B"));
  CHECK(same("Error: boom\n    at f (/a/b.ts:1:2)\n    at g", "Error: boom\n    at other (x.js:3:4)"));
  CHECK(same("Error: boom\n\n  12 | test('a')\n> 13 | throw x\n     |   ^", "Error: boom\n\n> 40 | y()"));
  // Strict mode: how many elements matched is a number.
  CHECK(same("Error: strict mode violation: getByRole('button') resolved to 2 elements:\n 1) <a> aka x\n 2) <b> aka y",
             "Error: strict mode violation: getByRole('button') resolved to 3 elements:\n 1) <a> aka x\n 2) <b> aka y\n"
             " 3) <c> aka z"));
}

TEST_CASE("any other word counts, quoted or not, and case too") {
  auto differ = [](const std::string& a, const std::string& b) { return d::error_signature(a) != d::error_signature(b); };
  CHECK(differ("Expected string: \"Place order\"", "Expected string: \"Cancel order\""));
  CHECK(differ("getByTestId('total')", "getByTestId('subtotal')"));
  CHECK(differ("reading 'id'", "reading 'name'"));
  CHECK(differ("Error: boom", "Error: Boom"));
  CHECK(differ("Error: boom", "TypeError: boom"));
  // Digits glued to a word name something: h1 is not h2.
  CHECK(differ("locator('h1')", "locator('h2')"));
  // Hex-looking words without a digit are words; a plain number is a number, not an id.
  CHECK(differ("value deadbeef", "value facade"));
  CHECK(d::normalize_error_message("total 123456") == "total <n>");
  // A URL's path is words, its port a number.
  CHECK(differ("http://127.0.0.1:80/a", "http://127.0.0.1:80/b"));
  // A message line beginning with a pipe that is not a code frame stays.
  CHECK(differ("Error: x\nreceived a|b", "Error: x\nreceived a|c"));
}

TEST_CASE("normalised text shows the markers") {
  CHECK(d::normalize_error_message("Timed out 5000ms in /ci/a/b.ts:3:4 for 4f3a9c21") ==
        "Timed out <n>ms in <path> for <hex>");
  CHECK(d::normalize_error_message("session 123e4567-e89b-42d3-a456-426614174000") == "session <uuid>");
}

TEST_CASE("no signature without text before the call log") {
  CHECK_FALSE(d::error_signature(""));
  CHECK_FALSE(d::error_signature("  \n\t\n"));
  CHECK_FALSE(d::error_signature("Call log:\n  - waiting"));
  CHECK_FALSE(d::error_signature("\x1b[2m\x1b[22m"));
}

TEST_CASE("error_first_line: first non-blank line, ANSI gone, at most 300 bytes on a UTF-8 boundary") {
  CHECK(d::error_first_line("\n  \x1b[31mError:\x1b[39m boom  \nmore") == "Error: boom");
  CHECK(d::error_first_line(fixtures().at(1)).find("toHaveText") != std::string::npos);
  std::string long_line = "E" + std::string(298, 'x') + "\xc3\xa4" + "tail";  // ä straddles byte 300
  std::string first = d::error_first_line(long_line);
  CHECK(first.size() == 299);
  CHECK(d::error_first_line("") == "");
}
