#include "http/content_types.h"

#include <utility>

namespace euriqa::http {

std::string content_type_for(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},           {".svg", "image/svg+xml"},
      {".png", "image/png"},                   {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},                 {".webp", "image/webp"},
      {".gif", "image/gif"},                   {".ico", "image/x-icon"},
      {".webm", "video/webm"},                 {".mp4", "video/mp4"},
      {".zip", "application/zip"},             {".tgz", "application/gzip"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},                  {".ttf", "font/ttf"},
      {".map", "application/json"},            {".txt", "text/plain; charset=utf-8"},
      {".md", "text/plain; charset=utf-8"},    {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"}};
  for (const auto& [ext, type] : types)
    if (path.ends_with(ext)) return std::string(type);
  return "application/octet-stream";
}

}  // namespace euriqa::http
