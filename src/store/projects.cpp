#include "store/projects.h"

#include "domain/ids.h"
#include "domain/time.h"

namespace euriqa::store {

namespace {
const char* kProjectSelect = "SELECT id, team_id, name, created_at, updated_at FROM projects ";
Project read_project(SQLite::Statement& s) {
  return Project{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                 s.getColumn(3).getInt64(), s.getColumn(4).getInt64()};
}
}  // namespace

Project insert_project(Conn& c, const std::string& team_id, const std::string& name) {
  int64_t now = domain::now_ms();
  Project p{domain::new_id("proj_"), team_id, name, now, now};
  auto s = c.prepare("INSERT INTO projects (id, team_id, name, created_at, updated_at) VALUES (?,?,?,?,?)");
  s->bind(1, p.id);
  s->bind(2, p.team_id);
  s->bind(3, p.name);
  s->bind(4, now);
  s->bind(5, now);
  s->exec();
  auto st = c.prepare("INSERT INTO project_settings (project_id, updated_at) VALUES (?, ?)");
  st->bind(1, p.id);
  st->bind(2, now);
  st->exec();
  return p;
}

std::optional<Project> find_project(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string(kProjectSelect) + "WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_project(*s);
}

std::vector<Project> projects_of_team(Conn& c, const std::string& team_id) {
  auto s = c.prepare(std::string(kProjectSelect) + "WHERE team_id = ? ORDER BY created_at DESC, id");
  s->bind(1, team_id);
  std::vector<Project> out;
  while (s->executeStep()) out.push_back(read_project(*s));
  return out;
}

Project rename_project(Conn& c, const std::string& id, const std::string& name) {
  auto s = c.prepare("UPDATE projects SET name = ?, updated_at = ? WHERE id = ?");
  s->bind(1, name);
  s->bind(2, domain::now_ms());
  s->bind(3, id);
  s->exec();
  return *find_project(c, id);
}

void delete_project(Conn& c, const std::string& id) {
  auto s = c.prepare("DELETE FROM projects WHERE id = ?");
  s->bind(1, id);
  s->exec();
}

ProjectSettings get_settings(Conn& c, const std::string& project_id) {
  auto s = c.prepare(
      "SELECT data_retention_days, flakiness_threshold, auto_quarantine_enabled, updated_at "
      "FROM project_settings WHERE project_id = ?");
  s->bind(1, project_id);
  ProjectSettings out;
  out.project_id = project_id;
  if (s->executeStep()) {
    out.data_retention_days = s->getColumn(0).getInt();
    out.flakiness_threshold = s->getColumn(1).getDouble();
    out.auto_quarantine_enabled = s->getColumn(2).getInt() != 0;
    out.updated_at = s->getColumn(3).getInt64();
  }
  return out;
}

void save_settings(Conn& c, const ProjectSettings& v) {
  auto s = c.prepare(
      "INSERT INTO project_settings (project_id, data_retention_days, flakiness_threshold, "
      "auto_quarantine_enabled, updated_at) VALUES (?,?,?,?,?) ON CONFLICT(project_id) DO UPDATE SET "
      "data_retention_days = excluded.data_retention_days, flakiness_threshold = excluded.flakiness_threshold, "
      "auto_quarantine_enabled = excluded.auto_quarantine_enabled, updated_at = excluded.updated_at");
  s->bind(1, v.project_id);
  s->bind(2, v.data_retention_days);
  s->bind(3, v.flakiness_threshold);
  s->bind(4, v.auto_quarantine_enabled ? 1 : 0);
  s->bind(5, v.updated_at);
  s->exec();
}

}  // namespace euriqa::store
