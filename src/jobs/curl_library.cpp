#include "jobs/curl_library.h"

#include <curl/curl.h>

#include <stdexcept>

namespace euriqa::jobs {

CurlLibrary::CurlLibrary() {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl failed to start");
}

CurlLibrary::~CurlLibrary() { curl_global_cleanup(); }

}  // namespace euriqa::jobs
