// Users and their sessions. Sessions are keyed by the SHA-256 of the cookie token and
// shown to their user by a public id; the token itself is never stored.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace euriqa::store {

struct User {
  std::string id, email, name, password_hash;
  int64_t created_at = 0;
  bool email_verified = false;
};

std::optional<User> find_user_by_email(Conn& c, const std::string& normalized_email);
std::optional<User> find_user(Conn& c, const std::string& id);
bool any_user_exists(Conn& c);
// Throws ApiError 409 CONFLICT when the email is taken.
User insert_user(Conn& c, const std::string& email, const std::string& name, const std::string& password_hash,
                 bool email_verified);
void set_email_verified(Conn& c, const std::string& user_id, bool verified);
void set_user_name(Conn& c, const std::string& user_id, const std::string& name);
// Throws 409 CONFLICT when another user has the email; the new address is unverified.
void set_user_email(Conn& c, const std::string& user_id, const std::string& email, bool verified);
void set_password_hash(Conn& c, const std::string& user_id, const std::string& password_hash);

struct Session {
  std::string id, token_hash, user_id;
  std::optional<std::string> user_agent;
  int64_t created_at = 0, last_seen_at = 0, expires_at = 0;
};

// Returns the new session's public id.
std::string insert_session(Conn& c, const std::string& token_hash, const std::string& user_id, int64_t expires_at,
                           const std::optional<std::string>& user_agent);
// The session's user when the token hash exists and has not expired.
std::optional<User> find_session_user(Conn& c, const std::string& token_hash, int64_t now);
std::optional<Session> find_session(Conn& c, const std::string& token_hash);
void touch_session(Conn& c, const std::string& token_hash, int64_t now);
std::vector<Session> sessions_of_user(Conn& c, const std::string& user_id, int64_t now);
void delete_session(Conn& c, const std::string& token_hash);
// False when the user has no session with that id.
bool delete_session_by_id(Conn& c, const std::string& user_id, const std::string& session_id);
// Every session of the user but the one given (empty: all of them).
void delete_sessions_of_user(Conn& c, const std::string& user_id, const std::string& except_token_hash = "");
void delete_expired_sessions(Conn& c, int64_t now);

}  // namespace euriqa::store
