// Crash safety (contract §5 "all or nothing", §7 uploads; design "Storage habits"):
// `kill -9` of the server at a random moment, then a restart on the same data dir.
//  - During concurrent batch ingest: every acknowledged (201) result is there by id,
//    every batch is all there or not at all, the run counts match the results present,
//    and SQLite's integrity_check and foreign_key_check are clean. Five trials.
//  - During a 100 MB upload: the artifact is never half-visible (absent, or whole byte
//    for byte when the body was complete), earlier uploads download intact, and the
//    temp file the kill left behind is gone after the sweep at start.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "support/files.h"
#include "support/server.h"

using namespace euriqa::test;
using namespace euriqa::test::files;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kClients = 4, kBatchSize = 200, kTrials = 5;
constexpr size_t kMiB = 1024 * 1024;

std::mt19937& rng() {
  static std::mt19937 r{std::random_device{}()};
  return r;
}
int random_between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng()); }

const char* status_for(int i) { return i % 10 == 0 ? "failed" : i % 10 == 1 ? "skipped" : "passed"; }

// Result i of batch b: its batch is readable back from its fullTitle ("batch 7 > test 12").
std::string batch_body(const std::string& run, const std::string& project, int batch) {
  std::string items;
  for (int i = 0; i < kBatchSize; ++i) {
    if (i) items += ",";
    items += obj({{"title", quote("test " + std::to_string(i))},
                  {"fullTitle", quote("batch " + std::to_string(batch) + " > test " + std::to_string(i))},
                  {"filePath", quote("tests/crash.spec.ts")},
                  {"status", quote(status_for(i))},
                  {"duration", std::to_string(10 + i)}});
  }
  return obj({{"runId", quote(run)}, {"projectId", quote(project)}, {"tests", "[" + items + "]"}});
}

int batch_of(const std::string& full_title) {
  if (full_title.rfind("batch ", 0) != 0) return -1;
  return std::atoi(full_title.c_str() + 6);
}

// One client posting batches into its own run until the server goes away.
struct Client {
  std::string run;
  int sent = 0;                                    // batches posted (answered or not)
  std::map<int, std::vector<std::string>> acked;   // batch -> ids returned with 201
  std::vector<std::string> unexpected;             // answers other than 201

  void post_until_failure(int port, const std::string& project, const std::string& key, std::atomic<int>& acks) {
    httplib::Client cli("127.0.0.1", port);
    cli.set_read_timeout(30, 0);
    for (;;) {
      int batch = sent++;
      auto r = cli.Post("/api/tests/batch", {{"X-API-Key", key}}, batch_body(run, project, batch), "application/json");
      if (!r) return;  // killed
      if (r->status != 201) {
        unexpected.push_back(std::to_string(r->status) + " " + r->body.substr(0, 200));
        return;
      }
      rapidjson::Document d;
      d.Parse(r->body.c_str());
      auto& ids = acked[batch];
      for (const auto& t : d["data"].GetArray()) ids.emplace_back(t["id"].GetString());
      ++acks;
    }
  }
};

struct Present {
  std::map<int, std::set<std::string>> by_batch;
  std::map<std::string, int> by_status;
  int64_t total = -1;
};

// Every result of a run, read back page by page through the API.
Present list_run(TestServer& s, const Auth& a, const std::string& project, const std::string& run) {
  Present p;
  for (int64_t offset = 0;; offset += 200) {
    auto r = s.get("/api/tests?projectId=" + project + "&runId=" + run + "&limit=200&offset=" + std::to_string(offset),
                   a);
    REQUIRE_MESSAGE(r.status == 200, r.body.substr(0, 300));
    p.total = r.at("total")->GetInt64();
    for (const auto& t : r.at("data")->GetArray()) {
      p.by_batch[batch_of(t["fullTitle"].GetString())].insert(t["id"].GetString());
      ++p.by_status[t["status"].GetString()];
    }
    if (offset + 200 >= p.total) break;
  }
  return p;
}

int64_t run_count(const Result& run, const char* field) { return run.at(field)->GetInt64(); }

void check_database(const TestServer& s) {
  SQLite::Database db(s.data_dir() + "/euriqa.db", SQLite::OPEN_READONLY, 5000);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  SQLite::Statement fk(db, "PRAGMA foreign_key_check");
  CHECK_MESSAGE(!fk.executeStep(), "foreign_key_check reports rows (table " << fk.getColumn(0).getString() << ")");
}

struct World {
  Session owner;
  Workspace ws;
  std::string key;
  Auth auth() const { return Auth::key(key); }
};

World make_world(TestServer& s) {
  World w;
  w.owner = register_user(s, "crash@example.com");
  w.ws = create_workspace(s, w.owner, "Crash Team", "Crash Project");
  w.key = create_key(s, w.owner, w.ws.project_id, "member");
  return w;
}

std::string new_run(TestServer& s, const World& w) {
  auto r = s.post("/api/runs", obj({{"projectId", quote(w.ws.project_id)}, {"status", quote("running")}}), w.auth());
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.str("id");
}

}  // namespace

TEST_CASE("kill -9 during concurrent batch ingest loses no acknowledged result and leaves no half batch") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  for (int trial = 1; trial <= kTrials; ++trial) {
    CAPTURE(trial);
    std::vector<Client> clients(kClients);
    for (auto& c : clients) c.run = new_run(s, w);
    std::atomic<int> acks{0};
    std::vector<std::thread> threads;
    for (auto& c : clients)
      threads.emplace_back(
          [&s, &w, &acks, &client = c] { client.post_until_failure(s.port(), w.ws.project_id, w.key, acks); });
    // Kill at a random moment once ingest is under way (at least one batch acknowledged).
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (acks == 0 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    int delay_ms = random_between(0, 700);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    REQUIRE(::kill(s.pid(), SIGKILL) == 0);
    for (auto& t : threads) t.join();
    CHECK(s.stop() == 128 + SIGKILL);
    s.start();

    int acked = 0, present = 0, sent = 0;
    for (auto& c : clients) {
      CHECK_MESSAGE(c.unexpected.empty(), "answers other than 201: " << c.unexpected.front());
      auto p = list_run(s, w.auth(), w.ws.project_id, c.run);
      for (const auto& [batch, ids] : c.acked) {
        const auto& got = p.by_batch[batch];
        for (const auto& id : ids)
          CHECK_MESSAGE(got.count(id), "acknowledged result " << id << " of batch " << batch << " is lost");
        // And by id, one per acknowledged batch.
        CHECK(s.get("/api/tests/" + ids.front(), w.auth()).status == 200);
      }
      for (const auto& [batch, ids] : p.by_batch) {
        INFO("batch ", batch, " of run ", c.run, " (", c.sent, " sent) holds ", ids.size(), " of ", kBatchSize);
        CHECK(ids.size() == static_cast<size_t>(kBatchSize));  // all or nothing
        CHECK((batch >= 0 && batch < c.sent));
      }
      auto run = s.get("/api/runs/" + c.run, w.auth());
      REQUIRE(run.status == 200);
      CHECK(run_count(run, "totalTests") == p.total);
      CHECK(run_count(run, "passedTests") == p.by_status["passed"]);
      CHECK(run_count(run, "failedTests") == p.by_status["failed"]);
      CHECK(run_count(run, "skippedTests") == p.by_status["skipped"]);
      acked += static_cast<int>(c.acked.size());
      present += static_cast<int>(p.by_batch.size());
      sent += c.sent;
    }
    check_database(s);
    MESSAGE("trial ", trial, ": killed ", delay_ms, " ms after the first 201; batches sent ", sent, ", acknowledged ",
            acked, ", present after restart ", present, " (", present * kBatchSize, " results)");
  }
}

namespace {

std::string upload_head(const World& w, const std::string& run, size_t file_size, const std::string& name,
                        std::string* fields_out) {
  *fields_out = part_head({"type", "", "", ""}) + "video\r\n" + part_head({"runId", "", "", ""}) + run + "\r\n" +
                part_head({"projectId", "", "", ""}) + w.ws.project_id + "\r\n" +
                part_head({"file", "", name, "video/webm"});
  size_t length = fields_out->size() + file_size + std::string("\r\n--" + kBoundary + "--\r\n").size();
  return "POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + w.key +
         "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary +
         "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}

uintmax_t temp_bytes(const TestServer& s) {
  uintmax_t total = 0;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(blobs_dir(s) / "tmp", ec)) total += f.file_size(ec);
  return total;
}

std::string download(TestServer& s, const World& w, const std::string& id) {
  auto meta = s.get("/api/artifacts/" + id, w.auth());
  REQUIRE_MESSAGE(meta.status == 200, meta.body);
  httplib::Client cli("127.0.0.1", s.port());
  cli.set_read_timeout(60, 0);
  auto r = cli.Get(url_path(meta.str("url")));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return r->body;
}

std::vector<std::string> artifact_ids(TestServer& s, const World& w, const std::string& run) {
  auto r = s.get("/api/artifacts?runId=" + run, w.auth());
  REQUIRE_MESSAGE(r.status == 200, r.body);
  std::vector<std::string> ids;
  for (const auto& a : r.at("data")->GetArray()) ids.emplace_back(a["id"].GetString());
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("kill -9 during a 100 MB upload: the artifact is never half there, earlier files stay whole") {
  TestServer s({"--signup", "open"});
  auto w = make_world(s);
  std::string run = new_run(s, w);
  // Acknowledged earlier uploads, kept to compare byte for byte.
  std::map<std::string, std::string> earlier;
  using File = std::tuple<std::string, std::string, std::string>;  // type, name, content
  for (auto [type, name, content] : {File{"screenshot", "a.png", png_1x1()},
                                     File{"video", "b.webm", pad_to(webm_min(), 5 * kMiB + 17)},
                                     File{"report", "c.zip", pad_to(zip_stored("a.html", "hi"), 3 * kMiB)}}) {
    Upload u;
    u.type = type;
    u.run_id = run;
    u.project_id = w.ws.project_id;
    u.file_name = name;
    u.content = content;
    auto r = upload(s, w.auth(), u);
    REQUIRE_MESSAGE(r.status == 201, r.status << " " << r.body);
    earlier[r.str("id")] = content;
  }
  std::vector<std::string> earlier_ids;
  for (const auto& [id, _] : earlier) earlier_ids.push_back(id);

  const std::string video = pad_to(webm_min(), 100'000'000);
  const std::string tail = "\r\n--" + kBoundary + "--\r\n";
  // Trial 1 cuts the body at a random point; trial 2 sends all of it and kills before
  // reading the answer (the upload may then have committed: whole, or absent).
  for (int trial = 1; trial <= 2; ++trial) {
    CAPTURE(trial);
    size_t cut = trial == 1 ? static_cast<size_t>(random_between(10, 90)) * 1'000'000 : video.size();
    std::string fields;
    std::string head = upload_head(w, run, video.size(), "big.webm", &fields);
    int fd = connect_loopback(s.port());
    REQUIRE(fd >= 0);
    REQUIRE(send_all(fd, head + fields));
    for (size_t at = 0; at < cut; at += kMiB)
      REQUIRE(send_all(fd, std::string_view(video).substr(at, std::min(kMiB, cut - at))));
    int wait_ms = 0;
    if (trial == 2) {
      REQUIRE(send_all(fd, tail));
      wait_ms = random_between(0, 400);  // before, during or after the commit
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    } else {
      REQUIRE(eventually([&] { return temp_bytes(s) > 0; }, 10));
    }
    uintmax_t tmp_before_kill = temp_bytes(s);
    REQUIRE(::kill(s.pid(), SIGKILL) == 0);
    CHECK(s.stop() == 128 + SIGKILL);
    ::close(fd);
    auto left = temp_files(s);
    if (trial == 1) CHECK_MESSAGE(!left.empty(), "the kill mid-upload left no temp file to sweep");
    MESSAGE("trial ", trial, ": killed when ", cut, " of ", video.size(), " file bytes were sent (+", wait_ms, " ms); ",
            left.size(), " temp file(s) left, ", tmp_before_kill, " bytes in tmp/ just before the kill");

    s.start();  // maintenance at start sweeps temp files of any age
    auto ids = artifact_ids(s, w, run);
    std::vector<std::string> extra;
    std::set_difference(ids.begin(), ids.end(), earlier_ids.begin(), earlier_ids.end(), std::back_inserter(extra));
    for (const auto& id : earlier_ids) CHECK_MESSAGE(std::binary_search(ids.begin(), ids.end(), id), "lost " << id);
    if (trial == 1) CHECK_MESSAGE(extra.empty(), "a cut-off upload is visible: " << extra.front());
    CHECK(extra.size() <= 1);
    std::string outcome = extra.empty() ? "absent" : "committed (checked whole below)";
    if (trial == 2) MESSAGE("trial 2: after the restart the upload is ", outcome);
    for (const auto& id : extra) {  // trial 2 committed before the kill: it must be whole
      bool whole = download(s, w, id) == video;  // a bool: doctest would print 100 MB on failure
      CHECK_MESSAGE(whole, "the committed upload " << id << " differs from what was sent");
      earlier[id] = video;
      earlier_ids.push_back(id);
      std::sort(earlier_ids.begin(), earlier_ids.end());
    }
    for (const auto& [id, content] : earlier) {
      bool same = download(s, w, id) == content;
      CHECK_MESSAGE(same, "earlier upload " << id << " changed");
    }
    CHECK_MESSAGE(eventually([&] { return temp_files(s).empty(); }, 15), "temp files survive the sweep at start");
    CHECK(stored_files(s).size() == earlier.size());
  }
  check_database(s);
}
