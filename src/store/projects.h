// Projects and their settings (one settings row per project, created with it).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct Project {
  std::string id, team_id, name;
  int64_t created_at = 0, updated_at = 0;
};

struct ProjectSettings {
  std::string project_id;
  int data_retention_days = 90;
  double flakiness_threshold = 0.3;
  bool auto_quarantine_enabled = false;
  int64_t updated_at = 0;
};

Project insert_project(Conn& c, const std::string& team_id, const std::string& name);
std::optional<Project> find_project(Conn& c, const std::string& id);
std::vector<Project> projects_of_team(Conn& c, const std::string& team_id);
Project rename_project(Conn& c, const std::string& id, const std::string& name);
// Deletes the project row; everything in it goes through ON DELETE CASCADE.
void delete_project(Conn& c, const std::string& id);

ProjectSettings get_settings(Conn& c, const std::string& project_id);
void save_settings(Conn& c, const ProjectSettings& settings);

}  // namespace euriqa::store
