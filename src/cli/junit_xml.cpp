// Reads JUnit XML (Playwright's 'junit' reporter, or any framework's) into a Report;
// MAPPING.md is the field mapping. Playwright names a testcase "describe › title",
// its classname is the file and its testsuite's hostname the project.
#include <pugixml.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "cli/report_model.h"

namespace euriqa::cli {
namespace {

constexpr std::string_view kSeparator = " \xE2\x80\xBA ";  // " › "

std::vector<std::string> split_title(const std::string& name) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (true) {
    size_t at = name.find(kSeparator, pos);
    parts.push_back(name.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
    if (at == std::string::npos) break;
    pos = at + kSeparator.size();
  }
  return parts;
}

std::string content_type_for(const std::string& file) {
  auto ext = std::filesystem::path(file).extension().string();
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webm") return "video/webm";
  if (ext == ".zip") return "application/zip";
  return "";
}

// system-out without its "[[ATTACHMENT|path]]" lines, which become attachments.
std::string take_attachments(ReportTest& t, const std::string& text, const std::filesystem::path& base) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    if (line.rfind("[[ATTACHMENT|", 0) == 0 && line.size() > 15 && line.compare(line.size() - 2, 2, "]]") == 0) {
      std::filesystem::path file = line.substr(13, line.size() - 15);
      if (file.is_relative()) file = base / file;
      std::string name = file.filename().string();
      std::string type = content_type_for(name);
      std::string kind = attachment_type(name.rfind("trace", 0) == 0 ? "trace" : name, type);
      if (!kind.empty() && std::filesystem::exists(file)) t.attachments.push_back({kind, file.string(), name, type});
      // Playwright surrounds the line with newlines of its own: drop the one before it.
      if (!out.empty() && out.back() == '\n') out.pop_back();
    } else {
      out += line;
      if (end < text.size()) out += '\n';
    }
    pos = end + 1;
  }
  return out;
}

ReportTest read_case(const pugi::xml_node& tc, const std::string& project, const std::filesystem::path& base) {
  ReportTest t;
  auto parts = split_title(tc.attribute("name").as_string());
  t.title = parts.back();
  for (const auto& p : parts) t.full_title += (t.full_title.empty() ? "" : " > ") + p;
  if (!project.empty()) t.full_title = project + " > " + t.full_title;
  t.file_path = tc.attribute("classname").as_string();
  // With PLAYWRIGHT_JUNIT_INCLUDE_RETRIES=1 each other attempt is a child element
  // (flaky… before a pass, rerun… after a first failure) with its own time and output.
  double seconds = tc.attribute("time").as_double();
  std::vector<pugi::xml_node> flaky_attempts, rerun_attempts;
  pugi::xml_node failure;
  for (auto child : tc.children()) {
    std::string n = child.name();
    if (n == "flakyFailure" || n == "flakyError") flaky_attempts.push_back(child);
    if (n == "rerunFailure" || n == "rerunError") rerun_attempts.push_back(child);
    if ((n == "failure" || n == "error") && !failure) failure = child;
  }
  for (const auto& a : flaky_attempts) seconds += a.attribute("time").as_double();
  for (const auto& a : rerun_attempts) seconds += a.attribute("time").as_double();
  t.duration = std::llround(seconds * 1000);
  if (tc.child("skipped")) t.status = "skipped";
  else if (failure) t.status = "failed";
  else t.status = flaky_attempts.empty() ? "passed" : "flaky";
  t.retries = static_cast<int>(flaky_attempts.size() + rerun_attempts.size());
  t.attempt = t.retries + 1;
  if (failure) {
    t.error_json = error_json(failure.attribute("message").as_string(), failure.text().as_string());
  } else if (!flaky_attempts.empty()) {
    const auto& last = flaky_attempts.back();
    t.error_json = error_json(last.attribute("message").as_string(), last.child("stackTrace").text().as_string());
  }
  // Output and attachments in attempt order.
  std::vector<pugi::xml_node> attempts;
  if (failure) {
    attempts.push_back(tc);
    attempts.insert(attempts.end(), rerun_attempts.begin(), rerun_attempts.end());
  } else {
    attempts = flaky_attempts;
    attempts.push_back(tc);
  }
  for (const auto& a : attempts) {
    t.stdout_text += take_attachments(t, a.child("system-out").text().as_string(), base);
    t.stderr_text += a.child("system-err").text().as_string();
  }
  // Playwright writes annotations as properties.
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (auto prop : tc.child("properties").children("property")) {
    w.StartObject();
    w.Key("type");
    w.String(prop.attribute("name").as_string());
    if (std::string d = prop.attribute("value").as_string(); !d.empty()) {
      w.Key("description");
      w.String(d.c_str(), static_cast<rapidjson::SizeType>(d.size()));
    }
    w.EndObject();
  }
  w.EndArray();
  t.annotations_json = buf.GetString();
  return t;
}

bool is_playwright(const pugi::xml_node& suite) {
  for (auto tc : suite.children("testcase")) {
    std::string file = tc.attribute("classname").as_string();
    for (std::string_view ext : {".spec.ts", ".spec.js", ".test.ts", ".test.js", ".spec.mjs", ".spec.tsx", ".ts", ".js"})
      if (file.size() >= ext.size() && file.compare(file.size() - ext.size(), ext.size(), ext) == 0) return true;
    if (std::string(tc.attribute("name").as_string()).find(kSeparator) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Report read_junit_xml(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_junit_xml(ss.str(), path, std::filesystem::absolute(path).parent_path().string());
}

Report parse_junit_xml(const std::string& text, const std::string& path, const std::string& base_dir) {
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(text.data(), text.size());
  if (!parsed) throw std::runtime_error(path + " is not XML: " + parsed.description());
  pugi::xml_node root = doc.child("testsuites");
  bool single = false;
  if (!root) {
    root = doc.child("testsuite");
    single = true;
  }
  if (!root) throw std::runtime_error(path + " is not JUnit XML (no <testsuites> or <testsuite>)");
  Report report;
  std::filesystem::path base = base_dir;
  auto read_suite = [&](const pugi::xml_node& suite) {
    // Playwright puts the project name in `hostname`; other tools put the machine's
    // name there, so it names a project only in Playwright's files.
    std::string project = is_playwright(suite) ? suite.attribute("hostname").as_string() : "";
    for (auto tc : suite.children("testcase")) report.tests.push_back(read_case(tc, project, base));
  };
  if (single) {
    read_suite(root);
  } else {
    for (auto suite : root.children("testsuite")) read_suite(suite);
  }
  report.duration = std::llround(root.attribute("time").as_double() * 1000);
  return report;
}

}  // namespace euriqa::cli
