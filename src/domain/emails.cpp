#include "domain/emails.h"

#include "domain/time.h"

namespace euriqa::domain {

namespace {

// One simple, readable layout for every message: a heading, paragraphs, a button.
std::string html_page(const std::string& heading, const std::string& body_html) {
  return "<!doctype html><html><body style=\"font-family:system-ui,-apple-system,Segoe UI,sans-serif;"
         "color:#1f2328;line-height:1.5;max-width:560px;margin:24px auto;padding:0 16px\">"
         "<h1 style=\"font-size:20px\">" + html_escape(heading) + "</h1>" + body_html +
         "<p style=\"color:#59636e;font-size:12px;margin-top:32px\">Sent by Euriqa.</p></body></html>";
}

std::string html_button(const std::string& url, const std::string& label) {
  return "<p><a href=\"" + html_escape(url) + "\" style=\"display:inline-block;background:#0b5cad;color:#fff;"
         "padding:10px 16px;border-radius:6px;text-decoration:none\">" + html_escape(label) + "</a></p>"
         "<p style=\"font-size:12px;color:#59636e\">Or open this link: " + html_escape(url) + "</p>";
}

std::string para(const std::string& text) { return "<p>" + html_escape(text) + "</p>"; }

std::string hello(const std::string& name) { return name.empty() ? "Hello," : "Hello " + name + ","; }

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

MailContent invitation_mail(const std::string& team_name, const std::string& role,
                            const std::optional<std::string>& inviter, const std::string& url, int64_t expires_at_ms) {
  std::string who = inviter ? *inviter + " invited you" : "You are invited";
  std::string line = who + " to join the team " + team_name + " on Euriqa as " + role + ".";
  std::string until = "The invitation is valid until " + format_time(expires_at_ms) + ".";
  MailContent m;
  m.subject = "Join " + team_name + " on Euriqa";
  m.text = line + "\n\nAccept it here (you can create your account on the way):\n" + url + "\n\n" + until +
           "\nIf you did not expect it, ignore this message.\n";
  m.html = html_page("Join " + team_name, para(line) + html_button(url, "Accept the invitation") + para(until) +
                                               para("If you did not expect it, ignore this message."));
  return m;
}

MailContent verification_mail(const std::string& name, const std::string& url, bool changed) {
  std::string line = changed ? "Confirm that this is your new email address for Euriqa."
                             : "Confirm your email address to finish setting up your Euriqa account.";
  MailContent m;
  m.subject = changed ? "Confirm your new email address" : "Confirm your email address";
  m.text = hello(name) + "\n\n" + line + "\n" + url + "\n\nThe link is valid for 24 hours. If you did not ask for it, ignore this message.\n";
  m.html = html_page(m.subject, para(hello(name)) + para(line) + html_button(url, "Confirm the address") +
                                    para("The link is valid for 24 hours. If you did not ask for it, ignore this message."));
  return m;
}

MailContent password_reset_mail(const std::string& name, const std::string& url) {
  MailContent m;
  m.subject = "Reset your Euriqa password";
  std::string line = "Someone asked to reset the password of your Euriqa account. To choose a new one, open:";
  std::string tail = "The link works once, for one hour. Every session of your account is signed out when you use it. "
                     "If you did not ask for it, ignore this message: your password stays as it is.";
  m.text = hello(name) + "\n\n" + line + "\n" + url + "\n\n" + tail + "\n";
  m.html = html_page(m.subject, para(hello(name)) + para(line) + html_button(url, "Choose a new password") + para(tail));
  return m;
}

MailContent run_failed_mail(const RunFailedNotice& n) {
  std::string what = n.run_title.empty() ? "A run" : "The run \"" + n.run_title + "\"";
  std::string where = n.branch.empty() ? "" : " on " + n.branch;
  std::string commit = n.commit_sha.empty() ? "" : " (" + n.commit_sha.substr(0, 12) + ")";
  std::string counts = std::to_string(n.failed) + " failed, " + std::to_string(n.passed) + " passed, " +
                       std::to_string(n.flaky) + " flaky, " + std::to_string(n.skipped) + " skipped of " +
                       std::to_string(n.total);
  MailContent m;
  m.subject = "[" + n.project_name + "] Run failed" + where + ": " + std::to_string(n.failed) + " failed";
  std::string text = what + " of " + n.project_name + where + commit + " failed: " + counts + ".\n\n";
  std::string html = para(what + " of " + n.project_name + where + commit + " failed: " + counts + ".");
  if (!n.groups.empty()) {
    text += "Failure groups:\n";
    html += "<h2 style=\"font-size:16px\">Failure groups</h2><ul>";
    for (const auto& g : n.groups) {
      text += "  " + std::to_string(g.count) + " x " + g.message + "\n";
      html += "<li><b>" + std::to_string(g.count) + " ×</b> " + html_escape(g.message) + "</li>";
    }
    text += "\n";
    html += "</ul>";
  }
  if (!n.failed_tests.empty()) {
    text += "Failed tests:\n";
    html += "<h2 style=\"font-size:16px\">Failed tests</h2><ul>";
    for (const auto& t : n.failed_tests) {
      text += "  - " + t.full_title + (t.file_path.empty() ? "" : " (" + t.file_path + ")") + "\n";
      if (!t.error.empty()) text += "    " + t.error + "\n";
      html += "<li>" + html_escape(t.full_title) +
              (t.file_path.empty() ? "" : " <span style=\"color:#59636e\">" + html_escape(t.file_path) + "</span>") +
              (t.error.empty() ? "" : "<br><code>" + html_escape(t.error) + "</code>") + "</li>";
    }
    if (n.failed > static_cast<int64_t>(n.failed_tests.size())) {
      std::string more = "and " + std::to_string(n.failed - static_cast<int64_t>(n.failed_tests.size())) + " more";
      text += "  " + more + "\n";
      html += "<li>" + more + "</li>";
    }
    text += "\n";
    html += "</ul>";
  }
  text += "Open the run: " + n.run_url + "\n\nYou get this because you asked to be told when runs" + where +
          " fail. Change it in the project's settings: " + n.settings_url + "\n";
  html += html_button(n.run_url, "Open the run") +
          "<p style=\"font-size:12px;color:#59636e\">You get this because you asked to be told when runs" +
          html_escape(where) + " fail. <a href=\"" + html_escape(n.settings_url) + "\">Change it</a>.</p>";
  m.text = text;
  m.html = html_page("Run failed" + where, html);
  return m;
}

}  // namespace euriqa::domain
