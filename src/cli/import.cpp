// euriqa import: uploads Playwright JSON reports or JUnit XML files as runs, with their
// attachments, through the public API, so any CI and any framework can report after
// the fact. Each file becomes one run; one line per file on stdout:
//   <runId> <N> tests <M> artifacts <file>
#include <sys/utsname.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/ci_env.h"
#include "cli/report_model.h"
#include "cli/zip_writer.h"
#include "http/api_client.h"

namespace euriqa::cli {
namespace {

struct ImportOptions {
  std::string url, key, project, title, html_report;
  std::vector<std::string> tags, files;
};

ImportOptions parse_options(int argc, char** argv) {
  ImportOptions o;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    std::string value;
    auto eq = a.find('=');
    std::string name = a.rfind("--", 0) == 0 ? a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2) : "";
    if (name.empty()) {
      o.files.push_back(a);
      continue;
    }
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else {
      if (i + 1 >= argc) throw std::runtime_error("flag --" + name + " needs a value");
      value = argv[++i];
    }
    if (name == "url") o.url = value;
    else if (name == "key") o.key = value;
    else if (name == "project") o.project = value;
    else if (name == "title") o.title = value;
    else if (name == "tag") o.tags.push_back(value);
    else if (name == "html-report") o.html_report = value;
    else throw std::runtime_error("unknown flag --" + name);
  }
  auto env = [](const char* n) { const char* v = std::getenv(n); return std::string(v ? v : ""); };
  if (o.url.empty()) o.url = env("EURIQA_URL");
  if (o.key.empty()) o.key = env("EURIQA_API_KEY");
  if (o.title.empty()) o.title = env("EURIQA_RUN_TITLE");
  if (o.tags.empty()) {
    std::string list = env("EURIQA_RUN_TAGS");
    size_t pos = 0;
    while (pos < list.size()) {
      size_t comma = list.find(',', pos);
      std::string tag = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      if (!tag.empty()) o.tags.push_back(tag);
      pos = comma == std::string::npos ? list.size() : comma + 1;
    }
  }
  if (o.url.empty() || o.key.empty()) throw std::runtime_error("--url and --key (or EURIQA_URL, EURIQA_API_KEY) are required");
  if (o.files.empty()) throw std::runtime_error("name at least one report file");
  return o;
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, const char* key, const std::string& v) {
  w.Key(key);
  w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
}

void put_list(Writer& w, const char* key, const std::vector<std::string>& items) {
  w.Key(key);
  w.StartArray();
  for (const auto& s : items) w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  w.EndArray();
}

std::string this_os() {
  utsname u{};
  if (uname(&u) != 0) return "";
  std::string os = u.sysname;
  for (auto& c : os) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return os;
}

std::string this_host() {
  char buf[256] = {};
  return gethostname(buf, sizeof buf - 1) == 0 ? buf : "";
}

std::string run_body(const ImportOptions& o, const Report& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  if (!o.project.empty()) put(w, "projectId", o.project);
  put(w, "status", "running");
  auto fields = detect_ci([](const char* n) { return std::getenv(n); }, run_git);
  for (const auto& [k, v] : r.text_fields) fields[k] = v;
  if (!fields.count("os")) fields["os"] = this_os();
  if (!fields.count("hostname")) fields["hostname"] = this_host();
  if (!o.title.empty()) fields["runTitle"] = o.title;
  for (const auto& [k, v] : fields)
    if (!v.empty()) put(w, k.c_str(), v);
  for (const auto& [k, v] : r.number_fields) {
    w.Key(k.c_str());
    w.Int64(v);
  }
  if (!o.tags.empty()) put_list(w, "tags", o.tags);
  else if (!r.tags.empty()) put_list(w, "tags", r.tags);
  if (!r.grep_patterns.empty()) put_list(w, "grepPatterns", r.grep_patterns);
  w.EndObject();
  return buf.GetString();
}

void raw(Writer& w, const char* key, const std::string& json, rapidjson::Type type) {
  if (json.empty()) return;
  w.Key(key);
  w.RawValue(json.c_str(), json.size(), type);
}

void write_test(Writer& w, const ReportTest& t) {
  w.StartObject();
  put(w, "title", t.title);
  put(w, "fullTitle", t.full_title);
  if (!t.file_path.empty()) put(w, "filePath", t.file_path);
  if (t.line) {
    w.Key("lineNumber");
    w.Int64(*t.line);
  }
  put(w, "status", t.status);
  w.Key("duration");
  w.Int64(t.duration);
  w.Key("retries");
  w.Int(t.retries);
  w.Key("attempt");
  w.Int(t.attempt);
  w.Key("isFlaky");
  w.Bool(t.status == "flaky");
  if (!t.tags.empty()) put_list(w, "tags", t.tags);
  raw(w, "annotations", t.annotations_json, rapidjson::kArrayType);
  raw(w, "error", t.error_json, rapidjson::kObjectType);
  raw(w, "steps", t.steps_json, rapidjson::kArrayType);
  if (!t.stdout_text.empty()) put(w, "stdout", t.stdout_text);
  if (!t.stderr_text.empty()) put(w, "stderr", t.stderr_text);
  w.EndObject();
}

rapidjson::Document parse(const http::ApiResult& r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error(what + " failed (" + std::to_string(r.status) + "): " + r.body);
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  if (d.HasParseError() || !d.IsObject()) throw std::runtime_error(what + ": the server's answer is not JSON");
  return d;
}

Report read_report(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  char c = 0;
  while (in.get(c) && std::isspace(static_cast<unsigned char>(c))) {}
  if (c == '{') return read_playwright_json(file);
  if (c == '<') return read_junit_xml(file);
  throw std::runtime_error(file + " is neither a Playwright JSON report nor JUnit XML");
}

struct Counts {
  int64_t total = 0, passed = 0, failed = 0, skipped = 0, flaky = 0;
};

int import_file(const ImportOptions& o, const http::ApiClient& api, const std::string& file, bool with_report) {
  Report report = read_report(file);
  auto run = parse(api.send_json("POST", "/api/runs", run_body(o, report)), "creating the run");
  std::string run_id = run["id"].GetString();
  std::string project_id = run["projectId"].GetString();

  std::vector<std::string> ids;
  constexpr size_t kBatch = 1000;  // the API's batch limit
  for (size_t start = 0; start < report.tests.size(); start += kBatch) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    put(w, "runId", run_id);
    put(w, "projectId", project_id);
    w.Key("tests");
    w.StartArray();
    for (size_t i = start; i < std::min(report.tests.size(), start + kBatch); ++i) write_test(w, report.tests[i]);
    w.EndArray();
    w.EndObject();
    auto created = parse(api.send_json("POST", "/api/tests/batch", buf.GetString()), "sending test results");
    for (const auto& t : created["data"].GetArray()) ids.push_back(t["id"].GetString());
  }
  if (ids.size() != report.tests.size()) throw std::runtime_error("the server created fewer results than sent");

  int artifacts = 0;
  for (size_t i = 0; i < report.tests.size(); ++i) {
    for (const auto& a : report.tests[i].attachments) {
      auto r = api.upload("/api/upload",
                          {{"type", a.type}, {"runId", run_id}, {"testId", ids[i]}, {"projectId", project_id}}, a.path,
                          a.file_name, a.content_type);
      if (r.ok()) ++artifacts;
      else std::cerr << "euriqa import: " << a.path << " not uploaded (" << r.status << "): " << r.body << "\n";
    }
  }
  if (with_report && !o.html_report.empty()) {
    std::string zip = o.html_report;
    bool made = std::filesystem::is_directory(zip);
    if (made) {
      zip = (std::filesystem::temp_directory_path() / ("euriqa-report-" + std::to_string(getpid()) + ".zip")).string();
      zip_directory(o.html_report, zip);
    }
    auto r = api.upload("/api/upload", {{"type", "report"}, {"runId", run_id}, {"projectId", project_id}}, zip,
                        "playwright-report.zip", "application/zip");
    if (made) std::filesystem::remove(zip);
    if (r.ok()) ++artifacts;
    else std::cerr << "euriqa import: the HTML report was not uploaded (" << r.status << "): " << r.body << "\n";
  }

  Counts c;
  for (const auto& t : report.tests) {
    ++c.total;
    if (t.status == "passed") ++c.passed;
    else if (t.status == "failed") ++c.failed;
    else if (t.status == "skipped") ++c.skipped;
    else if (t.status == "flaky") ++c.flaky;
  }
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  put(w, "status", c.failed > 0 ? "failed" : "passed");
  for (auto [k, v] : {std::pair{"totalTests", c.total}, {"passedTests", c.passed}, {"failedTests", c.failed},
                      {"skippedTests", c.skipped}, {"flakyTests", c.flaky}, {"duration", report.duration}}) {
    w.Key(k);
    w.Int64(v);
  }
  w.EndObject();
  parse(api.send_json("PATCH", "/api/runs/" + run_id, buf.GetString()), "finishing the run");
  std::cout << run_id << " " << report.tests.size() << " tests " << artifacts << " artifacts " << file << std::endl;
  return artifacts;
}

}  // namespace

int run_import(int argc, char** argv) {
  if (wants_help(argc, argv)) {
    std::cout << command_help(import_command());
    return 0;
  }
  ImportOptions o;
  try {
    o = parse_options(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "euriqa import: " << e.what() << "\nusage: " << command_synopsis(import_command());
    return 2;
  }
  http::ApiClient api(o.url, o.key);
  int failures = 0;
  for (size_t i = 0; i < o.files.size(); ++i) {
    try {
      import_file(o, api, o.files[i], i == 0);
    } catch (const std::exception& e) {
      std::cerr << "euriqa import: " << o.files[i] << ": " << e.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace euriqa::cli
