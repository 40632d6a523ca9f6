// Decodes a "Transfer-Encoding: chunked" request body as its bytes arrive, with
// bounded state: a chunk-size line (extensions included) of at most 1 KiB and at most
// 8 KiB of trailer fields, which are read and dropped. Pure: no I/O, fuzzed.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace euriqa::http {

class ChunkedDecoder {
 public:
  enum class State { More, Done, Error };
  using Sink = std::function<bool(const char* data, size_t size)>;

  // Consumes bytes of `data`, handing chunk payload to `sink`; returns how many bytes
  // were consumed (fewer than `size` once Done, Error, or when the sink returns false:
  // the rest belongs to whatever follows the body).
  size_t feed(const char* data, size_t size, const Sink& sink);
  State state() const { return state_; }
  bool stopped() const { return stopped_; }  // the sink refused data
  const std::string& error() const { return error_; }

 private:
  enum class Step { SizeLine, Data, DataEnd, Trailer };
  bool fail(const char* why);
  bool size_line_done();
  bool trailer_line_done();

  static constexpr size_t kMaxSizeLine = 1024;
  static constexpr size_t kMaxTrailer = 8 * 1024;

  State state_ = State::More;
  Step step_ = Step::SizeLine;
  std::string line_;       // the line being read (size line or a trailer line)
  uint64_t remaining_ = 0;  // payload bytes left in the current chunk
  size_t data_end_seen_ = 0;  // bytes of the CRLF after a chunk seen so far
  size_t trailer_bytes_ = 0;
  bool stopped_ = false;
  std::string error_;
};

}  // namespace euriqa::http
