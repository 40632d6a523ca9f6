// The email Euriqa sends, as plain text and HTML: invitations, address verification,
// password reset, and run-failure notices. Pure: every value is escaped for HTML
// here, links are the caller's absolute URLs (built from --base-url).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace euriqa::domain {

struct MailContent {
  std::string subject, text, html;
};

MailContent invitation_mail(const std::string& team_name, const std::string& role,
                            const std::optional<std::string>& inviter, const std::string& url, int64_t expires_at_ms);
// A new account's address, or a changed one (`changed` words it as a change).
MailContent verification_mail(const std::string& name, const std::string& url, bool changed);
MailContent password_reset_mail(const std::string& name, const std::string& url);

struct FailedTestLine {
  std::string full_title, file_path, error;  // error: the first line of the message
};
struct FailureGroupLine {
  std::string message;
  int64_t count = 0;
};
struct RunFailedNotice {
  std::string project_name, run_title, branch, commit_sha, run_url, settings_url;
  int64_t total = 0, passed = 0, failed = 0, flaky = 0, skipped = 0;
  std::vector<FailedTestLine> failed_tests;  // the first ones; `failed` says how many in all
  std::vector<FailureGroupLine> groups;      // empty when not computed
};
MailContent run_failed_mail(const RunFailedNotice& notice);

std::string html_escape(const std::string& text);

}  // namespace euriqa::domain
