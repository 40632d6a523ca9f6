#include "blob/sigv4.h"

#include <algorithm>
#include <stdexcept>

#include "domain/crypto.h"
#include "domain/percent_encoding.h"

namespace euriqa::blob::sigv4 {

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Trimmed, with each inner run of blanks made one space.
std::string collapse_blanks(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (is_blank(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// "20130524T000000Z": eight digits, T, six digits, Z.
void check_timestamp(std::string_view timestamp) {
  bool ok = timestamp.size() == 16 && timestamp[8] == 'T' && timestamp[15] == 'Z';
  for (size_t i = 0; ok && i < 15; ++i)
    if (i != 8 && (timestamp[i] < '0' || timestamp[i] > '9')) ok = false;
  if (!ok) throw std::invalid_argument("SigV4 timestamp must look like 20130524T000000Z");
}

const Header* find_header(const std::vector<Header>& headers, std::string_view lower_name) {
  for (const Header& h : headers)
    if (lowercase(h.name) == lower_name) return &h;
  return nullptr;
}

// Adds name: value unless the request already has it; the same name with another
// value is a caller's mistake, since only one of them could have been signed.
void require_header(std::vector<Header>& headers, std::vector<Header>& added, std::string_view name,
                    const std::string& value) {
  if (const Header* h = find_header(headers, name)) {
    if (collapse_blanks(h->value) != value)
      throw std::invalid_argument("request header " + std::string(name) + " differs from the signer's");
    return;
  }
  headers.push_back({std::string(name), value});
  added.push_back(headers.back());
}

// The request with host added to its headers (when missing), as every signature needs.
Request with_host(const Request& request, std::vector<Header>& added) {
  Request out = request;
  if (!find_header(out.headers, "host")) {
    if (request.host.empty()) throw std::invalid_argument("SigV4 request has no host");
    require_header(out.headers, added, "host", request.host);
  }
  return out;
}

std::string authorization(const Credentials& credentials, std::string_view scope, std::string_view signed_headers,
                          std::string_view signature_hex) {
  std::string out(kAlgorithm);
  out += " Credential=" + credentials.access_key_id + "/" + std::string(scope);
  out += ",SignedHeaders=" + std::string(signed_headers);
  out += ",Signature=" + std::string(signature_hex);
  return out;
}

}  // namespace

std::string uri_encode(std::string_view text, bool keep_slash) { return domain::percent_encode(text, keep_slash); }

std::string canonical_uri(std::string_view path) {
  if (path.empty()) return "/";
  if (path.front() != '/') throw std::invalid_argument("SigV4 path must start with '/'");
  return uri_encode(path, /*keep_slash=*/true);
}

std::string canonical_query_string(const std::vector<QueryParam>& query) {
  std::vector<QueryParam> encoded;
  encoded.reserve(query.size());
  for (const QueryParam& p : query) encoded.push_back({uri_encode(p.name, false), uri_encode(p.value, false)});
  std::sort(encoded.begin(), encoded.end(), [](const QueryParam& a, const QueryParam& b) {
    return a.name != b.name ? a.name < b.name : a.value < b.value;
  });
  std::string out;
  for (const QueryParam& p : encoded) {
    if (!out.empty()) out.push_back('&');
    out += p.name + "=" + p.value;
  }
  return out;
}

CanonicalHeaders canonical_headers(const std::vector<Header>& headers) {
  std::vector<Header> lowered;
  lowered.reserve(headers.size());
  for (const Header& h : headers) lowered.push_back({lowercase(h.name), collapse_blanks(h.value)});
  // Stable, so that the values of a repeated name keep the order they were given in.
  std::stable_sort(lowered.begin(), lowered.end(), [](const Header& a, const Header& b) { return a.name < b.name; });
  CanonicalHeaders out;
  for (size_t i = 0; i < lowered.size(); ++i) {
    bool repeat = i > 0 && lowered[i].name == lowered[i - 1].name;
    if (repeat) {
      out.text.back() = ',';  // replaces the previous line's '\n'
    } else {
      out.text += lowered[i].name + ":";
      if (!out.signed_headers.empty()) out.signed_headers.push_back(';');
      out.signed_headers += lowered[i].name;
    }
    out.text += lowered[i].value + "\n";
  }
  return out;
}

std::string canonical_request(const Request& request) {
  CanonicalHeaders headers = canonical_headers(request.headers);
  return request.method + "\n" + canonical_uri(request.path) + "\n" + canonical_query_string(request.query) +
         "\n" + headers.text + "\n" + headers.signed_headers + "\n" + request.payload_hash;
}

std::string credential_scope(std::string_view date, const Credentials& credentials) {
  return std::string(date) + "/" + credentials.region + "/" + credentials.service + "/aws4_request";
}

std::string string_to_sign(std::string_view timestamp, std::string_view scope, std::string_view canonical_request) {
  return std::string(kAlgorithm) + "\n" + std::string(timestamp) + "\n" + std::string(scope) + "\n" +
         domain::sha256_hex(canonical_request);
}

std::string signing_key(std::string_view date, const Credentials& credentials) {
  std::string key = domain::hmac_sha256("AWS4" + credentials.secret_access_key, date);
  key = domain::hmac_sha256(key, credentials.region);
  key = domain::hmac_sha256(key, credentials.service);
  return domain::hmac_sha256(key, "aws4_request");
}

std::string signature(std::string_view signing_key, std::string_view string_to_sign) {
  return domain::hex(domain::hmac_sha256(signing_key, string_to_sign));
}

std::vector<Header> sign(const Request& request, const Credentials& credentials, std::string_view timestamp) {
  check_timestamp(timestamp);
  std::vector<Header> added;
  Request signed_request = with_host(request, added);
  require_header(signed_request.headers, added, "x-amz-date", std::string(timestamp));
  if (credentials.service == "s3")
    require_header(signed_request.headers, added, "x-amz-content-sha256", request.payload_hash);

  std::string_view date = timestamp.substr(0, 8);
  std::string scope = credential_scope(date, credentials);
  std::string to_sign = string_to_sign(timestamp, scope, canonical_request(signed_request));
  std::string signature_hex = signature(signing_key(date, credentials), to_sign);
  std::string signed_headers = canonical_headers(signed_request.headers).signed_headers;
  added.push_back({"Authorization", authorization(credentials, scope, signed_headers, signature_hex)});
  return added;
}

std::string presign(const Request& request, const Credentials& credentials, std::string_view timestamp,
                    int64_t expires_seconds) {
  check_timestamp(timestamp);
  if (expires_seconds < 1 || expires_seconds > 7 * 24 * 3600)
    throw std::invalid_argument("SigV4 presigned URLs expire within 1 second to 7 days");
  std::vector<Header> added;
  Request presigned = with_host(request, added);
  presigned.payload_hash = kUnsignedPayload;

  std::string_view date = timestamp.substr(0, 8);
  std::string scope = credential_scope(date, credentials);
  std::string signed_headers = canonical_headers(presigned.headers).signed_headers;
  presigned.query.push_back({"X-Amz-Algorithm", std::string(kAlgorithm)});
  presigned.query.push_back({"X-Amz-Credential", credentials.access_key_id + "/" + scope});
  presigned.query.push_back({"X-Amz-Date", std::string(timestamp)});
  presigned.query.push_back({"X-Amz-Expires", std::to_string(expires_seconds)});
  presigned.query.push_back({"X-Amz-SignedHeaders", signed_headers});

  std::string to_sign = string_to_sign(timestamp, scope, canonical_request(presigned));
  return canonical_query_string(presigned.query) +
         "&X-Amz-Signature=" + signature(signing_key(date, credentials), to_sign);
}

}  // namespace euriqa::blob::sigv4
