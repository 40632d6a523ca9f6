// Test support for artifacts (docs/openapi.yaml "Artifacts"; contract §7): minimal real
// files of every accepted format built in memory (PNG with a zlib IDAT and CRC32s, JPEG,
// GIF, WebP, WebM, MP4, AVI, MOV, ZIP), a multipart/form-data builder that sends file
// names byte for byte (quotes, NUL, ...), raw-socket helpers for uploads cut off
// mid-body, and views of DATA/blobs. Header-only; every function is inline.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "support/server.h"

namespace euriqa::test::files {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- byte helpers

inline uint32_t crc32(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

inline uint32_t adler32(std::string_view data) {
  uint32_t a = 1, b = 0;
  for (unsigned char c : data) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

inline std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
inline std::string le32(uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}
inline std::string le16(uint16_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
inline std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

// Appends deterministic filler (a repeating non-constant pattern) up to `size` bytes.
inline std::string pad_to(std::string data, size_t size) {
  data.reserve(size);
  for (size_t i = data.size(); i < size; ++i) data.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  return data;
}

// ---------------------------------------------------------------- minimal files

inline std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

// A valid 1x1 8-bit grayscale PNG: IHDR, an IDAT holding a zlib stream with one stored
// block, IEND; every chunk with its CRC32.
inline std::string png_1x1() {
  std::string ihdr = be32(1) + be32(1) + bytes({8, 0, 0, 0, 0});
  std::string raw = bytes({0x00, 0x80});  // filter 0, one grey pixel
  std::string zlib = bytes({0x78, 0x01, 0x01}) + le16(static_cast<uint16_t>(raw.size())) +
                     le16(static_cast<uint16_t>(~raw.size())) + raw + be32(adler32(raw));
  return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", zlib) +
         png_chunk("IEND", "");
}

// JFIF APP0 header then EOI.
inline std::string jpeg_min() {
  return bytes({0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10}) + std::string("JFIF\0", 5) +
         bytes({0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9});
}

// The classic 1x1 transparent GIF89a.
inline std::string gif_1x1() {
  return std::string("GIF89a") + bytes({0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00,
                                        0x00, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00,
                                        0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00,
                                        0x3B});
}

// RIFF....WEBP with a 1x1 lossless VP8L bitstream.
inline std::string webp_1x1() {
  std::string vp8l = bytes({0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07});
  std::string chunk = "VP8L" + le32(static_cast<uint32_t>(vp8l.size())) + vp8l + std::string(vp8l.size() % 2, '\0');
  std::string body = "WEBP" + chunk;
  return "RIFF" + le32(static_cast<uint32_t>(body.size())) + body;
}

// EBML header (DocType webm) followed by a Segment of unknown size.
inline std::string webm_min() {
  std::string header = bytes({0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3,
                              0x81, 0x08, 0x42, 0x82, 0x84}) +
                       "webm" + bytes({0x42, 0x87, 0x81, 0x02, 0x42, 0x85, 0x81, 0x02});
  return bytes({0x1A, 0x45, 0xDF, 0xA3, 0x80 | static_cast<int>(header.size())}) + header +
         bytes({0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
}

inline std::string iso_box(const std::string& type, const std::string& payload) {
  return be32(static_cast<uint32_t>(8 + payload.size())) + type + payload;
}

// ISO BMFF: ftyp isom (MP4), then an empty mdat.
inline std::string mp4_min() { return iso_box("ftyp", "isom" + be32(0x200) + "isomiso2mp41") + iso_box("mdat", ""); }

// QuickTime: ftyp with major brand "qt  ", then an empty mdat.
inline std::string mov_min() { return iso_box("ftyp", "qt  " + be32(0x200) + "qt  ") + iso_box("mdat", ""); }

// RIFF....AVI  with an (empty) hdrl list.
inline std::string avi_min() {
  std::string body = "AVI LIST" + le32(4) + "hdrl";
  return "RIFF" + le32(static_cast<uint32_t>(body.size())) + body;
}

// One file of a ZIP archive: its bytes as stored (compressed when method is 8, raw
// deflate), with the CRC-32 and size of the original content.
struct ZipItem {
  std::string name, data;
  uint16_t method = 0;
  uint32_t crc = 0, size = 0;
};

// A ZIP archive of the items, in order.
inline std::string zip_archive(const std::vector<ZipItem>& items) {
  std::string locals, central;
  for (const auto& it : items) {
    auto name_len = le16(static_cast<uint16_t>(it.name.size()));
    auto stored = le32(static_cast<uint32_t>(it.data.size()));
    std::string fields = le16(0) + le16(it.method) + le16(0) + le16(0x21) + le32(it.crc) + stored + le32(it.size);
    central += std::string("PK\x01\x02", 4) + le16(20) + le16(20) + fields + name_len + le16(0) + le16(0) + le16(0) +
               le16(0) + le32(0) + le32(static_cast<uint32_t>(locals.size())) + it.name;
    locals += std::string("PK\x03\x04", 4) + le16(20) + fields + name_len + le16(0) + it.name + it.data;
  }
  auto count = le16(static_cast<uint16_t>(items.size()));
  std::string end = std::string("PK\x05\x06", 4) + le16(0) + le16(0) + count + count +
                    le32(static_cast<uint32_t>(central.size())) + le32(static_cast<uint32_t>(locals.size())) + le16(0);
  return locals + central + end;
}

// A ZIP archive with one stored (uncompressed) entry.
inline std::string zip_stored(const std::string& name, const std::string& content) {
  return zip_archive({ZipItem{name, content, 0, crc32(content), static_cast<uint32_t>(content.size())}});
}

// The empty archive: only the end-of-central-directory record.
inline std::string zip_empty() { return std::string("PK\x05\x06", 4) + std::string(18, '\0'); }

// ---------------------------------------------------------------- multipart

struct Part {
  std::string name;
  std::string value;      // content
  std::string filename;   // raw bytes put between the quotes; empty = a plain field
  std::string content_type;
};

inline const std::string kBoundary = "----euriqa-test-boundary-7MA4YWxkTrZu0gW";

inline std::string part_head(const Part& p, const std::string& boundary = kBoundary) {
  std::string out = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
  if (!p.filename.empty() || !p.content_type.empty()) out += "; filename=\"" + p.filename + "\"";
  out += "\r\n";
  if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
  return out + "\r\n";
}

inline std::string multipart(const std::vector<Part>& parts, const std::string& boundary = kBoundary) {
  std::string out;
  for (const auto& p : parts) out += part_head(p, boundary) + p.value + "\r\n";
  return out + "--" + boundary + "--\r\n";
}

inline Result to_result(const httplib::Result& r) {
  Result out;
  if (!r) return out;
  out.status = r->status;
  out.body = r->body;
  out.headers = r->headers;
  out.json.Parse(out.body.c_str());
  if (out.json.HasParseError()) out.json.SetNull();
  return out;
}

inline httplib::Headers auth_headers(const Auth& a) {
  httplib::Headers h;
  if (!a.cookie.empty()) h.emplace("Cookie", "sb-access-token=" + a.cookie);
  if (!a.api_key.empty()) h.emplace("X-API-Key", a.api_key);
  return h;
}

// POST /api/upload with the given parts, body built by multipart().
inline Result post_multipart(TestServer& s, const Auth& a, const std::vector<Part>& parts) {
  httplib::Client cli("127.0.0.1", s.port());
  cli.set_read_timeout(60, 0);
  cli.set_write_timeout(60, 0);
  return to_result(
      cli.Post("/api/upload", auth_headers(a), multipart(parts), ("multipart/form-data; boundary=" + kBoundary).c_str()));
}

struct Upload {
  std::string type, run_id, project_id, test_id;
  std::string file_name = "file.bin";
  std::string content;
  std::string content_type = "application/octet-stream";
};

// An upload of `content` named `file_name` as `type` to a run of a project.
inline Upload upload_of(const std::string& type, const std::string& run_id, const std::string& project_id,
                        const std::string& file_name, const std::string& content) {
  Upload u;
  u.type = type;
  u.run_id = run_id;
  u.project_id = project_id;
  u.file_name = file_name;
  u.content = content;
  return u;
}

// The usual upload: type, runId, projectId, [testId], then the file.
inline Result upload(TestServer& s, const Auth& a, const Upload& u) {
  std::vector<Part> parts;
  if (!u.type.empty()) parts.push_back({"type", u.type, "", ""});
  if (!u.run_id.empty()) parts.push_back({"runId", u.run_id, "", ""});
  if (!u.project_id.empty()) parts.push_back({"projectId", u.project_id, "", ""});
  if (!u.test_id.empty()) parts.push_back({"testId", u.test_id, "", ""});
  parts.push_back({"file", u.content, u.file_name, u.content_type});
  return post_multipart(s, a, parts);
}

// The path and query of a signed URL ("http://host:port/artifacts/..." -> "/artifacts/...").
inline std::string url_path(const std::string& url) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "" : url.substr(slash);
}

// Replaces the value of query parameter `name` in a path.
inline std::string with_query(const std::string& path, const std::string& name, const std::string& value) {
  auto at = path.find(name + "=");
  if (at == std::string::npos) return path;
  auto start = at + name.size() + 1;
  auto end = path.find('&', start);
  return path.substr(0, start) + value + (end == std::string::npos ? "" : path.substr(end));
}
inline std::string query_value(const std::string& path, const std::string& name) {
  auto at = path.find(name + "=");
  if (at == std::string::npos) return "";
  auto start = at + name.size() + 1;
  auto end = path.find('&', start);
  return path.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// ---------------------------------------------------------------- DATA/blobs

inline fs::path blobs_dir(const TestServer& s) { return fs::path(s.data_dir()) / "blobs"; }
inline fs::path blob_path(const TestServer& s, const std::string& id) {
  return blobs_dir(s) / id.substr(id.size() - 2) / id;
}

// Regular files under DATA/blobs outside tmp/ (relative paths), and those in tmp/.
inline std::vector<std::string> stored_files(const TestServer& s) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(blobs_dir(s), ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    auto rel = fs::relative(it->path(), blobs_dir(s));
    if (rel.begin() != rel.end() && *rel.begin() == "tmp") continue;
    if (it->is_regular_file()) out.push_back(rel.string());
  }
  return out;
}
inline std::vector<std::string> temp_files(const TestServer& s) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(blobs_dir(s) / "tmp", ec)) out.push_back(f.path().filename().string());
  return out;
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Polls `cond` every 50 ms until it holds or `seconds` pass; returns its last value.
template <class F>
bool eventually(F cond, double seconds = 5.0) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    if (cond()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// ---------------------------------------------------------------- raw sockets

inline int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads until the peer closes, `seconds` pass, or a full header block plus
// Content-Length bytes have arrived.
inline std::string read_response(int fd, double seconds = 10.0) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    auto end = out.find("\r\n\r\n");
    if (end != std::string::npos) {
      auto cl = out.find("Content-Length: ");
      if (cl != std::string::npos && cl < end) {
        size_t len = std::stoul(out.substr(cl + 16));
        if (out.size() >= end + 4 + len) break;
      }
    }
  }
  return out;
}

inline int status_of(const std::string& raw_response) {
  if (raw_response.rfind("HTTP/1.1 ", 0) != 0 || raw_response.size() < 12) return 0;
  return std::stoi(raw_response.substr(9, 3));
}

// GET over a raw socket, returning the response's header block as sent (httplib's
// client URL-decodes header values, which would hide what the server wrote).
inline std::string raw_head(int port, const std::string& path, const std::string& extra_headers = "") {
  int fd = connect_loopback(port);
  if (fd < 0) return "";
  send_all(fd, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers + "\r\n");
  std::string resp = read_response(fd);
  ::close(fd);
  auto end = resp.find("\r\n\r\n");
  return end == std::string::npos ? resp : resp.substr(0, end + 2);
}

// A header's value from a raw header block (first match, case-insensitive name).
inline std::string raw_header(const std::string& head, const std::string& name) {
  auto lower = [](std::string v) {
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v;
  };
  std::string h = lower(head), want = "\r\n" + lower(name) + ":";
  auto at = h.find(want);
  if (at == std::string::npos) return "";
  auto start = at + want.size();
  while (start < head.size() && head[start] == ' ') ++start;
  auto end = head.find("\r\n", start);
  return head.substr(start, end - start);
}

}  // namespace euriqa::test::files
