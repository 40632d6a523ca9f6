// Reads Playwright's JSON report (reporter 'json') into a Report; MAPPING.md is the
// field mapping. Attachment paths are absolute in this format.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "cli/report_model.h"
#include "http/json_limits.h"

namespace euriqa::cli {
namespace {

using rapidjson::Value;

// Real reports nest suites, specs, tests, results and steps a few dozen levels deep.
constexpr size_t kMaxReportDepth = 256;

std::string str(const Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

int64_t num(const Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsNumber() ? static_cast<int64_t>(it->value.GetDouble() + 0.5) : 0;
}

const Value* member(const Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(key);
  return it != v.MemberEnd() ? &it->value : nullptr;
}

const Value& array(const Value& v, const char* key) {
  static const Value empty(rapidjson::kArrayType);
  const Value* m = member(v, key);
  return m && m->IsArray() ? *m : empty;
}

std::string to_json(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

// stdout/stderr: chunks of {text} or {buffer: base64}; only text is kept.
std::string joined_output(const Value& results, const char* key) {
  std::string out;
  for (const auto& r : results.GetArray())
    for (const auto& chunk : array(r, key).GetArray()) out += str(chunk, "text");
  return out;
}

// JSON report steps are {title, duration, error?, steps?}; only test.step steps exist.
void write_steps(rapidjson::Writer<rapidjson::StringBuffer>& w, const Value& steps) {
  w.StartArray();
  for (const auto& s : steps.GetArray()) {
    w.StartObject();
    w.Key("title");
    std::string title = str(s, "title");
    w.String(title.c_str(), static_cast<rapidjson::SizeType>(title.size()));
    w.Key("category");
    w.String("test.step");
    const Value* err = member(s, "error");
    bool failed = err && err->IsObject();
    w.Key("status");
    w.String(failed ? "failed" : "passed");
    w.Key("duration");
    w.Int64(num(s, "duration"));
    w.Key("error");
    if (failed) {
      std::string e = error_json(str(*err, "message"), str(*err, "stack"));
      w.RawValue(e.c_str(), e.size(), rapidjson::kObjectType);
    } else {
      w.Null();
    }
    if (!array(s, "steps").Empty()) {
      w.Key("steps");
      write_steps(w, array(s, "steps"));
    }
    w.EndObject();
  }
  w.EndArray();
}

std::string steps_json(const Value& steps) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  write_steps(w, steps);
  return buf.GetString();
}

// Annotations as {type, description}: later Playwright versions add a location.
std::string annotations_json(const Value& annotations) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& a : annotations.GetArray()) {
    w.StartObject();
    w.Key("type");
    std::string type = str(a, "type");
    w.String(type.c_str(), static_cast<rapidjson::SizeType>(type.size()));
    if (const Value* d = member(a, "description"); d && d->IsString()) {
      w.Key("description");
      w.String(d->GetString(), d->GetStringLength());
    }
    w.EndObject();
  }
  w.EndArray();
  return buf.GetString();
}

std::string status_of(const std::string& outcome, const Value& results) {
  if (outcome == "flaky") return "flaky";
  if (outcome == "unexpected") return "failed";
  if (outcome == "skipped") return "skipped";
  if (!results.Empty() && str(results[results.Size() - 1], "status") == "skipped") return "skipped";
  return "passed";
}

std::string extension_for(const std::string& content_type) {
  if (content_type == "image/png") return ".png";
  if (content_type == "image/jpeg") return ".jpg";
  if (content_type == "video/webm") return ".webm";
  if (content_type == "application/zip") return ".zip";
  return "";
}

void add_attachments(ReportTest& t, const Value& results) {
  for (const auto& r : results.GetArray()) {
    for (const auto& a : array(r, "attachments").GetArray()) {
      std::string type = attachment_type(str(a, "name"), str(a, "contentType"));
      std::string path = str(a, "path");
      if (type.empty() || path.empty() || !std::filesystem::exists(path)) continue;
      std::string name = std::filesystem::path(path).filename().string();
      if (name.empty()) name = str(a, "name") + extension_for(str(a, "contentType"));
      t.attachments.push_back({type, path, name, str(a, "contentType")});
    }
  }
}

ReportTest read_test(const Value& spec, const Value& test, const std::vector<std::string>& describes) {
  ReportTest t;
  t.title = str(spec, "title");
  std::string project = str(test, "projectName");
  for (const auto& part : describes) t.full_title += (t.full_title.empty() ? "" : " > ") + part;
  t.full_title += (t.full_title.empty() ? "" : " > ") + t.title;
  if (!project.empty()) t.full_title = project + " > " + t.full_title;
  t.file_path = str(spec, "file");
  if (const Value* line = member(spec, "line"); line && line->IsInt()) t.line = line->GetInt();
  const Value& results = array(test, "results");
  t.status = status_of(str(test, "status"), results);
  for (const auto& r : results.GetArray()) t.duration += num(r, "duration");
  t.attempt = results.Empty() ? 1 : static_cast<int>(results.Size());
  t.retries = t.attempt - 1;
  // The JSON report writes tags without their '@'; the reporter API keeps it.
  for (const auto& tag : array(spec, "tags").GetArray())
    if (tag.IsString()) t.tags.push_back(std::string("@") + tag.GetString());
  t.annotations_json = annotations_json(array(test, "annotations"));
  // The error of the last failed attempt: results[i].error is the first error as
  // thrown (errors[] holds formatted text with the code snippet appended).
  for (auto it = results.End(); it != results.Begin();) {
    --it;
    const Value* e = member(*it, "error");
    if (!e || !e->IsObject()) continue;
    const Value* loc = member(*e, "location");
    t.error_json = error_json(str(*e, "message"), str(*e, "stack"), loc && loc->IsObject() ? to_json(*loc) : "");
    break;
  }
  if (!results.Empty()) t.steps_json = steps_json(array(results[results.Size() - 1], "steps"));
  t.stdout_text = joined_output(results, "stdout");
  t.stderr_text = joined_output(results, "stderr");
  add_attachments(t, results);
  return t;
}

// A file suite holds specs and describe suites, which nest.
void read_suite(Report& report, const Value& suite, std::vector<std::string>& describes) {
  for (const auto& spec : array(suite, "specs").GetArray())
    for (const auto& test : array(spec, "tests").GetArray()) report.tests.push_back(read_test(spec, test, describes));
  for (const auto& child : array(suite, "suites").GetArray()) {
    describes.push_back(str(child, "title"));
    read_suite(report, child, describes);
    describes.pop_back();
  }
}

void read_config(Report& report, const Value& config) {
  if (auto v = str(config, "version"); !v.empty()) report.text_fields["playwrightVersion"] = v;
  if (const Value* w = member(config, "workers"); w && w->IsInt()) report.number_fields["workers"] = w->GetInt();
  if (const Value* shard = member(config, "shard"); shard && shard->IsObject()) {
    report.number_fields["shardCurrent"] = num(*shard, "current");
    report.number_fields["shardTotal"] = num(*shard, "total");
  }
  const Value& projects = array(config, "projects");
  if (!projects.Empty()) {
    if (const Value* use = member(projects[0], "use"); use && use->IsObject()) {
      std::string browser = str(*use, "browserName");
      if (browser.empty()) browser = str(*use, "defaultBrowserType");
      if (!browser.empty()) report.text_fields["browser"] = browser;
      if (const Value* vp = member(*use, "viewport"); vp && vp->IsObject())
        report.text_fields["viewport"] = std::to_string(num(*vp, "width")) + "x" + std::to_string(num(*vp, "height"));
    }
  }
  // config.grep is omitted: the JSON report serialises RegExps as {}.
}

}  // namespace

Report read_playwright_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_playwright_json(ss.str(), path);
}

Report parse_playwright_json(const std::string& text, const std::string& path) {
  // Iterative parsing and a depth bound: the readers below recurse into nested suites
  // and steps, and a hostile file must not exhaust the stack.
  if (http::check_json_limits(text, kMaxReportDepth) == http::JsonLimit::TooDeep)
    throw std::runtime_error(path + " nests deeper than " + std::to_string(kMaxReportDepth) + " levels");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (doc.HasParseError() || !doc.IsObject() || !member(doc, "suites"))
    throw std::runtime_error(path + " is not a Playwright JSON report");
  Report report;
  if (const Value* config = member(doc, "config"); config && config->IsObject()) read_config(report, *config);
  if (const Value* stats = member(doc, "stats"); stats && stats->IsObject()) report.duration = num(*stats, "duration");
  // A file written by Euriqa's reporter when it could not send: its own run fields
  // (CI, git, title, tags, ...) as computed during the run win over import-time ones.
  if (const Value* own = member(doc, "euriqa"); own && own->IsObject()) {
    if (const Value* run = member(*own, "run"); run && run->IsObject()) {
      for (const auto& m : run->GetObject()) {
        std::string key = m.name.GetString();
        if (key == "projectId" || key == "status") continue;
        if (m.value.IsString()) report.text_fields[key] = m.value.GetString();
        else if (m.value.IsInt64()) report.number_fields[key] = m.value.GetInt64();
        else if (m.value.IsArray() && key == "grepPatterns") {
          for (const auto& g : m.value.GetArray())
            if (g.IsString()) report.grep_patterns.push_back(g.GetString());
        } else if (m.value.IsArray() && key == "tags") {
          for (const auto& g : m.value.GetArray())
            if (g.IsString()) report.tags.push_back(g.GetString());
        }
      }
    }
  }
  for (const auto& file_suite : array(doc, "suites").GetArray()) {
    std::vector<std::string> describes;
    read_suite(report, file_suite, describes);
  }
  return report;
}

}  // namespace euriqa::cli
