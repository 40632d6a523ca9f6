// Substring search over the project's logical tests (title, full title, file path),
// case-insensitive beyond ASCII: through the trigram index logical_tests_fts from three
// characters on, LIKE (ASCII case folding only) below. Shared by the results list and
// the test explorer, which splice the SQL into their own queries.
#pragma once
#include <string>
#include <vector>

namespace euriqa::store {

struct SqlFragment {
  std::string sql;                 // SELECT of logical test ids
  std::vector<std::string> binds;  // its parameters, in order
};

// The ids of logical tests whose names hold `text`. Through the index the ids are not
// limited to the project: callers keep their own project condition beside it.
SqlFragment logical_tests_matching(const std::string& project_id, const std::string& text);

}  // namespace euriqa::store
