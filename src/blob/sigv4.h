// AWS Signature Version 4 for S3-compatible object stores: signs a request with the
// Authorization header (S3 API Reference, "Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk") or presigns it with query parameters
// ("Authenticating Requests: Using Query Parameters"). Each step is public so that
// tests can check it against AWS's published examples. Chunked (STREAMING-*) payloads
// are not supported; a session token is an ordinary x-amz-security-token header (or
// X-Amz-Security-Token query parameter when presigning).
//
//   sigv4::Request req{.method = "GET", .host = "bucket.s3.eu-west-1.amazonaws.com",
//                      .path = "/runs/a b.zip", .payload_hash = sigv4::kEmptyPayloadHash};
//   for (auto& h : sigv4::sign(req, creds, "20130524T000000Z")) add_header(h.name, h.value);
//   // the request target: canonical_uri(req.path), then "?" + canonical_query_string(req.query)
//   // when there is a query, so that what is sent is what was signed
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace euriqa::blob::sigv4 {

struct Header {
  std::string name, value;
};
struct QueryParam {
  std::string name, value;  // a parameter without a value ("?lifecycle") has value ""
};

// Who signs, and for which region and service.
struct Credentials {
  std::string access_key_id, secret_access_key;
  std::string region;
  std::string service = "s3";
};

// A request as it will be sent. The path and the query are given raw (not
// percent-encoded): the signer encodes them once, the way S3 does, and the same
// encoding must be used on the wire (canonical_uri, canonical_query_string). The path
// is not normalised ("//" and ".." stay as they are, as S3 keys allow).
struct Request {
  std::string method;                // "GET", "PUT", ...
  std::string host;                  // as in the Host header, with ":port" when not the default
  std::string path;                  // "/bucket/key" or "/key"; "" means "/"
  std::vector<QueryParam> query = {};
  std::vector<Header> headers = {};  // the headers to sign besides host and x-amz-*; any case
  std::string payload_hash;          // hex SHA-256 of the body, or kUnsignedPayload
};

inline constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
inline constexpr char kUnsignedPayload[] = "UNSIGNED-PAYLOAD";
inline constexpr char kEmptyPayloadHash[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The headers to add to the request, in this order: host (unless request.headers has
// it), x-amz-date, x-amz-content-sha256 (for service "s3" only, as S3 requires it),
// Authorization. timestamp is the ISO 8601 basic UTC time, "20130524T000000Z".
// Throws std::invalid_argument on a malformed timestamp or path, a missing host, or a
// request that carries x-amz-date or x-amz-content-sha256 with another value.
std::vector<Header> sign(const Request& request, const Credentials& credentials, std::string_view timestamp);

// Query-string authentication (a presigned URL), valid for expires_seconds (1 s to
// 7 days). Returns the URL's whole query string: the request's parameters with
// X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders and, last,
// X-Amz-Signature. The payload is UNSIGNED-PAYLOAD and host is signed with the
// request's headers. The URL is scheme://host + canonical_uri(path) + "?" + result.
std::string presign(const Request& request, const Credentials& credentials, std::string_view timestamp,
                    int64_t expires_seconds);

// --- The steps, in order ----------------------------------------------------------

// RFC 3986 percent-encoding as SigV4 wants it: A-Z a-z 0-9 - _ . ~ kept, every other
// byte as %XX in uppercase hex (space is %20); '/' kept only when keep_slash.
std::string uri_encode(std::string_view text, bool keep_slash);
// Each path segment encoded once, '/' kept; "" becomes "/".
std::string canonical_uri(std::string_view path);
// Names and values encoded, sorted by name then value, joined with '&' ("key=" for no value).
std::string canonical_query_string(const std::vector<QueryParam>& query);

// Names lowercased, values trimmed with inner runs of spaces collapsed to one, sorted
// by name; values of a repeated name joined with ',' in the order given.
struct CanonicalHeaders {
  std::string text;           // "name:value\n" per header
  std::string signed_headers; // "host;range;x-amz-date"
};
CanonicalHeaders canonical_headers(const std::vector<Header>& headers);

// Method, URI, query, headers, signed headers and payload hash, one per line. Uses
// request.headers exactly as given (host and x-amz-* must already be among them).
std::string canonical_request(const Request& request);
// "20130524/us-east-1/s3/aws4_request"
std::string credential_scope(std::string_view date, const Credentials& credentials);
// Algorithm, timestamp, scope and the hex SHA-256 of the canonical request.
std::string string_to_sign(std::string_view timestamp, std::string_view scope, std::string_view canonical_request);
// HMAC-SHA256 chain from "AWS4" + secret over date, region, service and "aws4_request";
// the raw 32 bytes.
std::string signing_key(std::string_view date, const Credentials& credentials);
// Hex HMAC-SHA256 of the string to sign under the signing key.
std::string signature(std::string_view signing_key, std::string_view string_to_sign);

}  // namespace euriqa::blob::sigv4
