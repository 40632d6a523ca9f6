#include "http/range.h"

#include <algorithm>

#include "domain/validation.h"

namespace euriqa::http {

RangeRequest parse_range(std::string_view header, int64_t size) {
  using Kind = RangeRequest::Kind;
  constexpr std::string_view prefix = "bytes=";
  if (!header.starts_with(prefix) || header.find(',') != std::string_view::npos) return {};
  std::string_view spec = header.substr(prefix.size());
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  auto first = domain::parse_non_negative(spec.substr(0, dash));
  auto last = domain::parse_non_negative(spec.substr(dash + 1));
  if (!first && !last) return {};
  if (!first) {  // suffix: the last N bytes
    if (dash != 0) return {};  // garbage before the dash
    if (*last == 0 || size == 0) return {Kind::Unsatisfiable, {}};
    return {Kind::Partial, {std::max<int64_t>(0, size - *last), size - 1}};
  }
  if (spec.size() > dash + 1 && !last) return {};  // garbage after the dash
  if (last && *last < *first) return {};
  if (*first >= size) return {Kind::Unsatisfiable, {}};
  return {Kind::Partial, {*first, last ? std::min(*last, size - 1) : size - 1}};
}

}  // namespace euriqa::http
