// src/http/chunked.h: chunked request bodies decode byte by byte or all at once the
// same way, stop exactly at their end, and refuse malformed or unbounded framing.
#include <doctest/doctest.h>

#include <string>

#include "http/chunked.h"

using euriqa::http::ChunkedDecoder;

namespace {

struct Decoded {
  std::string body;
  size_t consumed = 0;
  ChunkedDecoder::State state;
};

Decoded decode(const std::string& wire, size_t piece = 0) {
  ChunkedDecoder d;
  Decoded out;
  auto sink = [&](const char* p, size_t n) {
    out.body.append(p, n);
    return true;
  };
  if (piece == 0) piece = wire.size();
  for (size_t i = 0; i < wire.size() && d.state() == ChunkedDecoder::State::More; i += piece) {
    size_t n = std::min(piece, wire.size() - i);
    size_t used = d.feed(wire.data() + i, n, sink);
    out.consumed += used;
    if (used < n) break;
  }
  out.state = d.state();
  return out;
}

}  // namespace

TEST_CASE("chunks decode whole and byte by byte, stopping at the end of the body") {
  std::string wire = "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\nGET /next";
  for (size_t piece : {0, 1, 3, 7}) {
    CAPTURE(piece);
    auto d = decode(wire, piece);
    CHECK(d.state == ChunkedDecoder::State::Done);
    CHECK(d.body == "hello world");
    CHECK(d.consumed == wire.size() - std::string("GET /next").size());
  }
}

TEST_CASE("upper and lower case hex sizes") {
  auto d = decode("A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n");
  CHECK(d.state == ChunkedDecoder::State::Done);
  CHECK(d.body.size() == 20);
}

TEST_CASE("malformed framing is an error") {
  CHECK(decode("x\r\nabc\r\n0\r\n\r\n").state == ChunkedDecoder::State::Error);
  CHECK(decode("3\r\nabcX\r\n0\r\n\r\n").state == ChunkedDecoder::State::Error);  // data longer than its size
  CHECK(decode("3\nabc\r\n0\r\n\r\n").state == ChunkedDecoder::State::Error);      // bare LF
  CHECK(decode("-3\r\nabc\r\n0\r\n\r\n").state == ChunkedDecoder::State::Error);
  CHECK(decode("\r\n").state == ChunkedDecoder::State::Error);
}

TEST_CASE("sizes past 15 hex digits, endless size lines and endless trailers are refused") {
  CHECK(decode("FFFFFFFFFFFFFFFFF\r\n").state == ChunkedDecoder::State::Error);
  CHECK(decode("1;" + std::string(2000, 'e') + "\r\n").state == ChunkedDecoder::State::Error);
  std::string trailers = "0\r\n";
  for (int i = 0; i < 1000; ++i) trailers += "X-Trailer: " + std::to_string(i) + "\r\n";
  CHECK(decode(trailers).state == ChunkedDecoder::State::Error);
}

TEST_CASE("an incomplete body asks for more") {
  auto d = decode("5\r\nhel");
  CHECK(d.state == ChunkedDecoder::State::More);
  CHECK(d.body == "hel");
}

TEST_CASE("a sink that refuses stops the decoder") {
  ChunkedDecoder d;
  std::string wire = "5\r\nhello\r\n0\r\n\r\n";
  size_t used = d.feed(wire.data(), wire.size(), [](const char*, size_t) { return false; });
  CHECK(d.stopped());
  CHECK(used < wire.size());
}
