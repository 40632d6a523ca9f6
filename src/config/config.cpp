#include "config/config.h"

#include "domain/ip_address.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace euriqa::config {

namespace {

using std::runtime_error;

SignupMode parse_signup(const std::string& v) {
  if (v == "open") return SignupMode::Open;
  if (v == "invite-only") return SignupMode::InviteOnly;
  if (v == "closed") return SignupMode::Closed;
  throw runtime_error("signup mode must be open, invite-only or closed (got '" + v + "')");
}

void parse_listen(Config& c, const std::string& v) {
  auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw runtime_error("listen address must be HOST:PORT (got '" + v + "')");
  std::string host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string port = v.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    throw runtime_error("listen port must be a number 0-65535 (got '" + port + "')");
  int p = std::stoi(port);
  if (p > 65535) throw runtime_error("listen port must be 0-65535");
  c.listen_host = host;
  c.listen_port = p;
}

void check_base_url(const std::string& v) {
  if (!v.empty() && v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)
    throw runtime_error("base URL must start with http:// or https:// (got '" + v + "')");
}

int64_t positive(const rapidjson::Value& v, const char* key) {
  if (!v.IsInt64() || v.GetInt64() <= 0)
    throw runtime_error(std::string("config file: '") + key + "' must be a positive whole number");
  return v.GetInt64();
}

std::string text(const rapidjson::Value& v, const char* key) {
  if (!v.IsString()) throw runtime_error(std::string("config file: '") + key + "' must be a string");
  return v.GetString();
}

std::string read_secret_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw runtime_error(std::string("cannot read ") + what + " " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string v = ss.str();
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
  return v;
}

SmtpConfig parse_smtp(const rapidjson::Value& v) {
  if (!v.IsObject()) throw runtime_error("config file: 'smtp' must be an object");
  SmtpConfig s;
  for (auto& m : v.GetObject()) {
    std::string key = m.name.GetString();
    if (key == "host") s.host = text(m.value, "smtp.host");
    else if (key == "port") s.port = static_cast<int>(positive(m.value, "smtp.port"));
    else if (key == "security") s.security = text(m.value, "smtp.security");
    else if (key == "username") s.username = text(m.value, "smtp.username");
    else if (key == "passwordFile") s.password_file = text(m.value, "smtp.passwordFile");
    else if (key == "from") s.from = text(m.value, "smtp.from");
    else if (key == "caFile") s.ca_file = text(m.value, "smtp.caFile");
    else throw runtime_error("config file: unknown setting 'smtp." + key + "'");
  }
  if (s.host.empty()) throw runtime_error("config file: 'smtp.host' is required");
  if (s.from.empty()) throw runtime_error("config file: 'smtp.from' is required");
  if (s.security != "starttls" && s.security != "tls" && s.security != "none")
    throw runtime_error("config file: 'smtp.security' must be starttls, tls or none");
  if (s.port == 0) s.port = s.security == "tls" ? 465 : s.security == "none" ? 25 : 587;
  if (s.port > 65535) throw runtime_error("config file: 'smtp.port' must be 1-65535");
  if (!s.password_file.empty()) s.password = read_secret_file(s.password_file, "smtp.passwordFile");
  return s;
}

std::vector<int> seconds_list(const rapidjson::Value& v, const char* key) {
  if (!v.IsArray()) throw runtime_error(std::string("config file: '") + key + "' must be an array of seconds");
  std::vector<int> out;
  for (const auto& item : v.GetArray()) out.push_back(static_cast<int>(positive(item, key)));
  return out;
}

void apply_file(Config& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw runtime_error("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(ss.str().c_str());
  if (doc.HasParseError())
    throw runtime_error("config file " + path + " is not valid JSON: " +
                        rapidjson::GetParseError_En(doc.GetParseError()));
  if (!doc.IsObject()) throw runtime_error("config file " + path + " must hold a JSON object");
  for (auto& m : doc.GetObject()) {
    std::string key = m.name.GetString();
    const auto& v = m.value;
    if (key == "listen") parse_listen(c, text(v, "listen"));
    else if (key == "data") c.data_dir = text(v, "data");
    else if (key == "baseUrl") c.base_url = text(v, "baseUrl");
    else if (key == "signup") c.signup = parse_signup(text(v, "signup"));
    else if (key == "maxJsonBodyBytes") c.max_json_body_bytes = positive(v, "maxJsonBodyBytes");
    else if (key == "maxBodyBytesInFlight") c.max_body_bytes_in_flight = positive(v, "maxBodyBytesInFlight");
    else if (key == "maxConnectionsPerAddress")
      c.max_connections_per_address = static_cast<int>(positive(v, "maxConnectionsPerAddress"));
    else if (key == "trustedProxies") {
      if (!v.IsArray()) throw runtime_error("config file: 'trustedProxies' must be an array of addresses or CIDR ranges");
      for (const auto& item : v.GetArray()) {
        auto entry = text(item, "trustedProxies");
        if (!domain::parse_cidr(entry)) throw runtime_error("config file: trustedProxies: '" + entry + "' is not an address or CIDR range");
        c.trusted_proxies.push_back(entry);
      }
    }
    else if (key == "sessionDays") c.session_days = static_cast<int>(positive(v, "sessionDays"));
    else if (key == "httpThreads") c.http_threads = static_cast<int>(positive(v, "httpThreads"));
    else if (key == "loginMaxFailures") c.login_max_failures = static_cast<int>(positive(v, "loginMaxFailures"));
    else if (key == "loginMaxFailuresPerEmail")
      c.login_max_failures_per_email = static_cast<int>(positive(v, "loginMaxFailuresPerEmail"));
    else if (key == "loginMaxFailuresPerAddress")
      c.login_max_failures_per_address = static_cast<int>(positive(v, "loginMaxFailuresPerAddress"));
    else if (key == "loginWindowSeconds") c.login_window_seconds = static_cast<int>(positive(v, "loginWindowSeconds"));
    else if (key == "signedUrlSeconds") c.signed_url_seconds = static_cast<int>(positive(v, "signedUrlSeconds"));
    else if (key == "webhookRetrySeconds") c.webhook_retry_seconds = seconds_list(v, "webhookRetrySeconds");
    else if (key == "smtp") c.smtp = parse_smtp(v);
    else if (key == "mailRetrySeconds") c.mail_retry_seconds = seconds_list(v, "mailRetrySeconds"); else if (key == "webhookTimeoutSeconds") c.webhook_timeout_seconds = static_cast<int>(positive(v, "webhookTimeoutSeconds"));
    else if (key == "webhookConcurrency") {
      // At least 4, so that a few receivers that never answer cannot hold up the rest.
      if (!v.IsInt() || v.GetInt() < 4 || v.GetInt() > 1024)
        throw runtime_error("config file: 'webhookConcurrency' must be a whole number from 4 to 1024");
      c.webhook_concurrency = v.GetInt();
    } else if (key == "webhookAllowPrivateTargets") {
      if (!v.IsBool()) throw runtime_error("config file: 'webhookAllowPrivateTargets' must be true or false");
      c.webhook_allow_private_targets = v.GetBool();
    }
    else if (key == "rateLimits") {
      if (!v.IsObject()) throw runtime_error("config file: 'rateLimits' must be an object of group: requests per minute");
      for (const auto& g : v.GetObject()) {
        if (!g.value.IsInt() || g.value.GetInt() < 0)
          throw runtime_error(std::string("config file: rateLimits.") + g.name.GetString() + " must be a whole number >= 0");
        c.rate_limits[g.name.GetString()] = g.value.GetInt();
      }
    } else if (key == "metricsToken") c.metrics_token = text(v, "metricsToken");
    else if (key == "tlsCert") c.tls_cert = text(v, "tlsCert");
    else if (key == "tlsKey") c.tls_key = text(v, "tlsKey");
    else if (key == "maintenanceIntervalSeconds")
      c.maintenance_interval_seconds = static_cast<int>(positive(v, "maintenanceIntervalSeconds"));
    else throw runtime_error("config file " + path + ": unknown setting '" + key + "'");
  }
}

std::string join_list(const std::vector<std::string>& items) {
  if (items.empty()) return "(none)";
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string join_seconds(const std::vector<int>& items) {
  std::vector<std::string> words;
  for (int i : items) words.push_back(std::to_string(i));
  return join_list(words);
}

std::string describe_rate_limits(const std::map<std::string, int>& limits) {
  if (limits.empty()) return "(the reference's table)";
  std::vector<std::string> words;
  for (const auto& [group, per_minute] : limits) words.push_back(group + " " + std::to_string(per_minute));
  return join_list(words) + " (others: the reference's table)";
}

}  // namespace

const char* signup_mode_name(SignupMode mode) {
  switch (mode) {
    case SignupMode::Open: return "open";
    case SignupMode::InviteOnly: return "invite-only";
    case SignupMode::Closed: return "closed";
  }
  return "invite-only";
}

Config resolve_config(const std::map<std::string, std::string>& flags, const EnvLookup& env) {
  // Highest precedence first when picking a value: flag, then environment.
  auto pick = [&](const char* flag, const char* var) -> const std::string* {
    static thread_local std::string env_value;
    if (auto it = flags.find(flag); it != flags.end()) return &it->second;
    if (const char* e = env(var); e && *e) {
      env_value = e;
      return &env_value;
    }
    return nullptr;
  };

  Config c;
  if (auto v = pick("config", "EURIQA_CONFIG")) {
    c.config_file = *v;
    apply_file(c, c.config_file);
  }
  if (auto v = pick("listen", "EURIQA_LISTEN")) parse_listen(c, *v);
  if (auto v = pick("data", "EURIQA_DATA")) c.data_dir = *v;
  if (auto v = pick("base-url", "EURIQA_BASE_URL")) c.base_url = *v;
  if (auto v = pick("signup", "EURIQA_SIGNUP")) c.signup = parse_signup(*v);
  if (auto v = pick("tls-cert", "EURIQA_TLS_CERT")) c.tls_cert = *v;
  if (auto v = pick("tls-key", "EURIQA_TLS_KEY")) c.tls_key = *v;
  if (c.tls_cert.empty() != c.tls_key.empty())
    throw runtime_error("TLS needs both a certificate (--tls-cert) and a private key (--tls-key)");
  check_base_url(c.base_url);
  while (c.base_url.size() > 1 && c.base_url.back() == '/') c.base_url.pop_back();
  if (c.data_dir.empty()) throw runtime_error("data directory must not be empty");
  return c;
}

std::string describe(const Config& c) {
  std::ostringstream o;
  o << "listen = " << c.listen_host << ":" << c.listen_port << "\n"
    << "data = " << c.data_dir << "\n"
    << "baseUrl = " << (c.base_url.empty() ? "(from request Host)" : c.base_url) << "\n"
    << "signup = " << signup_mode_name(c.signup) << "\n"
    << "config = " << (c.config_file.empty() ? "(none)" : c.config_file) << "\n"
    << "maxJsonBodyBytes = " << c.max_json_body_bytes << "\n"
    << "maxBodyBytesInFlight = " << c.max_body_bytes_in_flight << "\n"
    << "maxConnectionsPerAddress = " << c.max_connections_per_address << "\n"
    << "trustedProxies = " << join_list(c.trusted_proxies) << "\n"
    << "sessionDays = " << c.session_days << "\n"
    << "httpThreads = " << c.http_threads << "\n"
    << "loginMaxFailures = " << c.login_max_failures << " per address and email, "
    << c.login_max_failures_per_email << " per email, " << c.login_max_failures_per_address << " per address\n"
    << "loginWindowSeconds = " << c.login_window_seconds << "\n"
    << "signedUrlSeconds = " << c.signed_url_seconds << "\n"
    << "maintenanceIntervalSeconds = " << c.maintenance_interval_seconds << "\n"
    << "webhookTimeoutSeconds = " << c.webhook_timeout_seconds << "\n"
    << "webhookAllowPrivateTargets = " << (c.webhook_allow_private_targets ? "true" : "false") << "\n"
    << "webhookConcurrency = " << c.webhook_concurrency << "\n"
    << "webhookRetrySeconds = " << join_seconds(c.webhook_retry_seconds) << "\n"
    << "rateLimits = " << describe_rate_limits(c.rate_limits) << "\n"
    // A secret is shown only as set or not.
    << "metricsToken = " << (c.metrics_token.empty() ? "(none: /metrics is open)" : "****") << "\n"
    << "mailRetrySeconds = " << join_seconds(c.mail_retry_seconds) << "\n"
    << "tls = " << (c.tls() ? "cert " + c.tls_cert + ", key " + c.tls_key : std::string("off")) << "\n"
    << "smtp = " << (c.smtp ? c.smtp->security + "://" + c.smtp->host + ":" + std::to_string(c.smtp->port) +
                                  (c.smtp->username.empty() ? "" : " as " + c.smtp->username + " (password ****)") +
                                  ", from " + c.smtp->from
                            : std::string("off (links are shown instead of mailed)")) << "\n";
  return o.str();
}

}  // namespace euriqa::config
