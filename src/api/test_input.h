// Parses and validates one test result object of POST /api/tests or of a batch
// item. Steps keep Playwright's nesting and are stored as given (validated JSON).
#pragma once
#include "http/json_body.h"
#include "store/results.h"

namespace euriqa::api {

constexpr size_t kMaxStepsPerTest = 5000;
constexpr int kMaxStepDepth = 64;
constexpr size_t kMaxOutputLength = 1024 * 1024;  // stdout, stderr

store::TestResult parse_test_input(const http::JsonObject& body);

}  // namespace euriqa::api
