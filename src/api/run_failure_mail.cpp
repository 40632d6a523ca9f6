#include "api/run_failure_mail.h"

#include "api/account_links.h"
#include "api/error_text.h"
#include "api/links.h"
#include "domain/emails.h"
#include "store/failure_groups.h"
#include "store/projects.h"
#include "store/results.h"
#include "store/run_failure_subscriptions.h"

namespace euriqa::api {

namespace {

constexpr int kFailedTestsListed = 20;
constexpr size_t kGroupsListed = 10;

}  // namespace

int queue_run_failure_mail(const App& app, const http::Request& req, store::Conn& c, const store::Run& run) {
  if (!app.mail_enabled() || run.status != "failed") return 0;
  auto recipients = store::run_failure_recipients(c, run.project_id, run.branch);
  if (recipients.empty()) return 0;
  auto project = store::find_project(c, run.project_id);
  domain::RunFailedNotice n;
  n.project_name = project ? project->name : run.project_id;
  n.run_title = run.run_title.value_or("");
  n.branch = run.branch.value_or("");
  n.commit_sha = run.commit_sha.value_or("");
  n.total = run.counts.total;
  n.passed = run.counts.passed;
  n.failed = run.counts.failed;
  n.flaky = run.counts.flaky;
  n.skipped = run.counts.skipped;
  std::string base = public_base_url(app, req);
  n.run_url = base + "/p/" + run.project_id + "/runs/" + run.id;
  n.settings_url = base + "/p/" + run.project_id + "/settings/notifications";
  store::ResultFilter f;
  f.project_id = run.project_id;
  f.run_id = run.id;
  f.status = "failed";
  f.limit = kFailedTestsListed;
  for (const auto& t : store::list_results(c, f).first)
    n.failed_tests.push_back({t.full_title, t.file_path.value_or(""), error_first_line_of(t.error_json)});
  // The failure groups (contract §13), the biggest first.
  auto groups = store::run_failure_groups(c, run.id, 1);
  for (size_t i = 0; i < groups.size() && i < kGroupsListed; ++i)
    n.groups.push_back({groups[i].tests.empty() ? "" : error_first_line_of(groups[i].tests.front().error_json),
                        groups[i].count});
  auto mail = domain::run_failed_mail(n);
  int queued = 0;
  for (const auto& r : recipients) queued += queue_mail(app, c, r.email, mail) ? 1 : 0;
  return queued;
}

}  // namespace euriqa::api
