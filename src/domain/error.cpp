#include "domain/error.h"

namespace euriqa::domain {

ApiError not_found(const std::string& what) {
  return ApiError(404, "NOT_FOUND", what + " not found");
}
ApiError forbidden(const std::string& message) { return ApiError(403, "FORBIDDEN", message); }
ApiError unauthorized(const std::string& message) {
  return ApiError(401, "UNAUTHORIZED", message);
}
ApiError conflict(const std::string& message) { return ApiError(409, "CONFLICT", message); }
ApiError validation(const std::string& field, const std::string& reason,
                    const std::string& message) {
  ApiError e(400, "VALIDATION_ERROR", message);
  e.detail("field", field).detail("reason", reason);
  return e;
}

}  // namespace euriqa::domain
