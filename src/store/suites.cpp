#include "store/suites.h"

#include "domain/ids.h"
#include "domain/time.h"
#include "store/sql_util.h"

namespace euriqa::store {

namespace {
const char* kSuiteColumns = "id, run_id, project_id, title, file_path, parent_suite_id, created_at";
Suite read_suite(SQLite::Statement& s) {
  return Suite{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
               s.getColumn(3).getString(), opt_text(s.getColumn(4)),  opt_text(s.getColumn(5)),
               s.getColumn(6).getInt64()};
}
}  // namespace

std::pair<Suite, bool> upsert_suite(Conn& c, const std::string& run_id, const std::string& project_id,
                                    const std::string& title, const std::optional<std::string>& file_path,
                                    const std::optional<std::string>& parent_suite_id) {
  {
    // Matches the expression index test_suites_identity exactly.
    auto s = c.prepare(std::string("SELECT ") + kSuiteColumns +
                       " FROM test_suites WHERE run_id = ? AND ifnull(file_path, '') = ? AND title = ? "
                       "AND ifnull(parent_suite_id, '') = ?");
    s->bind(1, run_id);
    s->bind(2, file_path.value_or(""));
    s->bind(3, title);
    s->bind(4, parent_suite_id.value_or(""));
    if (s->executeStep()) return {read_suite(*s), false};
  }
  Suite suite{domain::new_id("suite_"), run_id, project_id, title, file_path, parent_suite_id, domain::now_ms()};
  auto s = c.prepare(
      "INSERT INTO test_suites (id, run_id, project_id, title, file_path, parent_suite_id, created_at) "
      "VALUES (?,?,?,?,?,?,?)");
  s->bind(1, suite.id);
  s->bind(2, run_id);
  s->bind(3, project_id);
  s->bind(4, title);
  bind_opt(*s, 5, file_path);
  bind_opt(*s, 6, parent_suite_id);
  s->bind(7, suite.created_at);
  s->exec();
  return {suite, true};
}

std::optional<Suite> find_suite(Conn& c, const std::string& id) {
  auto s = c.prepare(std::string("SELECT ") + kSuiteColumns + " FROM test_suites WHERE id = ?");
  s->bind(1, id);
  if (!s->executeStep()) return std::nullopt;
  return read_suite(*s);
}

std::vector<Suite> suites_of_run(Conn& c, const std::string& run_id) {
  auto s = c.prepare(std::string("SELECT ") + kSuiteColumns +
                     " FROM test_suites WHERE run_id = ? ORDER BY created_at, rowid");
  s->bind(1, run_id);
  std::vector<Suite> out;
  while (s->executeStep()) out.push_back(read_suite(*s));
  return out;
}

std::vector<std::string> suite_titles(const std::string& full_title) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t gt = full_title.find('>', start);
    std::string part = full_title.substr(start, gt == std::string::npos ? std::string::npos : gt - start);
    size_t b = part.find_first_not_of(" \t"), e = part.find_last_not_of(" \t");
    parts.push_back(b == std::string::npos ? "" : part.substr(b, e - b + 1));
    if (gt == std::string::npos) break;
    start = gt + 1;
  }
  parts.pop_back();  // the test's own title
  std::vector<std::string> out;
  for (auto& p : parts)
    if (!p.empty()) out.push_back(std::move(p));
  return out;
}

std::optional<std::string> SuitePathCache::resolve(const std::optional<std::string>& file_path,
                                                   const std::vector<std::string>& titles) {
  std::optional<std::string> parent;
  std::string key = file_path.value_or("");
  for (const auto& title : titles) {
    key.push_back('\0');
    key += title;
    auto it = known_.find(key);
    if (it == known_.end()) {
      auto [suite, created] = upsert_suite(c_, run_id_, project_id_, title, file_path, parent);
      it = known_.emplace(key, suite.id).first;
    }
    parent = it->second;
  }
  return parent;
}

}  // namespace euriqa::store
