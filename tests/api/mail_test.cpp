// Email (issue 12) through a real SMTP server started by the test: every message the
// server sends (invitation, address confirmation, password reset, change of address,
// a failed run) arrives in text and HTML, and its link, followed, completes the flow;
// mail queued while the SMTP server is down is delivered when it comes back.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "support/server.h"
#include "support/smtp_server.h"

using namespace euriqa::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "correct-horse-9";

// A server that mails through `smtp`, retrying failed sends after a second.
struct Mailing {
  SmtpServer smtp;
  std::string dir = make_temp_dir();
  std::string config = write_config();
  TestServer s{{"--signup", "open", "--config", config}};

  std::string write_config() {
    std::string path = dir + "/euriqa.json";
    std::ofstream(path) << R"({"smtp": {"host": "127.0.0.1", "port": )" << smtp.port()
                        << R"(, "security": "none", "from": "Euriqa <euriqa@test.example>"},
                           "mailRetrySeconds": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
                           "rateLimits": {"runsRead": 0, "runsWrite": 0, "testsRead": 0, "testsWrite": 0,
                                          "projectsTeams": 0}})";
    return path;
  }
  // The mails received for `to`, waiting until there are `count` in all.
  std::vector<Mail> mails_to(const std::string& to, size_t count = 1) {
    std::vector<Mail> mine;
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
      mine.clear();
      for (auto& m : smtp.received())
        if (m.to == to) mine.push_back(m);
      if (mine.size() >= count) break;
      std::this_thread::sleep_for(50ms);
    }
    return mine;
  }
};

// The token at the end of the first link of a mail that contains `marker`.
std::string token_in(const Mail& m, const std::string& marker) {
  for (const auto& link : m.links())
    if (link.find(marker) != std::string::npos) return link.substr(link.rfind('/') + 1);
  FAIL("no link with ", marker, " in: ", m.text);
  return "";
}

bool is_true(const Result& r, const std::string& path) {
  const auto* v = r.at(path);
  return v && v->IsBool() && v->GetBool();
}

}  // namespace

TEST_CASE("an invitation is emailed with its link, and the link joins the team") {
  Mailing m;
  auto owner = register_user(m.s, "owner@corp.example");
  auto ws = create_workspace(m.s, owner, "Team A", "Project A");
  auto inv = m.s.post("/api/team-members",
                      obj({{"teamId", quote(ws.team_id)}, {"email", quote("bob@corp.example")}, {"role", quote("member")}}),
                      owner.auth());
  REQUIRE(inv.status == 201);
  CHECK(is_true(inv, "emailSent"));
  auto mails = m.mails_to("bob@corp.example");
  REQUIRE(mails.size() == 1);
  const Mail& mail = mails[0];
  CHECK(mail.subject == "Join Team A on Euriqa");
  CHECK(mail.header("From").find("euriqa@test.example") != std::string::npos);
  CHECK(mail.text.find("Test User invited you to join the team Team A") != std::string::npos);
  CHECK(mail.html.find("Accept the invitation") != std::string::npos);
  std::string token = token_in(mail, "/invite/");
  CHECK(token == invite_token(inv));
  auto bob = m.s.post("/api/auth/register", obj({{"email", quote("bob@corp.example")}, {"password", quote(kPassword)},
                                                 {"inviteToken", quote(token)}}));
  REQUIRE_MESSAGE(bob.status == 201, bob.body);
  CHECK(m.s.get("/api/auth/me", Auth::session(cookie_token(bob))).str("teams.0.id") == ws.team_id);
}

TEST_CASE("an open sign-up is asked to confirm its address, and the link confirms it once") {
  Mailing m;
  register_user(m.s, "first@corp.example");  // the first user is verified without mail
  auto u = register_user(m.s, "second@corp.example");
  CHECK_FALSE(is_true(m.s.get("/api/auth/me", u.auth()), "emailVerified"));
  auto mails = m.mails_to("second@corp.example");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].subject == "Confirm your email address");
  std::string token = token_in(mails[0], "/verify-email/");
  auto r = m.s.post("/api/auth/verify-email", obj({{"token", quote(token)}}));
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(is_true(m.s.get("/api/auth/me", u.auth()), "emailVerified"));
  CHECK(m.s.post("/api/auth/verify-email", obj({{"token", quote(token)}})).status == 410);
  CHECK(m.mails_to("first@corp.example", 1).empty());
  // Confirmed: asking again is refused.
  CHECK(m.s.post("/api/auth/verify-email/resend", "", u.auth()).status == 409);
}

TEST_CASE("a new confirmation link can be asked for, and voids the earlier one") {
  Mailing m;
  register_user(m.s, "first@corp.example");
  auto u = register_user(m.s, "second@corp.example");
  REQUIRE(m.mails_to("second@corp.example").size() == 1);
  REQUIRE(m.s.post("/api/auth/verify-email/resend", "", u.auth()).status == 202);
  auto mails = m.mails_to("second@corp.example", 2);
  REQUIRE(mails.size() == 2);
  std::string old_token = token_in(mails[0], "/verify-email/"), new_token = token_in(mails[1], "/verify-email/");
  CHECK(m.s.post("/api/auth/verify-email", obj({{"token", quote(old_token)}})).status == 410);
  CHECK(m.s.post("/api/auth/verify-email", obj({{"token", quote(new_token)}})).status == 200);
}

TEST_CASE("a forgotten password is reset through the emailed link, and every session ends") {
  Mailing m;
  auto alice = register_user(m.s, "alice@corp.example");
  auto laptop = login(m.s, "alice@corp.example");
  REQUIRE(m.s.post("/api/auth/password-reset", obj({{"email", quote("Alice@Corp.Example")}})).status == 202);
  REQUIRE(m.s.post("/api/auth/password-reset", obj({{"email", quote("nobody@corp.example")}})).status == 202);
  auto mails = m.mails_to("alice@corp.example");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].subject == "Reset your Euriqa password");
  CHECK(mails[0].html.find("Choose a new password") != std::string::npos);
  std::string token = token_in(mails[0], "/reset-password/");
  auto confirm = m.s.post("/api/auth/password-reset/confirm",
                          obj({{"token", quote(token)}, {"password", quote("a-new-secret-1")}}));
  REQUIRE_MESSAGE(confirm.status == 200, confirm.body);
  CHECK(m.s.get("/api/auth/me", alice.auth()).status == 401);
  CHECK(m.s.get("/api/auth/me", laptop.auth()).status == 401);
  CHECK(m.s.post("/api/auth/login", obj({{"email", quote("alice@corp.example")}, {"password", quote("a-new-secret-1")}})).status == 200);
  CHECK(m.s.post("/api/auth/password-reset/confirm", obj({{"token", quote(token)}, {"password", quote("again-pw-22")}})).status == 410);
  CHECK(m.mails_to("nobody@corp.example", 1).empty());  // nothing was sent to an address without an account
}

TEST_CASE("a change of address takes effect when the link sent to the new address is opened") {
  Mailing m;
  register_user(m.s, "first@corp.example");
  auto u = register_user(m.s, "old@corp.example");
  auto r = m.s.post("/api/auth/email", obj({{"email", quote("new@corp.example")}, {"currentPassword", quote(kPassword)}}),
                    u.auth());
  REQUIRE_MESSAGE(r.status == 202, r.body);
  CHECK(r.str("pendingEmail") == "new@corp.example");
  CHECK(m.s.get("/api/auth/me", u.auth()).str("email") == "old@corp.example");  // not yet
  auto mails = m.mails_to("new@corp.example");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].subject == "Confirm your new email address");
  auto v = m.s.post("/api/auth/verify-email", obj({{"token", quote(token_in(mails[0], "/verify-email/"))}}));
  REQUIRE_MESSAGE(v.status == 200, v.body);
  auto me = m.s.get("/api/auth/me", u.auth());
  CHECK(me.str("email") == "new@corp.example");
  CHECK(is_true(me, "emailVerified"));
}

TEST_CASE("a failed run on a watched branch is mailed to the members who asked, with its failed tests") {
  Mailing m;
  register_user(m.s, "first@corp.example");               // the server's first user
  auto owner = register_user(m.s, "owner@corp.example");  // an open sign-up that never confirmed its address
  auto ws = create_workspace(m.s, owner, "Team A", "Shop");
  auto bob = add_member(m.s, owner, ws.team_id, "bob@corp.example", "viewer");  // confirmed by the invitation link
  auto subscribe = [&](const Session& who) {
    return m.s.post("/api/run-failure-emails", obj({{"projectId", quote(ws.project_id)}, {"branch", quote("main")}}), who.auth()).status;
  };
  REQUIRE(subscribe(bob) == 201);
  REQUIRE(subscribe(owner) == 201);
  m.smtp.wait_for(10, 1s);  // the invitation and confirmation mails out of the way
  size_t before = m.mails_to("bob@corp.example", 0).size();
  size_t owner_before = m.mails_to("owner@corp.example", 0).size();
  // A failed run on another branch mails nobody.
  auto other = m.s.post("/api/runs", obj({{"projectId", quote(ws.project_id)}, {"status", quote("running")}, {"branch", quote("feature")}}),
                        owner.auth());
  REQUIRE(m.s.patch("/api/runs/" + other.str("id"), obj({{"status", quote("failed")}}), owner.auth()).status == 200);
  // One on main does.
  auto run = m.s.post("/api/runs", obj({{"projectId", quote(ws.project_id)}, {"status", quote("running")}, {"branch", quote("main")},
                                        {"commitSha", quote("abcdef1234567890")}, {"runTitle", quote("Nightly")}}),
                      owner.auth());
  std::string batch = "{\"runId\":" + quote(run.str("id")) + ",\"projectId\":" + quote(ws.project_id) + ",\"tests\":[" +
                      R"({"title":"pays","fullTitle":"checkout > pays","filePath":"tests/pay.spec.ts","status":"failed","duration":5,)"
                      R"("error":{"message":"expect(received).toBe(expected)\n\nExpected: 3\nReceived: 4"}},)"
                      R"({"title":"lists","fullTitle":"cart > lists","status":"passed","duration":3}]})";
  REQUIRE(m.s.post("/api/tests/batch", batch, owner.auth()).status == 201);
  REQUIRE(m.s.patch("/api/runs/" + run.str("id"), obj({{"status", quote("failed")}}), owner.auth()).status == 200);
  auto mails = m.mails_to("bob@corp.example", before + 1);
  REQUIRE(mails.size() == before + 1);
  const Mail& mail = mails.back();
  CHECK(mail.subject == "[Shop] Run failed on main: 1 failed");
  CHECK(mail.text.find("checkout > pays (tests/pay.spec.ts)") != std::string::npos);
  CHECK(mail.text.find("expect(received).toBe(expected)") != std::string::npos);
  CHECK(mail.text.find("Expected: 3") == std::string::npos);  // the first line only
  CHECK(mail.html.find("checkout &gt; pays") != std::string::npos);
  bool links_run = false;
  for (const auto& l : mail.links()) links_run = links_run || l.find("/runs/" + run.str("id")) != std::string::npos;
  CHECK(links_run);
  // Only once (the run on `feature` mailed nobody), and not to the owner, whose
  // address was never confirmed.
  std::this_thread::sleep_for(500ms);
  CHECK(m.mails_to("bob@corp.example", 0).size() == before + 1);
  CHECK(m.mails_to("owner@corp.example", 0).size() == owner_before);
}

TEST_CASE("mail queued while the SMTP server is down is delivered when it comes back") {
  Mailing m;
  auto owner = register_user(m.s, "owner@corp.example");
  auto ws = create_workspace(m.s, owner);
  m.smtp.stop();
  auto inv = m.s.post("/api/team-members",
                      obj({{"teamId", quote(ws.team_id)}, {"email", quote("late@corp.example")}, {"role", quote("viewer")}}),
                      owner.auth());
  REQUIRE(inv.status == 201);
  std::this_thread::sleep_for(2500ms);  // a first attempt or two fail meanwhile
  CHECK(m.smtp.received().empty());
  m.smtp.start();
  auto mails = m.mails_to("late@corp.example");
  REQUIRE(mails.size() == 1);
  CHECK(token_in(mails[0], "/invite/") == invite_token(inv));
}

TEST_CASE("mail pending at shutdown is sent after the next start") {
  Mailing m;
  auto owner = register_user(m.s, "owner@corp.example");
  auto ws = create_workspace(m.s, owner);
  m.smtp.stop();
  auto inv = m.s.post("/api/team-members",
                      obj({{"teamId", quote(ws.team_id)}, {"email", quote("later@corp.example")}, {"role", quote("viewer")}}),
                      owner.auth());
  REQUIRE(inv.status == 201);
  m.s.stop();
  m.smtp.start();
  m.s.start();
  REQUIRE(m.mails_to("later@corp.example").size() == 1);
}
