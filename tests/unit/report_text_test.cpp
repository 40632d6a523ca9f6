// Report clean-up for `euriqa import` (MAPPING.md): ANSI codes stripped from
// Playwright's errors, expected/actual read from "Expected…:" / "Received…:" lines.
#include <doctest/doctest.h>

#include "domain/report_text.h"

namespace d = euriqa::domain;

TEST_CASE("strip_ansi removes colour and OSC sequences and keeps the text") {
  CHECK(d::strip_ansi("\x1b[31mred\x1b[39m plain") == "red plain");
  CHECK(d::strip_ansi("\x1b[2m  12 |\x1b[22m code") == "  12 | code");
  CHECK(d::strip_ansi("\x1b]8;;http://x\x07link\x1b]8;;\x07") == "link");
  CHECK(d::strip_ansi("no codes at all") == "no codes at all");
  CHECK(d::strip_ansi("trailing escape \x1b") == "trailing escape \x1b");
  CHECK(d::strip_ansi("") == "");
}

TEST_CASE("labelled_value takes the first Expected/Received line's value") {
  std::string msg =
      "Error: expect(received).toBe(expected) // Object.is equality\n\n"
      "Expected: 2\nReceived: 1\n";
  CHECK(d::labelled_value(msg, "Expected") == "2");
  CHECK(d::labelled_value(msg, "Received") == "1");
}

TEST_CASE("labelled_value accepts qualified labels and indentation") {
  std::string msg = "Error: Timed out 5000ms waiting for expect(locator).toHaveText(expected)\n\n"
                    "    Expected string: \"Welcome\"\n    Received string: \"Sign in\"\n";
  CHECK(d::labelled_value(msg, "Expected") == "\"Welcome\"");
  CHECK(d::labelled_value(msg, "Received") == "\"Sign in\"");
}

TEST_CASE("labelled_value is empty when no line carries the label") {
  CHECK_FALSE(d::labelled_value("Error: boom\n    at foo (a.ts:1:2)", "Expected").has_value());
  CHECK_FALSE(d::labelled_value("Expected nothing here", "Expected").has_value());
  CHECK(d::labelled_value("Expected:", "Expected") == "");
}
