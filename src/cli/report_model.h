// A test report read from a file (Playwright JSON, JUnit XML), in the shape Euriqa's
// API takes: the run's fields, one result per test, and the files to upload.
// packaging/playwright-reporter/MAPPING.md is the field mapping.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace euriqa::cli {

struct ReportAttachment {
  std::string type;  // screenshot, video, trace
  std::string path;  // a file on disk
  std::string file_name;
  std::string content_type;
};

struct ReportTest {
  std::string title, full_title, file_path;
  std::optional<int64_t> line;
  std::string status;  // passed, failed, skipped, flaky
  int64_t duration = 0;
  int retries = 0, attempt = 1;
  std::vector<std::string> tags;
  std::string annotations_json;  // JSON array text, empty when the source has none
  std::string error_json;        // JSON object text, empty when no error
  std::string steps_json;        // JSON array text, empty when the source has none
  std::string stdout_text, stderr_text;
  std::vector<ReportAttachment> attachments;
};

struct Report {
  std::map<std::string, std::string> text_fields;  // run fields: branch, playwrightVersion, ...
  std::map<std::string, int64_t> number_fields;     // workers, shardCurrent, shardTotal
  std::vector<std::string> grep_patterns;
  std::vector<std::string> tags;  // run tags the report itself names (the reporter's fallback file)
  int64_t duration = 0;
  std::vector<ReportTest> tests;
};

// Reads a Playwright JSON report; throws std::runtime_error naming what is wrong.
Report read_playwright_json(const std::string& path);
// The same from the report's text (`name` is used in messages).
Report parse_playwright_json(const std::string& text, const std::string& name);
// Reads JUnit XML (Playwright's or any other framework's).
Report read_junit_xml(const std::string& path);
// The same from the file's text; relative attachment paths resolve against `base_dir`.
Report parse_junit_xml(const std::string& text, const std::string& name, const std::string& base_dir);

// The JSON text of an error object from a message and stack (ANSI stripped, with
// expected/actual taken from the message), plus an optional location object text.
std::string error_json(const std::string& message, const std::string& stack, const std::string& location_json = "");

// Upload type for an attachment, or "" when it is not uploaded (MAPPING.md).
std::string attachment_type(const std::string& name, const std::string& content_type);

}  // namespace euriqa::cli
