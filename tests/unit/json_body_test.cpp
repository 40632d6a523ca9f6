// src/http/json_body.h: a request body must be one JSON object (else 400
// INVALID_JSON); each typed accessor refuses bad values with 400 VALIDATION_ERROR
// naming details.field and details.reason, and a batch item's index as details.index.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>

#include "domain/error.h"
#include "http/json_body.h"

using euriqa::domain::ApiError;
using euriqa::http::JsonBody;
using euriqa::http::JsonObject;

namespace {

template <typename F>
ApiError thrown(F&& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e;
  }
  return ApiError(0, "NOTHING_THROWN", "");
}

std::string detail(const ApiError& e, const std::string& key) {
  auto it = e.details().find(key);
  return it == e.details().end() ? "<absent>" : it->second;
}

std::unique_ptr<JsonBody> body(const std::string& text) { return JsonBody::parse(text); }

// The accessor call must fail with VALIDATION_ERROR for field/reason.
template <typename F>
void refuses(F&& f, const std::string& field, const std::string& reason) {
  ApiError e = thrown(f);
  CHECK(e.status() == 400);
  CHECK(e.code() == "VALIDATION_ERROR");
  CHECK(detail(e, "field") == field);
  CHECK(detail(e, "reason") == reason);
  CHECK(e.numeric_details().count("index") == 0);
}

void invalid_json(const std::string& text) {
  CAPTURE(text.substr(0, 60));
  ApiError e = thrown([&] { body(text); });
  CHECK(e.status() == 400);
  CHECK(e.code() == "INVALID_JSON");
}

}  // namespace

// ---- parsing ----

TEST_CASE("a JSON object body parses") {
  auto b = body(R"({"name":"Acme","n":3})");
  CHECK(b->value().IsObject());
  CHECK(b->required_string("name") == "Acme");
}

TEST_CASE("an empty object parses and every field is absent") {
  auto b = body("{}");
  CHECK_FALSE(b->has("name"));
  CHECK(b->get("name") == nullptr);
}

TEST_CASE("JSON that is not an object is INVALID_JSON") {
  for (const char* text : {"[]", "[1,2]", "\"a string\"", "42", "true", "null", "  [ ]  "}) invalid_json(text);
}

TEST_CASE("malformed JSON is INVALID_JSON with the error offset") {
  for (const char* text : {"", "   ", "{", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "{a:1}", "{\"a\" 1}", "}"})
    invalid_json(text);
  ApiError e = thrown([] { body(R"({"a":})"); });
  REQUIRE(e.numeric_details().count("offset") == 1);
  CHECK(e.numeric_details().at("offset") == 5);
}

TEST_CASE("trailing garbage after the object is INVALID_JSON") {
  invalid_json(R"({"a":1} x)");
  invalid_json(R"({"a":1}{"b":2})");
  invalid_json(R"({"a":1},)");
}

TEST_CASE("invalid UTF-8 inside a string is INVALID_JSON") {
  invalid_json("{\"name\":\"\xff\xfe\"}");
  invalid_json("{\"name\":\"caf\xc3\"}");
  invalid_json("{\"name\":\"\xed\xa0\x80\"}");  // encoded surrogate
}

TEST_CASE("valid UTF-8 and escapes are decoded") {
  auto b = body(R"({"name":"caf\u00e9 \ud83d\ude00 中文"})");
  CHECK(b->required_string("name") == "caf\xc3\xa9 \xf0\x9f\x98\x80 \xe4\xb8\xad\xe6\x96\x87");
}

TEST_CASE("a lone surrogate escape is INVALID_JSON") { invalid_json(R"({"name":"\ud800"})"); }

TEST_CASE("an escaped NUL is kept inside the string, not truncating it") {
  auto b = body(R"({"name":"a\u0000b"})");
  CHECK(b->required_string("name") == std::string("a\0b", 3));
}

// Contract §12: deeper than 64 levels is INVALID_JSON with reason too_deep, so no
// code that walks a parsed value (re-serialising steps, errors) can recurse deeply.
void too_deep(const std::string& text) {
  ApiError e = thrown([&] { body(text); });
  CHECK(e.status() == 400);
  CHECK(e.code() == "INVALID_JSON");
  CHECK(detail(e, "reason") == "too_deep");
}

std::string nested_arrays(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST_CASE("64 levels of nesting are accepted, 65 are too deep") {
  // The body object is level 1.
  auto b = body("{\"a\":" + nested_arrays(63) + "}");
  refuses([&] { b->optional_string("a"); }, "a", "invalid_type");
  too_deep("{\"a\":" + nested_arrays(64) + "}");
}

TEST_CASE("100,000 levels of nested arrays are refused as too deep, not a crash") {
  too_deep("{\"a\":" + nested_arrays(100000) + "}");
  too_deep(std::string(100000, '['));  // unterminated as well
}

TEST_CASE("100,000 levels of nested objects are refused as too deep") {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
  deep += "1";
  deep += std::string(100000, '}');
  too_deep(deep);
}

TEST_CASE("brackets inside strings do not count as nesting") {
  std::string many(1000, '[');
  auto b = body("{\"a\":\"" + many + "\\\"" + many + "\"}");
  CHECK(b->required_string("a", 5000) == many + "\"" + many);
}

TEST_CASE("a large body of tiny values is refused before parsing (memory bound)") {
  // 2 bytes of text per value would cost 16 bytes each once parsed.
  std::string values = "{\"a\":[0";
  for (int i = 0; i < 200000; ++i) values += ",0";
  values += "]}";
  ApiError e = thrown([&] { body(values); });
  CHECK(e.code() == "INVALID_JSON");
  CHECK(detail(e, "reason") == "too_many_values");
  // Small bodies are never refused for it.
  auto small = body("{\"a\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}");
  CHECK(small->has("a"));
}

TEST_CASE("a NUL byte in the text is INVALID_JSON, not the end of the body") {
  invalid_json(std::string("{\"a\":1}\0{\"b\":2}", 15));
}

// Found by tests/fuzz/json_body_fuzz: RapidJSON's in-place UTF-8 check read past the
// end of the buffer when a multi-byte sequence was cut off at the end of the body.
TEST_CASE("a multi-byte UTF-8 sequence cut off at the end of the body is INVALID_JSON") {
  for (const char* lead : {"\xC3", "\xE9", "\xF0", "\xF0\x9F", "\xF0\x9F\x98"}) {
    invalid_json(std::string("{\"a\":\"") + lead);
    invalid_json(std::string("{\"") + lead);
  }
}

TEST_CASE("short bodies keep their strings after parsing in place") {
  auto b = body(R"({"n":"x"})");  // short enough to live inside the string object
  CHECK(b->required_string("n") == "x");
}

// ---- strings ----

TEST_CASE("required_string: absent or null is required") {
  auto b = body(R"({"other":"x","nothing":null})");
  refuses([&] { b->required_string("name"); }, "name", "required");
  refuses([&] { b->required_string("nothing"); }, "nothing", "required");
}

TEST_CASE("required_string: a non-string is invalid_type") {
  auto b = body(R"({"n":1,"b":true,"a":["x"],"o":{"x":"y"}})");
  for (const char* f : {"n", "b", "a", "o"}) {
    CAPTURE(f);
    refuses([&] { b->required_string(f); }, f, "invalid_type");
  }
}

TEST_CASE("required_string: longer than the limit is too_long, at the limit is fine") {
  auto b = body("{\"s\":\"" + std::string(2000, 'x') + "\",\"t\":\"" + std::string(2001, 'x') + "\"}");
  CHECK(b->required_string("s").size() == 2000);
  refuses([&] { b->required_string("t"); }, "t", "too_long");
  refuses([&] { b->required_string("s", 10); }, "s", "too_long");
}

TEST_CASE("optional_string: absent and null give nothing, a string gives itself") {
  auto b = body(R"({"s":"v","z":null,"e":""})");
  CHECK_FALSE(b->optional_string("missing").has_value());
  CHECK_FALSE(b->optional_string("z").has_value());
  CHECK(b->optional_string("s") == "v");
  CHECK(b->optional_string("e") == "");
  refuses([&] { body(R"({"s":5})")->optional_string("s"); }, "s", "invalid_type");
}

TEST_CASE("field names are matched exactly, case-sensitively") {
  auto b = body(R"({"Name":"x"})");
  refuses([&] { b->required_string("name"); }, "name", "required");
}

// ---- integers ----

TEST_CASE("optional_int: whole numbers inside the range") {
  auto b = body(R"({"a":5,"b":5.0,"c":-3,"d":1e3,"z":null})");
  CHECK(b->optional_int("a", 0, 10) == 5);
  CHECK(b->optional_int("b", 0, 10) == 5);
  CHECK(b->optional_int("c", -5, 5) == -3);
  CHECK(b->optional_int("d", 0, 5000) == 1000);
  CHECK_FALSE(b->optional_int("z", 0, 10).has_value());
  CHECK_FALSE(b->optional_int("missing", 0, 10).has_value());
}

TEST_CASE("optional_int: fractions, strings, booleans and huge numbers are invalid_type") {
  auto b = body(R"({"f":5.5,"s":"5","t":true,"h":1e300,"a":[5]})");
  for (const char* f : {"f", "s", "t", "h", "a"}) {
    CAPTURE(f);
    refuses([&] { b->optional_int(f, 0, 10); }, f, "invalid_type");
  }
}

TEST_CASE("optional_int: below min or above max is out_of_range") {
  auto b = body(R"({"lo":0,"hi":3651,"neg":-1})");
  refuses([&] { b->optional_int("lo", 1, 3650); }, "lo", "out_of_range");
  refuses([&] { b->optional_int("hi", 1, 3650); }, "hi", "out_of_range");
  refuses([&] { b->optional_int("neg", 0, 10); }, "neg", "out_of_range");
}

TEST_CASE("required_int: absent is required") {
  refuses([] { body("{}")->required_int("workers", 0, 10); }, "workers", "required");
  CHECK(body(R"({"workers":4})")->required_int("workers", 0, 10) == 4);
}

// ---- numbers ----

TEST_CASE("optional_number: integers and fractions inside the range") {
  auto b = body(R"({"t":0.3,"one":1,"zero":0})");
  CHECK(b->optional_number("t", 0, 1) == doctest::Approx(0.3));
  CHECK(b->optional_number("one", 0, 1) == 1.0);
  CHECK(b->optional_number("zero", 0, 1) == 0.0);
  CHECK_FALSE(b->optional_number("missing", 0, 1).has_value());
}

TEST_CASE("optional_number: a string is invalid_type, outside the range out_of_range") {
  auto b = body(R"({"s":"0.5","b":false,"big":1.5,"neg":-0.01})");
  refuses([&] { b->optional_number("s", 0, 1); }, "s", "invalid_type");
  refuses([&] { b->optional_number("b", 0, 1); }, "b", "invalid_type");
  refuses([&] { b->optional_number("big", 0, 1); }, "big", "out_of_range");
  refuses([&] { b->optional_number("neg", 0, 1); }, "neg", "out_of_range");
}

// ---- booleans ----

TEST_CASE("optional_bool and required_bool read true and false") {
  auto b = body(R"({"t":true,"f":false})");
  CHECK(b->optional_bool("t") == true);
  CHECK(b->optional_bool("f") == false);
  CHECK(b->required_bool("t"));
  CHECK_FALSE(b->optional_bool("missing").has_value());
}

TEST_CASE("booleans given as strings or numbers are invalid_type") {
  auto b = body(R"({"s":"true","n":1,"z":0})");
  refuses([&] { b->optional_bool("s"); }, "s", "invalid_type");
  refuses([&] { b->required_bool("n"); }, "n", "invalid_type");
  refuses([&] { b->required_bool("z"); }, "z", "invalid_type");
}

TEST_CASE("required_bool: absent is required") {
  refuses([] { body("{}")->required_bool("isActive"); }, "isActive", "required");
}

// ---- string arrays ----

TEST_CASE("optional_string_array reads an array of strings") {
  auto b = body(R"({"tags":["smoke","login"],"empty":[]})");
  auto tags = b->optional_string_array("tags", 10);
  REQUIRE(tags.has_value());
  CHECK(tags->size() == 2);
  CHECK((*tags)[0] == "smoke");
  CHECK((*tags)[1] == "login");
  CHECK(b->optional_string_array("empty", 10)->empty());
  CHECK_FALSE(b->optional_string_array("missing", 10).has_value());
}

TEST_CASE("optional_string_array: not an array, or a non-string item, is invalid_type") {
  auto b = body(R"({"s":"smoke","mixed":["a",1],"nested":[["a"]]})");
  refuses([&] { b->optional_string_array("s", 10); }, "s", "invalid_type");
  refuses([&] { b->optional_string_array("mixed", 10); }, "mixed", "invalid_type");
  refuses([&] { b->optional_string_array("nested", 10); }, "nested", "invalid_type");
}

TEST_CASE("optional_string_array: too many items or a too long item is too_long") {
  auto b = body(R"({"tags":["a","b","c"],"long":["abcdef"]})");
  refuses([&] { b->optional_string_array("tags", 2); }, "tags", "too_long");
  refuses([&] { b->optional_string_array("long", 10, 5); }, "long", "too_long");
}

// ---- enums ----

TEST_CASE("required_enum accepts an allowed value only") {
  auto b = body(R"({"role":"admin","bad":"owner","caps":"Admin","n":2})");
  CHECK(b->required_enum("role", {"admin", "member", "viewer"}) == "admin");
  refuses([&] { b->required_enum("bad", {"admin", "member", "viewer"}); }, "bad", "invalid_value");
  refuses([&] { b->required_enum("caps", {"admin", "member", "viewer"}); }, "caps", "invalid_value");
  refuses([&] { b->required_enum("n", {"admin", "member", "viewer"}); }, "n", "invalid_type");
  refuses([&] { b->required_enum("missing", {"admin", "member", "viewer"}); }, "missing", "required");
}

TEST_CASE("optional_enum: absent gives nothing") {
  auto b = body(R"({"status":"running"})");
  CHECK_FALSE(b->optional_enum("missing", {"running"}).has_value());
  CHECK(b->optional_enum("status", {"running", "passed"}) == "running");
}

TEST_CASE("an invalid enum value's message lists the allowed values") {
  auto b = body(R"({"role":"root"})");
  ApiError e = thrown([&] { b->required_enum("role", {"admin", "member", "viewer"}); });
  CHECK(std::string(e.what()).find("admin, member, viewer") != std::string::npos);
}

// ---- batch items ----

TEST_CASE("a batch item's errors carry its index in details.index") {
  auto b = body(R"({"tests":[{"title":"ok"},{"title":7}]})");
  const auto& items = b->value()["tests"];
  JsonObject first(items[0], 0);
  CHECK(first.required_string("title") == "ok");
  JsonObject second(items[1], 1);
  ApiError e = thrown([&] { second.required_string("title"); });
  CHECK(e.code() == "VALIDATION_ERROR");
  CHECK(detail(e, "field") == "title");
  CHECK(detail(e, "reason") == "invalid_type");
  REQUIRE(e.numeric_details().count("index") == 1);
  CHECK(e.numeric_details().at("index") == 1);
}

TEST_CASE("every accessor of an indexed object reports the index") {
  rapidjson::Document doc;
  doc.Parse(R"({"s":1,"i":"x","n":"x","b":"x","a":"x","e":"nope"})");
  JsonObject o(doc, 41);
  auto index_of = [](const ApiError& e) {
    return e.numeric_details().count("index") ? e.numeric_details().at("index") : -1;
  };
  CHECK(index_of(thrown([&] { o.required_string("s"); })) == 41);
  CHECK(index_of(thrown([&] { o.required_string("missing"); })) == 41);
  CHECK(index_of(thrown([&] { o.optional_int("i", 0, 1); })) == 41);
  CHECK(index_of(thrown([&] { o.required_int("missing", 0, 1); })) == 41);
  CHECK(index_of(thrown([&] { o.optional_number("n", 0, 1); })) == 41);
  CHECK(index_of(thrown([&] { o.optional_bool("b"); })) == 41);
  CHECK(index_of(thrown([&] { o.required_bool("missing"); })) == 41);
  CHECK(index_of(thrown([&] { o.optional_string_array("a", 5); })) == 41);
  CHECK(index_of(thrown([&] { o.required_enum("e", {"yes"}); })) == 41);
  CHECK(index_of(thrown([&] { o.fail("custom", "invalid_value", "custom failure"); })) == 41);
}

TEST_CASE("a prefix names nested fields in details.field") {
  rapidjson::Document doc;
  doc.Parse(R"({"title":5})");
  JsonObject o(doc, 3, "steps.");
  ApiError e = thrown([&] { o.required_string("title"); });
  CHECK(detail(e, "field") == "steps.title");
  CHECK(e.numeric_details().at("index") == 3);
}

TEST_CASE("fail raises VALIDATION_ERROR with the given field, reason and message") {
  auto b = body("{}");
  ApiError e = thrown([&] { b->fail("email", "invalid_value", "Field 'email' must be an email address"); });
  CHECK(e.status() == 400);
  CHECK(e.code() == "VALIDATION_ERROR");
  CHECK(detail(e, "field") == "email");
  CHECK(detail(e, "reason") == "invalid_value");
  CHECK(std::string(e.what()) == "Field 'email' must be an email address");
}

TEST_CASE("unknown fields are ignored") {
  auto b = body(R"({"name":"Acme","unexpected":{"deep":[1,2,3]},"another":null})");
  CHECK(b->required_string("name") == "Acme");
}
