// Artifact types and formats (the table in docs/contract.md's appendix): which
// formats each type accepts, their size limits, and recognising a file's format by
// its first bytes (magic numbers), not by its name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace euriqa::domain {

enum class Format { Png, Jpeg, WebP, Gif, WebM, Mp4, Avi, Mov, Zip };

constexpr size_t kSniffBytes = 16;  // enough bytes to recognise every format

std::optional<Format> sniff_format(std::string_view first_bytes);
const char* mime_type(Format f);
const char* format_name(Format f);
// The format a file name's extension claims, if it is one we know.
std::optional<Format> format_from_name(std::string_view file_name);
bool same_family(Format a, Format b);  // jpg/jpeg, mp4/mov (one container family)

bool is_artifact_type(std::string_view type);
bool type_accepts(std::string_view type, Format f);
int64_t type_max_bytes(std::string_view type);
// The largest limit of any type that accepts the format (used before the type is known).
int64_t max_bytes_for_format(Format f);
constexpr int64_t kMaxArtifactBytes = 200ll * 1024 * 1024;
bool is_inline(Format f);  // images and video display inline; zip downloads

// A safe display name: the last path component, no control characters, at most 255
// bytes (cut at a UTF-8 boundary), "file" when nothing is left.
std::string sanitize_file_name(std::string_view name);

}  // namespace euriqa::domain
