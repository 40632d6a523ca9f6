#include "http/body_reader.h"

#include <algorithm>

namespace euriqa::http {

BodyReader::BodyReader(Connection& io, const RequestHead& head, int timeout_ms)
    : io_(io), expect_continue_(head.expect_continue), timeout_ms_(timeout_ms), chunked_(head.chunked),
      length_(head.content_length) {
  remaining_ = length_.value_or(0);
  done_ = !chunked_ && remaining_ == 0;
}

bool BodyReader::read(const BodyChunk& sink) {
  if (done_) return true;
  if (!started_) {
    started_ = true;
    if (expect_continue_ && io_.buffered().empty() && !io_.write_all("HTTP/1.1 100 Continue\r\n\r\n", timeout_ms_))
      return false;
  }
  for (;;) {
    if (!io_.await_data(timeout_ms_)) return false;
    auto data = io_.buffered();
    if (chunked_) {
      size_t used = decoder_.feed(data.data(), data.size(), sink);
      io_.consume(used);
      done_ = decoder_.state() == ChunkedDecoder::State::Done;
      if (decoder_.state() == ChunkedDecoder::State::Error || decoder_.stopped()) return false;
      if (done_) return true;
    } else {
      size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size()));
      bool more = sink(data.data(), take);
      io_.consume(take);
      remaining_ -= take;
      done_ = remaining_ == 0;
      if (!more) return false;  // the sink stopped (even on the last piece)
      if (done_) return true;
    }
  }
}

void BodyReader::skip_if_buffered() {
  if (done_ || started_ || chunked_) return;
  if (io_.buffered().size() >= remaining_) {
    io_.consume(static_cast<size_t>(remaining_));
    remaining_ = 0;
    done_ = true;
  }
}

}  // namespace euriqa::http
