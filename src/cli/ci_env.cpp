#include "cli/ci_env.h"

#include <cstdio>
#include <string_view>
#include <vector>

namespace euriqa::cli {
namespace {

struct Provider {
  const char* name;
  const char* detect;
  std::vector<const char*> branch;
  const char* commit;
  std::vector<const char*> build_id;
  const char* build_url;  // a variable, or "" when built from parts below
  const char* message = "";
  const char* author = "";
};

const std::vector<Provider>& providers() {
  static const std::vector<Provider> all = {
      {"github-actions", "GITHUB_ACTIONS", {"GITHUB_HEAD_REF", "GITHUB_REF_NAME"}, "GITHUB_SHA", {"GITHUB_RUN_ID"}, ""},
      {"gitlab-ci", "GITLAB_CI", {"CI_COMMIT_REF_NAME"}, "CI_COMMIT_SHA", {"CI_PIPELINE_ID"}, "CI_PIPELINE_URL",
       "CI_COMMIT_MESSAGE", "CI_COMMIT_AUTHOR"},
      {"jenkins", "JENKINS_URL", {"BRANCH_NAME", "GIT_BRANCH"}, "GIT_COMMIT", {"BUILD_ID"}, "BUILD_URL"},
      {"circleci", "CIRCLECI", {"CIRCLE_BRANCH"}, "CIRCLE_SHA1", {"CIRCLE_WORKFLOW_ID", "CIRCLE_BUILD_NUM"},
       "CIRCLE_BUILD_URL"},
      {"buildkite", "BUILDKITE", {"BUILDKITE_BRANCH"}, "BUILDKITE_COMMIT", {"BUILDKITE_BUILD_ID"},
       "BUILDKITE_BUILD_URL", "BUILDKITE_MESSAGE", "BUILDKITE_BUILD_AUTHOR_EMAIL"},
      {"azure-pipelines", "TF_BUILD", {"BUILD_SOURCEBRANCHNAME"}, "BUILD_SOURCEVERSION", {"BUILD_BUILDID"}, "",
       "BUILD_SOURCEVERSIONMESSAGE", "BUILD_REQUESTEDFOREMAIL"},
  };
  return all;
}

}  // namespace

std::map<std::string, std::string> detect_ci(const EnvLookup& env,
                                             const std::function<std::string(const std::string&)>& git) {
  auto get = [&](const char* name) -> std::string {
    if (!name || !*name) return "";
    const char* v = env(name);
    return v ? v : "";
  };
  std::map<std::string, std::string> out;
  auto set = [&](const char* key, const std::string& value) {
    if (!value.empty() && !out.count(key)) out[key] = value;
  };
  // Explicit overrides first: they win over anything detected.
  set("branch", get("EURIQA_BRANCH"));
  set("commitSha", get("EURIQA_COMMIT_SHA"));
  set("commitMessage", get("EURIQA_COMMIT_MESSAGE"));
  set("commitAuthor", get("EURIQA_COMMIT_AUTHOR"));
  set("ciBuildId", get("EURIQA_CI_BUILD_ID"));
  set("ciBuildUrl", get("EURIQA_CI_BUILD_URL"));

  for (const auto& p : providers()) {
    std::string flag = get(p.detect);
    if (flag.empty() || (std::string_view(p.name) == "github-actions" && flag != "true")) continue;
    set("ciProvider", p.name);
    for (const char* b : p.branch) set("branch", get(b));
    set("commitSha", get(p.commit));
    for (const char* id : p.build_id) set("ciBuildId", get(id));
    std::string url = get(p.build_url);
    if (std::string_view(p.name) == "github-actions" && !get("GITHUB_RUN_ID").empty())
      url = get("GITHUB_SERVER_URL") + "/" + get("GITHUB_REPOSITORY") + "/actions/runs/" + get("GITHUB_RUN_ID");
    if (std::string_view(p.name) == "azure-pipelines" && !get("BUILD_BUILDID").empty())
      url = get("SYSTEM_COLLECTIONURI") + get("SYSTEM_TEAMPROJECT") + "/_build/results?buildId=" + get("BUILD_BUILDID");
    set("ciBuildUrl", url);
    set("commitMessage", get(p.message));
    set("commitAuthor", get(p.author));
    break;
  }
  if (!out.count("branch")) {
    std::string b = git("rev-parse --abbrev-ref HEAD");
    if (b != "HEAD") set("branch", b);  // a detached HEAD has no branch name
  }
  set("commitSha", git("rev-parse HEAD"));
  set("commitMessage", git("log -1 --format=%s"));
  set("commitAuthor", git("log -1 --format=%ae"));
  return out;
}

std::string run_git(const std::string& args) {
  std::string cmd = "git " + args + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  if (::pclose(p) != 0) return "";
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace euriqa::cli
