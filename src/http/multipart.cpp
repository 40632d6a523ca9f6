#include "http/multipart.h"

#include <algorithm>

#include "http/request_head.h"

namespace euriqa::http {

namespace {

constexpr size_t kMaxPreambleBytes = 8 * 1024;
constexpr size_t kMaxPadding = 64;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The parameters of a header value like `form-data; name="a"; filename="b"`, in
// order. Quoted values are taken as browsers write them (WHATWG's form encoding): no
// backslash escapes, and a quote ends the value only when a ';' or the end follows it,
// so a name like `say "cheese".png` survives.
std::vector<std::pair<std::string, std::string>> parameters(std::string_view v) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = v.find(';');
  while (i != std::string_view::npos && i < v.size()) {
    ++i;
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    size_t eq = v.find('=', i);
    size_t semi = v.find(';', i);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      i = semi;
      continue;
    }
    std::string name(trim(v.substr(i, eq - i)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value;
    size_t j = eq + 1;
    while (j < v.size() && (v[j] == ' ' || v[j] == '\t')) ++j;
    if (j < v.size() && v[j] == '"') {
      size_t close = std::string_view::npos;
      for (size_t k = j + 1; k < v.size(); ++k) {
        if (v[k] != '"') continue;
        size_t after = k + 1;
        while (after < v.size() && (v[after] == ' ' || v[after] == '\t')) ++after;
        if (after == v.size() || v[after] == ';') {
          close = k;
          break;
        }
      }
      if (close == std::string_view::npos) close = v.size();  // unterminated: take the rest
      value = std::string(v.substr(j + 1, close - j - 1));
      i = close == v.size() ? std::string_view::npos : v.find(';', close);
    } else {
      semi = v.find(';', j);
      value = std::string(trim(v.substr(j, semi == std::string_view::npos ? std::string_view::npos : semi - j)));
      i = semi;
    }
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

// RFC 5987 ext-value: charset'language'percent-encoded (UTF-8 or ASCII only).
std::optional<std::string> ext_value(std::string_view v) {
  auto q1 = v.find('\'');
  auto q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  auto charset = v.substr(0, q1);
  if (!iequals(charset, "UTF-8") && !iequals(charset, "US-ASCII")) return std::nullopt;
  return percent_decode(v.substr(q2 + 1), false);
}

}  // namespace

std::optional<std::string> MultipartParser::boundary_of(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
  for (auto& [k, v] : parameters(content_type)) {
    if (k != "boundary") continue;
    if (v.empty() || v.size() > 70 || v.back() == ' ') return std::nullopt;
    if (std::any_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
      return std::nullopt;
    return v;
  }
  return std::nullopt;
}

MultipartParser::MultipartParser(std::string boundary) : delimiter_("\r\n--" + boundary) {
  buf_ = "\r\n";  // so that a delimiter at the very start is found like any other
}

bool MultipartParser::fail(std::string why) {
  step_ = Step::Failed;
  error_ = std::move(why);
  return false;
}

bool MultipartParser::parse_headers(const PartHeader& on_part) {
  size_t end;
  if (buf_.starts_with("\r\n")) {
    end = 0;  // no header fields at all
  } else {
    auto found = buf_.find("\r\n\r\n");
    if (found == std::string::npos) {
      if (buf_.size() > kMaxPartHeaderBytes) return fail("A part's headers are larger than 8 KiB");
      return true;  // need more
    }
    end = found + 2;
  }
  if (end > kMaxPartHeaderBytes) return fail("A part's headers are larger than 8 KiB");
  if (++parts_ > kMaxParts) return fail("At most 16 parts are accepted");
  MultipartPart part;
  bool form_data = false;
  std::string_view headers(buf_.data(), end);
  while (!headers.empty()) {
    auto eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers.remove_prefix(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return fail("Malformed part header");
    auto name = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Disposition")) {
      auto semi = value.find(';');
      form_data = iequals(trim(value.substr(0, semi)), "form-data");
      std::optional<std::string> extended;
      for (auto& [k, v] : parameters(value)) {
        if (k == "name") part.name = v;
        else if (k == "filename") part.filename = v;
        else if (k == "filename*") extended = ext_value(v);
      }
      if (extended) part.filename = *extended;
    } else if (iequals(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  if (!form_data) return fail("Each part needs Content-Disposition: form-data");
  buf_.erase(0, end + 2);
  step_ = Step::Body;
  if (!on_part(part)) {
    stopped_ = true;
    return false;
  }
  return true;
}

bool MultipartParser::run(const PartHeader& on_part, const BodyChunk& on_data) {
  for (;;) {
    switch (step_) {
      case Step::Preamble: {
        auto at = buf_.find(delimiter_);
        if (at == std::string::npos) {
          if (buf_.size() > kMaxPreambleBytes + delimiter_.size()) return fail("No multipart boundary found");
          return true;
        }
        buf_.erase(0, at + delimiter_.size());
        step_ = Step::AfterDelimiter;
        break;
      }
      case Step::AfterDelimiter: {
        if (buf_.size() < 2) return true;
        if (buf_.starts_with("--")) {
          step_ = Step::Epilogue;
          buf_.clear();
          return true;
        }
        size_t pad = 0;
        while (pad < buf_.size() && (buf_[pad] == ' ' || buf_[pad] == '\t')) ++pad;
        if (pad > kMaxPadding) return fail("Malformed multipart delimiter");
        if (buf_.size() < pad + 2) return true;
        if (buf_.compare(pad, 2, "\r\n") != 0) return fail("Malformed multipart delimiter");
        buf_.erase(0, pad + 2);
        step_ = Step::Headers;
        break;
      }
      case Step::Headers: {
        Step before = step_;
        if (!parse_headers(on_part)) return false;
        if (step_ == before) return true;  // need more bytes
        break;
      }
      case Step::Body: {
        auto at = buf_.find(delimiter_);
        size_t safe = at != std::string::npos ? at
                      : buf_.size() >= delimiter_.size() ? buf_.size() - (delimiter_.size() - 1)
                                                         : 0;
        if (safe > 0 && !on_data(buf_.data(), safe)) {
          stopped_ = true;
          return false;
        }
        if (at == std::string::npos) {
          buf_.erase(0, safe);
          return true;
        }
        buf_.erase(0, at + delimiter_.size());
        step_ = Step::AfterDelimiter;
        break;
      }
      case Step::Epilogue:
        buf_.clear();
        return true;
      case Step::Failed:
        return false;
    }
  }
}

bool MultipartParser::feed(const char* data, size_t size, const PartHeader& on_part, const BodyChunk& on_data) {
  if (step_ == Step::Failed || stopped_) return false;
  if (step_ == Step::Epilogue) return true;
  buf_.append(data, size);
  return run(on_part, on_data);
}

}  // namespace euriqa::http
