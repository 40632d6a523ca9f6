#include "http/chunked.h"

#include <algorithm>
#include <cctype>

namespace euriqa::http {

bool ChunkedDecoder::fail(const char* why) {
  state_ = State::Error;
  error_ = why;
  return false;
}

// "<hex size>[;extensions]": the size alone decides; extensions are ignored.
bool ChunkedDecoder::size_line_done() {
  std::string_view line = line_;
  auto end = line.find(';');
  std::string_view digits = line.substr(0, end);
  while (!digits.empty() && (digits.back() == ' ' || digits.back() == '\t')) digits.remove_suffix(1);
  if (digits.empty() || digits.size() > 15) return fail("Malformed chunk size");
  uint64_t n = 0;
  for (char c : digits) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return fail("Malformed chunk size");
    n = n * 16 + static_cast<uint64_t>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
  }
  line_.clear();
  remaining_ = n;
  if (n == 0) {
    step_ = Step::Trailer;
  } else {
    step_ = Step::Data;
  }
  return true;
}

bool ChunkedDecoder::trailer_line_done() {
  bool empty = line_.empty();
  line_.clear();
  if (empty) state_ = State::Done;
  return true;
}

size_t ChunkedDecoder::feed(const char* data, size_t size, const Sink& sink) {
  size_t i = 0;
  while (i < size && state_ == State::More) {
    switch (step_) {
      case Step::SizeLine:
      case Step::Trailer: {
        char c = data[i++];
        if (step_ == Step::Trailer && ++trailer_bytes_ > kMaxTrailer) { fail("Chunked trailer too large"); return i; }
        if (c == '\n') {
          if (line_.empty() || line_.back() != '\r') { fail("Chunk lines must end with CRLF"); return i; }
          line_.pop_back();
          if (step_ == Step::SizeLine ? !size_line_done() : !trailer_line_done()) return i;
        } else {
          if (line_.size() >= kMaxSizeLine) { fail("Chunk size line too long"); return i; }
          line_.push_back(c);
        }
        break;
      }
      case Step::Data: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, size - i));
        if (!sink(data + i, take)) {
          stopped_ = true;
          return i + take;
        }
        i += take;
        remaining_ -= take;
        if (remaining_ == 0) {
          step_ = Step::DataEnd;
          data_end_seen_ = 0;
        }
        break;
      }
      case Step::DataEnd: {
        char want = data_end_seen_ == 0 ? '\r' : '\n';
        if (data[i++] != want) { fail("Chunk data must be followed by CRLF"); return i; }
        if (++data_end_seen_ == 2) step_ = Step::SizeLine;
        break;
      }
    }
  }
  return i;
}

}  // namespace euriqa::http
