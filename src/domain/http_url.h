// What a URL we store for people to follow may be: http:// or https://, a host (a name,
// an IPv4 address or a bracketed IPv6 address), an optional port and path, and no
// user:pass@. Checked when a webhook target or a quarantine's issue link is saved; the
// webhook delivery client restricts protocols again.
#pragma once
#include <string_view>

namespace euriqa::domain {

bool is_http_url(std::string_view url);

}  // namespace euriqa::domain
