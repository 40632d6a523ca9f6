#include "api/signature_backfill.h"

#include "api/error_text.h"

#include <rapidjson/document.h>

#include "domain/error_signature.h"
#include "store/failure_groups.h"

namespace euriqa::api {

namespace {
constexpr int kPage = 1000;
const char* kTask = "error_signatures";
}  // namespace

int64_t backfill_error_signatures(store::Db& db) {
  if (!db.read([](store::Conn& c) { return store::upgrade_task_pending(c, kTask); })) return 0;
  int64_t after = 0, signed_count = 0;
  for (;;) {
    auto page = db.read([&](store::Conn& c) { return store::unsigned_failures(c, after, kPage); });
    if (page.empty()) break;
    db.write([&](store::Conn& c) {
      for (const auto& r : page) {
        rapidjson::Document d;
        d.Parse(r.error_json.c_str(), r.error_json.size());
        if (!d.IsObject() || !d.HasMember("message") || !d["message"].IsString()) continue;
        std::string_view message(d["message"].GetString(), d["message"].GetStringLength());
        auto signature = domain::error_signature(message);
        if (!signature) continue;
        store::set_result_signature(c, r.rowid, *signature);
        store::FailureRecord f;
        f.result_rowid = r.rowid;
        f.project_id = r.project_id;
        f.run_id = r.run_id;
        f.signature = *signature;
        f.logical_test_id = r.logical_test_id;
        f.created_at = r.created_at;
        f.branch = r.branch;
        f.message = domain::error_first_line(message);
        f.search_text = error_search_text(message);
        store::record_failure(c, f);
        ++signed_count;
      }
    });
    after = page.back().rowid;
  }
  db.write([](store::Conn& c) { store::finish_upgrade_task(c, kTask); });
  return signed_count;
}

}  // namespace euriqa::api
