#include "domain/error_signature.h"

#include "domain/crypto.h"
#include "domain/report_text.h"

namespace euriqa::domain {

namespace {

// Long diffs (toEqual on big objects) say nothing more about the problem after this.
constexpr size_t kMaxNormalisedInput = 8192;
constexpr size_t kMaxFirstLine = 300;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word(char c) { return is_digit(c) || is_alpha(c) || c == '_'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// A code frame line Playwright prints before the stack: "  12 | code", "> 13 | code",
// "     |   ^".
bool is_code_frame(std::string_view t) {
  size_t i = 0;
  if (i < t.size() && t[i] == '>') {
    ++i;
    while (i < t.size() && is_blank(t[i])) ++i;
  }
  size_t digits = i;
  while (i < t.size() && is_digit(t[i])) ++i;
  bool numbered = i > digits;
  while (i < t.size() && is_blank(t[i])) ++i;
  return i < t.size() && t[i] == '|' && (numbered || i == 0) && (i + 1 == t.size() || is_blank(t[i + 1]));
}

// Rule 2: a "Call log:" line (any case), a stack frame or a code frame ends the message.
bool ends_message(std::string_view line) {
  std::string_view t = trim(line);
  if (t.size() >= 9) {
    std::string head(t.substr(0, 9));
    for (char& ch : head) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    if (head == "call log:") return true;
  }
  if (!line.empty() && is_blank(line.front()) && t.substr(0, 3) == "at ") return true;
  return is_code_frame(t);
}

// A strict mode violation lists every element it matched ("1) <button>… aka …"); how
// many matched is a number, so the list is not part of the problem.
bool starts_match_list(std::string_view t) {
  return t.find("strict mode violation") != std::string_view::npos && !t.empty() && t.back() == ':';
}
bool is_match_list_item(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && is_digit(t[i])) ++i;
  return (i > 0 && i < t.size() && t[i] == ')') || t.substr(0, 3) == "...";
}

// The message up to rule 2's line, ANSI codes gone.
std::string message_body(std::string_view message) {
  std::string text = strip_ansi(message.substr(0, kMaxNormalisedInput));
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (ends_message(std::string_view(text).substr(pos, end - pos))) {
      text.resize(pos);
      break;
    }
    pos = end + 1;
  }
  return text;
}

// Length of a UUID (8-4-4-4-12 hex) at s[i], or 0.
size_t uuid_at(std::string_view s, size_t i) {
  static constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
  size_t j = i;
  for (size_t g = 0; g < 5; ++g) {
    if (g > 0) {
      if (j >= s.size() || s[j] != '-') return 0;
      ++j;
    }
    for (size_t k = 0; k < kGroups[g]; ++k, ++j)
      if (j >= s.size() || !is_hex(s[j])) return 0;
  }
  return (j < s.size() && is_word(s[j])) ? 0 : j - i;
}

// Length of a hex id (6+ hex characters, at least one digit and one letter) at s[i], or 0.
size_t hex_id_at(std::string_view s, size_t i) {
  size_t j = i;
  bool digit = false, letter = false;
  while (j < s.size() && is_hex(s[j])) {
    (is_digit(s[j]) ? digit : letter) = true;
    ++j;
  }
  if (j - i < 6 || !digit || !letter || (j < s.size() && is_word(s[j]))) return 0;
  return j - i;
}

bool ends_path(char c) {
  return is_blank(c) || c == '\n' || c == '"' || c == '\'' || c == '`' || c == ')' || c == ']' || c == '>' ||
         c == ',';
}

// Length of an absolute path at s[i] ("/a/b.ts:1:2", "C:\x\y"), or 0. A path needs a second
// separator, so "/ 2" or a lone "/api" in prose stays text.
size_t path_at(std::string_view s, size_t i) {
  size_t j = i;
  char sep = '/';
  if (s[i] == '/') {
    if (i + 1 >= s.size() || !(is_word(s[i + 1]) || s[i + 1] == '.' || s[i + 1] == '~' || s[i + 1] == '-')) return 0;
  } else if (is_alpha(s[i]) && i + 2 < s.size() && s[i + 1] == ':' && s[i + 2] == '\\') {
    sep = '\\';
    j = i + 2;
  } else {
    return 0;
  }
  size_t separators = 0;
  for (; j < s.size() && !ends_path(s[j]); ++j)
    if (s[j] == sep) ++separators;
  return separators >= 2 ? j - i : 0;
}

// Length of a number at s[i]: digits, "," + 3 digits groups, "." + digits.
size_t number_at(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  for (;;) {
    if (j + 3 < s.size() && s[j] == ',' && is_digit(s[j + 1]) && is_digit(s[j + 2]) && is_digit(s[j + 3]) &&
        (j + 4 >= s.size() || !is_digit(s[j + 4]))) {
      j += 4;
    } else if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
      j += 1;
      while (j < s.size() && is_digit(s[j])) ++j;
    } else {
      return j - i;
    }
  }
}

bool path_may_start_after(char prev) {
  return is_blank(prev) || prev == '\n' || prev == '"' || prev == '\'' || prev == '`' || prev == '(' ||
         prev == '[' || prev == '<' || prev == '=';
}

// Rule 3 on one trimmed line.
void normalise_line(std::string_view line, std::string& out) {
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    char prev = i == 0 ? ' ' : line[i - 1];
    bool boundary = !is_word(prev);
    size_t n = 0;
    if (boundary && is_hex(c) && (n = uuid_at(line, i))) {
      out += "<uuid>";
    } else if ((i == 0 || path_may_start_after(prev)) && (n = path_at(line, i))) {
      out += "<path>";
    } else if (boundary && is_hex(c) && (n = hex_id_at(line, i))) {
      out += "<hex>";
    } else if (is_digit(c) && !(is_alpha(prev) || prev == '_')) {
      n = number_at(line, i);
      out += "<n>";
    } else if (is_blank(c)) {
      n = 1;
      while (i + n < line.size() && is_blank(line[i + n])) ++n;
      out += ' ';
    } else {
      n = 1;
      out += c;
    }
    i += n;
  }
}

}  // namespace

std::string normalize_error_message(std::string_view message) {
  std::string body = message_body(message);
  std::string out;
  out.reserve(body.size());
  size_t pos = 0;
  bool in_match_list = false;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    std::string_view line = trim(std::string_view(body).substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) continue;
    if (in_match_list && is_match_list_item(line)) continue;
    in_match_list = starts_match_list(line);
    if (!out.empty()) out += '\n';
    normalise_line(line, out);
  }
  return out;
}

std::optional<std::string> error_signature(std::string_view message) {
  std::string normalised = normalize_error_message(message);
  if (normalised.empty()) return std::nullopt;
  return sha256_hex(normalised).substr(0, 16);
}

std::string error_first_line(std::string_view message) {
  std::string text = strip_ansi(message.substr(0, kMaxNormalisedInput));
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line = trim(std::string_view(text).substr(pos, end - pos));
    if (!line.empty()) {
      if (line.size() <= kMaxFirstLine) return std::string(line);
      size_t cut = kMaxFirstLine;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
      return std::string(line.substr(0, cut));
    }
    pos = end + 1;
  }
  return "";
}

}  // namespace euriqa::domain
