#include "jobs/webhook_request.h"

#include <rapidjson/document.h>
#include <strings.h>

#include <algorithm>

#include "domain/crypto.h"

namespace euriqa::jobs {

namespace {

std::vector<std::pair<std::string, std::string>> custom_headers(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> out;
  rapidjson::Document d;
  d.Parse(json.c_str());
  if (d.IsObject())
    for (const auto& m : d.GetObject())
      if (m.value.IsString()) out.emplace_back(m.name.GetString(), m.value.GetString());
  return out;
}

bool named(const std::string& header, const char* name) { return strcasecmp(header.c_str(), name) == 0; }

}  // namespace

PostRequest webhook_request(const store::Webhook& hook, const store::Delivery& delivery,
                            const std::string& server_secret, int64_t now_ms) {
  PostRequest request;
  request.url = hook.url;
  request.body = delivery.payload;
  auto& headers = request.headers;
  headers = custom_headers(hook.headers_json);
  // The body is JSON: a custom Content-Type would be sent beside ours as a second
  // one, so ours wins; a custom User-Agent replaces ours instead of doubling it.
  std::erase_if(headers, [](const auto& h) { return named(h.first, "Content-Type"); });
  bool own_agent = std::any_of(headers.begin(), headers.end(), [](const auto& h) { return named(h.first, "User-Agent"); });
  std::string timestamp = std::to_string(now_ms / 1000);
  headers.emplace_back("webhook-id", delivery.id);
  headers.emplace_back("webhook-timestamp", timestamp);
  if (!own_agent) headers.emplace_back("User-Agent", "Euriqa-Webhooks/" EURIQA_VERSION);
  std::string secret;
  if (hook.secret_box && domain::unseal(server_secret, *hook.secret_box, secret))
    headers.emplace_back("webhook-signature",
                         domain::standard_webhook_signature(secret, delivery.id, timestamp, delivery.payload));
  return request;
}

}  // namespace euriqa::jobs
