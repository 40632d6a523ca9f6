#include "store/account_tokens.h"

#include "store/sql_util.h"

namespace euriqa::store {

namespace {
const char* purpose_name(TokenPurpose p) { return p == TokenPurpose::VerifyEmail ? "verify_email" : "reset_password"; }
}  // namespace

void insert_account_token(Conn& c, const AccountToken& t, int64_t now) {
  {
    auto s = c.prepare("UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL");
    s->bind(1, now);
    s->bind(2, t.user_id);
    s->bind(3, purpose_name(t.purpose));
    s->exec();
  }
  auto s = c.prepare(
      "INSERT INTO account_tokens (token_hash, user_id, purpose, email, expires_at, created_at) VALUES (?,?,?,?,?,?)");
  s->bind(1, t.token_hash);
  s->bind(2, t.user_id);
  s->bind(3, purpose_name(t.purpose));
  s->bind(4, t.email);
  s->bind(5, t.expires_at);
  s->bind(6, now);
  s->exec();
}

std::optional<AccountToken> find_account_token(Conn& c, const std::string& token_hash) {
  auto s = c.prepare(
      "SELECT token_hash, user_id, purpose, email, expires_at, used_at FROM account_tokens WHERE token_hash = ?");
  s->bind(1, token_hash);
  if (!s->executeStep()) return std::nullopt;
  AccountToken t;
  t.token_hash = s->getColumn(0).getString();
  t.user_id = s->getColumn(1).getString();
  t.purpose = s->getColumn(2).getString() == "verify_email" ? TokenPurpose::VerifyEmail : TokenPurpose::ResetPassword;
  t.email = s->getColumn(3).getString();
  t.expires_at = s->getColumn(4).getInt64();
  t.used_at = opt_int(s->getColumn(5));
  return t;
}

bool use_account_token(Conn& c, const std::string& token_hash, int64_t now) {
  auto s = c.prepare("UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL");
  s->bind(1, now);
  s->bind(2, token_hash);
  return s->exec() > 0;
}

}  // namespace euriqa::store
