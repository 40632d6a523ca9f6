// Teams, their members and pending invitations.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/roles.h"
#include "store/db.h"

namespace euriqa::store {

struct Team {
  std::string id, name;
  int64_t created_at = 0;
};

struct Member {
  std::string id, user_id, team_id;
  domain::Role role = domain::Role::Viewer;
  std::string name, email;
  int64_t joined_at = 0;
};

struct Invitation {
  std::string id, team_id, team_name, email;
  domain::Role role = domain::Role::Member;
  std::string status;  // pending, accepted, revoked
  int64_t expires_at = 0, created_at = 0;
  std::optional<std::string> invited_by_name;
};

// Creates the team with user_id as its owner.
Team insert_team(Conn& c, const std::string& name, const std::string& owner_user_id);
std::optional<Team> find_team(Conn& c, const std::string& id);
Team rename_team(Conn& c, const std::string& id, const std::string& name);
void delete_team(Conn& c, const std::string& id);
std::vector<std::pair<Team, domain::Role>> teams_of_user(Conn& c, const std::string& user_id);
std::optional<domain::Role> role_in_team(Conn& c, const std::string& team_id, const std::string& user_id);
// The user's highest role in any team; nullopt when in none.
std::optional<domain::Role> highest_role(Conn& c, const std::string& user_id);

std::vector<Member> list_members(Conn& c, const std::string& team_id);
std::optional<Member> find_member(Conn& c, const std::string& member_id);
Member insert_member(Conn& c, const std::string& team_id, const std::string& user_id, domain::Role role);
void update_member_role(Conn& c, const std::string& member_id, domain::Role role);
void delete_member(Conn& c, const std::string& member_id);
int64_t count_owners(Conn& c, const std::string& team_id);

// Replaces (revokes) any pending invitation of the same email to the same team, whose
// link then stops working. created_at and expires_at come from one clock reading so
// that the lifetime is exact. token_hash: SHA-256 of the invitation link's token.
Invitation insert_invitation(Conn& c, const std::string& team_id, const std::string& email,
                             domain::Role role, const std::string& invited_by, int64_t created_at,
                             int64_t expires_at, const std::string& token_hash);
std::optional<Invitation> find_invitation(Conn& c, const std::string& id);
std::optional<Invitation> find_invitation_by_token(Conn& c, const std::string& token_hash);
// Pending, unexpired invitations of an email, or of a team.
std::vector<Invitation> pending_invitations_for_email(Conn& c, const std::string& email, int64_t now);
std::vector<Invitation> pending_invitations_for_team(Conn& c, const std::string& team_id, int64_t now);
bool has_pending_invitation(Conn& c, const std::string& email, int64_t now);
void set_invitation_status(Conn& c, const std::string& id, const std::string& status);

}  // namespace euriqa::store
