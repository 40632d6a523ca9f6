#include "jobs/post_transfer.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "domain/special_address.h"

namespace euriqa::jobs {

namespace {

using Clock = std::chrono::steady_clock;

// The IP address a socket is about to connect to; nullopt for other families.
std::optional<domain::IpAddress> ip_of(const curl_sockaddr& a) {
  sockaddr_storage storage{};
  // curl hands over room for the whole address behind `addr` (addrlen bytes).
  std::memcpy(&storage, &a.addr, std::min<size_t>(a.addrlen, sizeof storage));
  if (a.family == AF_INET && a.addrlen >= sizeof(sockaddr_in)) {
    domain::Ipv4Address v4;
    std::memcpy(v4.data(), &reinterpret_cast<const sockaddr_in&>(storage).sin_addr, v4.size());
    return v4;
  }
  if (a.family == AF_INET6 && a.addrlen >= sizeof(sockaddr_in6)) {
    domain::Ipv6Address v6;
    std::memcpy(v6.data(), &reinterpret_cast<const sockaddr_in6&>(storage).sin6_addr, v6.size());
    return v6;
  }
  return std::nullopt;
}

// "HTTP/1.1 204 No Content" -> 204; 0 when the line is not a status line.
int status_of_line(std::string_view line) {
  if (!line.starts_with("HTTP/")) return 0;
  auto space = line.find(' ');
  if (space == std::string_view::npos || line.size() < space + 4) return 0;
  int code = 0;
  for (char c : line.substr(space + 1, 3)) {
    if (c < '0' || c > '9') return 0;
    code = code * 10 + (c - '0');
  }
  return code;
}

template <typename T>
void set(CURL* easy, CURLoption option, T value) {
  if (curl_easy_setopt(easy, option, value) != CURLE_OK)
    throw std::runtime_error("curl_easy_setopt failed for option " + std::to_string(option));
}

}  // namespace

PostTransfer::PostTransfer(PostRequest request) : request_(std::move(request)), started_(Clock::now()) {
  easy_ = curl_easy_init();
  if (!easy_) throw std::runtime_error("curl_easy_init failed");
  auto add_header = [this](const std::string& line) {
    curl_slist* grown = curl_slist_append(header_list_, line.c_str());
    if (!grown) throw std::runtime_error("curl_slist_append failed");
    header_list_ = grown;
  };
  try {
    add_header("Content-Type: application/json");
    // curl would send "Expect: 100-continue" for a large body and wait a second for
    // an interim answer most receivers never give; send the body at once instead.
    add_header("Expect:");
    // "Name:" alone tells curl to drop a header; "Name;" sends it empty.
    for (const auto& [name, value] : request_.headers) add_header(value.empty() ? name + ";" : name + ": " + value);

    set(easy_, CURLOPT_PRIVATE, this);
    set(easy_, CURLOPT_ERRORBUFFER, error_);
    set(easy_, CURLOPT_URL, request_.url.c_str());
    set(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    set(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    set(easy_, CURLOPT_FOLLOWLOCATION, 0L);
    set(easy_, CURLOPT_PROXY, "");  // never the environment's proxy: we vet the address we connect to
    set(easy_, CURLOPT_NOSIGNAL, 1L);
    set(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(request_.timeout_seconds) * 1000L);
    set(easy_, CURLOPT_HTTPHEADER, header_list_);
    set(easy_, CURLOPT_POSTFIELDS, request_.body.data());
    set(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body.size()));
    set(easy_, CURLOPT_WRITEFUNCTION, &PostTransfer::on_body);
    set(easy_, CURLOPT_WRITEDATA, this);
    set(easy_, CURLOPT_HEADERFUNCTION, &PostTransfer::on_header);
    set(easy_, CURLOPT_HEADERDATA, this);
    if (!request_.allow_private_targets) {
      // Checked on the address of each socket curl opens, after its own resolving:
      // a name that answers differently the second time (DNS rebinding) gains nothing.
      set(easy_, CURLOPT_OPENSOCKETFUNCTION, &PostTransfer::on_open_socket);
      set(easy_, CURLOPT_OPENSOCKETDATA, this);
    }
  } catch (...) {
    curl_easy_cleanup(easy_);
    curl_slist_free_all(header_list_);
    throw;
  }
}

PostTransfer::~PostTransfer() {
  curl_easy_cleanup(easy_);
  curl_slist_free_all(header_list_);
}

size_t PostTransfer::on_body(char*, size_t size, size_t count, void* self) {
  auto* t = static_cast<PostTransfer*>(self);
  size_t bytes = size * count;
  if (t->body_bytes_ + bytes > kMaxResponseBytes) return 0;  // enough: curl stops with CURLE_WRITE_ERROR
  t->body_bytes_ += bytes;  // the body itself is not needed, only its status
  return bytes;
}

size_t PostTransfer::on_header(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<PostTransfer*>(self);
  size_t bytes = size * count;
  t->header_bytes_ += bytes;
  if (t->header_bytes_ > kMaxResponseBytes) return 0;
  std::string_view line(data, bytes);
  if (int code = status_of_line(line)) {
    t->last_status_ = code;  // a 100 Continue is followed by the final status line
  } else if ((line == "\r\n" || line == "\n") && t->last_status_ >= 200) {
    t->headers_complete_ = true;
  }
  return bytes;
}

curl_socket_t PostTransfer::on_open_socket(void* self, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<PostTransfer*>(self);
  auto ip = ip_of(*address);
  if (!ip) {
    t->refused_ = "refused: the target is not an IP address (webhookAllowPrivateTargets is false)";
    return CURL_SOCKET_BAD;
  }
  if (auto range = domain::special_range(*ip)) {
    // An IPv6 form carrying a special IPv4 address is named by the IPv4 range.
    bool carried = std::holds_alternative<domain::Ipv6Address>(*ip) && range->cidr.find('.') != std::string_view::npos;
    t->refused_ = "refused: the host resolves to " + domain::format_ip_address(*ip) +
                  ", a private or special-purpose address (" + (carried ? "it carries an IPv4 address in " : "") +
                  std::string(range->cidr) + ", " + std::string(range->name) +
                  "), and webhookAllowPrivateTargets is false";
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// How an attempt counts. The receiver has answered once its final status line and
// header block are in: from then on its status code decides, whatever happens to the
// body. So when on_body stops a 2xx with an endless body at 64 KiB, curl reports
// CURLE_WRITE_ERROR, yet the attempt is a success with that status; a body that stalls
// into the timeout or a connection reset mid-body count the same way. Before that
// point, any error (refused address, timeout, header block over 64 KiB) is a failure
// without a status. The header block is tracked in on_header rather than asked of
// CURLINFO_RESPONSE_CODE, which is set by a status line alone (even a 100 Continue).
PostOutcome PostTransfer::outcome(CURLcode result) const {
  PostOutcome out;
  out.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_).count();
  if (headers_complete_) {
    out.status = last_status_;
    return out;
  }
  if (!refused_.empty()) out.error = refused_;
  else if (result == CURLE_WRITE_ERROR && header_bytes_ > kMaxResponseBytes) out.error = "response headers exceed 64 KiB";
  else out.error = error_[0] ? std::string(error_) : std::string(curl_easy_strerror(result));
  if (out.error.empty()) out.error = "no HTTP response";
  return out;
}

}  // namespace euriqa::jobs
