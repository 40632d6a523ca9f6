#include "http/compression.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace euriqa::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

// "q=0", "q=0.0", "q=0.000" refuse; anything else (or no q) accepts.
bool q_allows(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    auto p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string v(trim(p.substr(2)));
      return std::strtod(v.c_str(), nullptr) > 0;
    }
  }
  return true;
}

bool has_header(const Response& res, std::string_view name) {
  return std::any_of(res.headers.begin(), res.headers.end(), [&](const auto& h) { return iequals(h.first, name); });
}

bool compressible_type(std::string_view type) {
  return type.starts_with("application/json") || type.starts_with("text/") ||
         type.starts_with("application/problem+json") || type.starts_with("application/x-ndjson");
}

}  // namespace

bool accepts_gzip(const Request& req) {
  auto header = req.header("Accept-Encoding");
  if (!header) return false;
  std::string_view rest = *header;
  bool star = false;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    auto item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t semi = item.find(';');
    auto name = trim(item.substr(0, semi));
    auto params = semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1);
    if (iequals(name, "gzip") || iequals(name, "x-gzip")) return q_allows(params);  // named: its own q decides
    if (name == "*") star = q_allows(params);
  }
  return star;
}

std::string gzip(std::string_view data) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer; level 1: JSON still shrinks ~8x.
  if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

void compress_response(const Request& req, Response& res) {
  if (res.file || res.static_body || res.body.size() < kGzipMinBytes) return;
  if (res.status == 204 || res.status == 304 || !compressible_type(res.content_type)) return;
  if (has_header(res, "Content-Encoding")) return;
  // Caches must keep the two forms apart, whichever this client gets.
  if (!has_header(res, "Vary")) res.header("Vary", "Accept-Encoding");
  if (!accepts_gzip(req)) return;
  res.body = gzip(res.body);
  res.header("Content-Encoding", "gzip");
}

}  // namespace euriqa::http
