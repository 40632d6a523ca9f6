// What a webhook's target URL may be: http:// or https://, a host (a name, an IPv4
// address or a bracketed IPv6 address), an optional port and path, and no user:pass@.
// Checked when a webhook is saved; the delivery client restricts protocols again.
#pragma once
#include <string_view>

namespace euriqa::domain {

bool is_webhook_url(std::string_view url);

}  // namespace euriqa::domain
