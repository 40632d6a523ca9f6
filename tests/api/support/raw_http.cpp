#include "support/raw_http.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>

namespace euriqa::test {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

RawResponse raw_exchange(int port, const std::string& head, size_t body_bytes, bool chunked,
                         const std::string& body_prefix, const std::string& source_ip) {
  RawResponse out;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  if (!source_ip.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, source_ip.c_str(), &local.sin_addr) == 1);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

  std::string pending = head;
  size_t body_left = body_bytes;
  bool prefix_sent = body_prefix.empty();
  const std::string filler(64 * 1024, ' ');
  std::string received;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);

  // Phase 1: write until everything is sent or the server starts answering.
  while (std::chrono::steady_clock::now() < deadline) {
    if (pending.empty() && (body_left > 0 || !prefix_sent)) {
      std::string piece;
      if (!prefix_sent) {
        piece = body_prefix;
        prefix_sent = true;
      } else {
        piece = filler.substr(0, std::min(filler.size(), body_left));
        body_left -= piece.size();
      }
      out.body_bytes_sent += piece.size();
      if (chunked) {
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        pending = size + piece + "\r\n";
      } else {
        pending = piece;
      }
    } else if (pending.empty() && chunked && body_left == 0 && prefix_sent) {
      pending = "0\r\n\r\n";
      chunked = false;  // terminator queued once
    }
    pollfd p{fd, static_cast<short>(POLLIN | (pending.empty() ? 0 : POLLOUT)), 0};
    if (poll(&p, 1, 1000) <= 0) {
      if (pending.empty()) continue;  // everything sent: wait for the answer
      continue;
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) break;
    if (p.revents & POLLOUT) {
      ssize_t n = send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
      if (n > 0) pending.erase(0, static_cast<size_t>(n));
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;
    }
  }

  // Phase 2: read the response (headers, then Content-Length bytes).
  size_t header_end = std::string::npos;
  size_t want = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (header_end != std::string::npos && received.size() >= header_end + 4 + want) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buf[65536];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      out.server_closed = true;
      break;
    }
    received.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = received.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string h = lower(received.substr(0, header_end));
        auto cl = h.find("\r\ncontent-length:");
        if (cl != std::string::npos) want = std::stoul(h.substr(cl + 17));
      }
    }
  }
  if (header_end != std::string::npos) {
    out.head = received.substr(0, header_end);
    out.body = received.substr(header_end + 4, want);
    out.after = received.substr(std::min(received.size(), header_end + 4 + want));
    if (out.head.rfind("HTTP/1.1 ", 0) == 0) out.status = std::stoi(out.head.substr(9, 3));
  }

  // Phase 3: does the server close the connection now?
  if (!out.server_closed && out.after.empty()) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[65536];
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
        out.server_closed = true;
        break;
      }
      if (n > 0) {
        out.after.append(buf, static_cast<size_t>(n));
        break;
      }
    }
  }
  close(fd);
  return out;
}

Result as_result(const RawResponse& raw) {
  Result r;
  r.status = raw.status;
  r.body = raw.body;
  size_t pos = raw.head.find("\r\n");
  while (pos != std::string::npos) {
    size_t next = raw.head.find("\r\n", pos + 2);
    std::string line = raw.head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers.emplace(line.substr(0, colon), value);
    }
    pos = next;
  }
  r.json.Parse(r.body.c_str());
  if (r.json.HasParseError()) r.json.SetNull();
  return r;
}

}  // namespace euriqa::test
