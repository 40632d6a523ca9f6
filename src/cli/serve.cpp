// euriqa serve: opens the data directory, applies migrations, serves HTTP until
// SIGINT/SIGTERM, then finishes in-flight requests and exits 0.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "api/access.h"
#include "api/app.h"
#include "api/authenticate.h"
#include "api/routes.h"
#include "api/signature_backfill.h"
#include "api/test_case_backfill.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "config/config.h"
#include "domain/crypto.h"
#include "domain/time.h"
#include "http/log.h"
#include "jobs/curl_library.h"
#include "jobs/mail_worker.h"
#include "jobs/maintenance.h"
#include "jobs/webhook_worker.h"
#include "http/server.h"
#include "http/static_files.h"
#include "store/data_dir.h"
#include "store/db.h"
#include "store/users.h"

namespace euriqa::cli {

namespace {

// glibc gives each thread that allocates concurrently an arena of its own (up to 8 x
// cores) and returns little of it: with many workers, steady ingest grew resident
// memory to 592 MB against 132-163 MB with two arenas (issue 11). MALLOC_ARENA_MAX in
// the environment still decides when set, so the difference stays measurable.
void limit_malloc_arenas() {
  if (std::getenv("MALLOC_ARENA_MAX")) return;
  mallopt(M_ARENA_MAX, 2);
}

}  // namespace

int run_serve(int argc, char** argv) {
  if (wants_help(argc, argv)) {
    std::fputs(command_help(serve_command()).c_str(), stdout);
    return 0;
  }
  config::Config cfg;
  try {
    auto flags = parse_flags(argc, argv, value_flags(serve_command()));
    cfg = config::resolve_config(flags, [](const char* name) { return std::getenv(name); });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa serve: %s\n", e.what());
    return 2;
  }

  limit_malloc_arenas();
  // Tests of link expiry move the server's clock instead of waiting for it.
  if (const char* offset = std::getenv("EURIQA_TEST_CLOCK_OFFSET_SECONDS"))
    domain::set_clock_offset_ms(std::atoll(offset) * 1000);

  // Signals are taken by one thread with sigwait; block them everywhere else
  // (threads created from here on inherit the mask).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  try {
    domain::crypto_init();
    jobs::CurlLibrary curl;  // before any thread starts; outlives the webhook worker
    store::ensure_data_dir(cfg.data_dir);
    std::string secret = store::load_or_create_secret(cfg.data_dir);
    store::Db db(store::database_path(cfg.data_dir));
    db.write([](store::Conn& c) { store::delete_expired_sessions(c, domain::now_ms()); });
    if (auto n = api::backfill_error_signatures(db))
      http::log_line("INFO", "upgrade: " + std::to_string(n) + " earlier failed results joined their failure groups");
    if (auto n = api::backfill_test_case_days(db))
      http::log_line("INFO", "upgrade: the test explorer's totals of " + std::to_string(n) +
                                " projects start again; maintenance rolls them up");

    api::App app(cfg, db, secret);
    http::Router router;
    api::register_routes(router, app);
    http::ServerHooks hooks;
    hooks.authenticate = [&app](http::Request& r) { api::authenticate(app, r); };
    hooks.admit = [&db](http::Request& r, const http::Policy& p) { api::admit(db, r, p); };
    hooks.limit = [&app](http::Request& r, const http::Policy& p) { return api::apply_rate_limit(app, r, p); };
    hooks.fallback = [](http::Request& r) { return http::serve_static(r); };
    http::HttpServer server(cfg, router, hooks);
    int port = server.bind();
    jobs::Maintenance maintenance(db, app.blobs, cfg.maintenance_interval_seconds);
    jobs::WebhookWorker webhooks(db, cfg, secret);
    app.wake_webhooks = [&webhooks] { webhooks.wake(); };
    std::unique_ptr<jobs::MailWorker> mail;
    if (cfg.smtp) {
      mail = std::make_unique<jobs::MailWorker>(db, cfg);
      app.wake_mail = [&mail] { mail->wake(); };
    }

    std::string config_dump = config::describe(cfg);
    http::log_line("INFO", "euriqa " EURIQA_VERSION " starting with configuration:\n" + config_dump);
    std::thread signal_thread([&server, &signals] {
      int sig = 0;
      sigwait(&signals, &sig);
      http::log_line("INFO", std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ", shutting down");
      server.stop();
    });
    std::string host = cfg.listen_host.find(':') != std::string::npos ? "[" + cfg.listen_host + "]" : cfg.listen_host;
    std::cout << "listening on " << (cfg.tls() ? "https" : "http") << "://" << host << ":" << port << std::endl;
    server.run();
    signal_thread.join();
    http::log_line("INFO", "stopped");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "euriqa serve: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace euriqa::cli
