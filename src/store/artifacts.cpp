#include "store/artifacts.h"

#include "store/sql_util.h"

namespace euriqa::store {

namespace {
const char* kColumns = "id, project_id, run_id, test_id, type, file_name, mime_type, file_size, created_at";
Artifact read_artifact(SQLite::Statement& s) {
  return Artifact{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                  opt_text(s.getColumn(3)),   s.getColumn(4).getString(), s.getColumn(5).getString(),
                  s.getColumn(6).getString(), s.getColumn(7).getInt64(),  s.getColumn(8).getInt64()};
}
std::vector<std::string> ids(Stmt& s) {
  std::vector<std::string> out;
  while (s->executeStep()) out.push_back(s->getColumn(0).getString());
  return out;
}
}  // namespace

void insert_artifact(Conn& c, const Artifact& a) {
  auto s = c.prepare(std::string("INSERT INTO artifacts (") + kColumns + ") VALUES (?,?,?,?,?,?,?,?,?)");
  s->bind(1, a.id);
  s->bind(2, a.project_id);
  s->bind(3, a.run_id);
  bind_opt(*s, 4, a.test_id);
  s->bind(5, a.type);
  s->bind(6, a.file_name);
  s->bind(7, a.mime_type);
  s->bind(8, a.file_size);
  s->bind(9, a.created_at);
  s->exec();
}

std::optional<Artifact> find_artifact(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kColumns + " FROM artifacts WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_artifact(*s);
}

std::vector<Artifact> artifacts_of(Conn& c, const std::string& run_id, const std::optional<std::string>& test_id) {
  auto s = test_id ? c.prepare(std::string("SELECT ") + kColumns +
                               " FROM artifacts WHERE test_id = ? AND run_id = ? ORDER BY created_at, rowid")
                   : c.prepare(std::string("SELECT ") + kColumns +
                               " FROM artifacts WHERE run_id = ? ORDER BY created_at, rowid");
  if (test_id) {
    s->bind(1, *test_id);
    s->bind(2, run_id);
  } else {
    s->bind(1, run_id);
  }
  std::vector<Artifact> out;
  while (s->executeStep()) out.push_back(read_artifact(*s));
  return out;
}

void delete_artifact(Conn& c, const std::string& id) {
  auto s = c.prepare("DELETE FROM artifacts WHERE id = ?");
  s->bind(1, id);
  s->exec();
}

std::vector<std::string> artifact_ids_of_run(Conn& c, const std::string& run_id) {
  auto s = c.prepare("SELECT id FROM artifacts WHERE run_id = ?");
  s->bind(1, run_id);
  return ids(s);
}

std::vector<std::string> artifact_ids_of_project(Conn& c, const std::string& project_id) {
  auto s = c.prepare("SELECT id FROM artifacts WHERE project_id = ?");
  s->bind(1, project_id);
  return ids(s);
}

std::vector<std::string> artifact_ids_of_team(Conn& c, const std::string& team_id) {
  auto s = c.prepare("SELECT a.id FROM artifacts a JOIN projects p ON p.id = a.project_id WHERE p.team_id = ?");
  s->bind(1, team_id);
  return ids(s);
}

bool artifact_exists(Conn& c, const std::string& id) {
  auto s = c.prepare("SELECT EXISTS(SELECT 1 FROM artifacts WHERE id = ?)");
  s->bind(1, id);
  s->executeStep();
  return s->getColumn(0).getInt() != 0;
}

}  // namespace euriqa::store
