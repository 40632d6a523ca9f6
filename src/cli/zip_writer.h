// Writes a ZIP archive of a directory's files (stored, not compressed: HTML reports
// are mostly already-compressed images, videos and traces). Used for `--html-report`.
#pragma once
#include <string>

namespace euriqa::cli {

// Zips every regular file under `dir` (paths relative to it) into `zip_path`.
// Throws std::runtime_error on I/O failure. Files and archive stay under 4 GiB (no ZIP64).
void zip_directory(const std::string& dir, const std::string& zip_path);

}  // namespace euriqa::cli
