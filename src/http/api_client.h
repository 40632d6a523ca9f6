// A client of Euriqa's own REST API for the command line (`euriqa import`): JSON
// requests and multipart uploads with the X-API-Key header, retrying 429 (after its
// Retry-After), 5xx and connection failures with a bounded backoff.
#pragma once
#include <string>
#include <vector>

namespace euriqa::http {

struct ApiResult {
  int status = 0;     // 0 when no response arrived
  std::string body;   // the response body, or why no response arrived
  bool ok() const { return status >= 200 && status < 300; }
};

struct UploadField {
  std::string name, value;
};

class ApiClient {
 public:
  // base_url: http(s)://host[:port]; attempts: tries per request before giving up.
  ApiClient(std::string base_url, std::string api_key, int attempts = 5);

  ApiResult send_json(const std::string& method, const std::string& path, const std::string& body) const;
  // multipart/form-data: the fields, then `file` streamed from file_path as file_name.
  ApiResult upload(const std::string& path, const std::vector<UploadField>& fields, const std::string& file_path,
                   const std::string& file_name, const std::string& content_type) const;

 private:
  std::string base_url_, api_key_;
  int attempts_;
};

}  // namespace euriqa::http
