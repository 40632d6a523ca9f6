// The one error type of Euriqa. Thrown anywhere below a handler and rendered once
// by the HTTP layer into the contract's shape {"error":{"code","message","details"}}.
#pragma once
#include <map>
#include <stdexcept>
#include <string>

namespace euriqa::domain {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  // Extra detail fields; numbers (like a batch index) are stored as their text and
  // rendered as JSON numbers when listed in numeric_details().
  const std::map<std::string, std::string>& details() const { return details_; }
  const std::map<std::string, long long>& numeric_details() const { return numeric_; }
  ApiError& detail(const std::string& k, std::string v) { details_[k] = std::move(v); return *this; }
  ApiError& detail(const std::string& k, long long v) { numeric_[k] = v; return *this; }
  // Extra response headers (Retry-After, Allow).
  const std::map<std::string, std::string>& headers() const { return headers_; }
  ApiError& header(const std::string& k, std::string v) { headers_[k] = std::move(v); return *this; }

 private:
  int status_;
  std::string code_;
  std::map<std::string, std::string> details_;
  std::map<std::string, long long> numeric_;
  std::map<std::string, std::string> headers_;
};

// Shorthands for the errors every layer needs.
ApiError not_found(const std::string& what = "Resource");
ApiError forbidden(const std::string& message);
ApiError unauthorized(const std::string& message = "Authentication required");
ApiError conflict(const std::string& message);
ApiError validation(const std::string& field, const std::string& reason, const std::string& message);

}  // namespace euriqa::domain
