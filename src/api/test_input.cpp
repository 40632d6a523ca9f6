#include "api/test_input.h"

#include "api/error_text.h"
#include "domain/error_signature.h"

namespace euriqa::api {

namespace {

const std::vector<std::string_view> kStatuses = {"passed", "failed", "skipped", "flaky"};


void check_error_object(const http::JsonObject& owner, std::string_view field, const rapidjson::Value& v) {
  if (!v.IsObject()) owner.fail(field, "invalid_type", "Field '" + std::string(field) + "' must be an object or null");
  http::JsonObject err(v);
  for (const char* k : {"message", "stack"}) {
    if (err.has(k) && !err.get(k)->IsString())
      owner.fail(std::string(field) + "." + k, "invalid_type", std::string("Error '") + k + "' must be a string");
  }
}

void check_steps(const http::JsonObject& owner, const rapidjson::Value& steps, const std::string& path, int depth,
                 size_t& count) {
  if (!steps.IsArray()) owner.fail(path, "invalid_type", "Field '" + path + "' must be an array of steps");
  if (depth > kMaxStepDepth) owner.fail(path, "too_long", "Steps are nested too deeply");
  rapidjson::SizeType i = 0;
  for (const auto& step : steps.GetArray()) {
    std::string here = path + "[" + std::to_string(i++) + "]";
    if (++count > kMaxStepsPerTest) owner.fail("steps", "too_long", "A test may have at most 5000 steps");
    if (!step.IsObject()) owner.fail(here, "invalid_type", "Each step must be an object");
    http::JsonObject s(step);
    const auto* title = s.get("title");
    if (!title) owner.fail(here + ".title", "required", "Each step needs a title");
    if (!title->IsString()) owner.fail(here + ".title", "invalid_type", "A step's title must be a string");
    for (const char* k : {"category", "status"})
      if (s.has(k) && !s.get(k)->IsString())
        owner.fail(here + "." + k, "invalid_type", std::string("A step's ") + k + " must be a string");
    if (s.has("duration") && !(s.get("duration")->IsNumber() && s.get("duration")->GetDouble() >= 0))
      owner.fail(here + ".duration", "invalid_type", "A step's duration must be a non-negative number");
    if (s.has("error")) check_error_object(owner, here + ".error", *s.get("error"));
    if (s.has("steps")) check_steps(owner, *s.get("steps"), here + ".steps", depth + 1, count);
  }
}

}  // namespace

store::TestResult parse_test_input(const http::JsonObject& body) {
  store::TestResult r;
  r.title = body.required_string("title", 2000);
  r.full_title = body.required_string("fullTitle", 8000);
  r.file_path = body.optional_string("filePath", 2000);
  r.line_number = body.optional_int("lineNumber", 0, 100000000);
  r.status = body.required_enum("status", kStatuses);
  r.duration = body.required_int("duration", 0, 365ll * 24 * 3600 * 1000);
  r.retries = body.optional_int("retries", 0, 1000);
  r.attempt = body.optional_int("attempt", 0, 1001);
  r.is_flaky = body.optional_bool("isFlaky").value_or(false);
  if (auto tags = body.optional_string_array("tags", 200, 500)) r.tags_json = http::to_json_text(*body.get("tags"));
  if (const auto* a = body.get("annotations")) {
    if (!a->IsArray()) body.fail("annotations", "invalid_type", "Field 'annotations' must be an array of objects");
    if (a->Size() > 500) body.fail("annotations", "too_long", "At most 500 annotations");
    for (const auto& item : a->GetArray())
      if (!item.IsObject()) body.fail("annotations", "invalid_type", "Each annotation must be an object");
    r.annotations_json = http::to_json_text(*a);
  }
  if (const auto* e = body.get("error")) {
    check_error_object(body, "error", *e);
    r.error_json = http::to_json_text(*e);
    // Failed results are grouped by what their error says (contract §13).
    const auto* message = http::JsonObject(*e).get("message");
    if (r.status == "failed" && message && message->IsString()) {
      std::string_view text(message->GetString(), message->GetStringLength());
      r.error_signature = domain::error_signature(text);
      if (r.error_signature) {
        r.error_first_line = domain::error_first_line(text);
        r.error_search_text = error_search_text(text);
      }
    }
  }
  if (const auto* steps = body.get("steps")) {
    size_t count = 0;
    check_steps(body, *steps, "steps", 1, count);
    r.steps_json = http::to_json_text(*steps);
  }
  r.stdout_text = body.optional_string("stdout", kMaxOutputLength);
  r.stderr_text = body.optional_string("stderr", kMaxOutputLength);
  return r;
}

}  // namespace euriqa::api
