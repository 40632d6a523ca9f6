#include "api/invitation_tokens.h"

#include "domain/crypto.h"
#include "domain/error.h"
#include "store/users.h"

namespace euriqa::api {

store::Invitation invitation_for_token(store::Conn& c, const std::string& token, int64_t now) {
  if (token.empty() || token.size() > 200) throw domain::not_found("Invitation");
  auto inv = store::find_invitation_by_token(c, domain::sha256_hex(token));
  if (!inv || inv->status == "revoked") throw domain::not_found("Invitation");
  if (inv->status == "accepted") throw domain::ApiError(410, "GONE", "This invitation has already been used");
  if (inv->expires_at <= now) throw domain::ApiError(410, "GONE", "This invitation has expired");
  return *inv;
}

store::Member accept_invitation(store::Conn& c, const store::Invitation& inv, const std::string& user_id) {
  auto m = store::insert_member(c, inv.team_id, user_id, inv.role);
  store::set_invitation_status(c, inv.id, "accepted");
  store::set_email_verified(c, user_id, true);
  return m;
}

}  // namespace euriqa::api
