// Users and their sessions. Sessions are keyed by the SHA-256 of the cookie token.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "store/db.h"

namespace euriqa::store {

struct User {
  std::string id, email, name, password_hash;
  int64_t created_at = 0;
};

std::optional<User> find_user_by_email(Conn& c, const std::string& normalized_email);
std::optional<User> find_user(Conn& c, const std::string& id);
bool any_user_exists(Conn& c);
// Throws ApiError 409 CONFLICT when the email is taken.
User insert_user(Conn& c, const std::string& email, const std::string& name,
                 const std::string& password_hash);

void insert_session(Conn& c, const std::string& token_hash, const std::string& user_id,
                    int64_t expires_at);
// The session's user when the token hash exists and has not expired.
std::optional<User> find_session_user(Conn& c, const std::string& token_hash, int64_t now);
void delete_session(Conn& c, const std::string& token_hash);
void delete_expired_sessions(Conn& c, int64_t now);

}  // namespace euriqa::store
