#include "store/teams.h"

#include "domain/error.h"
#include "domain/ids.h"
#include "domain/time.h"
#include "store/sql_util.h"

namespace euriqa::store {

using domain::Role;

namespace {
Role role_of(SQLite::Column col) { return domain::parse_role(col.getString()).value_or(Role::Viewer); }

const char* kMemberSelect =
    "SELECT m.id, m.user_id, m.team_id, m.role, u.name, u.email, m.joined_at "
    "FROM team_members m JOIN users u ON u.id = m.user_id ";

Member read_member(SQLite::Statement& s) {
  return Member{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                role_of(s.getColumn(3)),    s.getColumn(4).getString(), s.getColumn(5).getString(),
                s.getColumn(6).getInt64()};
}

const char* kInvitationSelect =
    "SELECT i.id, i.team_id, t.name, i.email, i.role, i.status, i.expires_at, i.created_at, u.name "
    "FROM invitations i JOIN teams t ON t.id = i.team_id LEFT JOIN users u ON u.id = i.invited_by ";

Invitation read_invitation(SQLite::Statement& s) {
  return Invitation{s.getColumn(0).getString(), s.getColumn(1).getString(),
                    s.getColumn(2).getString(), s.getColumn(3).getString(),
                    role_of(s.getColumn(4)),    s.getColumn(5).getString(),
                    s.getColumn(6).getInt64(),  s.getColumn(7).getInt64(),
                    opt_text(s.getColumn(8))};
}

template <class T, class Read>
std::vector<T> collect(Stmt& s, Read read) {
  std::vector<T> out;
  while (s->executeStep()) out.push_back(read(*s));
  return out;
}
}  // namespace

Team insert_team(Conn& c, const std::string& name, const std::string& owner_user_id) {
  Team t{domain::new_id("team_"), name, domain::now_ms()};
  auto s = c.prepare("INSERT INTO teams (id, name, created_at) VALUES (?,?,?)");
  s->bind(1, t.id);
  s->bind(2, t.name);
  s->bind(3, t.created_at);
  s->exec();
  insert_member(c, t.id, owner_user_id, Role::Owner);
  return t;
}

std::optional<Team> find_team(Conn& c, const std::string& id) {
  auto s = c.prepare("SELECT id, name, created_at FROM teams WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return Team{s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getInt64()};
}

Team rename_team(Conn& c, const std::string& id, const std::string& name) {
  auto s = c.prepare("UPDATE teams SET name = ? WHERE id = ?");
  s->bind(1, name);
  s->bind(2, id);
  s->exec();
  return *find_team(c, id);
}

void delete_team(Conn& c, const std::string& id) {
  auto s = c.prepare("DELETE FROM teams WHERE id = ?");
  s->bind(1, id);
  s->exec();
}

std::vector<std::pair<Team, Role>> teams_of_user(Conn& c, const std::string& user_id) {
  auto s = c.prepare(
      "SELECT t.id, t.name, t.created_at, m.role FROM team_members m JOIN teams t ON t.id = m.team_id "
      "WHERE m.user_id = ? ORDER BY t.created_at DESC, t.id");
  s->bind(1, user_id);
  std::vector<std::pair<Team, Role>> out;
  while (s->executeStep())
    out.emplace_back(Team{s->getColumn(0).getString(), s->getColumn(1).getString(), s->getColumn(2).getInt64()},
                     role_of(s->getColumn(3)));
  return out;
}

std::optional<Role> role_in_team(Conn& c, const std::string& team_id, const std::string& user_id) {
  auto s = c.prepare("SELECT role FROM team_members WHERE team_id = ? AND user_id = ?");
  s->bind(1, team_id);
  s->bind(2, user_id);
  if (!s->executeStep()) return std::nullopt;
  return role_of(s->getColumn(0));
}

std::optional<Role> highest_role(Conn& c, const std::string& user_id) {
  auto s = c.prepare("SELECT role FROM team_members WHERE user_id = ?");
  s->bind(1, user_id);
  std::optional<Role> best;
  while (s->executeStep()) {
    Role r = role_of(s->getColumn(0));
    if (!best || r > *best) best = r;
  }
  return best;
}

std::vector<Member> list_members(Conn& c, const std::string& team_id) {
  auto s = c.prepare(std::string(kMemberSelect) + "WHERE m.team_id = ? ORDER BY m.joined_at, m.id");
  s->bind(1, team_id);
  return collect<Member>(s, read_member);
}

std::optional<Member> find_member(Conn& c, const std::string& member_id) {
  auto s = c.prepare(std::string(kMemberSelect) + "WHERE m.id = ?");
  s->bind(1, member_id);
  if (!s->executeStep()) return std::nullopt;
  return read_member(*s);
}

Member insert_member(Conn& c, const std::string& team_id, const std::string& user_id, Role role) {
  if (role_in_team(c, team_id, user_id)) throw domain::conflict("The user is already a member of this team");
  std::string id = domain::new_id("member_");
  auto s = c.prepare("INSERT INTO team_members (id, team_id, user_id, role, joined_at) VALUES (?,?,?,?,?)");
  s->bind(1, id);
  s->bind(2, team_id);
  s->bind(3, user_id);
  s->bind(4, domain::role_name(role));
  s->bind(5, domain::now_ms());
  s->exec();
  return *find_member(c, id);
}

void update_member_role(Conn& c, const std::string& member_id, Role role) {
  auto s = c.prepare("UPDATE team_members SET role = ? WHERE id = ?");
  s->bind(1, domain::role_name(role));
  s->bind(2, member_id);
  s->exec();
}

void delete_member(Conn& c, const std::string& member_id) {
  auto s = c.prepare("DELETE FROM team_members WHERE id = ?");
  s->bind(1, member_id);
  s->exec();
}

int64_t count_owners(Conn& c, const std::string& team_id) {
  auto s = c.prepare("SELECT COUNT(*) FROM team_members WHERE team_id = ? AND role = 'owner'");
  s->bind(1, team_id);
  s->executeStep();
  return s->getColumn(0).getInt64();
}

Invitation insert_invitation(Conn& c, const std::string& team_id, const std::string& email, Role role,
                             const std::string& invited_by, int64_t created_at, int64_t expires_at,
                             const std::string& token_hash) {
  {
    auto s = c.prepare("UPDATE invitations SET status = 'revoked' WHERE team_id = ? AND email = ? AND status = 'pending'");
    s->bind(1, team_id);
    s->bind(2, email);
    s->exec();
  }
  std::string id = domain::new_id("invite_");
  auto s = c.prepare(
      "INSERT INTO invitations (id, team_id, email, role, invited_by, status, expires_at, created_at, token_hash) "
      "VALUES (?,?,?,?,?,'pending',?,?,?)");
  s->bind(1, id);
  s->bind(2, team_id);
  s->bind(3, email);
  s->bind(4, domain::role_name(role));
  s->bind(5, invited_by);
  s->bind(6, expires_at);
  s->bind(7, created_at);
  s->bind(8, token_hash);
  s->exec();
  return *find_invitation(c, id);
}

std::optional<Invitation> find_invitation_by_token(Conn& c, const std::string& token_hash) {
  auto s = c.prepare(std::string(kInvitationSelect) + "WHERE i.token_hash = ?");
  s->bind(1, token_hash);
  if (!s->executeStep()) return std::nullopt;
  return read_invitation(*s);
}

std::optional<Invitation> find_invitation(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string(kInvitationSelect) + "WHERE i.id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_invitation(*s);
}

std::vector<Invitation> pending_invitations_for_email(Conn& c, const std::string& email, int64_t now) {
  auto s = c.prepare(std::string(kInvitationSelect) +
                     "WHERE i.email = ? AND i.status = 'pending' AND i.expires_at > ? ORDER BY i.created_at DESC, i.id");
  s->bind(1, email);
  s->bind(2, now);
  return collect<Invitation>(s, read_invitation);
}

std::vector<Invitation> pending_invitations_for_team(Conn& c, const std::string& team_id, int64_t now) {
  auto s = c.prepare(std::string(kInvitationSelect) +
                     "WHERE i.team_id = ? AND i.status = 'pending' AND i.expires_at > ? ORDER BY i.created_at DESC, i.id");
  s->bind(1, team_id);
  s->bind(2, now);
  return collect<Invitation>(s, read_invitation);
}

bool has_pending_invitation(Conn& c, const std::string& email, int64_t now) {
  auto s = c.prepare("SELECT EXISTS(SELECT 1 FROM invitations WHERE email = ? AND status = 'pending' AND expires_at > ?)");
  s->bind(1, email);
  s->bind(2, now);
  s->executeStep();
  return s->getColumn(0).getInt() != 0;
}

void set_invitation_status(Conn& c, const std::string& id, const std::string& status) {
  auto s = c.prepare("UPDATE invitations SET status = ? WHERE id = ?");
  s->bind(1, status);
  s->bind(2, id);
  s->exec();
}

}  // namespace euriqa::store
