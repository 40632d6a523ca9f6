// The dashboard's role table (web/src/lib/roleMatrix.gen.ts) is generated from the
// server's (domain/roles.cpp), so the two cannot drift: this test renders it from the
// server's table and fails when the committed file differs. To regenerate after a
// change of the matrix:
//   EURIQA_UPDATE_GENERATED=1 ./build/tests/unit_tests -tc='the dashboard*'
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "domain/roles.h"

namespace {

std::string render_role_matrix() {
  using namespace euriqa::domain;
  std::ostringstream out;
  out << "// Generated from src/domain/roles.cpp by tests/unit/role_matrix_web_test.cpp: do not edit.\n"
      << "// The least role allowed each action (contract §3), as the server enforces it.\n"
      << "import type { Role } from '../api/types';\n\n"
      << "export const minimumRole = {\n";
  for (Action a : all_actions())
    out << "  " << action_key(a) << ": '" << role_name(minimum_role(a)) << "', // " << action_description(a) << "\n";
  out << "} as const satisfies Record<string, Role>;\n";
  return out.str();
}

}  // namespace

TEST_CASE("the dashboard's role table is the server's") {
  std::string path = std::string(EURIQA_SOURCE_DIR) + "/web/src/lib/roleMatrix.gen.ts";
  std::string want = render_role_matrix();
  if (const char* update = std::getenv("EURIQA_UPDATE_GENERATED"); update && std::string(update) == "1")
    std::ofstream(path, std::ios::binary) << want;
  std::ifstream in(path, std::ios::binary);
  std::stringstream have;
  have << in.rdbuf();
  CHECK_MESSAGE(have.str() == want, path << " differs from domain/roles.cpp; regenerate it (see this test's comment)");
}
