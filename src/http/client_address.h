// Who a request comes from: the peer's address, or, when the peer is a trusted
// reverse proxy (config trustedProxies), the right-most X-Forwarded-For entry that is
// not itself a trusted proxy (contract §12). Entries left of it are the client's own
// claims and are never believed.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/ip_address.h"

namespace euriqa::http {

std::string client_address(const std::string& peer, const std::optional<std::string>& forwarded_for,
                           const std::vector<domain::Cidr>& trusted);

}  // namespace euriqa::http
