// The HTTP POST for one attempt at a webhook delivery: the webhook's custom headers,
// the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature
// signed with the webhook's unsealed secret) and the event as the JSON body.
#pragma once
#include <cstdint>
#include <string>

#include "jobs/post_transfer.h"
#include "store/webhooks.h"

namespace euriqa::jobs {

// server_secret unseals the webhook's secret; now_ms gives webhook-timestamp. The
// caller sets the timeout and the private-target switch.
PostRequest webhook_request(const store::Webhook& hook, const store::Delivery& delivery,
                            const std::string& server_secret, int64_t now_ms);

}  // namespace euriqa::jobs
