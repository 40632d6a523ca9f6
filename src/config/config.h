// The server's configuration: one struct filled from defaults <- config file (JSON)
// <- environment (EURIQA_*) <- command-line flags, validated once at start.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace euriqa::config {

enum class SignupMode { Open, InviteOnly, Closed };

// Outgoing email (config "smtp"). The password is read from password_file at start.
struct SmtpConfig {
  std::string host;
  int port = 0;                      // 0: the security mode's usual port (587, 465, 25)
  std::string security = "starttls";  // starttls | tls | none
  std::string username, password_file, password;
  std::string from;                  // the sender address, e.g. "Euriqa <euriqa@example.com>"
  std::string ca_file;               // optional PEM bundle for a server with a private CA
};

struct Config {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::string data_dir = "./euriqa-data";
  std::string base_url;  // empty: derived from each request's Host
  SignupMode signup = SignupMode::InviteOnly;
  std::string config_file;

  int64_t max_json_body_bytes = 32ll * 1024 * 1024;
  // Request bodies held in memory at once, across all requests; past it, 503.
  int64_t max_body_bytes_in_flight = 256ll * 1024 * 1024;
  // Open connections from one client address; past it, new ones are closed at once.
  int max_connections_per_address = 256;
  // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges).
  std::vector<std::string> trusted_proxies;
  int session_days = 30;
  int http_threads = 32;
  int login_max_failures = 10;               // per (client address, email)
  int login_max_failures_per_email = 50;     // per email, from any address
  int login_max_failures_per_address = 100;  // per client address, any email
  int login_window_seconds = 15 * 60;
  int signed_url_seconds = 3600;           // lifetime of artifact download URLs
  int maintenance_interval_seconds = 3600;  // retention and orphan-file sweeps
  // Webhook delivery: wait before each retry (contract §8), timeout of each attempt,
  // whether private/special-purpose addresses may be targets (normal on air-gapped
  // networks), and how many deliveries (each to a different webhook) run at once.
  std::vector<int> webhook_retry_seconds = {5, 30, 120, 600, 3600};
  int webhook_timeout_seconds = 10;
  bool webhook_allow_private_targets = true;
  int webhook_concurrency = 64;
  // Per-group requests per minute overriding the table in docs/contract.md's appendix;
  // 0 disables a group.
  std::map<std::string, int> rate_limits;
  // Email through SMTP; without it nothing is mailed and links are shown instead.
  std::optional<SmtpConfig> smtp;
  std::vector<int> mail_retry_seconds = {5, 30, 120, 600, 3600};
  // When set, GET /metrics needs "Authorization: Bearer <token>".
  std::string metrics_token;
  // When both are set, serve HTTPS with this PEM certificate (chain) and private key.
  std::string tls_cert, tls_key;

  bool tls() const { return !tls_cert.empty(); }

  bool base_url_is_https() const { return base_url.rfind("https://", 0) == 0; }
};

const char* signup_mode_name(SignupMode mode);

using EnvLookup = std::function<const char*(const char*)>;

// flags: long flag name without dashes ("listen", "data", "base-url", "signup",
// "config", "tls-cert", "tls-key") to value. Throws std::runtime_error with a readable message on bad input.
Config resolve_config(const std::map<std::string, std::string>& flags, const EnvLookup& env);

// The effective configuration as "key = value" lines, secrets masked.
std::string describe(const Config& config);

}  // namespace euriqa::config
