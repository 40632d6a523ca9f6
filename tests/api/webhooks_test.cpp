// Webhooks over real HTTP (docs/openapi.yaml "Webhooks"; contract §8): CRUD with the
// reference's fields and a write-only secret, validation, roles and tenancy, run
// events delivered to a real local receiver with Standard Webhooks headers checked
// independently here (HMAC-SHA256 with libsodium), retries on the configured
// backoff, giving up, a durable queue across a restart, the test ping, requests
// that never wait for delivery, and receivers that cannot abuse delivery (contract
// §12): an endless body, a tarpit beside other teams' webhooks, per-webhook order,
// and special-purpose addresses refused.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/raw_receivers.h"
#include "support/results.h"
#include "support/server.h"
#include "support/webhook_listener.h"

using namespace euriqa::test;
using namespace euriqa::test::hooks;
namespace rs = euriqa::test::results;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kOpen = {"--signup", "open"};

// ---------------------------------------------------------------- signing, done here

std::string b64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string unb64(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                            nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0);
  out.resize(len);
  return out;
}

// A Standard Webhooks secret: "whsec_" + base64 of 32 fixed bytes (seed varies them).
std::string make_secret(unsigned char seed) {
  REQUIRE(sodium_init() >= 0);
  std::string key(32, '\0');
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<char>(seed + i * 7);
  return "whsec_" + b64(key);
}

// v1,base64(HMAC-SHA256(decoded key, id.timestamp.body)), computed independently.
std::string expected_signature(const std::string& secret, const std::string& id, const std::string& ts,
                               const std::string& body) {
  REQUIRE(secret.rfind("whsec_", 0) == 0);
  std::string key = unb64(secret.substr(6));
  std::string content = id + "." + ts + "." + body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(content.data()), content.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return "v1," + b64(std::string(reinterpret_cast<char*>(mac), sizeof mac));
}

// The webhook-signature header may list several space-separated signatures.
bool signature_matches(const Received& r, const std::string& secret) {
  std::string want =
      expected_signature(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.body);
  std::string header = r.header("webhook-signature");
  size_t i = 0;
  while (i <= header.size()) {
    size_t j = header.find(' ', i);
    if (j == std::string::npos) j = header.size();
    if (header.substr(i, j - i) == want) return true;
    i = j + 1;
  }
  return false;
}

rapidjson::Document parse(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

std::string str_member(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

// ---------------------------------------------------------------- API helpers

std::string hook_body(const std::string& project_id, const std::string& url, const std::vector<std::string>& events,
                      const std::string& secret = "", const std::string& headers_json = "") {
  rs::Fields f = {{"projectId", quote(project_id)}, {"url", quote(url)}, {"events", rs::str_array(events)}};
  if (!headers_json.empty()) f.emplace_back("headers", headers_json);
  if (!secret.empty()) f.emplace_back("secret", quote(secret));
  return obj(f);
}

const std::vector<std::string> kBoth = {"run.completed", "run.failed"};

std::string make_hook(TestServer& s, const Auth& a, const std::string& project_id, const std::string& url,
                      const std::vector<std::string>& events, const std::string& secret = "",
                      const std::string& headers_json = "") {
  auto r = s.post("/api/webhooks", hook_body(project_id, url, events, secret, headers_json), a);
  REQUIRE_MESSAGE(r.status == 201, "create webhook: " << r.status << " " << r.body);
  return r.str("id");
}

Result deliveries(TestServer& s, const Auth& a, const std::string& hook_id) {
  auto r = s.get("/api/webhooks/" + hook_id + "/deliveries", a);
  REQUIRE_MESSAGE(r.status == 200, "deliveries: " << r.status << " " << r.body);
  return r;
}

// Polls the deliveries list until its first (newest) delivery has `status`.
Result wait_delivery_status(TestServer& s, const Auth& a, const std::string& hook_id, const std::string& status,
                            std::chrono::seconds timeout = 30s) {
  auto deadline = Clock::now() + timeout;
  Result r = deliveries(s, a, hook_id);
  while (Clock::now() < deadline) {
    if (rs::size_of_array(r, "data") > 0 && r.str("data.0.status") == status) return r;
    std::this_thread::sleep_for(100ms);
    r = deliveries(s, a, hook_id);
  }
  return r;
}

Result patch_run(TestServer& s, const Auth& a, const std::string& run_id, const std::string& status) {
  return s.patch("/api/runs/" + run_id, obj({{"status", quote(status)}}), a);
}

std::vector<std::string> types_of(const std::vector<Received>& got) {
  std::vector<std::string> out;
  for (const auto& r : got) out.push_back(str_member(parse(r.body), "type"));
  std::sort(out.begin(), out.end());
  return out;
}

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// An owner with a team and a project on an open-signup server.
struct Owned {
  TestServer s;
  rs::Tenant t;
  explicit Owned(std::vector<std::string> args = kOpen) : s(std::move(args)), t(rs::make_tenant(s, "owner@example.com")) {}
  const std::string& project() const { return t.project(); }
  Auth auth() const { return t.auth(); }
};

}  // namespace

// ================================================================ CRUD

TEST_CASE("creating a webhook answers 201 with the reference's fields and without the secret") {
  Owned o;
  std::string secret = make_secret(1);
  auto r = o.s.post("/api/webhooks",
                    hook_body(o.project(), "https://hooks.example.com/T00/B00", kBoth, secret,
                              R"({"X-Custom-Header":"value"})"),
                    o.auth());
  REQUIRE_MESSAGE(r.status == 201, r.body);
  CHECK(rs::is_id(r.str("id"), "wh_"));
  CHECK(r.str("projectId") == o.project());
  CHECK(r.str("url") == "https://hooks.example.com/T00/B00");
  CHECK(rs::json_equals(r, "events", R"(["run.completed","run.failed"])"));
  CHECK(rs::json_equals(r, "headers", R"({"X-Custom-Header":"value"})"));
  REQUIRE(r.at("isActive"));
  CHECK(r.at("isActive")->IsBool());
  CHECK(r.at("isActive")->GetBool());
  CHECK(rs::is_time(r.str("createdAt")));
  CHECK_FALSE(rs::has_key(r, "secret"));
  CHECK(r.body.find(secret) == std::string::npos);
  CHECK(r.body.find(secret.substr(6)) == std::string::npos);
}

TEST_CASE("the webhook list shows each webhook of the project with its fields and no secret") {
  Owned o;
  std::string secret = make_secret(2);
  std::string a = make_hook(o.s, o.auth(), o.project(), "https://a.example.com/hook", kBoth, secret,
                            R"({"X-Team":"qa"})");
  std::string b = make_hook(o.s, o.auth(), o.project(), "http://b.example.com/hook", {"run.failed"});
  auto r = o.s.get("/api/webhooks?projectId=" + o.project(), o.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  REQUIRE(rs::size_of_array(r, "data") == 2);
  auto ids = rs::column(r, "data");
  CHECK(std::find(ids.begin(), ids.end(), a) != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), b) != ids.end());
  for (int i = 0; i < 2; ++i) {
    std::string p = "data." + std::to_string(i);
    CHECK(r.str(p + ".projectId") == o.project());
    CHECK_FALSE(r.str(p + ".url").empty());
    CHECK(r.at(p + ".events"));
    CHECK(r.at(p + ".headers"));
    CHECK(r.at(p + ".isActive"));
    CHECK(rs::is_time(r.str(p + ".createdAt")));
    CHECK_FALSE(rs::has_key(r, p + ".secret"));
    std::string url = r.str(p + ".url");
    if (r.str(p + ".id") == a) {
      CHECK(url == "https://a.example.com/hook");
      CHECK(rs::json_equals(r, p + ".headers", R"({"X-Team":"qa"})"));
    } else {
      CHECK(url == "http://b.example.com/hook");
      CHECK(rs::json_equals(r, p + ".events", R"(["run.failed"])"));
    }
  }
  CHECK(r.body.find(secret.substr(6)) == std::string::npos);
}

TEST_CASE("PATCH changes url, events, headers and isActive; the answer has updatedAt and no secret") {
  Owned o;
  std::string secret = make_secret(3);
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://old.example.com/hook", kBoth, secret);
  std::string new_secret = make_secret(4);
  auto r = o.s.patch("/api/webhooks/" + id,
                     obj({{"url", quote("https://new.example.com/hook")},
                          {"events", rs::str_array({"run.failed"})},
                          {"headers", R"({"X-New":"1"})"},
                          {"secret", quote(new_secret)},
                          {"isActive", "false"}}),
                     o.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("id") == id);
  CHECK(r.str("url") == "https://new.example.com/hook");
  CHECK(rs::json_equals(r, "events", R"(["run.failed"])"));
  REQUIRE(r.at("isActive"));
  CHECK(r.at("isActive")->IsBool());
  CHECK_FALSE(r.at("isActive")->GetBool());
  CHECK(rs::is_time(r.str("updatedAt")));
  CHECK_FALSE(rs::has_key(r, "secret"));
  CHECK(r.body.find(new_secret.substr(6)) == std::string::npos);

  auto list = o.s.get("/api/webhooks?projectId=" + o.project(), o.auth());
  REQUIRE(rs::size_of_array(list, "data") == 1);
  CHECK(list.str("data.0.url") == "https://new.example.com/hook");
  CHECK(rs::json_equals(list, "data.0.events", R"(["run.failed"])"));
  CHECK(rs::json_equals(list, "data.0.headers", R"({"X-New":"1"})"));
  CHECK(rs::json_equals(list, "data.0.isActive", "false"));
}

TEST_CASE("PATCH with only isActive leaves the other fields as they were") {
  Owned o;
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://keep.example.com/hook", kBoth, "",
                             R"({"X-Keep":"yes"})");
  auto r = o.s.patch("/api/webhooks/" + id, obj({{"isActive", "false"}}), o.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.str("url") == "https://keep.example.com/hook");
  CHECK(rs::json_equals(r, "events", R"(["run.completed","run.failed"])"));
  CHECK(rs::json_equals(r, "headers", R"({"X-Keep":"yes"})"));
  CHECK(rs::json_equals(r, "isActive", "false"));
}

TEST_CASE("DELETE removes the webhook with the reference's answer; it is gone afterwards") {
  Owned o;
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://gone.example.com/hook", kBoth);
  auto r = o.s.del("/api/webhooks/" + id, o.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(rs::json_equals(r, "success", "true"));
  CHECK(r.str("message") == "Webhook deleted successfully");
  auto list = o.s.get("/api/webhooks?projectId=" + o.project(), o.auth());
  CHECK(rs::size_of_array(list, "data") == 0);
  CHECK(rs::is_not_found(o.s.del("/api/webhooks/" + id, o.auth())));
  CHECK(rs::is_not_found(o.s.patch("/api/webhooks/" + id, obj({{"isActive", "true"}}), o.auth())));
  CHECK(rs::is_not_found(o.s.get("/api/webhooks/" + id + "/deliveries", o.auth())));
  CHECK(rs::is_not_found(o.s.post("/api/webhooks/" + id + "/test", "", o.auth())));
}

// ================================================================ validation

TEST_CASE("events that are missing, empty, unknown or not strings are 400 naming events") {
  Owned o;
  const std::string url = quote("https://x.example.com/hook");
  for (const std::string& events : {std::string("<missing>"), std::string("[]"), std::string(R"(["run.started"])"),
                                    std::string(R"(["run.completed","deploy"])"), std::string(R"([1])"),
                                    std::string(R"("run.completed")"), std::string("null")}) {
    rs::Fields f = {{"projectId", quote(o.project())}, {"url", url}};
    if (events != "<missing>") f.emplace_back("events", events);
    auto r = o.s.post("/api/webhooks", obj(f), o.auth());
    CHECK_MESSAGE(rs::is_validation(r, "events"), "events " << events << ": " << r.status << " " << r.body);
  }
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://x.example.com/hook", kBoth);
  for (const std::string& events : {std::string("[]"), std::string(R"(["run.started"])")}) {
    auto r = o.s.patch("/api/webhooks/" + id, obj({{"events", events}}), o.auth());
    CHECK_MESSAGE(rs::is_validation(r, "events"), "PATCH events " << events << ": " << r.status << " " << r.body);
  }
  auto list = o.s.get("/api/webhooks?projectId=" + o.project(), o.auth());
  CHECK(rs::size_of_array(list, "data") == 1);
}

TEST_CASE("a url that is not http(s) is 400 naming url") {
  Owned o;
  for (const std::string& url : {std::string("ftp://files.example.com/hook"), std::string("hooks.example.com/x"),
                                 std::string("javascript:alert(1)"), std::string("http://"), std::string(""),
                                 std::string("file:///etc/passwd")}) {
    auto r = o.s.post("/api/webhooks", hook_body(o.project(), url, kBoth), o.auth());
    CHECK_MESSAGE(rs::is_validation(r, "url"), "url '" << url << "': " << r.status << " " << r.body);
  }
  auto missing = o.s.post("/api/webhooks",
                          obj({{"projectId", quote(o.project())}, {"events", rs::str_array(kBoth)}}), o.auth());
  CHECK(rs::is_validation(missing, "url"));
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://x.example.com/hook", kBoth);
  auto r = o.s.patch("/api/webhooks/" + id, obj({{"url", quote("ftp://x.example.com/")}}), o.auth());
  CHECK(rs::is_validation(r, "url"));
}

TEST_CASE("header names Host, Content-Length, Transfer-Encoding, Connection and webhook-* are 400 naming headers") {
  Owned o;
  for (std::string name : {"Host", "host", "Content-Length", "CONTENT-LENGTH", "Transfer-Encoding",
                                  "Connection", "webhook-id", "Webhook-Signature", "webhook-timestamp"}) {
    std::string headers = "{" + quote(name) + ":" + quote("x") + "}";
    auto r = o.s.post("/api/webhooks", hook_body(o.project(), "https://x.example.com/hook", kBoth, "", headers),
                      o.auth());
    CHECK_MESSAGE(rs::is_validation(r, "headers"), "header " << name << ": " << r.status << " " << r.body);
  }
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://x.example.com/hook", kBoth);
  auto r = o.s.patch("/api/webhooks/" + id, obj({{"headers", R"({"Host":"evil.example.com"})"}}), o.auth());
  CHECK(rs::is_validation(r, "headers"));
  auto list = o.s.get("/api/webhooks?projectId=" + o.project(), o.auth());
  REQUIRE(rs::size_of_array(list, "data") == 1);
  CHECK(rs::json_equals(list, "data.0.headers", "{}"));
}

TEST_CASE("headers that are not an object of strings are 400 naming headers") {
  Owned o;
  for (const std::string& headers : {std::string(R"(["X-A"])"), std::string(R"({"X-A":1})"),
                                     std::string(R"({"X-A":"a\r\nX-Injected: 1"})"), std::string(R"("X-A: b")")}) {
    auto r = o.s.post("/api/webhooks", hook_body(o.project(), "https://x.example.com/hook", kBoth, "", headers),
                      o.auth());
    CHECK_MESSAGE(rs::is_validation(r, "headers"), "headers " << headers << ": " << r.status << " " << r.body);
  }
}

// ================================================================ roles and tenancy

TEST_CASE("a member cannot list, create, change, delete, ping or read deliveries of webhooks (403)") {
  Owned o;
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://x.example.com/hook", kBoth);
  auto member = add_member(o.s, o.t.owner, o.t.ws.team_id, "member@example.com", "member");
  auto m = member.auth();
  CHECK(rs::is_forbidden(o.s.get("/api/webhooks?projectId=" + o.project(), m)));
  CHECK(rs::is_forbidden(o.s.post("/api/webhooks", hook_body(o.project(), "https://m.example.com/", kBoth), m)));
  CHECK(rs::is_forbidden(o.s.patch("/api/webhooks/" + id, obj({{"isActive", "false"}}), m)));
  CHECK(rs::is_forbidden(o.s.del("/api/webhooks/" + id, m)));
  CHECK(rs::is_forbidden(o.s.get("/api/webhooks/" + id + "/deliveries", m)));
  CHECK(rs::is_forbidden(o.s.post("/api/webhooks/" + id + "/test", "", m)));
  // Nothing changed.
  auto list = o.s.get("/api/webhooks?projectId=" + o.project(), o.auth());
  REQUIRE(rs::size_of_array(list, "data") == 1);
  CHECK(rs::json_equals(list, "data.0.isActive", "true"));
}

TEST_CASE("an admin can manage webhooks") {
  Owned o;
  auto admin = add_member(o.s, o.t.owner, o.t.ws.team_id, "admin@example.com", "admin");
  std::string id = make_hook(o.s, admin.auth(), o.project(), "https://admin.example.com/hook", kBoth);
  CHECK(o.s.get("/api/webhooks?projectId=" + o.project(), admin.auth()).status == 200);
  CHECK(o.s.patch("/api/webhooks/" + id, obj({{"isActive", "false"}}), admin.auth()).status == 200);
  CHECK(o.s.del("/api/webhooks/" + id, admin.auth()).status == 200);
}

TEST_CASE("another team's webhooks answer 404 like webhooks that do not exist") {
  Owned o;
  std::string id = make_hook(o.s, o.auth(), o.project(), "https://x.example.com/hook", kBoth, make_secret(5));
  auto bob = rs::make_tenant(o.s, "bob@example.com", "Bob's team", "Bob's project");
  auto b = bob.auth();
  CHECK(rs::is_not_found(o.s.get("/api/webhooks?projectId=" + o.project(), b)));
  CHECK(rs::is_not_found(o.s.post("/api/webhooks", hook_body(o.project(), "https://bob.example.com/", kBoth), b)));
  auto cross = o.s.patch("/api/webhooks/" + id, obj({{"isActive", "false"}}), b);
  auto missing = o.s.patch("/api/webhooks/wh_doesnotexist0000000000", obj({{"isActive", "false"}}), b);
  CHECK(rs::is_not_found(cross));
  CHECK(cross.body == missing.body);
  CHECK(rs::is_not_found(o.s.del("/api/webhooks/" + id, b)));
  CHECK(rs::is_not_found(o.s.get("/api/webhooks/" + id + "/deliveries", b)));
  CHECK(rs::is_not_found(o.s.post("/api/webhooks/" + id + "/test", "", b)));
  // Bob's own list does not show it.
  auto list = o.s.get("/api/webhooks?projectId=" + bob.project(), b);
  REQUIRE(list.status == 200);
  CHECK(rs::size_of_array(list, "data") == 0);
  // Alice's webhook is untouched.
  auto mine = o.s.get("/api/webhooks?projectId=" + o.project(), o.auth());
  REQUIRE(rs::size_of_array(mine, "data") == 1);
  CHECK(rs::json_equals(mine, "data.0.isActive", "true"));
}

// ================================================================ run events

TEST_CASE("a run PATCHed to failed delivers run.completed and run.failed to a webhook subscribed to both") {
  Listener l;
  Owned o;
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), kBoth, make_secret(6));
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  CHECK(l.count() == 0);  // a running run is not an event
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(l.wait_for(2));
  auto got = l.received();
  CHECK(types_of(got) == std::vector<std::string>{"run.completed", "run.failed"});
  for (const auto& r : got) {
    auto d = parse(r.body);
    REQUIRE(d.IsObject());
    CHECK(str_member(d["data"]["run"], "id") == run);
    CHECK(str_member(d["data"]["run"], "status") == "failed");
  }
  CHECK(got[0].header("webhook-id") != got[1].header("webhook-id"));
  auto list = wait_delivery_status(o.s, o.auth(), hook, "succeeded");
  CHECK(rs::size_of_array(list, "data") == 2);
}

TEST_CASE("run.failed carries the comparison with the branch's previous run: new failures counted, first 10 named") {
  Listener l;
  Owned o;
  auto failing = [](const std::string& title) {
    return rs::test_item(title, "failed", "tests/a.spec.ts", 10, {{"error", obj({{"message", quote("Error: boom")}})}});
  };
  std::string base = rs::make_run(o.s, o.auth(), o.project(), "running", {{"branch", quote("main")}});
  REQUIRE(rs::post_batch(o.s, o.auth(), base, o.project(), {failing("old > failure")}).status == 201);
  REQUIRE(patch_run(o.s, o.auth(), base, "failed").status == 200);
  make_hook(o.s, o.auth(), o.project(), l.url(), {"run.failed"});
  std::string run = rs::make_run(o.s, o.auth(), o.project(), "running", {{"branch", quote("main")}});
  std::vector<std::string> items = {failing("old > failure")};
  for (int i = 0; i < 12; ++i) items.push_back(failing("new > " + std::to_string(i)));
  REQUIRE(rs::post_batch(o.s, o.auth(), run, o.project(), items).status == 201);
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(l.wait_for(1));
  auto d = parse(l.received()[0].body);
  REQUIRE(d.IsObject());
  const auto& cmp = d["data"]["comparison"];
  REQUIRE(cmp.IsObject());
  CHECK(str_member(cmp["base"], "runId") == base);
  CHECK(cmp["newFailures"].GetInt() == 12);
  REQUIRE(cmp["newFailureTests"].IsArray());
  CHECK(cmp["newFailureTests"].Size() == 10);
  CHECK(std::string(cmp["newFailureTests"][0]["fullTitle"].GetString()).rfind("new > ", 0) == 0);
  CHECK(std::string(cmp["newFailureTests"][0]["baseStatus"].IsNull() ? "null" : "set") == "null");
}

TEST_CASE("a webhook subscribed only to run.completed gets run.completed and not run.failed") {
  Listener both, completed;
  Owned o;
  make_hook(o.s, o.auth(), o.project(), both.url(), kBoth);
  std::string hook = make_hook(o.s, o.auth(), o.project(), completed.url(), {"run.completed"});
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  // The queue is written with the PATCH: exactly one delivery for this webhook.
  auto list = deliveries(o.s, o.auth(), hook);
  REQUIRE(rs::size_of_array(list, "data") == 1);
  CHECK(list.str("data.0.eventType") == "run.completed");
  REQUIRE(completed.wait_for(1));
  REQUIRE(both.wait_for(2));  // the other webhook's deliveries are done by now
  std::this_thread::sleep_for(500ms);
  CHECK(types_of(completed.received()) == std::vector<std::string>{"run.completed"});
}

TEST_CASE("a webhook subscribed only to run.failed gets nothing when a run passes") {
  Listener sentinel, failed_only;
  Owned o;
  make_hook(o.s, o.auth(), o.project(), sentinel.url(), {"run.completed"});
  std::string hook = make_hook(o.s, o.auth(), o.project(), failed_only.url(), {"run.failed"});
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  REQUIRE(patch_run(o.s, o.auth(), run, "passed").status == 200);
  CHECK(rs::size_of_array(deliveries(o.s, o.auth(), hook), "data") == 0);
  REQUIRE(sentinel.wait_for(1));
  std::this_thread::sleep_for(500ms);
  CHECK(failed_only.count() == 0);
}

TEST_CASE("an inactive webhook gets nothing") {
  Listener active, inactive;
  Owned o;
  make_hook(o.s, o.auth(), o.project(), active.url(), kBoth);
  std::string off = make_hook(o.s, o.auth(), o.project(), inactive.url(), kBoth);
  REQUIRE(o.s.patch("/api/webhooks/" + off, obj({{"isActive", "false"}}), o.auth()).status == 200);
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(active.wait_for(2));
  std::this_thread::sleep_for(1s);
  CHECK(inactive.count() == 0);
  auto list = deliveries(o.s, o.auth(), off);
  for (int i = 0; i < rs::size_of_array(list, "data"); ++i)
    CHECK(list.str("data." + std::to_string(i) + ".status") != "succeeded");
}

TEST_CASE("a webhook deactivated while a delivery waits for its retry does not receive the retry") {
  TempConfig cfg(R"("webhookRetrySeconds":[1,1])");
  Listener l;
  l.fail_next(1);
  Owned o(cfg.args());
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"});
  rs::make_run(o.s, o.auth(), o.project(), "passed");
  REQUIRE(l.wait_for(1));
  REQUIRE(o.s.patch("/api/webhooks/" + hook, obj({{"isActive", "false"}}), o.auth()).status == 200);
  auto list = wait_delivery_status(o.s, o.auth(), hook, "failed", 15s);
  CHECK(list.str("data.0.status") == "failed");
  std::this_thread::sleep_for(1500ms);
  CHECK(l.count() == 1);
}

TEST_CASE("a run PATCHed to cancelled delivers run.completed only") {
  Listener l;
  Owned o;
  make_hook(o.s, o.auth(), o.project(), l.url(), kBoth);
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  REQUIRE(patch_run(o.s, o.auth(), run, "cancelled").status == 200);
  REQUIRE(l.wait_for(1));
  std::this_thread::sleep_for(700ms);
  auto got = l.received();
  CHECK(types_of(got) == std::vector<std::string>{"run.completed"});
  CHECK(str_member(parse(got.at(0).body)["data"]["run"], "status") == "cancelled");
}

TEST_CASE("only the first terminal transition sends events: a second PATCH to failed sends nothing") {
  Listener l;
  Owned o;
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), kBoth);
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(l.wait_for(2));
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(o.s.patch("/api/runs/" + run, obj({{"failedTests", "3"}}), o.auth()).status == 200);
  REQUIRE(patch_run(o.s, o.auth(), run, "passed").status == 200);
  CHECK(rs::size_of_array(deliveries(o.s, o.auth(), hook), "data") == 2);
  std::this_thread::sleep_for(1500ms);
  CHECK(l.count() == 2);
}

TEST_CASE("a run created with status passed delivers run.completed only") {
  Listener l;
  Owned o;
  make_hook(o.s, o.auth(), o.project(), l.url(), kBoth);
  auto created = rs::post_run(o.s, o.auth(), o.project(), "passed");
  REQUIRE_MESSAGE(created.status == 201, created.body);
  REQUIRE(l.wait_for(1));
  std::this_thread::sleep_for(700ms);
  auto got = l.received();
  REQUIRE(got.size() == 1);
  auto d = parse(got[0].body);
  CHECK(str_member(d, "type") == "run.completed");
  CHECK(str_member(d["data"]["run"], "id") == created.str("id"));
  CHECK(str_member(d["data"]["run"], "status") == "passed");
}

TEST_CASE("a run created with status failed delivers run.completed and run.failed") {
  Listener l;
  Owned o;
  make_hook(o.s, o.auth(), o.project(), l.url(), kBoth);
  rs::make_run(o.s, o.auth(), o.project(), "failed");
  REQUIRE(l.wait_for(2));
  CHECK(types_of(l.received()) == std::vector<std::string>{"run.completed", "run.failed"});
}

TEST_CASE("events of one project are not sent to another project's webhooks") {
  Listener mine, theirs;
  Owned o;
  auto bob = rs::make_tenant(o.s, "bob@example.com", "Bob's team", "Bob's project");
  make_hook(o.s, o.auth(), o.project(), mine.url(), kBoth);
  make_hook(o.s, bob.auth(), bob.project(), theirs.url(), kBoth);
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(mine.wait_for(2));
  std::this_thread::sleep_for(700ms);
  CHECK(theirs.count() == 0);
}

// ================================================================ what a delivery looks like

TEST_CASE("a delivery carries webhook-id, webhook-timestamp and a webhook-signature that verifies independently") {
  Listener l;
  Owned o;
  std::string secret = make_secret(7);
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.failed"}, secret);
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  int64_t before = now_s();
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(l.wait_for(1));
  auto r = l.received().at(0);
  CHECK(r.method == "POST");
  CHECK(r.path == "/hook");
  CHECK(r.header_count("webhook-id") == 1);
  CHECK(r.header_count("webhook-timestamp") == 1);
  CHECK(r.header_count("webhook-signature") == 1);
  std::string ts = r.header("webhook-timestamp");
  REQUIRE(!ts.empty());
  CHECK(ts.find_first_not_of("0123456789") == std::string::npos);
  int64_t t = std::stoll(ts);
  CHECK(t >= before - 5);
  CHECK(t <= now_s() + 5);
  CHECK(r.header("webhook-signature").rfind("v1,", 0) == 0);
  CHECK_MESSAGE(signature_matches(r, secret), "signature " << r.header("webhook-signature") << " expected "
                                                           << expected_signature(secret, r.header("webhook-id"), ts, r.body));
  // A signature for another secret or a changed body does not match.
  CHECK_FALSE(signature_matches(r, make_secret(8)));
  Received changed = r;
  changed.body += " ";
  CHECK_FALSE(signature_matches(changed, secret));
  // webhook-id is the delivery's id, as listed.
  auto list = wait_delivery_status(o.s, o.auth(), hook, "succeeded");
  CHECK(list.str("data.0.id") == r.header("webhook-id"));
  CHECK(list.str("data.0.eventId") == str_member(parse(r.body), "id"));
}

TEST_CASE("a delivery carries the custom headers and a JSON body with the event and data.run") {
  Listener l;
  Owned o;
  make_hook(o.s, o.auth(), o.project(), l.url("/services/abc?x=1"), {"run.failed"}, make_secret(9),
            R"({"X-Custom-Header":"value","Authorization":"Bearer downstream-token"})");
  std::string run = rs::make_run(o.s, o.auth(), o.project(), "running", {{"branch", quote("main")}});
  REQUIRE(o.s.patch("/api/runs/" + run, obj({{"status", quote("failed")}, {"totalTests", "10"}, {"failedTests", "2"}}),
                    o.auth())
              .status == 200);
  REQUIRE(l.wait_for(1));
  auto r = l.received().at(0);
  CHECK(r.path == "/services/abc");
  CHECK(r.header("X-Custom-Header") == "value");
  CHECK(r.header("Authorization") == "Bearer downstream-token");
  CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
  auto d = parse(r.body);
  REQUIRE_MESSAGE(!d.HasParseError(), r.body);
  REQUIRE(d.IsObject());
  CHECK(str_member(d, "type") == "run.failed");
  CHECK(rs::is_id(str_member(d, "id"), "evt_"));
  CHECK(rs::is_time(str_member(d, "createdAt")));
  REQUIRE(d.HasMember("data"));
  REQUIRE(d["data"].IsObject());
  REQUIRE(d["data"].HasMember("run"));
  const auto& run_json = d["data"]["run"];
  CHECK(str_member(run_json, "id") == run);
  CHECK(str_member(run_json, "projectId") == o.project());
  CHECK(str_member(run_json, "status") == "failed");
  CHECK(str_member(run_json, "branch") == "main");
  REQUIRE(run_json.HasMember("totalTests"));
  CHECK(run_json["totalTests"].GetInt() == 10);
  CHECK(run_json["failedTests"].GetInt() == 2);
}

TEST_CASE("a delivery has exactly one Content-Type, application/json, and one User-Agent, even with custom ones") {
  Listener l;
  Owned o;
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"}, "",
                               R"({"content-type":"text/plain","User-Agent":"acme-relay/1.0","X-A":"1"})");
  REQUIRE(o.s.post("/api/webhooks/" + hook + "/test", "", o.auth()).status == 202);
  REQUIRE(l.wait_for(1));
  auto r = l.received().at(0);
  CHECK(r.header_count("Content-Type") == 1);
  CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
  CHECK(r.header_count("User-Agent") == 1);
  CHECK(r.header("User-Agent") == "acme-relay/1.0");
  CHECK(r.header("X-A") == "1");
}

TEST_CASE("a secret changed with PATCH signs the next delivery") {
  Listener l;
  Owned o;
  std::string first = make_secret(10), second = make_secret(11);
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"}, first);
  REQUIRE(o.s.patch("/api/webhooks/" + hook, obj({{"secret", quote(second)}}), o.auth()).status == 200);
  rs::make_run(o.s, o.auth(), o.project(), "passed");
  REQUIRE(l.wait_for(1));
  auto r = l.received().at(0);
  CHECK(signature_matches(r, second));
  CHECK_FALSE(signature_matches(r, first));
}

TEST_CASE("the secret never appears in a response, the server log or the database files in the clear") {
  Listener l;
  Owned o;
  std::string secret = make_secret(12), second = make_secret(13);
  std::vector<Result> answers;
  answers.push_back(o.s.post("/api/webhooks", hook_body(o.project(), l.url(), kBoth, secret), o.auth()));
  REQUIRE(answers.back().status == 201);
  std::string hook = answers.back().str("id");
  answers.push_back(o.s.get("/api/webhooks?projectId=" + o.project(), o.auth()));
  answers.push_back(o.s.patch("/api/webhooks/" + hook, obj({{"secret", quote(second)}}), o.auth()));
  answers.push_back(o.s.post("/api/webhooks/" + hook + "/test", "", o.auth()));
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  REQUIRE(patch_run(o.s, o.auth(), run, "failed").status == 200);
  REQUIRE(l.wait_for(3));
  answers.push_back(wait_delivery_status(o.s, o.auth(), hook, "succeeded"));
  // A bad request that echoes fields must not echo the secret either.
  answers.push_back(o.s.post("/api/webhooks", hook_body(o.project(), "ftp://bad", kBoth, secret), o.auth()));
  answers.push_back(o.s.patch("/api/webhooks/" + hook, obj({{"secret", quote(secret)}, {"events", "[]"}}), o.auth()));
  for (const auto& s : {secret, second}) {
    std::string key_b64 = s.substr(6);
    for (const auto& a : answers) {
      CHECK(a.body.find(key_b64) == std::string::npos);
      for (const auto& [k, v] : a.headers) CHECK(v.find(key_b64) == std::string::npos);
    }
    for (const auto& r : l.received()) {
      CHECK(r.body.find(key_b64) == std::string::npos);
      for (const auto& [k, v] : r.headers) CHECK(v.find(key_b64) == std::string::npos);
    }
  }
  o.s.stop();  // flush the log and the database
  std::string log = read_file(o.s.log());
  CHECK_FALSE(log.empty());
  std::string db;
  for (const char* f : {"/euriqa.db", "/euriqa.db-wal"}) db += read_file(o.s.data_dir() + f);
  CHECK_FALSE(db.empty());
  for (const auto& s : {secret, second}) {
    CHECK(log.find(s.substr(6)) == std::string::npos);
    CHECK(db.find(s.substr(6)) == std::string::npos);
  }
  // What is stored is a sealed box, and not even that is ever sent back.
  SQLite::Database conn(o.s.data_dir() + "/euriqa.db", SQLite::OPEN_READONLY, 5000);
  SQLite::Statement q(conn, "SELECT secret_box FROM webhooks WHERE id = ?");
  q.bind(1, hook);
  REQUIRE(q.executeStep());
  std::string box = q.getColumn(0).getString();
  CHECK(box.size() > 20);
  for (const auto& a : answers) CHECK(a.body.find(box) == std::string::npos);
}

// ================================================================ retries and the durable queue

TEST_CASE("a failing receiver is retried on the configured backoff until it succeeds") {
  TempConfig cfg(R"("webhookRetrySeconds":[1,1,1])");
  Listener l;
  l.fail_next(2);
  Owned o(cfg.args());
  std::string secret = make_secret(14);
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"}, secret);
  rs::make_run(o.s, o.auth(), o.project(), "passed");
  REQUIRE(l.wait_for(3, 30s));
  auto list = wait_delivery_status(o.s, o.auth(), hook, "succeeded");
  REQUIRE(rs::size_of_array(list, "data") == 1);
  CHECK(list.str("data.0.status") == "succeeded");
  CHECK(rs::num(list, "data.0.attempts") == 3);
  CHECK(rs::num(list, "data.0.lastStatusCode") == 200);
  CHECK(rs::num(list, "data.0.durationMs") >= 0);
  CHECK(list.str("data.0.eventType") == "run.completed");
  CHECK(list.is_null("data.0.nextAttemptAt"));
  auto got = l.received();
  REQUIRE(got.size() == 3);
  CHECK(got[0].answered == 500);
  CHECK(got[1].answered == 500);
  CHECK(got[2].answered == 200);
  for (const auto& r : got) {
    CHECK(r.header("webhook-id") == got[0].header("webhook-id"));  // one message, several attempts
    CHECK(r.body == got[0].body);
    CHECK(signature_matches(r, secret));
  }
  // The backoff was waited (1 s each), not skipped.
  CHECK(got[1].at - got[0].at >= 900ms);
  CHECK(got[2].at - got[1].at >= 900ms);
  std::this_thread::sleep_for(1500ms);
  CHECK(l.count() == 3);  // nothing after the success
}

TEST_CASE("a delivery between attempts is listed as pending with its last status code and next attempt") {
  TempConfig cfg(R"("webhookRetrySeconds":[30])");
  Listener l;
  l.fail_next(1);
  Owned o(cfg.args());
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"});
  rs::make_run(o.s, o.auth(), o.project(), "passed");
  REQUIRE(l.wait_for(1));
  auto deadline = Clock::now() + 10s;
  Result list = deliveries(o.s, o.auth(), hook);
  while (Clock::now() < deadline && rs::num(list, "data.0.attempts") != 1) {
    std::this_thread::sleep_for(50ms);
    list = deliveries(o.s, o.auth(), hook);
  }
  CHECK(list.str("data.0.status") == "pending");
  CHECK(rs::num(list, "data.0.attempts") == 1);
  CHECK(rs::num(list, "data.0.lastStatusCode") == 500);
  CHECK(rs::is_time(list.str("data.0.nextAttemptAt")));
  CHECK(rs::is_id(list.str("data.0.id"), "dlv_"));
  CHECK(rs::is_time(list.str("data.0.createdAt")));
}

TEST_CASE("a dead URL is given up after the schedule: status failed, attempts = schedule length + 1") {
  TempConfig cfg(R"("webhookRetrySeconds":[1,1,1])");
  Owned o(cfg.args());
  std::string dead = "http://127.0.0.1:" + std::to_string(closed_port()) + "/hook";
  std::string hook = make_hook(o.s, o.auth(), o.project(), dead, {"run.completed"}, make_secret(15));
  rs::make_run(o.s, o.auth(), o.project(), "passed");
  auto list = wait_delivery_status(o.s, o.auth(), hook, "failed", 40s);
  REQUIRE(rs::size_of_array(list, "data") == 1);
  CHECK(list.str("data.0.status") == "failed");
  CHECK(rs::num(list, "data.0.attempts") == 4);
  CHECK(list.is_null("data.0.lastStatusCode"));
  CHECK_FALSE(list.str("data.0.lastError").empty());
  CHECK(list.is_null("data.0.nextAttemptAt"));
  std::this_thread::sleep_for(1500ms);
  CHECK(rs::num(deliveries(o.s, o.auth(), hook), "data.0.attempts") == 4);  // no more tries
}

TEST_CASE("a receiver answering 500 every time is given up after the schedule with the last status code") {
  TempConfig cfg(R"("webhookRetrySeconds":[1,1])");
  Listener l;
  l.fail_next(1000);
  Owned o(cfg.args());
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"});
  rs::make_run(o.s, o.auth(), o.project(), "passed");
  auto list = wait_delivery_status(o.s, o.auth(), hook, "failed", 30s);
  CHECK(list.str("data.0.status") == "failed");
  CHECK(rs::num(list, "data.0.attempts") == 3);
  CHECK(rs::num(list, "data.0.lastStatusCode") == 500);
  CHECK(l.count() == 3);
}

TEST_CASE("a delivery pending across a server restart is still delivered after the restart") {
  TempConfig cfg(R"("webhookRetrySeconds":[2])");
  Listener l;
  l.fail_next(1);
  Owned o(cfg.args());
  std::string secret = make_secret(16);
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"}, secret);
  rs::make_run(o.s, o.auth(), o.project(), "passed");
  REQUIRE(l.wait_for(1));
  // The failed attempt is recorded (an attempt still in flight at a stop is simply
  // sent again after the start); the retry is 2 s away: the delivery is pending now.
  auto deadline = Clock::now() + 10s;
  while (Clock::now() < deadline && rs::num(deliveries(o.s, o.auth(), hook), "data.0.attempts") < 1)
    std::this_thread::sleep_for(20ms);
  CHECK(o.s.stop() == 0);
  auto restarted_at = Clock::now();
  o.s.start();
  REQUIRE(l.wait_for(2, 30s));
  auto got = l.received();
  CHECK(got[1].at >= restarted_at);
  CHECK(got[1].answered == 200);
  CHECK(got[1].header("webhook-id") == got[0].header("webhook-id"));
  CHECK(signature_matches(got[1], secret));  // the sealed secret opens after a restart
  auto list = wait_delivery_status(o.s, o.auth(), hook, "succeeded");
  CHECK(list.str("data.0.status") == "succeeded");
  CHECK(rs::num(list, "data.0.attempts") == 2);
}

TEST_CASE("with webhookAllowPrivateTargets false, loopback, localhost, :: and 0.0.0.0 targets are refused unsent") {
  TempConfig cfg(R"("webhookRetrySeconds":[],"webhookAllowPrivateTargets":false)");
  Listener l;
  Owned o(cfg.args());
  std::string port = std::to_string(l.port());
  for (const std::string& url : {l.url(), "http://localhost:" + port + "/hook", "http://[::]:" + port + "/hook",
                                 "http://[::1]:" + port + "/hook", "http://[::ffff:127.0.0.1]:" + port + "/hook",
                                 "http://0.0.0.0:" + port + "/hook"}) {
    CAPTURE(url);
    std::string hook = make_hook(o.s, o.auth(), o.project(), url, {"run.completed"});
    REQUIRE(o.s.post("/api/webhooks/" + hook + "/test", "", o.auth()).status == 202);
    auto list = wait_delivery_status(o.s, o.auth(), hook, "failed", 15s);
    CHECK(list.str("data.0.status") == "failed");
    CHECK(rs::num(list, "data.0.attempts") == 1);
    CHECK(list.str("data.0.lastError").find("private") != std::string::npos);
  }
  CHECK(l.count() == 0);
}

// ================================================================ ping and non-blocking delivery

TEST_CASE("POST /api/webhooks/:id/test answers 202 and delivers a signed ping") {
  Listener l;
  Owned o;
  std::string secret = make_secret(17);
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.failed"}, secret);
  auto r = o.s.post("/api/webhooks/" + hook + "/test", "", o.auth());
  REQUIRE_MESSAGE(r.status == 202, r.body);
  CHECK(rs::is_id(r.str("id"), "dlv_"));
  CHECK(r.str("eventType") == "ping");
  REQUIRE(l.wait_for(1));
  auto got = l.received().at(0);
  auto d = parse(got.body);
  CHECK(str_member(d, "type") == "ping");
  CHECK(got.header("webhook-id") == r.str("id"));
  CHECK(signature_matches(got, secret));
  auto list = wait_delivery_status(o.s, o.auth(), hook, "succeeded");
  CHECK(list.str("data.0.eventType") == "ping");
}

TEST_CASE("finishing a run answers quickly while the receiver takes 3 s: delivery never blocks the request") {
  Listener l;
  l.set_delay(3s);
  Owned o;
  make_hook(o.s, o.auth(), o.project(), l.url(), kBoth);
  std::string run = rs::make_run(o.s, o.auth(), o.project());
  auto start = Clock::now();
  auto r = patch_run(o.s, o.auth(), run, "failed");
  auto took = Clock::now() - start;
  REQUIRE(r.status == 200);
  CHECK_MESSAGE(took < 1s, "PATCH took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                         << " ms");
  // While the worker waits on the slow receiver, other requests are served at once.
  start = Clock::now();
  auto created = rs::post_run(o.s, o.auth(), o.project(), "passed");
  CHECK(created.status == 201);
  CHECK(Clock::now() - start < 1s);
  REQUIRE(l.wait_for(1, 30s));  // and the delivery did happen
}

// ================================================================ receivers that cannot abuse delivery

namespace {

// Peak resident memory of a process in MiB (VmHWM from /proc/PID/status); -1 if unknown.
long peak_rss_mib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  return -1;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr long kServerRssLimitMib = 300;  // AddressSanitizer's shadow memory (measured 122 MiB idle)
#else
constexpr long kServerRssLimitMib = 150;
#endif

}  // namespace

TEST_CASE("a 200 with an endless body is one successful delivery and the server reads only a little of it") {
  EndlessBody receiver;
  Owned o;
  long before = peak_rss_mib(o.s.pid());
  REQUIRE(before > 0);
  std::string hook = make_hook(o.s, o.auth(), o.project(), receiver.url(), {"run.completed"});
  REQUIRE(o.s.post("/api/webhooks/" + hook + "/test", "", o.auth()).status == 202);
  auto list = wait_delivery_status(o.s, o.auth(), hook, "succeeded", 60s);
  long after = peak_rss_mib(o.s.pid());
  MESSAGE("server peak RSS " << before << " MiB before the delivery, " << after << " MiB after");
  CHECK(list.str("data.0.status") == "succeeded");
  CHECK(rs::num(list, "data.0.lastStatusCode") == 200);
  CHECK(rs::num(list, "data.0.attempts") == 1);
  CHECK(list.is_null("data.0.lastError"));
  CHECK(after < kServerRssLimitMib);
  CHECK(after - before < 64);
  std::this_thread::sleep_for(1500ms);
  CHECK(receiver.requests() == 1);  // a success: not retried
  CHECK(receiver.most_bytes_sent() < EndlessBody::kBodyBytes);  // the server stopped reading
  CHECK(rs::num(deliveries(o.s, o.auth(), hook), "data.0.attempts") == 1);
}

TEST_CASE("a receiver that never answers holds up only its own webhooks: another team's ping arrives within 3 s") {
  TempConfig cfg;
  Tarpit tarpit;
  Listener l;
  Owned o(cfg.args());
  auto bob = rs::make_tenant(o.s, "bob@example.com", "Bob's team", "Bob's project");
  std::vector<std::string> stuck;
  for (int i = 0; i < 10; ++i)
    stuck.push_back(make_hook(o.s, bob.auth(), bob.project(), tarpit.url("/hook" + std::to_string(i)),
                              {"run.completed"}));
  rs::make_run(o.s, bob.auth(), bob.project(), "passed");  // ten deliveries into the tarpit
  REQUIRE(tarpit.wait_accepted(1, 10s));
  tarpit.wait_accepted(10, 2s);

  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"});
  auto start = Clock::now();
  REQUIRE(o.s.post("/api/webhooks/" + hook + "/test", "", o.auth()).status == 202);
  bool arrived = l.wait_for(1, 15s);
  auto took = Clock::now() - start;
  MESSAGE("ping delivered " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms after it was asked for, beside "
                            << tarpit.accepted() << " deliveries stuck in the tarpit");
  CHECK(arrived);
  CHECK(took < 3s);
  CHECK(tarpit.accepted() == 10);  // every one of Bob's deliveries is in flight, none answered
  for (const auto& id : stuck) {
    auto list = deliveries(o.s, bob.auth(), id);
    CHECK(list.str("data.0.status") == "pending");
    CHECK(rs::num(list, "data.0.attempts") == 0);
  }
}

// One team may hold at most a quarter of the delivery slots: with 8 slots, Bob's ten
// receivers that never answer take 2, and another team's ping still goes at once.
TEST_CASE("one team's never-answering receivers cannot take every delivery slot") {
  TempConfig cfg(R"("webhookConcurrency": 8)");
  Tarpit tarpit;
  Listener l;
  Owned o(cfg.args());
  auto bob = rs::make_tenant(o.s, "bob@example.com", "Bob's team", "Bob's project");
  for (int i = 0; i < 10; ++i)
    make_hook(o.s, bob.auth(), bob.project(), tarpit.url("/hook" + std::to_string(i)), {"run.completed"});
  rs::make_run(o.s, bob.auth(), bob.project(), "passed");
  REQUIRE(tarpit.wait_accepted(2, 10s));
  std::string hook = make_hook(o.s, o.auth(), o.project(), l.url(), {"run.completed"});
  auto start = Clock::now();
  REQUIRE(o.s.post("/api/webhooks/" + hook + "/test", "", o.auth()).status == 202);
  CHECK(l.wait_for(1, 15s));
  CHECK(Clock::now() - start < 3s);
  CHECK(tarpit.accepted() == 2);  // a quarter of 8
}

TEST_CASE("one webhook's deliveries arrive one at a time in the order they were queued, beside another's") {
  TempConfig cfg;
  Listener ordered, slow;
  ordered.set_delay(150ms);
  slow.set_delay(2500ms);
  Owned o(cfg.args());
  std::string slow_hook = make_hook(o.s, o.auth(), o.project(), slow.url(), {"run.completed"});
  std::string hook = make_hook(o.s, o.auth(), o.project(), ordered.url(), {"run.completed"});
  REQUIRE(o.s.post("/api/webhooks/" + slow_hook + "/test", "", o.auth()).status == 202);
  std::vector<std::string> queued;
  for (int i = 0; i < 6; ++i) {
    auto r = o.s.post("/api/webhooks/" + hook + "/test", "", o.auth());
    REQUIRE(r.status == 202);
    queued.push_back(r.str("id"));
  }
  REQUIRE(ordered.wait_for(6, 30s));
  REQUIRE(slow.wait_for(1, 30s));
  auto got = ordered.received();  // in the order they were answered
  std::vector<std::string> ids;
  for (const auto& r : got) ids.push_back(r.header("webhook-id"));
  CHECK(ids == queued);
  for (size_t i = 1; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].arrived >= got[i - 1].at);  // no overlap: each came after the previous was answered
  }
  // All six went out while the slow receiver was still answering the other webhook.
  auto other = slow.received().at(0);
  CHECK(got.front().arrived < other.at);
  CHECK(got.back().at < other.at);
  auto list = wait_delivery_status(o.s, o.auth(), hook, "succeeded");
  for (int i = 0; i < rs::size_of_array(list, "data"); ++i) CHECK(list.str("data." + std::to_string(i) + ".status") == "succeeded");
}

TEST_CASE("with webhookAllowPrivateTargets false, NAT64, IPv4-compatible, benchmarking and multicast targets are refused") {
  TempConfig cfg(R"("webhookRetrySeconds":[],"webhookAllowPrivateTargets":false,"webhookTimeoutSeconds":2)");
  Listener l;
  Owned o(cfg.args());
  std::string port = std::to_string(l.port());
  for (const std::string& url :
       {"http://[64:ff9b::7f00:1]:" + port + "/hook", "http://198.18.0.1:" + port + "/hook",
        "http://198.19.255.254:" + port + "/hook", "http://[::127.0.0.1]:" + port + "/hook",
        "http://[64:ff9b::808:808]:" + port + "/hook", "http://192.0.0.170:" + port + "/hook",
        "http://224.0.0.1:" + port + "/hook", "http://[fec0::1]:" + port + "/hook"}) {
    CAPTURE(url);
    std::string hook = make_hook(o.s, o.auth(), o.project(), url, {"run.completed"});
    REQUIRE(o.s.post("/api/webhooks/" + hook + "/test", "", o.auth()).status == 202);
    auto list = wait_delivery_status(o.s, o.auth(), hook, "failed", 15s);
    CHECK(list.str("data.0.status") == "failed");
    CHECK(rs::num(list, "data.0.attempts") == 1);
    CHECK(list.is_null("data.0.lastStatusCode"));
    std::string error = list.str("data.0.lastError");
    CHECK(error.rfind("refused:", 0) == 0);
    CHECK(error.find("special-purpose address") != std::string::npos);
  }
  CHECK(l.count() == 0);
}
