#include "http/assets.h"

#include <algorithm>

namespace euriqa::http {

const EmbeddedAsset* find_asset(std::string_view path) {
  auto all = embedded_assets();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const EmbeddedAsset& a, std::string_view p) { return a.path < p; });
  return it != all.end() && it->path == path ? &*it : nullptr;
}

}  // namespace euriqa::http
