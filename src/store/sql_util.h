// Small helpers shared by the store files: optional columns and bindings, and LIKE
// patterns with the user's text escaped.
#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "domain/validation.h"

namespace euriqa::store {

inline std::optional<std::string> opt_text(const SQLite::Column& col) {
  if (col.isNull()) return std::nullopt;
  return col.getString();
}
inline std::optional<int64_t> opt_int(const SQLite::Column& col) {
  if (col.isNull()) return std::nullopt;
  return col.getInt64();
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
  if (v) s.bind(i, *v); else s.bind(i);
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<int64_t>& v) {
  if (v) s.bind(i, *v); else s.bind(i);
}
// "%text%" with %, _ and \ escaped (use with ESCAPE '\').
inline std::string like_contains(const std::string& text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

// Whether a trigram index can find `text`: it needs 3 characters (not bytes); shorter
// searches fall back to LIKE, whose case folding is ASCII only.
inline bool trigram_searchable(const std::string& text) { return domain::utf8_length(text) >= 3; }

// An FTS5 phrase matching `text` as a substring through a trigram index (quotes
// doubled inside); `text` must be at least 3 characters for the index to help.
inline std::string fts_phrase(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace euriqa::store
