#include "domain/file_format.h"

#include <algorithm>

#include "domain/validation.h"

namespace euriqa::domain {

namespace {
bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}
constexpr int64_t kMiB = 1024 * 1024;
}  // namespace

std::optional<Format> sniff_format(std::string_view b) {
  if (starts(b, std::string_view("\x89PNG\r\n\x1a\n", 8))) return Format::Png;
  if (starts(b, "\xFF\xD8\xFF")) return Format::Jpeg;
  if (starts(b, "GIF87a") || starts(b, "GIF89a")) return Format::Gif;
  if (b.size() >= 12 && starts(b, "RIFF") && b.substr(8, 4) == "WEBP") return Format::WebP;
  if (b.size() >= 12 && starts(b, "RIFF") && b.substr(8, 4) == "AVI ") return Format::Avi;
  if (starts(b, "\x1A\x45\xDF\xA3")) return Format::WebM;
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") return b.substr(8, 4) == "qt  " ? Format::Mov : Format::Mp4;
  if (b.size() >= 8 && (b.substr(4, 4) == "moov" || b.substr(4, 4) == "mdat" || b.substr(4, 4) == "wide"))
    return Format::Mov;
  if (starts(b, std::string_view("PK\x03\x04", 4)) || starts(b, std::string_view("PK\x05\x06", 4))) return Format::Zip;
  return std::nullopt;
}

const char* mime_type(Format f) {
  switch (f) {
    case Format::Png: return "image/png";
    case Format::Jpeg: return "image/jpeg";
    case Format::WebP: return "image/webp";
    case Format::Gif: return "image/gif";
    case Format::WebM: return "video/webm";
    case Format::Mp4: return "video/mp4";
    case Format::Avi: return "video/x-msvideo";
    case Format::Mov: return "video/quicktime";
    case Format::Zip: return "application/zip";
  }
  return "application/octet-stream";
}

const char* format_name(Format f) {
  switch (f) {
    case Format::Png: return "PNG";
    case Format::Jpeg: return "JPEG";
    case Format::WebP: return "WebP";
    case Format::Gif: return "GIF";
    case Format::WebM: return "WebM";
    case Format::Mp4: return "MP4";
    case Format::Avi: return "AVI";
    case Format::Mov: return "MOV";
    case Format::Zip: return "ZIP";
  }
  return "unknown";
}

std::optional<Format> format_from_name(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext = lower(name.substr(dot + 1));
  if (ext == "png") return Format::Png;
  if (ext == "jpg" || ext == "jpeg") return Format::Jpeg;
  if (ext == "webp") return Format::WebP;
  if (ext == "gif") return Format::Gif;
  if (ext == "webm") return Format::WebM;
  if (ext == "mp4" || ext == "m4v") return Format::Mp4;
  if (ext == "avi") return Format::Avi;
  if (ext == "mov") return Format::Mov;
  if (ext == "zip") return Format::Zip;
  return std::nullopt;
}

bool same_family(Format a, Format b) {
  auto iso = [](Format f) { return f == Format::Mp4 || f == Format::Mov; };
  return a == b || (iso(a) && iso(b));
}

bool is_artifact_type(std::string_view t) {
  return t == "screenshot" || t == "video" || t == "trace" || t == "report";
}

bool type_accepts(std::string_view t, Format f) {
  if (t == "screenshot") return f == Format::Png || f == Format::Jpeg || f == Format::WebP || f == Format::Gif;
  if (t == "video") return f == Format::WebM || f == Format::Mp4 || f == Format::Avi || f == Format::Mov;
  if (t == "trace" || t == "report") return f == Format::Zip;
  return false;
}

int64_t type_max_bytes(std::string_view t) {
  if (t == "screenshot") return 5 * kMiB;
  if (t == "video") return 100 * kMiB;
  if (t == "trace") return 50 * kMiB;
  if (t == "report") return 200 * kMiB;
  return 0;
}

int64_t max_bytes_for_format(Format f) {
  int64_t best = 0;
  for (const char* t : {"screenshot", "video", "trace", "report"})
    if (type_accepts(t, f)) best = std::max(best, type_max_bytes(t));
  return best;
}

bool is_inline(Format f) { return f != Format::Zip; }

std::string sanitize_file_name(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) continue;  // control characters, NUL included
    out.push_back(c);
  }
  if (!is_valid_utf8(out))
    for (char& c : out)
      if (static_cast<unsigned char>(c) >= 0x80) c = '_';
  if (out == "." || out == "..") out.clear();
  if (out.size() > 255) {
    size_t cut = 255;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    out.resize(cut);
  }
  return out.empty() ? "file" : out;
}

}  // namespace euriqa::domain
