// The single-use links of accounts (contract §11, issue 12): issuing one (its token is
// mailed or shown once; only its hash is kept), queueing email in the transaction of
// the change it reports, and the lifetimes.
#pragma once
#include <string>

#include "api/app.h"
#include "domain/emails.h"
#include "http/request.h"
#include "store/account_tokens.h"
#include "store/db.h"

namespace euriqa::api {

constexpr int64_t kVerifyLinkLifetimeMs = 24ll * 3600 * 1000;
constexpr int64_t kResetLinkLifetimeMs = 3600ll * 1000;

// Returns the new token; an earlier unused token of the same purpose stops working.
std::string issue_account_token(store::Conn& c, const std::string& user_id, store::TokenPurpose purpose,
                                const std::string& email, int64_t lifetime_ms);
// Queues a message to `to` (sent by the mail thread; call app.wake_mail() after the
// transaction commits). Does nothing when email is not configured; says whether it queued.
bool queue_mail(const App& app, store::Conn& c, const std::string& to, const domain::MailContent& mail);

// Absolute dashboard links carrying a token.
std::string verify_link(const App& app, const http::Request& req, const std::string& token);
std::string reset_link(const App& app, const http::Request& req, const std::string& token);
std::string invite_link(const App& app, const http::Request& req, const std::string& token);

}  // namespace euriqa::api
