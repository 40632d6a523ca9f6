#include "support/received_mail.h"

#include <cctype>
#include <map>
#include <string_view>
#include <utility>

namespace euriqa::test {

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Entity {
  Headers headers;
  std::string body;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string without_cr(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
  return out;
}

// Header lines up to the first empty line, continuation lines joined to theirs.
Entity split_entity(std::string_view text) {
  Entity entity;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !entity.headers.empty()) {
      entity.headers.back().second += std::string(line);
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    entity.headers.emplace_back(std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
  }
  if (at < text.size()) entity.body = std::string(text.substr(at));
  return entity;
}

std::string header_of(const Headers& headers, const std::string& name) {
  for (const auto& [n, v] : headers)
    if (lower(n) == lower(name)) return v;
  return "";
}

struct ContentType {
  std::string type = "text/plain";
  std::map<std::string, std::string> parameters;
};

ContentType content_type_of(const std::string& value) {
  ContentType ct;
  if (trim(value).empty()) return ct;
  auto semi = value.find(';');
  ct.type = lower(trim(std::string_view(value).substr(0, semi)));
  while (semi != std::string::npos) {
    size_t next = value.find(';', semi + 1);
    std::string_view item = trim(std::string_view(value).substr(semi + 1, next - semi - 1));
    semi = next;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view v = trim(item.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    ct.parameters[lower(trim(item.substr(0, eq)))] = std::string(v);
  }
  return ct;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string decode_quoted_printable(std::string_view s, bool underscore_is_space = false) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '=' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;  // a soft line break
    } else if (s[i] == '=' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += underscore_is_space && s[i] == '_' ? ' ' : s[i];
    }
  }
  return out;
}

std::string decode_base64(std::string_view s) {
  static const std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : s) {
    auto v = kAlphabet.find(c);
    if (v == std::string_view::npos) continue;  // line breaks, padding
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

// "=?UTF-8?B?...?=" and "=?UTF-8?Q?...?=" words decoded; the white space between two
// encoded-words dropped, as RFC 2047 says. Charsets other than UTF-8 are not converted.
std::string decode_header_words(std::string_view value) {
  std::string out, pending_space;
  bool after_word = false;
  size_t at = 0;
  while (at < value.size()) {
    if (value.substr(at, 2) == "=?") {
      size_t q1 = value.find('?', at + 2), q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
      size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
      if (end != std::string_view::npos && q2 == q1 + 2) {
        char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
        std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
        if (!after_word) out += pending_space;
        out += encoding == 'B' ? decode_base64(payload) : decode_quoted_printable(payload, true);
        pending_space.clear();
        after_word = true;
        at = end + 2;
        continue;
      }
    }
    if (value[at] == ' ' || value[at] == '\t') {
      pending_space += value[at++];
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += value[at++];
    after_word = false;
  }
  return out + pending_space;
}

std::string decoded_body(const Entity& entity) {
  std::string encoding = lower(trim(header_of(entity.headers, "Content-Transfer-Encoding")));
  if (encoding == "quoted-printable") return without_cr(decode_quoted_printable(entity.body));
  if (encoding == "base64") return without_cr(decode_base64(entity.body));
  return entity.body;
}

// The bodies between "--boundary" lines, up to "--boundary--".
std::vector<std::string> multipart_bodies(const std::string& body, const std::string& boundary) {
  std::vector<std::string> parts;
  std::string delimiter = "--" + boundary;
  std::string text = "\n" + body;
  size_t at = text.find("\n" + delimiter);
  while (at != std::string::npos) {
    size_t line_end = text.find('\n', at + 1);
    if (text.compare(at + 1 + delimiter.size(), 2, "--") == 0 || line_end == std::string::npos) break;
    size_t next = text.find("\n" + delimiter, line_end);
    if (next == std::string::npos) break;
    parts.push_back(text.substr(line_end + 1, next - line_end - 1));
    at = next;
  }
  return parts;
}

void collect_parts(const Entity& entity, Mail& mail) {
  ContentType ct = content_type_of(header_of(entity.headers, "Content-Type"));
  if (ct.type.starts_with("multipart/")) {
    for (const auto& part : multipart_bodies(entity.body, ct.parameters["boundary"]))
      collect_parts(split_entity(part), mail);
  } else if (ct.type == "text/plain" && mail.text.empty()) {
    mail.text = decoded_body(entity);
  } else if (ct.type == "text/html" && mail.html.empty()) {
    mail.html = decoded_body(entity);
  }
}

}  // namespace

Mail parse_mail(const std::string& raw) {
  Mail mail;
  mail.raw = raw;
  Entity message = split_entity(without_cr(raw));
  mail.subject = decode_header_words(header_of(message.headers, "Subject"));
  collect_parts(message, mail);
  return mail;
}

std::string Mail::header(const std::string& name) const { return header_of(split_entity(without_cr(raw)).headers, name); }

std::vector<std::string> Mail::links() const {
  std::vector<std::string> out;
  size_t at = 0;
  while ((at = text.find("http", at)) != std::string::npos) {
    std::string_view rest = std::string_view(text).substr(at);
    if (!rest.starts_with("http://") && !rest.starts_with("https://")) {
      at += 4;
      continue;
    }
    size_t end = rest.find_first_of(" \t\n<>\"'");
    std::string_view url = rest.substr(0, end);
    while (!url.empty() && std::string_view(".,;:!?)]").find(url.back()) != std::string_view::npos)
      url.remove_suffix(1);
    out.emplace_back(url);
    at += url.size() + 1;
  }
  return out;
}

}  // namespace euriqa::test
