// Invitation links (contract §11): the token of /invite/{token} names one invitation;
// it is used once. Shared by registration and acceptance.
#pragma once
#include <optional>
#include <string>

#include "store/db.h"
#include "store/teams.h"

namespace euriqa::api {

// The invitation of a token when it is pending and unexpired; otherwise ApiError 404
// (unknown, or voided by a re-invitation or revocation) or 410 GONE (used, expired).
store::Invitation invitation_for_token(store::Conn& c, const std::string& token, int64_t now);
// Makes the user a member with the invited role and marks the invitation used and the
// user's address verified (the link proved it).
store::Member accept_invitation(store::Conn& c, const store::Invitation& inv, const std::string& user_id);

}  // namespace euriqa::api
