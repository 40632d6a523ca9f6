// Test support: inflates a gzip body the server sent (the tests read responses through
// raw sockets, so no client library inflates them on the way). Links zlib.
#pragma once
#include <doctest/doctest.h>
#include <zlib.h>

#include <string>

namespace euriqa::test {

inline std::string gunzip(const std::string& in) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  std::string out;
  char buf[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  REQUIRE_MESSAGE(rc == Z_STREAM_END, "not a whole gzip stream");
  return out;
}

}  // namespace euriqa::test
