// Single-use links that prove control of an address: email verification and password
// reset (contract §11, issue 12). Only the SHA-256 of a token is kept; a new token of
// one purpose voids the user's earlier unused ones of that purpose.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "store/db.h"

namespace euriqa::store {

enum class TokenPurpose { VerifyEmail, ResetPassword };

struct AccountToken {
  std::string token_hash, user_id;
  TokenPurpose purpose = TokenPurpose::VerifyEmail;
  std::string email;  // the address the link was sent to
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
};

void insert_account_token(Conn& c, const AccountToken& t, int64_t now);
std::optional<AccountToken> find_account_token(Conn& c, const std::string& token_hash);
// False when it was used already (another request got there first).
bool use_account_token(Conn& c, const std::string& token_hash, int64_t now);

}  // namespace euriqa::store
