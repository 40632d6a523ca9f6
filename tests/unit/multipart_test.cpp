// src/http/multipart.h: multipart/form-data streams part by part in any split of its
// bytes, with constant memory for file parts, and refuses bodies past its bounds
// (contract §12: 16 parts, 8 KiB of headers per part).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "http/multipart.h"

using euriqa::http::MultipartParser;
using euriqa::http::MultipartPart;

namespace {

struct Part {
  MultipartPart head;
  std::string data;
};

struct Outcome {
  std::vector<Part> parts;
  bool ok = true, finished = false;
  std::string error;
};

Outcome parse(const std::string& body, size_t piece = 0, const std::string& boundary = "XyZ") {
  MultipartParser p(boundary);
  Outcome out;
  if (piece == 0) piece = body.size();
  for (size_t i = 0; i < body.size() && out.ok; i += piece) {
    out.ok = p.feed(body.data() + i, std::min(piece, body.size() - i),
                    [&](const MultipartPart& h) {
                      out.parts.push_back({h, ""});
                      return true;
                    },
                    [&](const char* d, size_t n) {
                      out.parts.back().data.append(d, n);
                      return true;
                    });
  }
  out.finished = p.finished();
  out.error = p.error();
  return out;
}

std::string part(const std::string& disposition, const std::string& data, const std::string& extra = "") {
  return "--XyZ\r\nContent-Disposition: " + disposition + "\r\n" + extra + "\r\n" + data + "\r\n";
}

}  // namespace

TEST_CASE("fields and a file part arrive the same in any split") {
  std::string file(100000, '\0');
  for (size_t i = 0; i < file.size(); ++i) file[i] = static_cast<char>(i * 7);
  std::string body = "preamble\r\n" + part("form-data; name=\"type\"", "screenshot") +
                     part("form-data; name=\"file\"; filename=\"a b.png\"", file, "Content-Type: image/png\r\n") +
                     "--XyZ--\r\nepilogue";
  for (size_t piece : {0, 1, 2, 13, 4096}) {
    CAPTURE(piece);
    auto o = parse(body, piece);
    REQUIRE(o.ok);
    CHECK(o.finished);
    REQUIRE(o.parts.size() == 2);
    CHECK(o.parts[0].head.name == "type");
    CHECK(o.parts[0].data == "screenshot");
    CHECK(o.parts[1].head.filename == "a b.png");
    CHECK(o.parts[1].head.content_type == "image/png");
    CHECK(o.parts[1].data == file);
  }
}

TEST_CASE("delimiter look-alikes inside the data are data") {
  // The delimiter is CRLF "--XyZ": a prefix of it, or the boundary without the CRLF
  // before it, is part of the value.
  std::string data = "x\r\n--XY\r\n-a--XyZ\r\n\r\n--Xy";
  for (size_t piece : {0, 1, 5}) {
    auto o = parse(part("form-data; name=\"f\"", data) + "--XyZ--", piece);
    REQUIRE(o.ok);
    REQUIRE(o.parts.size() == 1);
    CHECK(o.parts[0].data == data);
  }
}

TEST_CASE("browser-style names: quotes and backslashes as written, RFC 5987 filename*") {
  auto o = parse(part(R"(form-data; name="file"; filename="say "cheese".png")", "1") +
                 part(R"(form-data; name="f2"; filename="..\..\win.png")", "2") +
                 part(R"(form-data; name="f3"; filename="fallback.png"; filename*=UTF-8''%E2%9C%93.png)", "3") +
                 "--XyZ--");
  REQUIRE(o.ok);
  REQUIRE(o.parts.size() == 3);
  CHECK(o.parts[0].head.filename == "say \"cheese\".png");
  CHECK(o.parts[1].head.filename == "..\\..\\win.png");
  CHECK(o.parts[2].head.filename == "\xE2\x9C\x93.png");
}

TEST_CASE("the 17th part is refused") {
  std::string body;
  for (int i = 0; i < 17; ++i) body += part("form-data; name=\"f" + std::to_string(i) + "\"", "v");
  auto o = parse(body + "--XyZ--");
  CHECK_FALSE(o.ok);
  CHECK(o.parts.size() == 16);
  CHECK(o.error.find("16 parts") != std::string::npos);
}

TEST_CASE("part headers past 8 KiB are refused, whole or trickled") {
  std::string big = "form-data; name=\"f\"; x=\"" + std::string(9000, 'a') + "\"";
  for (size_t piece : {0, 100}) {
    auto o = parse(part(big, "v") + "--XyZ--", piece);
    CHECK_FALSE(o.ok);
    CHECK(o.error.find("8 KiB") != std::string::npos);
  }
  // Endless headers with no blank line: refused once past the bound, not buffered.
  auto endless = parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + std::string(1 << 20, 'b'), 4096);
  CHECK_FALSE(endless.ok);
}

TEST_CASE("a body without the boundary, or with a bad delimiter line, is refused") {
  CHECK_FALSE(parse(std::string(20000, 'x'), 1000).ok);
  CHECK_FALSE(parse("--XyZgarbage\r\n").ok);
  CHECK_FALSE(parse("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--").ok);
  CHECK_FALSE(parse("--XyZ\r\nNo-Colon-Here\r\n\r\nv\r\n--XyZ--").ok);
}

TEST_CASE("an unfinished body is not finished") {
  auto o = parse(part("form-data; name=\"f\"", "value"));
  CHECK(o.ok);
  CHECK_FALSE(o.finished);
}

TEST_CASE("a callback that refuses stops the parser") {
  MultipartParser p("XyZ");
  std::string body = part("form-data; name=\"f\"", "value") + "--XyZ--";
  bool ok = p.feed(body.data(), body.size(), [](const MultipartPart&) { return false; },
                   [](const char*, size_t) { return true; });
  CHECK_FALSE(ok);
  CHECK(p.stopped());
}

TEST_CASE("the boundary comes from a multipart/form-data Content-Type only") {
  CHECK(MultipartParser::boundary_of("multipart/form-data; boundary=abc") == "abc");
  CHECK(MultipartParser::boundary_of("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b");
  CHECK_FALSE(MultipartParser::boundary_of("multipart/mixed; boundary=abc").has_value());
  CHECK_FALSE(MultipartParser::boundary_of("multipart/form-data").has_value());
  CHECK_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary=").has_value());
  CHECK_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary=" + std::string(71, 'a')).has_value());
  CHECK_FALSE(MultipartParser::boundary_of("application/json").has_value());
}
