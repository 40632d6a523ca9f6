// Streams a multipart/form-data body (RFC 7578) as its bytes arrive: each part's
// headers are announced, then its bytes handed on in pieces, so a file part of any
// size costs constant memory. Bounded (contract §12): at most 16 parts, 8 KiB of
// headers per part, 8 KiB of preamble. Pure: no I/O, fuzzed.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace euriqa::http {

// Receives body bytes; return false to stop reading.
using BodyChunk = std::function<bool(const char* data, size_t size)>;

// One part of a multipart/form-data body, announced before its bytes.
struct MultipartPart {
  std::string name, filename, content_type;
};
using PartHeader = std::function<bool(const MultipartPart& part)>;

class MultipartParser {
 public:
  static constexpr size_t kMaxParts = 16;
  static constexpr size_t kMaxPartHeaderBytes = 8 * 1024;

  // The boundary parameter of a multipart/form-data Content-Type; nullopt when the
  // type is another one or the boundary is missing or malformed.
  static std::optional<std::string> boundary_of(std::string_view content_type);

  explicit MultipartParser(std::string boundary);

  // Feeds the next bytes. False on malformed input or a broken limit (error() says
  // which) or when a callback returned false (stopped()).
  bool feed(const char* data, size_t size, const PartHeader& on_part, const BodyChunk& on_data);
  // The closing delimiter was seen (bytes after it are ignored).
  bool finished() const { return step_ == Step::Epilogue; }
  bool stopped() const { return stopped_; }
  const std::string& error() const { return error_; }

 private:
  enum class Step { Preamble, AfterDelimiter, Headers, Body, Epilogue, Failed };
  bool fail(std::string why);
  bool parse_headers(const PartHeader& on_part);
  bool run(const PartHeader& on_part, const BodyChunk& on_data);

  std::string delimiter_;  // "\r\n--" + boundary
  Step step_ = Step::Preamble;
  std::string buf_;        // bytes not yet handed on
  size_t parts_ = 0;
  bool stopped_ = false;
  std::string error_;
};

}  // namespace euriqa::http
