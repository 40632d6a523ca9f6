// Renders ApiError into the contract's error shape {"error":{code,message,details}}.
#pragma once
#include "domain/error.h"
#include "http/request.h"

namespace euriqa::http {

Response error_response(const domain::ApiError& e);
Response error_response(int status, const std::string& code, const std::string& message);
// The standard code for a bare HTTP status (used when the library itself refuses).
const char* code_for_status(int status);

}  // namespace euriqa::http
