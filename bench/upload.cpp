// bench_upload: artifact upload figures (contract §7: uploads stream to disk, memory
// does not grow with file size), printed in one run.
//   A  one 200 MiB report (ZIP signature + filler) over loopback
//   B  8 concurrent 20 MiB videos (WebM header + filler)
//   C  the server's RSS before/after and its peak (VmRSS/VmHWM; target: growth < 32 MB)
//   D  dd writing the same 200 MiB with conv=fsync into the same data directory
//      (target: A >= half of D)
// The client streams each body from a content provider, so it stays small as well.
// Usage: bench_upload [--data DIR]   (DIR keeps the data)
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <httplib.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/common.h"
#include "support/server.h"

using namespace euriqa;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

constexpr size_t kMiB = 1024 * 1024;
const std::string kBoundary = "----euriqa-bench-upload-boundary";

double mb(double bytes) { return bytes / 1e6; }

struct Setup {
  std::string key, project_id, run_id;
};

Setup set_up(test::TestServer& s) {
  auto account = bench::sign_up(s);
  httplib::Client cli("127.0.0.1", s.port());
  httplib::Headers kh{{"X-API-Key", account.key}};
  auto run = bench::json_field(cli.Post("/api/runs", kh, R"({"status":"running"})", "application/json")->body, "id");
  if (run.empty()) throw std::runtime_error("setup failed");
  return {account.key, account.project_id, run};
}

// A multipart body streamed piece by piece: the fields and the file part's header,
// `file_size` bytes of file (its magic bytes, then a repeating pattern), the closing
// boundary. Nothing larger than one 64 KiB chunk is held.
struct StreamedBody {
  std::string head, magic, tail;
  size_t file_size;
  size_t total() const { return head.size() + file_size + tail.size(); }

  static const std::string& filler() {
    static const std::string f = [] {
      std::string s(64 * 1024, '\0');
      for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>((i * 131 + 7) & 0xFF);
      return s;
    }();
    return f;
  }

  bool write(size_t offset, size_t length, httplib::DataSink& sink) const {
    size_t n;
    if (offset < head.size()) {
      n = std::min(length, head.size() - offset);
      return sink.write(head.data() + offset, n);
    }
    offset -= head.size();
    if (offset < file_size) {
      if (offset < magic.size()) return sink.write(magic.data() + offset, std::min(length, magic.size() - offset));
      n = std::min({length, file_size - offset, filler().size()});
      return sink.write(filler().data(), n);
    }
    offset -= file_size;
    n = std::min(length, tail.size() - offset);
    return sink.write(tail.data() + offset, n);
  }
};

StreamedBody make_body(const Setup& st, const std::string& type, const std::string& name, const std::string& magic,
                       size_t size) {
  auto field = [](const std::string& k, const std::string& v) {
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  };
  StreamedBody b;
  b.head = field("type", type) + field("runId", st.run_id) + field("projectId", st.project_id) + "--" + kBoundary +
           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name +
           "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
  b.magic = magic;
  b.file_size = size;
  b.tail = "\r\n--" + kBoundary + "--\r\n";
  return b;
}

struct UploadResult {
  bool ok = false;
  double seconds = 0;
  std::string detail;
};

UploadResult upload(int port, const Setup& st, const StreamedBody& body) {
  httplib::Client cli("127.0.0.1", port);
  cli.set_read_timeout(300, 0);
  cli.set_write_timeout(300, 0);
  auto t0 = Clock::now();
  auto r = cli.Post(
      "/api/upload", {{"X-API-Key", st.key}}, body.total(),
      [&body](size_t offset, size_t length, httplib::DataSink& sink) { return body.write(offset, length, sink); },
      ("multipart/form-data; boundary=" + kBoundary).c_str());
  UploadResult out;
  out.seconds = bench::seconds_since(t0);
  if (!r) {
    out.detail = "connection error " + httplib::to_string(r.error());
  } else if (r->status != 201) {
    out.detail = std::to_string(r->status) + " " + r->body.substr(0, 200);
  } else {
    rapidjson::Document d;
    d.Parse(r->body.c_str());
    bool size_ok = !d.HasParseError() && d.IsObject() && d.HasMember("fileSize") && d["fileSize"].IsInt64() &&
                   static_cast<size_t>(d["fileSize"].GetInt64()) == body.file_size;
    out.ok = size_ok;
    if (!size_ok) out.detail = "unexpected response " + r->body.substr(0, 200);
  }
  return out;
}

struct Memory {
  long rss_kib = -1, hwm_kib = -1;
};

Memory memory_of(pid_t pid) {
  Memory m;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) m.rss_kib = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_kib = std::stol(line.substr(6));
  }
  return m;
}

// dd of the same size with fsync into `dir`; returns seconds (wall clock around dd)
// and dd's own summary line.
std::pair<double, std::string> run_dd(const std::string& dir, size_t mib) {
  std::string target = dir + "/dd-bench.bin";
  std::string cmd = "dd if=/dev/zero of='" + target + "' bs=1M count=" + std::to_string(mib) + " conv=fsync 2>&1";
  auto t0 = Clock::now();
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {0, "popen failed"};
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  int rc = ::pclose(p);
  double secs = bench::seconds_since(t0);
  std::error_code ec;
  fs::remove(target, ec);
  std::string last;
  for (size_t at = 0; at < out.size();) {
    auto nl = out.find('\n', at);
    std::string l = out.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (!l.empty()) last = l;
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  if (rc != 0) last = "dd failed: " + out;
  return {secs, last};
}

}  // namespace

int main(int argc, char** argv) {
  std::string keep_dir;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--data") keep_dir = argv[i + 1];

  test::TestServer server({"--signup", "open"}, keep_dir);
  Setup st = set_up(server);
  std::printf("euriqa upload benchmark (%u cores), data in %s\n", std::thread::hardware_concurrency(),
              server.data_dir().c_str());
  const std::string zip_magic("PK\x03\x04", 4);
  const std::string webm_magic("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81\x01\x42\xF2\x81\x04", 17);

  // Warm-up: one small upload so the figures below do not include first-use costs.
  upload(server.port(), st, make_body(st, "screenshot", "warm.gif", "GIF89a", 1024));
  // Sign-up hashed a password with Argon2id (64 MiB): reset the peak to the current
  // RSS so VmHWM below covers the uploads only.
  Memory startup = memory_of(server.pid());
  bool hwm_reset = static_cast<bool>(std::ofstream("/proc/" + std::to_string(server.pid()) + "/clear_refs") << "5");
  Memory before = memory_of(server.pid());
  std::printf("   server RSS %.1f MiB, peak %.1f MiB after setup; peak %s\n", startup.rss_kib / 1024.0,
              startup.hwm_kib / 1024.0, hwm_reset && before.hwm_kib < startup.hwm_kib ? "reset" : "NOT reset");
  int failures = 0;

  // A: one 200 MiB report.
  const size_t report_size = 200 * kMiB;
  auto report = make_body(st, "report", "report.zip", zip_magic, report_size);
  auto a = upload(server.port(), st, report);
  if (!a.ok) {
    ++failures;
    std::printf("A  FAILED: %s\n", a.detail.c_str());
  }
  double a_rate = mb(static_cast<double>(report_size)) / a.seconds;
  std::printf("A  one 200 MiB report:              %7.1f MB/s  (%.2f s)\n", a_rate, a.seconds);
  Memory after_a = memory_of(server.pid());

  // B: 8 concurrent 20 MiB videos.
  const int clients = 8;
  const size_t video_size = 20 * kMiB;
  std::vector<UploadResult> results(clients);
  std::vector<StreamedBody> bodies;
  for (int i = 0; i < clients; ++i)
    bodies.push_back(make_body(st, "video", "clip-" + std::to_string(i) + ".webm", webm_magic, video_size));
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] { results[i] = upload(server.port(), st, bodies[i]); });
  for (auto& t : threads) t.join();
  double b_secs = bench::seconds_since(t0);
  double slowest = 0, fastest = 1e9;
  for (const auto& r : results) {
    if (!r.ok) {
      ++failures;
      std::printf("B  FAILED: %s\n", r.detail.c_str());
    }
    slowest = std::max(slowest, r.seconds);
    fastest = std::min(fastest, r.seconds);
  }
  double b_rate = mb(static_cast<double>(video_size) * clients) / b_secs;
  std::printf("B  8 concurrent 20 MiB videos:      %7.1f MB/s aggregate  (%.2f s; each %.1f-%.1f MB/s)\n", b_rate,
              b_secs, mb(static_cast<double>(video_size)) / slowest, mb(static_cast<double>(video_size)) / fastest);

  // C: server memory.
  Memory after = memory_of(server.pid());
  double growth_mb = (after.rss_kib - before.rss_kib) / 1024.0;
  double peak_growth_mb = (after.hwm_kib - before.rss_kib) / 1024.0;  // VmHWM was reset to VmRSS
  std::printf("C  server RSS %.1f MiB before, %.1f MiB after A, %.1f MiB after B; peak (VmHWM) %.1f MiB\n",
              before.rss_kib / 1024.0, after_a.rss_kib / 1024.0, after.rss_kib / 1024.0, after.hwm_kib / 1024.0);
  std::printf("   growth %.1f MiB, peak growth %.1f MiB  (target < 32 MB: %s)\n", growth_mb, peak_growth_mb,
              peak_growth_mb < 32 ? "met" : "NOT met");

  // D: dd with fsync in the same data directory.
  auto [dd_secs, dd_line] = run_dd(server.data_dir(), 200);
  double dd_rate = mb(static_cast<double>(report_size)) / dd_secs;
  std::printf("D  dd bs=1M count=200 conv=fsync:   %7.1f MB/s  (%.2f s)   dd: %s\n", dd_rate, dd_secs,
              dd_line.c_str());
  std::printf("   upload A / dd = %.2f  (target >= 0.50: %s)\n", a_rate / dd_rate, a_rate >= dd_rate / 2 ? "met" : "NOT met");

  // The files landed, complete.
  size_t stored = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(server.data_dir() + "/blobs", ec);
       it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().parent_path().filename() != "tmp") stored += it->file_size();
  std::printf("   stored %.1f MiB in DATA/blobs (expected %.1f MiB)\n", stored / double(kMiB),
              (report_size + video_size * clients + 1024) / double(kMiB));
  return failures == 0 ? 0 : 1;
}
