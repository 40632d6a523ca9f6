// Where a run comes from: the CI provider, build and git commit, read from the CI's
// environment variables, else from `git` in the working directory
// (packaging/playwright-reporter/MAPPING.md lists the variables).
#pragma once
#include <functional>
#include <map>
#include <string>

#include "config/config.h"

namespace euriqa::cli {

using config::EnvLookup;

// Run fields found (ciProvider, ciBuildId, ciBuildUrl, branch, commitSha,
// commitMessage, commitAuthor); absent ones are left out. `git` runs a git command
// line ("rev-parse HEAD") and returns its trimmed output, "" on failure.
std::map<std::string, std::string> detect_ci(const EnvLookup& env,
                                             const std::function<std::string(const std::string&)>& git);

// Runs `git <args>` in the current directory; "" when git or the repository is missing.
std::string run_git(const std::string& args);

}  // namespace euriqa::cli
