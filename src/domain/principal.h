// Who is calling: a signed-in user (session cookie) or an API key acting for its
// creator within one project. Filled in by authentication, read by authorization.
#pragma once
#include <optional>
#include <string>

#include "domain/roles.h"

namespace euriqa::domain {

struct Principal {
  std::string user_id;
  std::string email;
  std::string name;
  bool via_session = false;
  bool email_verified = false;
  std::string session_token_hash;  // for logout
  std::string session_id;          // the session's public id

  // Set only for API keys.
  std::optional<std::string> key_id;
  std::string key_project_id;
  std::string key_team_id;
  Role key_role = Role::Viewer;  // effective: min(key role, creator's role)

  bool is_api_key() const { return key_id.has_value(); }
};

}  // namespace euriqa::domain
