// Artifact rows. Their files live in the blob store; whoever deletes rows (an
// artifact, a run, a project, a team) collects the ids first and removes the files
// after the transaction commits.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct Artifact {
  std::string id, project_id, run_id;
  std::optional<std::string> test_id;
  std::string type, file_name, mime_type;
  int64_t file_size = 0;
  int64_t created_at = 0;
};

void insert_artifact(Conn& c, const Artifact& a);
std::optional<Artifact> find_artifact(Conn& c, const std::string& id);
// A run's artifacts, or one test's when test_id is given; oldest first.
std::vector<Artifact> artifacts_of(Conn& c, const std::string& run_id, const std::optional<std::string>& test_id);
void delete_artifact(Conn& c, const std::string& id);

std::vector<std::string> artifact_ids_of_run(Conn& c, const std::string& run_id);
std::vector<std::string> artifact_ids_of_project(Conn& c, const std::string& project_id);
std::vector<std::string> artifact_ids_of_team(Conn& c, const std::string& team_id);
bool artifact_exists(Conn& c, const std::string& id);

}  // namespace euriqa::store
