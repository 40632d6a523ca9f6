#include "store/test_search.h"

#include "store/sql_util.h"

namespace euriqa::store {

SqlFragment logical_tests_matching(const std::string& project_id, const std::string& text) {
  if (trigram_searchable(text))
    return {"SELECT rowid FROM logical_tests_fts WHERE logical_tests_fts MATCH ?", {fts_phrase(text)}};
  std::string p = like_contains(text);
  return {"SELECT id FROM logical_tests WHERE project_id = ? AND (full_title LIKE ? ESCAPE '\\' "
          "OR title LIKE ? ESCAPE '\\' OR file_path LIKE ? ESCAPE '\\')",
          {project_id, p, p, p}};
}

}  // namespace euriqa::store
