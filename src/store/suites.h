// Test suites of a run, keyed by (run, file path, title, parent): upserted
// explicitly or created from each result's file path and fullTitle parts.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct Suite {
  std::string id, run_id, project_id, title;
  std::optional<std::string> file_path, parent_suite_id;
  int64_t created_at = 0;
};

// Returns the suite and whether it was created now.
std::pair<Suite, bool> upsert_suite(Conn& c, const std::string& run_id, const std::string& project_id,
                                    const std::string& title, const std::optional<std::string>& file_path,
                                    const std::optional<std::string>& parent_suite_id);
std::optional<Suite> find_suite(Conn& c, const std::string& id);
std::vector<Suite> suites_of_run(Conn& c, const std::string& run_id);

// The describe-block titles of a fullTitle: its ">"-separated parts, trimmed, all but the last.
std::vector<std::string> suite_titles(const std::string& full_title);

// Resolves suite paths during one ingest, remembering what it created or found.
class SuitePathCache {
 public:
  SuitePathCache(Conn& c, std::string run_id, std::string project_id)
      : c_(c), run_id_(std::move(run_id)), project_id_(std::move(project_id)) {}
  // The deepest suite of the path, creating missing ones; nullopt for no titles.
  std::optional<std::string> resolve(const std::optional<std::string>& file_path,
                                     const std::vector<std::string>& titles);

 private:
  Conn& c_;
  std::string run_id_, project_id_;
  std::map<std::string, std::string> known_;  // file \0 title \0 title ... -> suite id
};

}  // namespace euriqa::store
