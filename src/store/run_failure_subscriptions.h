// "Email me when a run on branch X of this project fails": one row per member, project
// and branch ("" = any branch). Recipients are members of the project's team whose
// address is verified.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct RunFailureSubscription {
  std::string id, user_id, project_id, branch;
  int64_t created_at = 0;
};

std::vector<RunFailureSubscription> subscriptions_of(Conn& c, const std::string& user_id,
                                                     const std::string& project_id);
// The existing row when the same subscription exists.
RunFailureSubscription subscribe(Conn& c, const std::string& user_id, const std::string& project_id,
                                 const std::string& branch, int64_t now);
bool unsubscribe(Conn& c, const std::string& user_id, const std::string& subscription_id);

struct MailRecipient {
  std::string email, name;
};
std::vector<MailRecipient> run_failure_recipients(Conn& c, const std::string& project_id,
                                                  const std::optional<std::string>& branch);

}  // namespace euriqa::store
