// API keys: stored as the SHA-256 of the full key plus its last four characters
// (for the masked form). A key acts for its creator within one project.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/roles.h"
#include "store/db.h"

namespace euriqa::store {

struct ApiKey {
  std::string id, project_id, created_by, name;
  domain::Role role = domain::Role::Member;
  std::string last4;
  bool is_active = true;
  std::optional<int64_t> expires_at, last_used_at;
  int64_t created_at = 0, updated_at = 0;
};

// The key's row and what authentication needs about it.
struct KeyAuth {
  ApiKey key;
  std::string team_id;
  std::optional<domain::Role> creator_role;  // nullopt when the creator left the team
  std::string creator_email, creator_name;
};

ApiKey insert_api_key(Conn& c, const std::string& project_id, const std::string& created_by,
                      const std::string& name, domain::Role role, const std::string& key_hash,
                      const std::string& last4, std::optional<int64_t> expires_at);
std::vector<ApiKey> api_keys_of_project(Conn& c, const std::string& project_id);
std::optional<ApiKey> find_api_key(Conn& c, const std::string& id);
std::optional<KeyAuth> find_key_for_auth(Conn& c, const std::string& key_hash);
ApiKey set_api_key_active(Conn& c, const std::string& id, bool active);
void touch_api_key(Conn& c, const std::string& id, int64_t now);
void delete_api_key(Conn& c, const std::string& id);

}  // namespace euriqa::store
