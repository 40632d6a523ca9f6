#include "http/api_client.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <thread>

namespace euriqa::http {
namespace {

std::unique_ptr<httplib::Client> make_client(const std::string& base_url) {
  auto cli = std::make_unique<httplib::Client>(base_url);
  cli->set_tcp_nodelay(true);
  cli->set_connection_timeout(10, 0);
  cli->set_read_timeout(120, 0);
  cli->set_write_timeout(120, 0);
  return cli;
}

// Seconds to wait before the next try: Retry-After when the server sent one (capped),
// else 1, 2, 4, ... seconds.
int backoff_seconds(const httplib::Result& r, int attempt) {
  if (r && r->has_header("Retry-After")) {
    int s = std::atoi(r->get_header_value("Retry-After").c_str());
    if (s >= 0) return std::min(s, 60);
  }
  return std::min(1 << attempt, 16);
}

bool retryable(const httplib::Result& r) { return !r || r->status == 429 || r->status >= 500; }

ApiResult with_retries(int attempts, const std::function<httplib::Result()>& send) {
  for (int attempt = 0;; ++attempt) {
    auto r = send();
    if (!retryable(r) || attempt + 1 >= attempts) {
      if (!r) return {0, httplib::to_string(r.error())};
      return {r->status, r->body};
    }
    std::this_thread::sleep_for(std::chrono::seconds(backoff_seconds(r, attempt)));
  }
}

}  // namespace

ApiClient::ApiClient(std::string base_url, std::string api_key, int attempts)
    : base_url_(std::move(base_url)), api_key_(std::move(api_key)), attempts_(attempts) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

ApiResult ApiClient::send_json(const std::string& method, const std::string& path, const std::string& body) const {
  auto cli = make_client(base_url_);
  httplib::Headers headers = {{"X-API-Key", api_key_}};
  return with_retries(attempts_, [&]() -> httplib::Result {
    if (method == "POST") return cli->Post(path, headers, body, "application/json");
    if (method == "PATCH") return cli->Patch(path, headers, body, "application/json");
    return cli->Get(path, headers);
  });
}

ApiResult ApiClient::upload(const std::string& path, const std::vector<UploadField>& fields,
                            const std::string& file_path, const std::string& file_name,
                            const std::string& content_type) const {
  auto cli = make_client(base_url_);
  httplib::Headers headers = {{"X-API-Key", api_key_}};
  httplib::MultipartFormDataItems items;
  for (const auto& f : fields) items.push_back({f.name, f.value, "", ""});
  return with_retries(attempts_, [&]() -> httplib::Result {
    // The file is read in 64 KiB pieces as the request is written, never whole.
    auto file = std::make_shared<std::ifstream>(file_path, std::ios::binary);
    httplib::MultipartFormDataProviderItems provided = {
        {"file",
         [file](size_t offset, httplib::DataSink& sink) {
           char buf[64 * 1024];
           file->seekg(static_cast<std::streamoff>(offset));
           file->read(buf, sizeof buf);
           auto n = file->gcount();
           if (n > 0) sink.write(buf, static_cast<size_t>(n));
           if (n < static_cast<std::streamsize>(sizeof buf)) sink.done();
           return true;
         },
         file_name, content_type}};
    return cli->Post(path, headers, items, provided);
  });
}

}  // namespace euriqa::http
