// GET /metrics over real HTTP (contract §10): Prometheus text format that parses
// line by line, with # HELP and # TYPE for every family; request counters by route
// template, method and status; a cumulative latency histogram; ingest, rate-limit
// and webhook counters that move with what the server did; the webhook queue depth
// gauge; and an optional bearer token.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/results.h"
#include "support/server.h"
#include "support/webhook_listener.h"

using namespace euriqa::test;
namespace rs = euriqa::test::results;
using euriqa::test::hooks::Listener;
using euriqa::test::hooks::TempConfig;
using namespace std::chrono_literals;

namespace {

// ---------------------------------------------------------------- a strict little parser

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Family {
  std::string help, type;
};

struct Exposition {
  std::vector<Sample> samples;
  std::map<std::string, Family> families;
  std::vector<std::string> errors;  // empty when the text is valid
};

bool valid_name(const std::string& n) {
  if (n.empty()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool ok = std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
              (i > 0 && std::isdigit(static_cast<unsigned char>(c)));
    if (!ok) return false;
  }
  return true;
}

bool parse_value(const std::string& text, double& out) {
  if (text == "+Inf") return out = INFINITY, true;
  if (text == "-Inf") return out = -INFINITY, true;
  if (text == "NaN") return out = NAN, true;
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// {a="x",b="y"} -> labels; false when malformed.
bool parse_labels(const std::string& text, std::map<std::string, std::string>& out) {
  size_t i = 0;
  while (i < text.size()) {
    size_t eq = text.find('=', i);
    if (eq == std::string::npos) return false;
    std::string name = text.substr(i, eq - i);
    if (!valid_name(name) || eq + 1 >= text.size() || text[eq + 1] != '"') return false;
    std::string value;
    size_t j = eq + 2;
    for (; j < text.size() && text[j] != '"'; ++j) {
      if (text[j] == '\\') {
        if (++j >= text.size()) return false;
        if (text[j] == 'n') value += '\n';
        else if (text[j] == '\\' || text[j] == '"') value += text[j];
        else return false;
      } else {
        value += text[j];
      }
    }
    if (j >= text.size()) return false;  // no closing quote
    if (out.count(name)) return false;
    out[name] = value;
    i = j + 1;
    if (i < text.size()) {
      if (text[i] != ',') return false;
      ++i;
    }
  }
  return true;
}

// The family a sample belongs to: histograms' _bucket/_sum/_count fold into their base name.
std::string family_of(const std::string& name, const std::map<std::string, Family>& families) {
  if (families.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      std::string base = name.substr(0, name.size() - s.size());
      auto it = families.find(base);
      if (it != families.end() && (it->second.type == "histogram" || it->second.type == "summary")) return base;
    }
  }
  return "";
}

Exposition parse_exposition(const std::string& text) {
  Exposition e;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  auto err = [&](const std::string& why) { e.errors.push_back("line " + std::to_string(n) + ": " + why + ": " + line); };
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::istringstream l(line);
      std::string hash, kind, name;
      l >> hash >> kind >> name;
      if (hash != "#") err("comment without space");
      if (kind == "HELP" || kind == "TYPE") {
        if (!valid_name(name)) err("bad metric name");
        std::string rest;
        std::getline(l, rest);
        if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
        auto& f = e.families[name];
        if (kind == "HELP") {
          if (!f.help.empty()) err("second HELP");
          f.help = rest.empty() ? " " : rest;
        } else {
          if (!f.type.empty()) err("second TYPE");
          static const std::set<std::string> types = {"counter", "gauge", "histogram", "summary", "untyped"};
          if (!types.count(rest)) err("unknown type");
          f.type = rest;
        }
      }
      continue;
    }
    Sample s;
    size_t name_end = line.find_first_of("{ ");
    if (name_end == std::string::npos) {
      err("no value");
      continue;
    }
    s.name = line.substr(0, name_end);
    if (!valid_name(s.name)) err("bad sample name");
    size_t value_start = name_end;
    if (line[name_end] == '{') {
      size_t close = line.rfind('}');
      if (close == std::string::npos || close < name_end) {
        err("unclosed labels");
        continue;
      }
      if (!parse_labels(line.substr(name_end + 1, close - name_end - 1), s.labels)) err("bad labels");
      value_start = close + 1;
    }
    if (value_start >= line.size() || line[value_start] != ' ') {
      err("no space before value");
      continue;
    }
    std::string value = line.substr(value_start + 1);
    // An optional timestamp may follow the value.
    if (auto sp = value.find(' '); sp != std::string::npos) value = value.substr(0, sp);
    if (!parse_value(value, s.value)) err("value is not a number");
    std::string fam = family_of(s.name, e.families);
    if (fam.empty()) err("sample before its # TYPE or without one");
    e.samples.push_back(std::move(s));
  }
  for (const auto& [name, f] : e.families) {
    if (f.help.empty()) e.errors.push_back(name + " has no # HELP");
    if (f.type.empty()) e.errors.push_back(name + " has no # TYPE");
  }
  return e;
}

Exposition scrape(TestServer& s, const httplib::Headers& h = {}) {
  auto r = s.request("GET", "/metrics", "", Auth::none(), h);
  REQUIRE_MESSAGE(r.status == 200, r.status << " " << r.body);
  auto e = parse_exposition(r.body);
  for (const auto& why : e.errors) FAIL_CHECK(why);
  return e;
}

// The value of the sample with exactly these labels (a subset match); NaN when absent.
double value_of(const Exposition& e, const std::string& name, const std::map<std::string, std::string>& labels = {}) {
  for (const auto& s : e.samples) {
    if (s.name != name) continue;
    bool match = std::all_of(labels.begin(), labels.end(), [&](const auto& kv) {
      auto it = s.labels.find(kv.first);
      return it != s.labels.end() && it->second == kv.second;
    });
    if (match) return s.value;
  }
  return NAN;
}

// Like value_of but 0 when the labelled sample has not appeared yet.
double count_of(const Exposition& e, const std::string& name, const std::map<std::string, std::string>& labels = {}) {
  double v = value_of(e, name, labels);
  return std::isnan(v) ? 0 : v;
}

struct Owned {
  TestServer s;
  rs::Tenant t;
  explicit Owned(std::vector<std::string> args = {"--signup", "open"})
      : s(std::move(args)), t(rs::make_tenant(s, "owner@example.com")) {}
  const std::string& project() const { return t.project(); }
  Auth auth() const { return t.auth(); }
};

}  // namespace

TEST_CASE("the parser used here refuses malformed exposition text") {
  CHECK_FALSE(parse_exposition("# HELP a A\n# TYPE a counter\na one\n").errors.empty());
  CHECK_FALSE(parse_exposition("# HELP a A\n# TYPE a counter\na{x=\"1} 1\n").errors.empty());
  CHECK_FALSE(parse_exposition("a 1\n").errors.empty());
  CHECK_FALSE(parse_exposition("# TYPE a counter\na 1\n").errors.empty());
  CHECK(parse_exposition("# HELP a A\n# TYPE a counter\na{x=\"1\",y=\"q\\\"\"} 1.5\n").errors.empty());
}

TEST_CASE("GET /metrics needs no auth and answers Prometheus text with HELP and TYPE for every family") {
  Owned o;
  rs::make_run(o.s, o.auth(), o.project());
  auto r = o.s.get("/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type").rfind("text/plain", 0) == 0);
  auto e = parse_exposition(r.body);
  CHECK_MESSAGE(e.errors.empty(), (e.errors.empty() ? "" : e.errors.front()));
  for (const char* family :
       {"euriqa_http_requests_total", "euriqa_http_request_duration_seconds", "euriqa_results_ingested_total",
        "euriqa_uploads_total", "euriqa_upload_bytes_total", "euriqa_webhook_deliveries_total",
        "euriqa_webhook_failures_total", "euriqa_rate_limited_total", "euriqa_webhook_queue_depth"}) {
    CHECK_MESSAGE(e.families.count(family) == 1, family);
  }
  CHECK(e.families["euriqa_http_requests_total"].type == "counter");
  CHECK(e.families["euriqa_http_request_duration_seconds"].type == "histogram");
  CHECK(e.families["euriqa_webhook_queue_depth"].type == "gauge");
  CHECK(e.families["euriqa_results_ingested_total"].type == "counter");
}

TEST_CASE("euriqa_http_requests_total counts requests by route template, method and status") {
  Owned o;
  std::map<std::string, std::string> created = {{"method", "POST"}, {"route", "/api/runs"}, {"status", "201"}};
  auto before = scrape(o.s);
  double b = count_of(before, "euriqa_http_requests_total", created);
  std::string run;
  for (int i = 0; i < 3; ++i) run = rs::make_run(o.s, o.auth(), o.project());
  CHECK(o.s.get("/api/runs/" + run, o.auth()).status == 200);
  CHECK(o.s.get("/api/runs/run_doesnotexist00000000", o.auth()).status == 404);
  auto after = scrape(o.s);
  CHECK(count_of(after, "euriqa_http_requests_total", created) == b + 3);
  // Routes are templates, not raw paths: a run id never becomes a label value.
  CHECK(count_of(after, "euriqa_http_requests_total", {{"method", "GET"}, {"route", "/api/runs/:id"}, {"status", "200"}}) == 1);
  CHECK(count_of(after, "euriqa_http_requests_total", {{"method", "GET"}, {"route", "/api/runs/:id"}, {"status", "404"}}) == 1);
  for (const auto& s : after.samples)
    for (const auto& [k, v] : s.labels) CHECK(v.find(run) == std::string::npos);
}

TEST_CASE("euriqa_results_ingested_total grows by the number of results stored, not by failed batches") {
  Owned o;
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  double b = count_of(scrape(o.s), "euriqa_results_ingested_total");
  std::vector<std::string> items;
  for (int i = 0; i < 25; ++i) items.push_back(rs::test_item("suite > t" + std::to_string(i)));
  REQUIRE(rs::post_batch(o.s, o.auth(), run, o.project(), items).status == 201);
  rs::make_test(o.s, o.auth(), run, o.project(), rs::test_item("suite > single"));
  // A batch refused by validation stores nothing and counts nothing.
  items.push_back("{\"title\":\"no status\"}");
  CHECK(rs::post_batch(o.s, o.auth(), run, o.project(), items).status == 400);
  CHECK(count_of(scrape(o.s), "euriqa_results_ingested_total") == b + 26);
}

TEST_CASE("euriqa_rate_limited_total counts refused requests") {
  TempConfig cfg(R"("rateLimits":{"runsWrite":1})", false);
  Owned o(cfg.args());
  double b = count_of(scrape(o.s), "euriqa_rate_limited_total");
  REQUIRE(rs::post_run(o.s, o.auth(), o.project()).status == 201);
  CHECK(rs::post_run(o.s, o.auth(), o.project()).status == 429);
  CHECK(rs::post_run(o.s, o.auth(), o.project()).status == 429);
  auto after = scrape(o.s);
  CHECK(count_of(after, "euriqa_rate_limited_total") == b + 2);
  CHECK(count_of(after, "euriqa_http_requests_total", {{"route", "/api/runs"}, {"status", "429"}}) == 2);
}

TEST_CASE("webhook deliveries and failures are counted, and the queue depth gauge shows pending ones") {
  TempConfig cfg(R"("webhookRetrySeconds":[1])");
  Listener l;
  l.fail_next(1);
  Owned o(cfg.args());
  auto before = scrape(o.s);
  CHECK(value_of(before, "euriqa_webhook_queue_depth") == 0);
  double d0 = count_of(before, "euriqa_webhook_deliveries_total");
  double f0 = count_of(before, "euriqa_webhook_failures_total");
  auto hook = o.s.post("/api/webhooks",
                       obj({{"projectId", quote(o.project())}, {"url", quote(l.url())},
                            {"events", rs::str_array({"run.completed"})}}),
                       o.auth());
  REQUIRE(hook.status == 201);
  REQUIRE(o.s.post("/api/webhooks/" + hook.str("id") + "/test", "", o.auth()).status == 202);
  REQUIRE(l.wait_for(1));
  // Between the failed attempt and its retry the delivery waits in the queue.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  double depth = NAN;
  while (std::chrono::steady_clock::now() < deadline && l.count() < 2) {
    depth = value_of(scrape(o.s), "euriqa_webhook_queue_depth");
    if (depth == 1) break;
    std::this_thread::sleep_for(20ms);
  }
  CHECK(depth == 1);
  REQUIRE(l.wait_for(2));
  deadline = std::chrono::steady_clock::now() + 10s;
  Exposition after = scrape(o.s);
  while (std::chrono::steady_clock::now() < deadline &&
         (count_of(after, "euriqa_webhook_deliveries_total") < d0 + 2 ||
          value_of(after, "euriqa_webhook_queue_depth") != 0)) {
    std::this_thread::sleep_for(50ms);
    after = scrape(o.s);
  }
  CHECK(count_of(after, "euriqa_webhook_deliveries_total") == d0 + 2);
  CHECK(count_of(after, "euriqa_webhook_failures_total") == f0 + 1);
  CHECK(value_of(after, "euriqa_webhook_queue_depth") == 0);
}

TEST_CASE("the latency histogram's buckets are cumulative and +Inf equals _count") {
  Owned o;
  for (int i = 0; i < 5; ++i) rs::make_run(o.s, o.auth(), o.project());
  o.s.get("/api/nothing-here");
  auto e = scrape(o.s);
  std::vector<std::pair<double, double>> buckets;  // le, count
  for (const auto& s : e.samples) {
    if (s.name != "euriqa_http_request_duration_seconds_bucket") continue;
    REQUIRE(s.labels.count("le"));
    double le = 0;
    REQUIRE_MESSAGE(parse_value(s.labels.at("le"), le), s.labels.at("le"));
    buckets.emplace_back(le, s.value);
  }
  REQUIRE(buckets.size() >= 2);
  std::sort(buckets.begin(), buckets.end());
  CHECK(std::isinf(buckets.back().first));
  for (size_t i = 1; i < buckets.size(); ++i) {
    CHECK(buckets[i].first != buckets[i - 1].first);
    CHECK_MESSAGE(buckets[i].second >= buckets[i - 1].second, "le=" << buckets[i].first);
  }
  double count = value_of(e, "euriqa_http_request_duration_seconds_count");
  double sum = value_of(e, "euriqa_http_request_duration_seconds_sum");
  CHECK(buckets.back().second == count);
  CHECK(count >= 8);  // register, team, project, 5 runs, the 404 — before this scrape
  CHECK(sum >= 0);
  CHECK(sum > 0);
  // Every request counted by route is in the histogram too.
  double requests = 0;
  for (const auto& s : e.samples)
    if (s.name == "euriqa_http_requests_total") requests += s.value;
  CHECK(requests == count);
}

TEST_CASE("with metricsToken configured, /metrics needs the bearer token") {
  TempConfig cfg(R"("metricsToken":"scrape-token-4f9a")");
  TestServer s(cfg.args());
  auto none = s.get("/metrics");
  CHECK(none.status == 401);
  CHECK(none.error_code() == "UNAUTHORIZED");
  auto wrong = s.request("GET", "/metrics", "", Auth::none(), {{"Authorization", "Bearer wrong-token"}});
  CHECK(wrong.status == 401);
  auto bare = s.request("GET", "/metrics", "", Auth::none(), {{"Authorization", "scrape-token-4f9a"}});
  CHECK(bare.status == 401);
  auto right = s.request("GET", "/metrics", "", Auth::none(), {{"Authorization", "Bearer scrape-token-4f9a"}});
  REQUIRE(right.status == 200);
  CHECK(parse_exposition(right.body).errors.empty());
  CHECK(right.body.find("scrape-token-4f9a") == std::string::npos);
  s.stop();
  CHECK(hooks::read_file(s.log()).find("scrape-token-4f9a") == std::string::npos);
}
